"""Performance indicators under the global filters: completion, quantified targets, shortfalls.

Definitions used throughout (and shown on the page):

* completion rate = met ÷ (met + partly_met + not_met) × 100. Indicators whose completion
  cannot be judged (`not_judgeable`) are left out of the ratio and counted separately, so a
  scope full of qualitative indicators is not mistaken for a poorly performing one;
* a *quantified* target has a number (`target_number` not null) and is not marked
  qualitative (`target_qualitative`);
* indicators without a canonical 一级 category are grouped as "未分类".

Every query reads `filtered_indicators`, so the sidebar's indicator-category filter applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page

UNCATEGORIZED = "未分类"
Dimension = Literal["category", "unit", "year"]

# Grouping expressions over `filtered_indicators`; the keys are the only accepted values,
# so the SQL text never contains user input.
_DIMENSION_SQL: dict[str, str] = {
    "category": f"coalesce(level1_category, '{UNCATEGORIZED}')",
    "unit": "coalesce(unit_name, '未知单位')",
    "year": "cast(year as varchar)",
}

# The status counts and the two derived shares, shared by the breakdown and the totals.
_COUNTS = """
    count(*) as indicator_count,
    count(*) filter (where is_met) as met,
    count(*) filter (where completion_status = 'partly_met') as partly_met,
    count(*) filter (where completion_status = 'not_met') as not_met,
    count(*) filter (where completion_status = 'not_judgeable') as not_judgeable,
    count(*) filter (where is_judged) as judged,
    count(*) filter (where target_number is not null
                       and not coalesce(target_qualitative, false)) as quantified,
    count(*) filter (where completion_status in ('partly_met', 'not_met')
                       and nullif(trim(deviation_reason), '') is null) as reason_missing
"""
# Unrounded: every surface rounds at display time with the catalogue's format.
_RATES = f"""
    {catalogue.percent_sql("met", "judged")} as completion_rate,
    {catalogue.percent_sql("quantified", "indicator_count")} as quantified_share
"""

_BREAKDOWN_SQL = {
    dimension: with_filters(
        ctes=f"""
counted as (
    select {expression} as label, {_COUNTS}
    from filtered_indicators
    group by 1
)""",
        body=f"select *, {_RATES} from counted order by indicator_count desc, label",
    )
    for dimension, expression in _DIMENSION_SQL.items()
}

_TOTALS_SQL = with_filters(
    ctes=f"counted as (select {_COUNTS} from filtered_indicators)",
    body=f"select *, {_RATES} from counted",
)

SHORTFALL_STATUSES = ("partly_met", "not_met")

# Indicators that fell short, worst first (`shortfall_page`).
SHORTFALLS = DetailQuery(
    sql=with_filters(
        """
select
    report_id, indicator_index, year, unit_name, project_name,
    coalesce(level1_category, $uncategorized) as level1_category,
    level3, target, actual, completion_status, completion_ratio * 100 as completion_percent,
    nullif(trim(deviation_reason), '') as deviation_reason,
    nullif(trim(deviation_reason), '') is null as reason_missing,
    source_position,
    case completion_status when 'not_met' then 0 when 'partly_met' then 1 else 2 end
        as status_rank
from filtered_indicators
where completion_status in ('partly_met', 'not_met')
   or (completion_status = 'not_judgeable' and nullif(trim(deviation_reason), '') is not null)
"""
    ),
    order="status_rank, completion_percent nulls last, year desc nulls last, unit_name,"
    " project_name, report_id, indicator_index",
    sortable=("unit_name", "level3", "deviation_reason", "target", "actual", "completion_percent",
              "year", "project_name", "level1_category"),
    searchable=("unit_name", "project_name", "level1_category", "level3", "target", "actual",
                "deviation_reason"),
)  # fmt: skip
_SHORTFALL_COUNTS_SQL = (
    f"select count(*), count(*) filter (where reason_missing) from ({SHORTFALLS.sql}) as s"
)

_TARGET_VS_ACTUAL_SQL = with_filters(
    """
select
    report_id, indicator_index, year, unit_name, project_name,
    coalesce(level1_category, $uncategorized) as level1_category,
    level3, target, actual, target_number, actual_number, target_unit,
    completion_status, is_reverse, completion_ratio * 100 as completion_percent
