"""Outcome figures stated in the reports' prose (patents, funds leveraged, trainees …).

Every figure in `outcomes` comes from one sentence of one report. Three things keep the
totals honest:

- Money: `outcomes.value` is as stated (万元, sometimes 亿元 or 元); `value_std` converts
  money to 万元 (亿元 × 10000, 元 ÷ 10000) before anything is added up.
- Double counting: several reports of the same unit and year often repeat the same
  unit-wide or region-wide figure (each project's narrative restates it). Per unit, year and
  metric we therefore keep the **largest** stated value (`DEDUP_RULE`), and only then add
  across units. Figures the sentence marks as cumulative (`scope = 'cumulative'`) are
  left out of yearly totals, since they span several years.
- Kinds: `flow` metrics (applications, trainees …) add over units and years; `level`
  metrics (invention patents held) add over units within a year but not over years (the
  latest year stands for a unit); `stated` metrics (per-10k ratios, growth percentages)
  are never added and are shown only as stated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import duckdb
import pandas as pd

from dashboard import theme
from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page
from etl.outcomes.vocabulary import GROWTH_SUFFIX, RULES
from etl.outcomes.vocabulary import METRICS as OUTCOME_METRICS


@dataclass(frozen=True)
class Metric:
    """How one outcome metric reads and adds up."""

    label: str  # Chinese name on screen
    unit: str  # unit of `value_std` (money is converted to 万元)
    kind: str  # "flow", "level" or "stated" (see the module docstring)


# One definition of the metrics: the reader's vocabulary (labels, units, how they add up).
METRICS: dict[str, Metric] = {
    key: Metric(metric.label, metric.std_unit, metric.kind)
    for key, metric in OUTCOME_METRICS.items()
}
# KPI cards for the latest year, in this order (those without a figure that year show "—").
KPI_METRICS = (
    "patent_applications",
    "patent_grants",
    "invention_patents_held",
    "funds_leveraged",
    "people_trained",
    "enterprises_supported",
)
# Stated money units → 万元.
MONEY_FACTORS = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}
DEDUP_RULE = (
    "同一单位同一年度有多份报告陈述同一指标时（常为各项目重复引用的全单位或全地区数字），"
    "只取其中最大值，再跨单位相加；注明“累计”的数字不计入年度合计；"
    "亿元已按 ×10000 折算为万元。不同层级单位（省、市、县）的数字口径可能相互包含，合计仅供参考。"
)

FIGURE_COLUMNS = (
    "report_id",
    "year",
    "unit_name",
    "project_name",
    "metric",
    "metric_label",
    "kind",
    "value",
    "unit",
    "value_std",
    "std_unit",
    "qualifier",
    "entity",
    "scope",
    "sentence",
    "source_position",
    "rule_label",
    "conflict",
)
# The figures behind a headline: per metric and unit, the one its total took (the largest).
HEADLINE_SOURCE_COLUMNS = ("metric", "metric_label", "unit_name", "value", "unit", "sentence",
                           "rule_label", "source_position", "report_id")  # fmt: skip
UNIT_YEAR_COLUMNS = ("metric", "metric_label", "std_unit", "unit_name", "year", "value",
                     "report_count")  # fmt: skip
YEARLY_COLUMNS = ("metric", "metric_label", "std_unit", "year", "value", "unit_count",
                  "report_count")  # fmt: skip
BY_UNIT_COLUMNS = ("metric", "metric_label", "std_unit", "unit_name", "value", "latest_year",
                   "year_count")  # fmt: skip

# Stated money unit → factor to 万元 (from `MONEY_FACTORS`); other units have no row.
_MONEY_CTE = """
money_factors as (
    select unnest($money_units::varchar[]) as unit, unnest($money_factors::double[]) as factor
)"""

# Every outcome figure under the filters; with $stated_only, only those shown as stated
# (not added up: rates, growth, unknown metrics), whose metric is not in $additive.
FIGURES = DetailQuery(
    sql=with_filters(
        ctes=_MONEY_CTE,
        body="""
select
    o.report_id, r.year, r.unit_name, r.project_name, o.metric, o.value, o.unit,
    o.value * coalesce(m.factor, 1) as value_std,
    case when m.factor is not null then '万元' else o.unit end as std_unit,
    o.qualifier, o.entity, o.scope, o.sentence, o.source_position, o.outcome_index,
    o.rule, coalesce(o.conflict, false) as conflict
