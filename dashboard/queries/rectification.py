"""Rectification (整改) items beside the warehouse's reports, under the filters.

The items live in their own store (`dashboard.rectification`); they come in as a query
parameter (a list of structs, a few hundred at most), so the cache key holds them and a
saved change shows at once. An item finds its report by project name, year and unit —
the unit as the dashboard names it, or as the form wrote it (a re-clustering may rename
a unit) — so it survives rebuilds.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import duckdb
import pandas as pd

from dashboard import theme
from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page
from dashboard.rectification import OPEN_STATUSES, STATUSES, UNKNOWN_YEAR, Item


def _sql_list(values: tuple[str, ...]) -> str:
    """A list literal of constants (never user input) for the SQL below."""
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


_ITEM_TYPE = (
    "struct(unit_name varchar, project_name varchar, year integer, indicator varchar, "
    "status varchar, note varchar, status_date date, updated_at timestamp)[]"
)
# The items, each with the report it is about (the first, should a rebuild split one) and
# that report's unit as the dashboard names it.
_MATCHED_CTES = f"""
items as (select unnest($items::{_ITEM_TYPE}, recursive := true)),
matched as (
    select i.* exclude (unit_name), i.unit_name as item_unit, r.unit_name,
           min(r.report_id) as report_id
    from items as i
    join filtered_reports as r
      on r.project_name = i.project_name
     and coalesce(r.year, {UNKNOWN_YEAR}) = i.year
     and i.unit_name in (r.unit_name, r.implementing_unit)
    group by all
)"""

TRACKED = DetailQuery(
    sql=with_filters(
        ctes=_MATCHED_CTES,
        body=f"""
select report_id, nullif(year, {UNKNOWN_YEAR}) as year, unit_name, project_name,
       nullif(indicator, '') as rectification_target, status as rectification_status,
       note as rectification_note, status_date, updated_at
from matched
""",
    ),
    # In the order of progress (待整改, 整改中, 已整改), then by unit.
    order=f"list_position({_sql_list(STATUSES)}, rectification_status), "
    "unit_name, year desc, project_name, rectification_target nulls first",
    sortable=("year", "unit_name", "project_name", "status_date", "updated_at"),
    searchable=("unit_name", "project_name", "rectification_target", "rectification_note"),
)  # fmt: skip
_BY_UNIT_SQL = with_filters(
    ctes=_MATCHED_CTES,
    body=f"""
select unit_name,
       count(*) filter (where status = 'open') as rectification_open,
       count(*) filter (where status = 'in_progress') as rectification_in_progress,
       count(*) filter (where status = 'done') as rectification_done
from matched
group by unit_name
having count(*) filter (where list_contains({_sql_list(OPEN_STATUSES)}, status)) > 0
order by rectification_open + rectification_in_progress desc, unit_name
""",
)
_REPORT_SQL = with_filters(
    ctes=_MATCHED_CTES,
    body="""
select nullif(indicator, '') as rectification_target, status as rectification_status,
       note as rectification_note, status_date, updated_at
from matched where report_id = $report_id
order by indicator
""",
)
# Run without filters: items matching no report at all.
_UNMATCHED_SQL = with_filters(
    ctes=_MATCHED_CTES,
    body="""
select count(*) from items as i
where not exists (
    select 1 from matched as m
    where (m.item_unit, m.project_name, m.year, m.indicator)
        = (i.unit_name, i.project_name, i.year, i.indicator)
)
""",
)


def readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Item rows as a reader sees them: statuses in words, a null target is the report."""
    return rows.assign(
        rectification_status=rows["rectification_status"].map(theme.RECTIFICATION_LABELS),
        rectification_target=rows["rectification_target"].fillna(theme.WHOLE_REPORT_LABEL),
    )


def _params(items: tuple[Item, ...]) -> dict[str, Any]:
    return {
        "items": [
            {**asdict(item.key), "year": UNKNOWN_YEAR if item.key.year is None else item.key.year,
             "status": item.status, "note": item.note, "status_date": item.status_date,
             "updated_at": item.updated_at}
            for item in items
        ]
    }  # fmt: skip


def tracked_page(
    con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest, items: tuple[Item, ...]
) -> Paged:
    """A page of the items whose report is under the filters, open ones first."""
    return fetch_page(con, TRACKED, filters, request, _params(items))


def open_by_unit(
    con: duckdb.DuckDBPyConnection, filters: Filters, items: tuple[Item, ...]
) -> pd.DataFrame:
    """Per unit with open items (under the filters): how many are 待整改, 整改中, 已整改."""
    return frame(con, _BY_UNIT_SQL, filters, _params(items))


def report_items(
    con: duckdb.DuckDBPyConnection, report_id: str, items: tuple[Item, ...]
) -> pd.DataFrame:
    """The items about one report (the report itself first, then its indicators)."""
    return frame(con, _REPORT_SQL, Filters(), {**_params(items), "report_id": report_id})


def unmatched_count(con: duckdb.DuckDBPyConnection, items: tuple[Item, ...]) -> int:
    """Items whose report is no longer in the warehouse at all (renamed or removed)."""
    ((count,),) = rows(con, _UNMATCHED_SQL, Filters(), _params(items))
    return int(count)
