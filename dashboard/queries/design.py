"""The indicator-design audit (etl/scoring/audit.py) under the filters: how many reports
each rule caught, which units design their indicators best, and one report's findings.

`design_findings` holds one row per finding; a report without a row passed every rule
(reports without indicators are not audited and count in no share here).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.base import frame, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page

# The reports the audit looked at: those with at least one indicator row.
_AUDITED_CTES = """
audited as (
    select r.report_id, r.unit_name,
           (select count(*) from design_findings as f where f.report_id = r.report_id)
               as findings
    from filtered_reports as r
    where exists (select 1 from indicators as i where i.report_id = r.report_id)
)"""

# Units ranked by design quality: the fewest findings per audited report first, then
# the largest share of reports without any finding.
UNIT_RANKING = DetailQuery(
    sql=with_filters(
        ctes=_AUDITED_CTES,
        body="""
select unit_name,
       count(*) as audited_reports,
       sum(findings)::integer as design_findings,
       avg(findings) as findings_per_report,
       100.0 * count(*) filter (where findings = 0) / count(*) as clean_share,
       rank() over (order by avg(findings), count(*) filter (where findings = 0) / count(*) desc)
           as design_rank
from audited
where unit_name is not null
group by unit_name
""",
    ),
    order="design_rank, unit_name",
    sortable=("unit_name", "audited_reports", "design_findings", "findings_per_report",
              "clean_share", "design_rank"),
    searchable=("unit_name",),
)  # fmt: skip
_RULE_COUNTS_SQL = with_filters(
    ctes=_AUDITED_CTES,
    body="""
select f.rule, count(distinct f.report_id) as reports, count(*) as findings,
       (select count(*) from audited) as audited_reports
from audited as a
join design_findings as f using (report_id)
group by f.rule
order by reports desc, f.rule
""",
)
_REPORT_SQL = with_filters(
    """
select rule, message, indicator_index
from design_findings where report_id = $report_id
order by finding_index
"""
)
_NO_FILTERS = Filters()


def unit_ranking_page(
    con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest
) -> Paged:
    """A page of units by design quality (rank 1: fewest findings per audited report)."""
    return fetch_page(con, UNIT_RANKING, filters, request)


def rule_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per design rule that caught anything: rule, reports, findings, audited_reports."""
    return frame(con, _RULE_COUNTS_SQL, filters)


def report_findings(con: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """The report's design findings in audit order: rule, message, indicator_index."""
    return frame(con, _REPORT_SQL, _NO_FILTERS, {"report_id": report_id})
