"""Read-only queries the pages call; each returns plain Python values or a DataFrame.

Every value is bound as a parameter. Each query runs on its own cursor and is fetched
at once, because the cached connection is shared by all sessions' threads and an
unread DuckDB result is voided by the next query on the same cursor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

REPORT_COLUMNS = (
    "report_id",
    "year",
    "department",
    "project_name",
    "budget",
    "executed",
    "execution_rate",
    "execution_rate_stated",
    "self_score_total",
    "grade",
    "form_kind",
    "source_file",
    "quality_flag_count",
)

# One row per report. `contains` rather than LIKE so that % and _ typed by a user are
# matched literally; lower() makes Latin letters in project names case-insensitive.
_LIST_REPORTS_SQL = """
with flag_counts as (
    select report_id, count(*) as quality_flag_count
    from quality_flags
    group by report_id
)
select
    r.report_id,
    r.year,
    r.department,
    r.project_name,
    r.budget,
    r.executed,
    r.execution_rate,
    r.execution_rate_stated,
    r.self_score_total,
    r.grade,
    r.form_kind,
    r.source_file,
    coalesce(f.quality_flag_count, 0) as quality_flag_count
from reports as r
left join flag_counts as f using (report_id)
where ($year is null or r.year = $year)
  and ($search is null or contains(lower(r.project_name), lower($search)))
order by r.year desc nulls last, r.department, r.project_name, r.report_id
"""


@dataclass(frozen=True)
class ReportTotals:
    """Headline figures over a set of reports (money in 万元, rate in percent)."""

    report_count: int
    budget_total: float
    executed_total: float
    execution_rate: float | None  # None when no report states both figures


def list_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Distinct report years, newest first."""
    rows = (
        con.cursor()
        .execute("select distinct year from reports where year is not null order by year desc")
        .fetchall()
    )
    return [int(year) for (year,) in rows]


def list_reports(
    con: duckdb.DuckDBPyConnection, year: int | None = None, search: str | None = None
) -> pd.DataFrame:
    """One row per report with its number of quality flags (0 when none).

    Args:
        con: a warehouse connection (read-only is enough).
        year: keep only reports of this year; None keeps all years.
        search: keep only reports whose project name contains this text
            (case-insensitive, taken literally); None or blank keeps all.

    Returns:
        A DataFrame with the columns in `REPORT_COLUMNS`.
    """
    search = search.strip() if search else None
    frame = con.cursor().execute(_LIST_REPORTS_SQL, {"year": year, "search": search or None}).df()
    frame["quality_flag_count"] = frame["quality_flag_count"].astype("int64")
    return frame


def summarize_reports(reports: pd.DataFrame) -> ReportTotals:
    """Totals for the KPI row of a `list_reports` result.

    The execution rate is Σexecuted / Σbudget over the reports that state both
    figures, so a report missing one side does not distort the ratio.
    """
    both = reports.dropna(subset=["budget", "executed"])
    budget_with_executed = float(both["budget"].sum())
    rate = (
        float(both["executed"].sum()) / budget_with_executed * 100
        if budget_with_executed > 0
        else None
    )
    return ReportTotals(
        report_count=len(reports),
        budget_total=_nan_to_zero(reports["budget"].sum()),
        executed_total=_nan_to_zero(reports["executed"].sum()),
        execution_rate=rate,
    )


def _nan_to_zero(value: float) -> float:
    value = float(value)
    return 0.0 if math.isnan(value) else value