from outcomes as o
join filtered_reports as r using (report_id)
left join money_factors as m on m.unit = o.unit
where not $stated_only or not list_contains($additive::varchar[], o.metric)
""",
    ),
    order="year desc nulls last, unit_name, metric, report_id, outcome_index",
    sortable=("year", "unit_name", "project_name", "value", "unit", "sentence", "qualifier",
              "entity", "source_position"),
    searchable=("unit_name", "project_name", "metric", "unit", "sentence", "qualifier",
                "entity"),
)  # fmt: skip
_FIGURES_SQL = f"select * from ({FIGURES.sql}) as detail order by {FIGURES.order}"
_FIGURE_COUNTS_SQL = (
    "select count(*), count(*) filter (where not list_contains($additive::varchar[], metric))"
    f" from ({FIGURES.sql}) as detail"
)

_UNIT_YEAR_SQL = with_filters(
    ctes=_MONEY_CTE,
    body="""
select
    o.metric, r.unit_name, r.year,
    max(o.value * coalesce(m.factor, 1)) as value,
    count(distinct o.report_id) as report_count
from outcomes as o
join filtered_reports as r using (report_id)
left join money_factors as m on m.unit = o.unit
where list_contains($additive::varchar[], o.metric)
  and r.year is not null and r.unit_name is not null
  and coalesce(o.scope, '') <> 'cumulative'
group by o.metric, r.unit_name, r.year
order by o.metric, r.year, r.unit_name
""",
)


_HEADLINE_SOURCES_SQL = with_filters(
    ctes=_MONEY_CTE,
    body="""
select
    o.metric, r.unit_name,
    arg_max(o.value, o.value * coalesce(m.factor, 1)) as value,
    arg_max(o.unit, o.value * coalesce(m.factor, 1)) as unit,
    arg_max(o.sentence, o.value * coalesce(m.factor, 1)) as sentence,
    arg_max(o.rule, o.value * coalesce(m.factor, 1)) as rule,
    arg_max(o.source_position, o.value * coalesce(m.factor, 1)) as source_position,
    arg_max(o.report_id, o.value * coalesce(m.factor, 1)) as report_id,
    max(o.value * coalesce(m.factor, 1)) as value_std
from outcomes as o
join filtered_reports as r using (report_id)
left join money_factors as m on m.unit = o.unit
where r.year = $year and list_contains($metrics::varchar[], o.metric)
  and r.unit_name is not null and coalesce(o.scope, '') <> 'cumulative'
group by o.metric, r.unit_name
order by o.metric, value_std desc, r.unit_name
""",
)


def headline_sources(
    con: duckdb.DuckDBPyConnection, filters: Filters, year: int, metrics: list[str]
) -> pd.DataFrame:
    """The figures a year's headline totals are made of: per metric and unit, the figure
    `DEDUP_RULE` keeps, with its sentence and the rule that read it.

    Returns:
        A DataFrame with the columns in `HEADLINE_SOURCE_COLUMNS`, by metric (in `METRICS`
        order), largest first.
    """
    params = {**_money_params(), "year": year, "metrics": metrics}
    rows = frame(con, _HEADLINE_SOURCES_SQL, filters, params)
    rows["rule_label"] = rows["rule"].map(rule_label)
    return _labelled(rows, HEADLINE_SOURCE_COLUMNS).sort_values(
        "metric", key=_metric_order, kind="stable"
    )


def rule_label(rule: str | None) -> str:
    """How a rule key reads on screen (why the figure was taken)."""
    return RULES.get(rule or "", theme.MISSING)


def metric_info(metric: str) -> Metric:
    """Label, unit and kind of a metric key; unknown keys are shown as stated, never added.

    `*_growth` keys read as the base metric's label + 增幅, in percent.
    """
    if metric in METRICS:
        return METRICS[metric]
    if metric.endswith(GROWTH_SUFFIX):
        base = METRICS.get(metric.removesuffix(GROWTH_SUFFIX))
        return Metric(f"{base.label if base else metric}增幅", "%", "stated")
    return Metric(metric, "", "stated")


def outcome_figures(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every outcome figure of the reports under `filters`, newest year first.

    `value`/`unit` are as stated; `value_std`/`std_unit` have money in 万元.

    Returns:
        A DataFrame with the columns in `FIGURE_COLUMNS` (`metric_label`, `kind` from
        `metric_info`).
    """
    return _figure_rows(frame(con, _FIGURES_SQL, filters, _figure_params(False)))


def figure_page(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    request: PageRequest,
    stated_only: bool = False,
) -> Paged:
    """A page of `outcome_figures`; with `stated_only`, of the figures not added up."""
    page = fetch_page(con, FIGURES, filters, request, _figure_params(stated_only))
    return replace(page, rows=_figure_rows(page.rows))


def figure_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int]:
    """How many figures the reports under `filters` state, and how many are stated-only."""
    ((count, stated),) = rows(con, _FIGURE_COUNTS_SQL, filters, _figure_params(False))
    return int(count), int(stated)


def _figure_params(stated_only: bool) -> dict[str, Any]:
    additive = [key for key, metric in METRICS.items() if metric.kind != "stated"]
    return {**_money_params(), "additive": additive, "stated_only": stated_only}


