"""Year-over-year figures per unit and per recurring project.

`yearly_by` is the one SQL query: a row per unit (or project) and year with the sums the
page needs. Everything else (the year pair, the comparison, the biggest movers, the
multi-year table, the yearly totals) is plain pandas over that frame; `comparison_by` and
`multi_year_by` bundle query and pandas so that the page can cache the result.

Definitions:

* budget / executed: sums in 万元 over the group's reports;
* execution rate: Σexecuted ÷ Σbudget × 100 over the reports that state both figures
  (as `reports.report_totals`), never a mean of rates;
* completion rate: met ÷ (met + partly_met + not_met) × 100 over the group's indicators
  (unjudgeable ones excluded; the sidebar's indicator-category filter applies);
* self score: mean of the stated 总分 (`self_score_total`) over reports that state one;
* changes: this year minus the comparison year; rates change in percentage points.
"""

from __future__ import annotations

from typing import Literal

import duckdb
import pandas as pd

from dashboard import catalogue, theme
from dashboard.filters import Filters
from dashboard.queries.base import frame, with_filters

Grouping = Literal["unit", "project"]
METRICS = ("budget", "execution_rate", "completion_rate", "average_self_score")
# Metrics whose change is judged 改善 / 持平 / 下降: a change beyond ±TREND_POINTS points
# improves or worsens; within it, the unit or project maintains its level.
TREND_METRICS = ("execution_rate", "completion_rate", "average_self_score")
TREND_POINTS = 2.0
# The `yearly_by` columns that add up across groups; rates are recomputed from them.
_ADDITIVE = ("report_count", "budget", "executed", "budget_both", "executed_both", "met",
             "judged", "score_sum", "score_count")  # fmt: skip
UNKNOWN_UNIT = "未知单位"

_REPORT_CTES = """
report_indicators as (
    select
        report_id,
        count(*) filter (where is_met) as met,
        count(*) filter (where is_judged) as judged
    from filtered_indicators
    group by report_id
),
scoped as (
    select
        r.*,
        {key} as group_key,
        {name} as group_name,
        coalesce(r.unit_name, '{unknown}') as unit_label,
        coalesce(i.met, 0) as met,
        coalesce(i.judged, 0) as judged,
        {states_both} as both_stated
    from filtered_reports as r
    left join report_indicators as i using (report_id)
    {join}
    where r.year is not null
)"""

_YEARLY_BODY = f"""
select
    group_key as key,
    any_value(group_name) as name,
    any_value(unit_label) as unit_name,
    year,
    count(*) as report_count,
    sum(budget) as budget,
    sum(executed) as executed,
    sum(budget) filter (where both_stated) as budget_both,
    sum(executed) filter (where both_stated) as executed_both,
    {catalogue.EXECUTION_RATE_SQL} as execution_rate,
    sum(met) as met,
    sum(judged) as judged,
    {catalogue.percent_sql("sum(met)", "sum(judged)")} as completion_rate,
    sum(self_score_total) as score_sum,
    count(self_score_total) as score_count,
    avg(self_score_total) as average_self_score
from scoped
where group_key is not null
group by group_key, year
order by name, key, year
"""

_UNIT_KEY = f"coalesce(r.unit_name, '{UNKNOWN_UNIT}')"
_GROUPINGS = {
    "unit": {"key": _UNIT_KEY, "name": _UNIT_KEY, "join": ""},
    "project": {
        "key": "r.project_id",
        "name": "coalesce(p.name, r.project_name)",
        "join": "left join projects as p on p.project_id = r.project_id",
    },
}

_YEARLY_SQL = {
    grouping: with_filters(
        ctes=_REPORT_CTES.format(
            unknown=UNKNOWN_UNIT, states_both=catalogue.STATES_BOTH_SQL, **spec
        ),
        body=_YEARLY_BODY,
    )
    for grouping, spec in _GROUPINGS.items()
}


