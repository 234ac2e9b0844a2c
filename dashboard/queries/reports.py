"""The report list under the global filters, and its headline totals."""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page

REPORT_COLUMNS = (
    "report_id",
    "year",
    "department_name",
    "unit_name",
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

# Every report under the filters with its number of serious quality flags (0 when none).
REPORTS = DetailQuery(
    sql=with_filters(
        ctes=f"""
flag_counts as (
    select report_id, count(*) as quality_flag_count
    from quality_flags
    where {catalogue.SERIOUS_FLAG_SQL}
    group by report_id
)""",
        body="""
select
    r.report_id, r.year, r.department_name, r.unit_name, r.project_name,
    r.budget, r.executed, r.execution_rate, r.execution_rate_stated,
    r.self_score_total, r.grade, r.form_kind, r.source_file,
    coalesce(f.quality_flag_count, 0)::bigint as quality_flag_count
from filtered_reports as r
left join flag_counts as f using (report_id)
""",
    ),
    order="year desc nulls last, department_name, unit_name, project_name, report_id",
    sortable=REPORT_COLUMNS[1:],
    searchable=("department_name", "unit_name", "project_name", "grade", "source_file"),
)
_LIST_REPORTS_SQL = f"select * from ({REPORTS.sql}) as detail order by {REPORTS.order}"
_TOTALS_SQL = with_filters(
    f"""
select count(*), coalesce(sum(budget), 0), coalesce(sum(executed), 0),
       {catalogue.EXECUTION_RATE_SQL}
from filtered_reports
"""
)


@dataclass(frozen=True)
class ReportTotals:
    """Headline figures over a set of reports (money in 万元, rate in percent)."""

    report_count: int
    budget_total: float
    executed_total: float
    execution_rate: float | None  # None when no report states both figures


def list_reports(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per report under `filters`, with its number of quality flags (0 when none).

    Returns:
        A DataFrame with the columns in `REPORT_COLUMNS`, newest year first.
    """
    return frame(con, _LIST_REPORTS_SQL, filters)


def report_page(con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest) -> Paged:
    """A page of `list_reports`."""
    return fetch_page(con, REPORTS, filters, request)


def report_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> ReportTotals:
    """Totals over the reports under `filters`: the execution rate is Σexecuted ÷ Σbudget
    over the reports stating both figures, so a report missing one side does not distort
    the ratio."""
    ((count, budget, executed, rate),) = rows(con, _TOTALS_SQL, filters)
    return ReportTotals(int(count), float(budget), float(executed), _rate(rate))


def _rate(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)
