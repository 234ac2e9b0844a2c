"""The indicator library: every distinct indicator in use under the filters, and the
reports that use one.

`indicator_library` (built by the ETL) holds each indicator once, under the name
`etl.taxonomy.indicator_key` gives it; `indicator_names` ties each indicator row to it.
The figures here follow the filters: how many units and years use an indicator, how
often it is met (the completion rate of `dashboard.catalogue`), and its typical target.
"""

from __future__ import annotations

import duckdb

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page

# The indicator rows under the filters, each with its library name.
_NAMED_CTES = """
named as (
    select fi.*, n.indicator_key
    from filtered_indicators as fi
    join indicator_names as n using (report_id, indicator_index)
)"""

LIBRARY = DetailQuery(
    sql=with_filters(
        ctes=_NAMED_CTES,
        body=f"""
select n.indicator_key, any_value(l.category) as level1_category,
       count(distinct n.report_id) as report_count,
       count(distinct n.unit_name) as unit_count,
       count(distinct n.year) as years_used,
       min(n.year) as first_year, max(n.year) as last_year,
       {catalogue.COMPLETION_RATE_SQL} as completion_rate,
       mode(n.target) as typical_target,
       mode(n.target_unit) as typical_unit,
       any_value(l.spellings) as spellings
from named as n
join indicator_library as l using (indicator_key)
group by n.indicator_key
""",
    ),
    order="report_count desc, indicator_key",
    sortable=("indicator_key", "level1_category", "report_count", "unit_count", "years_used",
              "completion_rate", "first_year", "last_year"),
    searchable=("indicator_key", "spellings", "level1_category", "typical_target"),
)  # fmt: skip

# The reports using one indicator, newest first.
USES = DetailQuery(
    sql=with_filters(
        ctes=_NAMED_CTES,
        body="""
select report_id, indicator_index, year, unit_name, project_name,
       coalesce(level3, level2) as level3,
       target, actual, completion_status, 100 * completion_ratio as completion_percent,
       deviation_reason
from named
where indicator_key = $indicator_key
""",
    ),
    order="year desc nulls last, unit_name, project_name, report_id, indicator_index",
    sortable=("year", "unit_name", "project_name", "completion_percent"),
    searchable=("unit_name", "project_name", "target", "actual"),
)  # fmt: skip
_COUNT_SQL = with_filters(
    ctes=_NAMED_CTES,
    body="select count(distinct indicator_key), count(*) from named",
)


def library_page(con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest) -> Paged:
    """A page of the library: the most widely used indicators first."""
    return fetch_page(con, LIBRARY, filters, request)


def uses_page(
    con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest, indicator_key: str
) -> Paged:
    """A page of the indicator rows (and their reports) named `indicator_key`."""
    return fetch_page(con, USES, filters, request, {"indicator_key": indicator_key})


def library_size(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int]:
    """(distinct indicators, indicator rows naming one) under the filters."""
    ((indicators, named_rows),) = rows(con, _COUNT_SQL, filters)
    return int(indicators), int(named_rows)
