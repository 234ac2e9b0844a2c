"""Read the facts scoring needs from a warehouse (the only I/O of etl.scoring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import duckdb

from etl.scoring.recompute import IndicatorFacts, ReportFacts

_REPORTS_SQL = """
select report_id, execution_rate, self_score_total, grade, budget, executed, budget_weight
from reports
order by report_id
"""
_INDICATORS_SQL = """
select report_id, coalesce(level3, level2, level1, '指标' || indicator_index) as name,
       level1_category, weight, score, completion_status, completion_ratio, is_reverse,
       nullif(trim(deviation_reason), '') is not null as has_reason,
       target, actual, target_number, target_unit
from indicators
order by report_id, indicator_index
"""


def report_facts(con: duckdb.DuckDBPyConnection) -> Iterator[ReportFacts]:
    """Every report of the warehouse with its indicators, by report id."""
    indicators: dict[str, list[IndicatorFacts]] = defaultdict(list)
    for rid, *values, reverse, reason, target, actual, number, unit in con.execute(
        _INDICATORS_SQL
    ).fetchall():
        indicators[rid].append(
            IndicatorFacts(*values, bool(reverse), bool(reason), target, actual, number, unit)
        )
    for rid, rate, score, grade, *money in con.execute(_REPORTS_SQL).fetchall():
        yield ReportFacts(rid, rate, score, grade, tuple(indicators.get(rid, ())), *money)
