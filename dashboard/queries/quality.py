"""Data quality: the load-time flags, the ingest log and how completely reports were parsed.

Flags and coverage follow the global filters through `filtered_reports` (the 指标类别 filter
applies to the indicator share only: flags are about whole reports). The ingest log is
about files, not reports, so no report filter applies to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page
from etl.outcomes.vocabulary import METRICS as OUTCOME_METRICS

# What each flag code means, in Chinese (codes from etl/checks.py and the loader).
FLAG_DESCRIPTIONS = {
    "MISSING_FIGURE": "缺少必填项（项目名称、预算数、执行数或年度）",
    "RATE_MISMATCH": "执行率与填报不符",
    "OVER_EXECUTION": "执行数超过预算数",
    "UNSPENT_SHARE": "未执行资金占预算比例过高",
    "LOW_EXECUTION": "预算执行率处于预警区间",
    "CONFLICTING_FIGURE": "文中数字与表内数字不一致",
    "OUTCOME_CONFLICT": "同一产出指标前后写作不同数值",
    "SCORE_ABOVE_WEIGHT": "得分超过分值",
    "SCORE_SUM_MISMATCH": "各项得分合计与总分不符",
    "GRADE_MISMATCH": "自评等级与总分不符",
    "MISSING_DEVIATION_REASON": "扣分指标未说明偏差原因",
    "COPY_PASTE_ACTUAL": "实际完成情况照抄预期目标",
    "LOW_OCR_CONFIDENCE": "扫描件识别可信度低，需对照原件核对",
    "UNKNOWN_MONEY_UNIT": "金额单位无法识别",
    "DAMAGED_TEXT": "文件含无法解码的字节（已替换后读取）",
    "TRUNCATED_FILE": "文件不完整（可能被截断）",
    "UNREAD_FIGURES": "连排数字无法可靠拆分（已留空未读）",
}
SEVERITY_ORDER = ("error", "warning", "info")
INGEST_STATUS_LABELS = {
    "loaded": "已载入",
    "replaced": "已更新",
    "unchanged": "未变化",
    "duplicate": "重复文件",
    "rejected": "被拒绝",
}
# Key fields of parse coverage: name → (Chinese label, SQL condition for "present").
COVERAGE_FIELDS = {
    "budget": ("预算数", "budget is not null"),
    "executed": ("执行数", "executed is not null"),
    "fiscal_budget": ("财政拨款", "fiscal_budget is not null"),
    "year": ("年度", "year is not null"),
    "unit": ("单位", "unit_id is not null"),
    "project_name": ("项目名称", "nullif(trim(project_name), '') is not null"),
    "indicators": ("绩效指标(≥1项)", "n_indicators > 0"),
    "self_score": ("自评总分", "self_score_total is not null"),
    "goals": ("年度总体目标", "nullif(trim(goal_target), '') is not null"),
}
COVERAGE_COLUMNS = (
    "dimension", "group_name", "field", "field_label", "n_present", "n_reports", "share",
)  # fmt: skip

_FLAG_ROWS = """
flag_rows as (
    select f.*, r.year, r.unit_name, r.project_name
    from quality_flags as f
    join filtered_reports as r using (report_id)
)"""

_BY_CODE_SQL = with_filters(
    ctes=_FLAG_ROWS,
    body="""
select code, severity, count(*) as n_flags, count(distinct report_id) as n_reports
from flag_rows
group by code, severity
order by code, severity
""",
)
_BY_YEAR_SQL = with_filters(
    ctes=_FLAG_ROWS,
    body="""
select year, code, count(*) as n_flags
from flag_rows
where year is not null
group by year, code
order by year, code
""",
)
_BY_UNIT_YEAR_SQL = with_filters(
    ctes=_FLAG_ROWS,
    body="""
select unit_name, year, count(*) as n_flags, count(distinct report_id) as n_reports
from flag_rows
where unit_name is not null and year is not null
group by unit_name, year
order by unit_name, year
""",
)
# Every flag under the filters, of the chosen codes ($codes; none chosen: all).
FLAGS = DetailQuery(
    sql=with_filters(
        ctes=_FLAG_ROWS,
        body="""
select report_id, year, unit_name, project_name, code, severity, message, evidence,
       indicator_index, flag_index
