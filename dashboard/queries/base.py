"""The filter CTEs every dashboard query starts from, and the one way queries run.

`filtered_reports` is `reports` narrowed by the global filters, with the unit's and the
主管部门's canonical names joined on; `filtered_indicators` is the indicator rows of those
reports, narrowed by indicator category, with the report's year and unit beside them and
`is_met`/`is_judged`, the terms of every completion rate.
Each query runs on its own cursor and is fetched at once: the cached connection is shared
by every session's thread, and an unread DuckDB result is voided by the next query.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters

FILTER_CTES = """
filtered_reports as (
    select
        r.*,
        coalesce(u.name, r.implementing_unit, r.department) as unit_name,
        coalesce(d.name, r.department) as department_name
    from reports as r
    left join units as u on u.unit_id = r.unit_id
    left join units as d on d.unit_id = r.department_unit_id
    where ($year_from::integer is null or r.year >= $year_from::integer)
      and ($year_to::integer is null or r.year <= $year_to::integer)
      and (len($units::varchar[]) = 0
           or list_contains($units::varchar[], u.name)
           or list_contains($units::varchar[], d.name))
      and ($search::varchar is null
           or contains(lower(r.project_name), lower($search::varchar)))
      and (len($form_kinds::varchar[]) = 0 or list_contains($form_kinds::varchar[], r.form_kind))
),
filtered_indicators as (
    select
        i.*, fr.year, fr.unit_name, fr.department_name, fr.project_name, fr.project_id,
        -- The completion rate's terms, defined once: met ÷ judged, where an indicator is
        -- judged when its status says met, partly met or not met (not_judgeable is out).
        i.completion_status = 'met' as is_met,
        i.completion_status in ('met', 'partly_met', 'not_met') as is_judged
    from indicators as i
    join filtered_reports as fr using (report_id)
    where len($categories::varchar[]) = 0
       or list_contains($categories::varchar[], i.level1_category)
)
"""


def with_filters(body: str, ctes: str = "") -> str:
    """SQL that defines the filter CTEs, then `ctes` (more CTEs, no leading comma), then `body`.

    `body` is one select statement that may read `filtered_reports`/`filtered_indicators`.
    """
    extra = f",\n{ctes}" if ctes.strip() else ""
    return f"with {FILTER_CTES}{extra}\n{body}"


def frame(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    filters: Filters,
    params: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Run a `with_filters` query with the filters' parameters (plus `params`) → DataFrame."""
    return con.cursor().execute(sql, {**filters.sql_params(), **(params or {})}).df()


def rows(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    filters: Filters,
    params: dict[str, Any] | None = None,
) -> list[tuple]:
    """Like `frame`, fetched as tuples (for scalar results and small lookups)."""
    return con.cursor().execute(sql, {**filters.sql_params(), **(params or {})}).fetchall()