def yearly_by(
    con: duckdb.DuckDBPyConnection, filters: Filters, by: Grouping = "unit"
) -> pd.DataFrame:
    """One row per unit (or project) and year under `filters`.

    Projects are `reports.project_id` (the same project across years); reports without a
    year, and for projects reports without a project, are left out.

    Returns:
        Columns ``key``, ``name``, ``unit_name``, ``year``, ``report_count``, ``budget``,
        ``executed``, ``budget_both``/``executed_both`` (sums over reports stating both),
        ``execution_rate``, ``met``, ``judged``, ``completion_rate``, ``score_sum``,
        ``score_count``, ``average_self_score``; ordered by name and year.

    Raises:
        ValueError: `by` is not unit or project.
    """
    if by not in _YEARLY_SQL:
        raise ValueError(f"unknown grouping {by!r}")
    return frame(con, _YEARLY_SQL[by], filters)


def comparison_by(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: Grouping,
    year: int,
    base_year: int | None,
) -> pd.DataFrame:
    """`compare_years` of `yearly_by(con, filters, by)`, in one call that can be cached."""
    return compare_years(yearly_by(con, filters, by), year, base_year)


def multi_year_by(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: Grouping,
    years: tuple[int, ...],
    min_years: int = 1,
) -> pd.DataFrame:
    """`multi_year_table` of `yearly_by(con, filters, by)`, in one call that can be cached."""
    return multi_year_table(yearly_by(con, filters, by), list(years), min_years)


def years_in_scope(yearly: pd.DataFrame, filters: Filters) -> list[int]:
    """The years of `yearly` inside the filters' year range, ascending."""
    years = yearly["year"].dropna().astype(int)
    if filters.year_from is not None:
        years = years[years >= filters.year_from]
    if filters.year_to is not None:
        years = years[years <= filters.year_to]
    return sorted(set(years))


def default_pair(scope_years: list[int], all_years: list[int]) -> tuple[int, int | None]:
    """(this year, comparison year): the latest year in scope and the latest year before it.

    The comparison year may lie outside the sidebar's year range (a "2024" view still
    compares with 2023); it is None when no earlier year has data.

    Raises:
        ValueError: `scope_years` is empty.
    """
    if not scope_years:
        raise ValueError("no year in scope")
    year = max(scope_years)
    earlier = [y for y in all_years if y < year]
    return year, (max(earlier) if earlier else None)


def totals_by_year(yearly: pd.DataFrame) -> pd.DataFrame:
    """The whole scope per year (from a `yearly_by` frame of any grouping).

    Returns:
        One row per year: ``year``, ``report_count``, ``budget``, ``executed``,
        ``execution_rate``, ``completion_rate``, ``average_self_score`` (same definitions as the
        groups: ratios of sums, not means of group rates).
    """
    sums = yearly.groupby("year", as_index=False)[list(_ADDITIVE)].sum(min_count=1)
    return _with_ratios(sums)[["year", "report_count", "budget", "executed", *METRICS[1:]]]


def _with_ratios(sums: pd.DataFrame) -> pd.DataFrame:
    """Rates and mean score recomputed from summed numerators and denominators."""
    return sums.assign(
        execution_rate=catalogue.percent(sums["executed_both"], sums["budget_both"]),
        completion_rate=catalogue.percent(sums["met"], sums["judged"]),
        average_self_score=catalogue.ratio(sums["score_sum"], sums["score_count"]),
    )


def compare_years(yearly: pd.DataFrame, year: int, base_year: int | None) -> pd.DataFrame:
    """This year against the comparison year, one row per unit or project present in either.

    Returns:
        ``key``, ``name``, ``unit_name``, then for each metric in `METRICS` the columns
        ``<metric>`` (this year), ``<metric>_base`` (comparison year) and
        ``<metric>_change`` (difference; null unless both are known), plus
        ``budget_change_pct`` (percent of the comparison budget), ``<metric>_trend`` for
        each of `TREND_METRICS` (see `trend`) and ``status``
        ("延续" in both years, "新增" this year only, "未报" comparison year only).
        Ordered by this year's budget, largest first.
    """
    columns = ["key", "name", "unit_name", *METRICS]
    current = yearly.loc[yearly["year"] == year, columns]
    base = yearly.loc[yearly["year"] == base_year, columns]
    merged = current.merge(base, on="key", how="outer", suffixes=("", "_base"))
    for label in ("name", "unit_name"):
        merged[label] = merged[label].fillna(merged[f"{label}_base"])
    for metric in METRICS:
        merged[metric] = merged[metric].astype("float64")
        merged[f"{metric}_base"] = merged[f"{metric}_base"].astype("float64")
        merged[f"{metric}_change"] = merged[metric] - merged[f"{metric}_base"]
    merged["budget_change_pct"] = catalogue.percent(merged["budget_change"], merged["budget_base"])
    for metric in TREND_METRICS:
        merged[f"{metric}_trend"] = merged[f"{metric}_change"].map(trend)
    in_current = merged["key"].isin(current["key"])
    in_base = merged["key"].isin(base["key"])
    merged["status"] = "延续"
    merged.loc[in_current & ~in_base, "status"] = "新增"
    merged.loc[~in_current & in_base, "status"] = "未报"
    ordered = merged.sort_values(["budget", "name"], ascending=[False, True], na_position="last")
    return ordered.drop(columns=["name_base", "unit_name_base"]).reset_index(drop=True)