from flag_rows
where len($codes::varchar[]) = 0 or list_contains($codes::varchar[], code)
""",
    ),
    order="year desc nulls last, unit_name, project_name, report_id, flag_index",
    sortable=("year", "unit_name", "project_name", "severity", "code", "message"),
    searchable=("unit_name", "project_name", "code", "message", "evidence"),
)
_FLAG_LIST_SQL = f"select * from ({FLAGS.sql}) as detail order by {FLAGS.order}"
_FLAGGED_REPORTS_SQL = with_filters(
    ctes=_FLAG_ROWS, body="select count(distinct report_id) from flag_rows"
)
_LAST_LOADED_SQL = with_filters(
    "select max(ingested_at) from latest_ingest where status <> 'rejected'"
)
_INGEST_SQL = with_filters(
    """
select file, status, reason, n_reports as report_count, warnings, ingested_at, loaded_by
from latest_ingest
order by status = 'rejected' desc, ingested_at desc, file
"""
)
_PRESENT_COUNTS = ",\n    ".join(
    f"count(*) filter (where {condition}) as {name}"
    for name, (_, condition) in COVERAGE_FIELDS.items()
)
_COVERAGE_SQL = with_filters(
    f"""
select
    case
        when grouping(source_format) = 0 then 'source_format'
        when grouping(form_kind) = 0 then 'form_kind'
        when grouping(layout) = 0 then 'layout'
        when grouping(row_builder) = 0 then 'row_builder'
        else 'all'
    end as dimension,
    case
        when grouping(source_format) = 0 then coalesce(source_format, '未知')
        when grouping(form_kind) = 0 then coalesce(form_kind, '未知')
        when grouping(layout) = 0 then coalesce(layout, '未知')
        when grouping(row_builder) = 0 then coalesce(row_builder, '无指标表')
        else '全部'
    end as group_name,
    count(*) as n_reports,
    {_PRESENT_COUNTS}
from filtered_reports
group by grouping sets ((), (source_format), (form_kind), (layout), (row_builder))
"""
)
_JUDGEABLE_SQL = with_filters(
    """
select
    count(*) as n_indicators,
    count(*) filter (where is_judged)