from filtered_indicators
where target_number > 0 and actual_number > 0
  and not coalesce(target_qualitative, false)
  and target_unit is not null
  and (actual_unit is null or actual_unit = target_unit)
order by year, unit_name, project_name, indicator_index
"""
)


@dataclass(frozen=True)
class IndicatorTotals:
    """Headline indicator counts over the filtered scope (rates in percent, None if 0/0)."""

    indicator_count: int
    met: int
    partly_met: int
    not_met: int
    not_judgeable: int
    judged: int
    quantified: int
    reason_missing: int
    completion_rate: float | None
    quantified_share: float | None


def completion_breakdown(
    con: duckdb.DuckDBPyConnection, filters: Filters, by: Dimension = "category"
) -> pd.DataFrame:
    """Status counts, completion rate and quantified-target share per category, unit or year.

    Returns:
        One row per group: ``label`` (the category, unit name or year as text),
        ``indicator_count``, ``met``, ``partly_met``, ``not_met``, ``not_judgeable``,
        ``judged`` (the first three), ``quantified``, ``reason_missing`` (shortfalls without
        a deviation reason), ``completion_rate`` and ``quantified_share`` (percent; null when
        the denominator is 0). Largest groups first.

    Raises:
        ValueError: `by` is not one of category, unit, year.
    """
    if by not in _BREAKDOWN_SQL:
        raise ValueError(f"unknown dimension {by!r}")
    result = frame(con, _BREAKDOWN_SQL[by], filters)
    if by == "year":
        result = result.sort_values("label", ignore_index=True)
    return result


def indicator_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> IndicatorTotals:
    """The same counts as `completion_breakdown`, over the whole filtered scope."""
    ((count, met, partly, not_met, unjudgeable, judged, quantified, missing, rate, share),) = rows(
        con, _TOTALS_SQL, filters
    )
    return IndicatorTotals(
        indicator_count=count,
        met=met,
        partly_met=partly,
        not_met=not_met,
        not_judgeable=unjudgeable,
        judged=judged,
        quantified=quantified,
        reason_missing=missing,
        completion_rate=None if rate is None else float(rate),
        quantified_share=None if share is None else float(share),
    )


def shortfall_page(con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest) -> Paged:
    """A page of the indicators that fell short: partly met or not met, plus unjudgeable
    ones with a reason.

    An unjudgeable indicator whose report still gives a deviation reason admits a shortfall
    in prose, so it is listed too. ``reason_missing`` is true where a shortfall has no
    deviation reason (blank text counts as none); ``completion_percent`` is actual ÷ target
    in percent (inverted for reverse indicators), null when not numeric. Worst first by
    default: not met, then partly met, then by completion.
    """
    return fetch_page(con, SHORTFALLS, filters, request, {"uncategorized": UNCATEGORIZED})


def shortfall_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int]:
    """How many shortfalls there are, and how many of them state no deviation reason."""
    ((count, missing),) = rows(
        con, _SHORTFALL_COUNTS_SQL, filters, {"uncategorized": UNCATEGORIZED}
    )
    return int(count), int(missing)


def target_vs_actual(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Numeric indicators whose target and actual are positive numbers in the same unit.

    An actual written without a unit ("54.2" against "≥85%") is taken to be in the target's
    unit, as the forms do; an actual in another unit is left out, since the two numbers
    could not be compared. Zero and negative values are left out so that both can sit on
    log axes.
    """
    return frame(con, _TARGET_VS_ACTUAL_SQL, filters, {"uncategorized": UNCATEGORIZED})


_INDICATOR_ROWS_SQL = with_filters(
    """
select
    report_id, year, unit_name, project_name, indicator_index,
    coalesce(level1_category, $uncategorized) as level1_category,
    level1, level2, level3, target, actual, weight, score,
    completion_status, completion_ratio * 100 as completion_percent,
    deviation_reason, source_position
from filtered_indicators
order by year desc nulls last, unit_name, project_name, report_id, indicator_index
"""
)


def indicator_rows(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every indicator row in scope with its report's year, unit and project (for exports)."""
    return frame(con, _INDICATOR_ROWS_SQL, filters, {"uncategorized": UNCATEGORIZED})