def _figure_rows(figures: pd.DataFrame) -> pd.DataFrame:
    figures["rule_label"] = figures["rule"].map(rule_label)
    return _labelled(figures, FIGURE_COLUMNS, with_kind=True)


def unit_year_outcomes(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Additive metrics (flow and level) per unit and year, de-duplicated by `DEDUP_RULE`.

    Returns:
        A DataFrame with the columns in `UNIT_YEAR_COLUMNS`: `value` is the largest value
        (in `std_unit`) the unit's reports state for that year, `report_count` how many of
        its reports state the metric that year.
    """
    additive = [key for key, metric in METRICS.items() if metric.kind != "stated"]
    rows = frame(con, _UNIT_YEAR_SQL, filters, {**_money_params(), "additive": additive})
    rows["year"] = rows["year"].astype("int64")
    rows["report_count"] = rows["report_count"].astype("int64")
    return _labelled(rows, UNIT_YEAR_COLUMNS)


def yearly_totals(unit_years: pd.DataFrame) -> pd.DataFrame:
    """Per metric and year, the sum over units of a `unit_year_outcomes` result.

    Returns:
        A DataFrame with the columns in `YEARLY_COLUMNS`, by metric (in `METRICS` order)
        then year.
    """
    if unit_years.empty:
        return pd.DataFrame(columns=list(YEARLY_COLUMNS))
    totals = (
        unit_years.groupby(["metric", "metric_label", "std_unit", "year"], as_index=False)
        .agg(
            value=("value", "sum"),
            unit_count=("unit_name", "nunique"),
            report_count=("report_count", "sum"),
        )
        .sort_values(["metric", "year"], key=_metric_order)
    )
    return totals[list(YEARLY_COLUMNS)].reset_index(drop=True)


def unit_totals(unit_years: pd.DataFrame) -> pd.DataFrame:
    """Per metric and unit over the years in scope: flows summed, levels at the latest year.

    Returns:
        A DataFrame with the columns in `BY_UNIT_COLUMNS`, largest value first per metric.
    """
    if unit_years.empty:
        return pd.DataFrame(columns=list(BY_UNIT_COLUMNS))
    keys = ["metric", "metric_label", "std_unit", "unit_name"]
    ordered = unit_years.sort_values("year")
    grouped = ordered.groupby(keys, as_index=False).agg(
        total=("value", "sum"),
        last=("value", "last"),
        latest_year=("year", "max"),
        year_count=("year", "nunique"),
    )
    is_level = grouped["metric"].map(lambda key: metric_info(key).kind == "level")
    grouped["value"] = grouped["last"].where(is_level, grouped["total"])
    grouped = grouped.sort_values("value", ascending=False, kind="stable")
    grouped = grouped.sort_values("metric", key=_metric_order, kind="stable")
    return grouped[list(BY_UNIT_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class LatestFigure:
    """One KPI card's figure: a metric's total in the latest year and the year before."""

    metric: str
    label: str
    unit: str
    year: int
    value: float | None  # None when no report states it that year
    previous: float | None  # the year before, None when not stated


def latest_year_figures(yearly: pd.DataFrame) -> list[LatestFigure]:
    """The `KPI_METRICS` in the latest year of a `yearly_totals` result (empty if none)."""
    if yearly.empty:
        return []
    year = int(yearly["year"].max())
    by_key = yearly.set_index(["metric", "year"])["value"]

    def value(metric: str, at: int) -> float | None:
        return float(by_key[(metric, at)]) if (metric, at) in by_key.index else None

    return [
        LatestFigure(
            key,
            metric_info(key).label,
            metric_info(key).unit,
            year,
            value(key, year),
            value(key, year - 1),
        )
        for key in KPI_METRICS
    ]


def _money_params() -> dict[str, list]:
    return {"money_units": list(MONEY_FACTORS), "money_factors": list(MONEY_FACTORS.values())}


def _labelled(
    result: pd.DataFrame, columns: tuple[str, ...], with_kind: bool = False
) -> pd.DataFrame:
    """Add `metric_label` (and `kind`), and `std_unit` where the SQL has none; keep `columns`."""
    infos = result["metric"].map(metric_info)
    result["metric_label"] = infos.map(lambda info: info.label)
    if with_kind:
        result["kind"] = infos.map(lambda info: info.kind)
    if "std_unit" not in result.columns:
        result["std_unit"] = infos.map(lambda info: info.unit)
    return result[list(columns)].reset_index(drop=True)


def _metric_order(column: pd.Series) -> pd.Series:
    """Sort key: metrics in `METRICS` order (unknown ones last); other columns as they are."""
    if column.name != "metric":
        return column
    order = {key: position for position, key in enumerate(METRICS)}
    return column.map(lambda key: order.get(key, len(order)))