from filtered_indicators
"""
)


@dataclass(frozen=True)
class Judgeability:
    """How many indicators under the filters have a completion status that could be judged."""

    n_indicators: int
    n_judgeable: int

    @property
    def share(self) -> float | None:
        """Percent of indicators judged met/partly met/not met; None without indicators."""
        return self.n_judgeable / self.n_indicators * 100 if self.n_indicators else None


# Words of the checks' evidence (etl/checks.py writes `field=value @ position`) as the
# dashboard and the workbook show them: field names become their Chinese labels.
_EVIDENCE_FIELDS = {
    **{key: catalogue.label(key) for key in ("budget", "executed", "execution_rate",
       "execution_rate_stated", "budget_score", "grade", "self_score_total", "score",
       "weight")},
    "budget_initial": "年初预算数", "fiscal_budget": "财政拨款（预算）",
    "fiscal_executed": "财政拨款（执行）", "other_budget": "其他资金（预算）",
    "other_executed": "其他资金（执行）", "budget_weight": "预算执行分值",
    "goal_actual": "实际完成情况", "indicator scores": "各指标得分",
    **{key: metric.label for key, metric in OUTCOME_METRICS.items()},
}  # fmt: skip
_EVIDENCE_PHRASES = (
    (re.compile(r"(?<![\w.])(indicator scores|[a-z][a-z0-9_]*)(?==)"),
     lambda m: _EVIDENCE_FIELDS.get(m.group(1), m.group(1))),
    (re.compile(r"target == actual \((\d+) chars\)"), r"实际完成情况与预期目标相同（\1字）"),
    (re.compile(r"\bno reason\b"), "未填写偏差原因"),
    (re.compile(r"\bstated "), "文中"),
    (re.compile(r" @ "), " 见 "),
)  # fmt: skip


def readable_evidence(evidence: str | None) -> str | None:
    """A flag's evidence in Chinese words: 'executed=423.65 @ a.txt:14' reads
    '执行数=423.65 见 a.txt:14' (values, positions and quoted sentences unchanged)."""
    if not evidence:
        return evidence
    for pattern, replacement in _EVIDENCE_PHRASES:
        evidence = pattern.sub(replacement, evidence)
    return evidence


def describe_flag(code: str) -> str:
    """The Chinese description of a flag code; an unknown code is shown as it is."""
    return FLAG_DESCRIPTIONS.get(code, code)


def flags_by_code(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Flag counts per (code, severity) under `filters`.

    Columns: code, description, severity, n_flags, n_reports (reports with at least one
    such flag). Codes with most flags come first.
    """
    counts = frame(con, _BY_CODE_SQL, filters)
    counts.insert(1, "description", counts["code"].map(describe_flag))
    total = counts.groupby("code")["n_flags"].transform("sum")
    order = counts["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    counts = counts.assign(_total=total, _order=order)
    counts = counts.sort_values(["_total", "code", "_order"], ascending=[False, True, True])
    return counts.drop(columns=["_total", "_order"]).reset_index(drop=True)


def flags_by_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Flag counts per (year, code): columns year, code, description, n_flags."""
    counts = frame(con, _BY_YEAR_SQL, filters)
    counts.insert(2, "description", counts["code"].map(describe_flag))
    return counts


def flags_by_unit_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Flag counts per (unit, year): columns unit_name, year, n_flags, n_reports."""
    return frame(con, _BY_UNIT_YEAR_SQL, filters)


def flag_list(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every flag under `filters` with its report's year, unit and project, newest first."""
    return _readable_flags(frame(con, _FLAG_LIST_SQL, filters, {"codes": []}))


def flag_page(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    request: PageRequest,
    codes: tuple[str, ...] = (),
) -> Paged:
    """A page of `flag_list`, of the flags with one of `codes` (all when empty)."""
    page = fetch_page(con, FLAGS, filters, request, {"codes": list(codes)})
    return replace(page, rows=_readable_flags(page.rows))


def flagged_report_count(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """How many reports under `filters` have at least one flag."""
    return int(rows(con, _FLAGGED_REPORTS_SQL, filters)[0][0])


def _readable_flags(flags: pd.DataFrame) -> pd.DataFrame:
    """Flags with the check's description beside its code and the evidence in words."""
    flags.insert(5, "description", flags["code"].map(describe_flag))
    flags["evidence"] = flags["evidence"].map(readable_evidence)
    return flags.drop(columns="flag_index")


def ingest_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each file's latest ingest outcome (the `latest_ingest` view), rejected files first.

    Not narrowed by the report filters: a rejected file has no report to filter on.
    Columns: file, status, reason, report_count, warnings, ingested_at, loaded_by.
    """
    return frame(con, _INGEST_SQL, Filters())


def last_loaded(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When a report was last loaded into the warehouse (UTC), None before any load: the
    data's freshness, shown in every page's header."""
    found = rows(con, _LAST_LOADED_SQL, Filters())
    return found[0][0] if found else None


def coverage(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Share of reports under `filters` that carry each key field, overall and per group.

    Returns a long frame (`COVERAGE_COLUMNS`): dimension ('all', 'source_format',
    'form_kind', 'layout' (the text layout the parser recognised) or 'row_builder' (how
    it rebuilt the indicator rows; null reads '无指标表')), group_name (a null
    group reads '未知'; 'all' reads '全部'),
    field, field_label, n_present, n_reports and share (percent). Empty when no report
    matches.
    """
    wide = frame(con, _COVERAGE_SQL, filters)
    wide = wide[wide["n_reports"] > 0]
    if wide.empty:
        return pd.DataFrame(columns=list(COVERAGE_COLUMNS))
    long = wide.melt(
        id_vars=["dimension", "group_name", "n_reports"],
        value_vars=list(COVERAGE_FIELDS),
        var_name="field",
        value_name="n_present",
    )
    long["field_label"] = long["field"].map(lambda name: COVERAGE_FIELDS[name][0])
    long["share"] = long["n_present"] / long["n_reports"] * 100
    # Stable order for tables and charts: overall first, then groups by name, fields as listed.
    order = {"all": 0, "source_format": 1, "form_kind": 2, "layout": 3, "row_builder": 4}
    long["_dimension"] = long["dimension"].map(order)
    long["_field"] = long["field"].map({name: i for i, name in enumerate(COVERAGE_FIELDS)})
    long = long.sort_values(["_dimension", "group_name", "_field"])
    return long[list(COVERAGE_COLUMNS)].reset_index(drop=True)


def indicator_judgeability(con: duckdb.DuckDBPyConnection, filters: Filters) -> Judgeability:
    """Indicators under `filters` (category filter included) whose completion was judged."""
    ((total, judgeable),) = rows(con, _JUDGEABLE_SQL, filters)
    return Judgeability(n_indicators=int(total), n_judgeable=int(judgeable))