def trend(change: float | None) -> str | None:
    """改善 beyond +TREND_POINTS, 下降 beyond −TREND_POINTS, else 持平; None if unknown."""
    if change is None or pd.isna(change):
        return None
    if change > TREND_POINTS:
        return theme.TREND_LABELS["up"]
    if change < -TREND_POINTS:
        return theme.TREND_LABELS["down"]
    return theme.TREND_LABELS["flat"]


def biggest_movers(comparison: pd.DataFrame, metric: str, n: int = 5) -> pd.DataFrame:
    """The `n` largest rises and the `n` largest falls of `metric` in a `compare_years` frame.

    Rows without a change (missing in one year, or no change at all) are left out.

    Returns:
        The chosen rows of `comparison` plus ``change`` (the metric's change) and
        ``direction`` ("上升"/"下降"), ordered from the largest fall to the largest rise.

    Raises:
        ValueError: `metric` is not in `METRICS`.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    changed = comparison.assign(change=comparison[f"{metric}_change"]).dropna(subset=["change"])
    rises = changed[changed["change"] > 0].nlargest(n, "change")
    falls = changed[changed["change"] < 0].nsmallest(n, "change")
    movers = pd.concat([falls, rises]).sort_values("change", ignore_index=True)
    movers["direction"] = movers["change"].map(lambda change: "上升" if change > 0 else "下降")
    return movers


def multi_year_table(yearly: pd.DataFrame, years: list[int], min_years: int = 1) -> pd.DataFrame:
    """One row per unit or project with its yearly series, for sparkline columns.

    Args:
        yearly: a `yearly_by` frame.
        years: the years of the series, in order; a year without a report is None.
        min_years: keep only groups with reports in at least this many of `years`
            (2 for recurring projects).

    Returns:
        ``key``, ``name``, ``unit_name``, ``years_reported``, the latest value of each
        metric in `METRICS` (``<metric>``, from the latest year with a value) and
        ``<metric>_series`` lists aligned with `years`. Largest latest budget first.
    """
    scoped = yearly[yearly["year"].isin(years)]
    counts = scoped.groupby("key", sort=False)["year"].nunique()
    keep = counts[counts >= min_years].index
    scoped = scoped[scoped["key"].isin(keep)]
    # The latest year's name and unit (a project may be renamed).
    table = scoped.sort_values("year").groupby("key", sort=False)[["name", "unit_name"]].last()
    table["years_reported"] = counts.reindex(table.index).astype("int64")
    for metric in METRICS:
        wide = scoped.pivot(index="key", columns="year", values=metric)
        wide = wide.reindex(index=table.index, columns=years).astype("float64").round(2)
        table[metric] = wide.ffill(axis=1).iloc[:, -1] if years else float("nan")
        table[f"{metric}_series"] = [
            [None if pd.isna(value) else float(value) for value in row] for row in wide.to_numpy()
        ]
    columns = ["key", "name", "unit_name", "years_reported"]
    columns += [c for metric in METRICS for c in (metric, f"{metric}_series")]
    table = table.reset_index()[columns] if len(table) else pd.DataFrame(columns=columns)
    return table.sort_values(["budget", "name"], ascending=[False, True], ignore_index=True)


def without_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """A `multi_year_table` for display: each ``<metric>_series`` holds the reported years'
    values only. A chart column cannot draw a gap; given a None it prints the whole list as
    text (",,,,1084.25"). The table's ``years_reported`` says how many years a line spans.
    """
    shown = table.copy()
    for column in [c for c in shown.columns if c.endswith("_series")]:
        shown[column] = [[v for v in series if v is not None] for series in shown[column]]
    return shown
