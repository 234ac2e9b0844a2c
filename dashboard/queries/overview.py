"""The overview's figures: KPIs per year, the latest year against the one before, red flags.

Definitions (all under the global filters; the rates and what counts as a quality problem
are `dashboard.catalogue`'s, the one definition every page and export uses):
- projects: distinct `coalesce(project_id, project_name)`; units: distinct `unit_name`.
- budget/executed totals: Σ over every report stating the figure (万元).
- execution rate: `EXECUTION_RATE_SQL`, Σexecuted ÷ Σbudget over the reports stating both.
- indicator completion rate: `COMPLETION_RATE_SQL` over `filtered_indicators` (so the
  指标类别 filter applies); `not_judgeable` rows are left out.
- average self-score: mean of `self_score_total` over the reports stating it.
- quality flags: `SERIOUS_FLAG_SQL`, errors and warnings (the `info` notes are left out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import frame, with_filters

KPI_COLUMNS = (
    "year",
    "report_count",
    "project_count",
    "unit_count",
    "budget_total",
    "executed_total",
    "execution_rate",
    "completion_rate",
    "average_self_score",
    "quality_flag_count",
)

_KPIS_BY_YEAR_SQL = with_filters(
    ctes=f"""
report_year as (
    select
        year,
        count(*) as report_count,
        count(distinct coalesce(project_id, project_name)) as project_count,
        count(distinct unit_name) as unit_count,
        sum(budget) as budget_total,
        sum(executed) as executed_total,
        {catalogue.EXECUTION_RATE_SQL} as execution_rate,
        avg(self_score_total) as average_self_score
    from filtered_reports
    where year is not null
    group by year
),
indicator_year as (
    select
        year,
        {catalogue.COMPLETION_RATE_SQL} as completion_rate
    from filtered_indicators
    group by year
),
flag_year as (
    select r.year, count(*) as quality_flag_count
    from quality_flags as q
    join filtered_reports as r using (report_id)
    where {catalogue.SERIOUS_FLAG_SQL}
    group by r.year
)""",
    body="""
select
    y.year, y.report_count, y.project_count, y.unit_count, y.budget_total, y.executed_total,
    y.execution_rate,
    i.completion_rate,
    y.average_self_score,
    coalesce(f.quality_flag_count, 0) as quality_flag_count
from report_year as y
left join indicator_year as i using (year)
left join flag_year as f using (year)
order by y.year
""",
)

# One row per report: its worst serious flag. "How far off" ranks flags of equal severity:
# the distance of the execution rate from 100 % for execution flags, the gap between the
# stated and the computed rate for RATE_MISMATCH; other flags follow those.
_WORST_FLAGS_SQL = with_filters(
    ctes=f"""
ranked as (
    select
        q.report_id, q.code, q.severity, q.message,
        r.year, r.unit_name, r.project_name, r.execution_rate,
        case q.severity when 'error' then 0 when 'warning' then 1 else 2 end as severity_rank,
        case
            when q.code = 'RATE_MISMATCH' then abs(r.execution_rate_stated - r.execution_rate)
            when q.code in ('LOW_EXECUTION', 'UNSPENT_SHARE', 'OVER_EXECUTION')
                then abs(r.execution_rate - 100)
        end as gap,
        count(*) over (partition by q.report_id) as report_flag_count,
        row_number() over (
            partition by q.report_id
            order by severity_rank, gap desc nulls last, q.flag_index
        ) as nth
    from quality_flags as q
    join filtered_reports as r using (report_id)
    where {catalogue.SERIOUS_FLAG_SQL}
)""",
    body="""
select
    report_id, year, unit_name, project_name, severity, code, message,
    execution_rate, report_flag_count
from ranked
where nth = 1
order by severity_rank, gap desc nulls last, year desc, report_id
limit $limit
""",
)


@dataclass(frozen=True)
class KpiValue:
    """One KPI of the latest year, with the previous year's value (None when absent)."""

    current: float | None
    previous: float | None

    @property
    def delta(self) -> float | None:
        """Current minus previous; None when either side is unknown."""
        if _missing(self.current) or _missing(self.previous):
            return None
        return float(self.current) - float(self.previous)


@dataclass(frozen=True)
class LatestKpis:
    """The KPI values of the latest year in scope beside the previous reported year."""

    year: int
    previous_year: int | None  # None when the scope holds one year only
    values: dict[str, KpiValue]


def kpis_by_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The overview's KPIs for every year in scope (see the module docstring).

    Returns:
        Columns `KPI_COLUMNS`, one row per year, oldest first; rates null when nothing
        can be rated; reports without a year are not counted.
    """
    kpis = frame(con, _KPIS_BY_YEAR_SQL, filters)
    counts = ["year", "report_count", "project_count", "unit_count", "quality_flag_count"]
    kpis[counts] = kpis[counts].astype("int64")
    return kpis[list(KPI_COLUMNS)]


def latest_kpis(by_year: pd.DataFrame) -> LatestKpis | None:
    """The last row of `kpis_by_year` beside the row before it; None for an empty frame.

    The comparison year is the previous year present in scope (usually year − 1; when a
    unit skipped a year, the one before), so the caption must name it.
    """
    if by_year.empty:
        return None
    latest = by_year.iloc[-1]
    previous = by_year.iloc[-2] if len(by_year) > 1 else None
    values = {
        column: KpiValue(
            _number(latest[column]), None if previous is None else _number(previous[column])
        )
        for column in KPI_COLUMNS[1:]
    }
    return LatestKpis(
        year=int(latest["year"]),
        previous_year=None if previous is None else int(previous["year"]),
        values=values,
    )


def worst_flags(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The most serious quality flags in scope, one per report (its worst), worst first.

    Order: errors before warnings, then how far off the figures are (see `_WORST_FLAGS_SQL`),
    then the newest year.

    Returns:
        Columns `report_id`, `year`, `unit_name`, `project_name`, `severity`, `code`,
        `message`, `execution_rate`, `report_flag_count` (the report's serious flags).
    """
    flags = frame(
        con,
        _WORST_FLAGS_SQL,
        filters,
        {"limit": limit},
    )
    flags["report_flag_count"] = flags["report_flag_count"].astype("int64")
    return flags


def lowest_units(units: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The units leadership should look at first, from an `execution.execution_by_unit`
    frame (of the cards' year): those whose rate is in the warning bands, the most money
    left unspent first. Ranking by rate alone put a one-report 50万元 unit on top and, in a
    narrow scope, listed units in the green."""
    flagged = units[units["band"].isin(ATTENTION_BANDS)].dropna(subset=["budget", "executed"])
    unspent = flagged["budget"] - flagged["executed"]
    return flagged.assign(unspent=unspent).nlargest(count, "unspent").drop(columns="unspent")


ATTENTION_BANDS = ("bad", "warning")  # theme.rate_band names: below the warning line


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
