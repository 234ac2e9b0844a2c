"""One report in full: its header and figures, indicators, outcomes and quality flags.

These queries take a report id, not the global filters: a report linked from another page
(`detail?report=<id>`) opens whatever the sidebar says, and the indicator table shows every
row of the report (the 指标类别 filter narrows statistics, not one report's own form).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from dashboard import theme
from dashboard.filters import Filters
from dashboard.queries import outcomes, quality
from dashboard.queries.base import frame, rows, with_filters

# Money fields of the budget block, in form order, with their labels on the form.
BUDGET_FIELDS = {
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "fiscal_budget": "其中：财政拨款（预算）",
    "fiscal_executed": "其中：财政拨款（执行）",
    "other_budget": "其他资金（预算）",
    "other_executed": "其他资金（执行）",
}
BUDGET_COLUMNS = ("field", "item", "amount", "original", "source_position")
# Report-level queries read no filter; `frame` binds the filter CTEs' parameters, so the
# SQL is still built with `with_filters` (unused CTEs cost nothing) and run unfiltered.
_NO_FILTERS = Filters()

_REPORT_SQL = with_filters(
    ctes="""
file_sizes as (
    select source_file, count(*) as reports_in_file from reports group by source_file
)""",
    body="""
select r.* exclude (provenance), r.provenance::varchar as provenance, f.reports_in_file
from filtered_reports as r
join file_sizes as f using (source_file)
where r.report_id = $report_id
""",
)
_INDICATORS_SQL = with_filters("""
select
    indicator_index, level1, level2, level3, level1_category, target, actual, weight, score,
    completion_status, completion_ratio, is_reverse, deviation_reason, source_position,
    n.indicator_key
from indicators
left join indicator_names as n using (report_id, indicator_index)
where report_id = $report_id
order by indicator_index
""")
_OUTCOMES_SQL = with_filters("""
select outcome_index, metric, value, unit, qualifier, entity, scope, sentence, source_position,
       rule, coalesce(conflict, false) as conflict
from outcomes
where report_id = $report_id
order by outcome_index
""")
_FLAGS_SQL = with_filters("""
select flag_index, code, severity, message, evidence, indicator_index
from quality_flags
where report_id = $report_id
order by flag_index
""")


@dataclass(frozen=True)
class ReportDetail:
    """One `reports` row (with `unit_name`, `department_name` and `reports_in_file`, the
    number of reports read from the same source file) and its parsed provenance.

    `record` maps column name → value (None for SQL null); `provenance` maps a field name to
    the position label it was read from, e.g. ``{"budget": "a.docx table 1 R4C6"}``.
    """

    record: dict[str, Any]
    provenance: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        """The column `name`, with NaN (how pandas shows a null number) as None."""
        value = self.record.get(name)
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    @property
    def label(self) -> str:
        """'年度 · 单位 · 项目名称', as the report picker shows it."""
        return report_label(self.value("year"), self.value("unit_name"), self.value("project_name"))


def report_label(year: Any, unit: Any, project: Any) -> str:
    """'2021 · 某单位 · 某项目'; unknown parts read '—'."""
    parts = []
    for value in (year, unit, project):
        if _is_null(value) or value == "":
            parts.append(theme.MISSING)
        elif isinstance(value, float) and value.is_integer():
            parts.append(str(int(value)))  # a year read through pandas may be a float
        else:
            parts.append(str(value))
    return " · ".join(parts)


_IN_SCOPE_SQL = with_filters(
    "select count(*) > 0 from filtered_reports where report_id = $report_id"
)


def in_scope(con: duckdb.DuckDBPyConnection, filters: Filters, report_id: str) -> bool:
    """Whether the report `report_id` is among the reports under `filters`."""
    return bool(rows(con, _IN_SCOPE_SQL, filters, {"report_id": report_id})[0][0])


def report_detail(con: duckdb.DuckDBPyConnection, report_id: str) -> ReportDetail | None:
    """The report `report_id` regardless of filters, or None when no such report exists."""
    found = frame(con, _REPORT_SQL, _NO_FILTERS, {"report_id": report_id})
    if found.empty:
        return None
    record = found.iloc[0].to_dict()
    record = {k: (None if _is_null(v) else v) for k, v in record.items()}
    provenance = json.loads(record.pop("provenance") or "{}")
    return ReportDetail(record=record, provenance={k: str(v) for k, v in provenance.items()})


def budget_rows(detail: ReportDetail) -> pd.DataFrame:
    """The budget block: one row per money field the report states, in form order.

    Columns: `field`, `item` (form label), `amount` (万元), `original` (as written, in the
    document's `money_unit`), `source_position` (None when unknown). Fields the
    report does not state in either unit are left out.
    """
    rows = [
        (
            name,
            label,
            detail.value(name),
            detail.value(f"{name}_original"),
            detail.provenance.get(name),
        )
        for name, label in BUDGET_FIELDS.items()
        if detail.value(name) is not None or detail.value(f"{name}_original") is not None
    ]
    return pd.DataFrame(rows, columns=list(BUDGET_COLUMNS))


def report_indicators(con: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """Every indicator row of the report, in table order (the category filter is ignored)."""
    return frame(con, _INDICATORS_SQL, _NO_FILTERS, {"report_id": report_id})


def report_outcomes(con: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """The report's outcomes, each with its sentence, metric label and the rule that took it
    (`rule_label`)."""
    rows = frame(con, _OUTCOMES_SQL, _NO_FILTERS, {"report_id": report_id})
    rows["metric_label"] = rows["metric"].map(lambda key: outcomes.metric_info(key).label)
    rows["rule_label"] = rows["rule"].map(outcomes.rule_label)
    return rows


def report_flags(con: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """The report's quality flags in the order the checks raised them (evidence in words)."""
    flags = frame(con, _FLAGS_SQL, _NO_FILTERS, {"report_id": report_id})
    flags["evidence"] = flags["evidence"].map(quality.readable_evidence)
    return flags


def _is_null(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
