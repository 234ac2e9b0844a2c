"""One definition per concept: every metric and table column the dashboard shows.

A `Field` is one row of the catalogue (as datasette declares its facets): the key the
queries name the value by, its label in Chinese and English, its kind (which fixes the
number format on screen, in CSV/Excel and in the briefing files) and a one-line
definition shown as help text. Pages, charts, downloads and the three briefing files take
their labels and formats from here; nothing else spells a column's name.

The rates are defined here once, as SQL over the filter CTEs of `dashboard.queries.base`
(and as the same ratio in pandas for the few figures re-aggregated in Python). Values
are never rounded in SQL: every surface rounds at display time with the kind's format,
so a rate reads the same on a page, a slide and a spreadsheet.

No Streamlit here: `dashboard.widgets` turns fields into st.column_config entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard import theme
from dashboard.locale_en import EN
from etl.outcomes.vocabulary import METRICS as OUTCOME_METRICS

Language = Literal["zh", "en"]
LANGUAGES: dict[Language, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE: Language = "zh"

# How a value is written. "int" is a plain integer (a year reads 2024, not 2,024);
# "count" an integer with thousands separators.
Kind = Literal["text", "int", "count", "money", "percent", "score", "number", "link"]

# printf formats of st.column_config.NumberColumn (sprintf-js: "," adds separators).
SCREEN_FORMATS: dict[str, str] = {
    "int": "%d",
    "count": "%,d",
    "money": "%,.2f",  # money is stored in 万元; two decimals as on the forms
    "percent": "%.2f%%",  # rates are stored as percent values (84.68 means 84.68 %)
    "score": "%.2f",
    "number": "localized",
}
# What a money column's header adds, per language: values are in 万元.
MONEY_SUFFIX: dict[Language, str] = {"zh": "（万元）", "en": " (10k yuan)"}


@dataclass(frozen=True)
class Field:
    """One concept: a metric or a table column."""

    key: str
    zh: str
    en: str
    kind: Kind = "text"
    help_zh: str | None = None
    help_en: str | None = None
    width: Literal["small", "medium", "large"] | None = None

    def label(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        """The bare label (a KPI card's title, a chart's axis)."""
        return self.en if lang == "en" else self.zh

    def header(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        """The label as a table header: money columns say their unit."""
        suffix = MONEY_SUFFIX[lang] if self.kind == "money" else ""
        return self.label(lang) + suffix

    def help(self, lang: Language = DEFAULT_LANGUAGE) -> str | None:
        """The one-line definition shown as help text."""
        return self.help_en if lang == "en" else self.help_zh

    def format(self, value: float | None, lang: Language = DEFAULT_LANGUAGE) -> str:
        """A value as text, the way every surface writes this kind."""
        return format_value(self.kind, value, lang)


def _fields(*fields: Field) -> dict[str, Field]:
    return {field.key: field for field in fields}


# --- metrics: the figures of KPI cards, rankings and comparisons ---------------------------
METRICS = _fields(
    Field("budget_total", "预算总额", "Total budget", "money",
          "全年预算数合计", "Sum of the full-year budgets"),
    Field("executed_total", "执行总额", "Total executed", "money",
          "全年执行数合计", "Sum of the full-year spending"),
    Field("execution_rate", "预算执行率", "Execution rate", "percent",
          "执行数合计 ÷ 预算数合计，只计同时填报预算数和执行数的报告（不是各报告执行率的平均）",
          "Σ executed ÷ Σ budget over reports stating both (not a mean of report rates)"),
    Field("completion_rate", "指标完成率", "Completion rate", "percent",
          "已完成指标 ÷（已完成 + 部分完成 + 未完成）；无法判断完成情况的指标不计入",
          "Met ÷ (met + partly met + not met); indicators that cannot be judged are left out"),
    Field("average_self_score", "平均自评分", "Avg self-score", "score",
          "填报了自评总分的报告的平均分", "Mean total self-score of the reports stating one"),
    Field("average_recomputed_score", "平均重算分", "Avg recomputed score", "score",
          "按所选评分规则由报告数字重算的总分的平均", "Mean total recomputed from the reports' "
          "figures under the chosen scoring profile"),
    Field("differing_reports", "重算不符报告数", "Departing reports", "count",
          "重算总分与自评相差超过阈值（默认5分）或等级不同的报告数",
          "Reports whose recomputed total is beyond the threshold (5 points) from the "
          "self-score, or whose grade differs"),
    Field("red_reports", "红色预警报告", "Red-warning reports", "count",
          "至少有一条红色预警的报告数", "Reports with at least one red warning"),
    Field("yellow_reports", "黄色预警报告", "Yellow-warning reports", "count",
          "有黄色预警、没有红色预警的报告数", "Reports with yellow but no red warnings"),
    Field("green_reports", "无预警报告", "Reports without warnings", "count",
          "没有任何预警的报告数", "Reports without any warning"),
    Field("quality_flag_count", "质量问题数", "Quality flags", "count",
          "数据质量检查发现的“错误”和“警告”条数（不含“提示”）",
          "Errors and warnings found by the data checks (notes left out)"),
    Field("report_count", "报告数", "Reports", "count",
          "纳入统计的自评报告份数", "Self-evaluation reports in scope"),
    Field("project_count", "项目数", "Projects", "count",
          "跨年度识别为同一项目的只计一次", "A project reported over several years counts once"),
    Field("unit_count", "单位数", "Units", "count",
          "填报报告的实施单位（或预算单位）数", "Implementing (or budget) units that reported"),
    Field("indicator_count", "指标数", "Indicators", "count"),
    Field("library_indicators", "在用指标", "Indicators in use", "count",
          "名称归一后不同的绩效指标个数", "Distinct indicators once names are normalised"),
    Field("named_indicator_rows", "指标使用次数", "Indicator uses", "count",
          "各报告中能归入指标库的指标行数（仅有目标描述、没有指标名称的行不计）",
          "Indicator rows of the reports filed under a library name (rows without a name "
          "are left out)"),
    Field("shortfall_count", "未完成及部分完成", "Not or partly met", "count",
          "完成情况为部分完成或未完成的指标", "Indicators partly met or not met"),
    Field("not_judgeable_count", "无法判断", "Cannot be judged", "count",
          "目标或实际值为定性描述、无法比较的指标，不计入完成率",
          "Qualitative target or result: left out of the completion rate"),
    Field("quantified_share", "量化目标占比", "Quantified targets", "percent",
          "目标值含明确数字（非定性描述）的指标占全部指标的比例",
          "Share of indicators whose target is a number"),
    Field("reason_missing", "缺少偏差原因", "Reason missing", "count",
          "部分完成或未完成、但未填写偏差原因的指标",
          "Partly or not met indicators without a reason for the shortfall"),
    Field("indicators_met", "已完成指标", "Indicators met", "count"),
    Field("indicators_partly_met", "部分完成指标", "Indicators partly met", "count"),
    Field("indicators_not_met", "未完成指标", "Indicators not met", "count"),
    Field("flags_per_report", "每份报告质量问题", "Flags per report", "score",
          "质量问题数 ÷ 报告数", "Quality flags ÷ reports"),
    Field("budget_change_pct", "预算增幅", "Budget change", "percent",
          "预算变化 ÷ 对比年度预算", "Budget change ÷ the comparison year's budget"),
    Field("years_reported", "报告年数", "Years reported", "int"),
    # 数据质量
    Field("flag_total", "问题总数", "Problems", "count"),
    Field("flagged_reports", "涉及报告数", "Reports concerned", "count"),
    Field("error_flags", "错误级问题", "Errors", "count"),
    Field("warning_flags", "警告级问题", "Warnings", "count"),
    Field("info_flags", "提示级问题", "Notes", "count"),
    Field("file_count", "文件数", "Files", "count"),
    Field("loaded_files", "已入库文件", "Files loaded", "count"),
    Field("rejected_files", "被拒绝文件", "Files rejected", "count"),
    Field("loaded_reports", "入库报告数", "Reports loaded", "count"),
    Field("budget_parsed", "预算数解析率", "Budget read", "percent",
          "读出预算数的报告占比", "Share of reports whose budget was read"),
    Field("executed_parsed", "执行数解析率", "Executed read", "percent",
          "读出执行数的报告占比", "Share of reports whose spending was read"),
    Field("indicators_parsed", "含绩效指标的报告", "Reports with indicators", "percent",
          "读出绩效指标表的报告占比", "Share of reports whose indicator table was read"),
    Field("judgeable_share", "可判断完成情况的指标", "Indicators judged", "percent",
          "能判断已完成、部分完成或未完成的指标占比",
          "Share of indicators judged met, partly met or not met"),
)  # fmt: skip

# --- table columns: what a row of a detail table holds --------------------------------------
COLUMNS = _fields(
    Field("link", "报告", "Report", "link", "在新标签页打开报告详情（带上当前筛选范围）",
          "Open the report in a new tab (keeping the current filters)", "small"),
    Field("year", "年度", "Year", "int", width="small"),
    Field("unit_name", "单位", "Unit"),
    Field("department_name", "主管部门", "Supervising department"),
    Field("project_name", "项目名称", "Project", width="medium"),
    Field("budget", "预算数", "Budget", "money", "全年预算数", "Full-year budget"),
    Field("executed", "执行数", "Executed", "money", "全年执行数", "Full-year spending"),
    Field("execution_rate_stated", "填报执行率", "Stated execution rate", "percent",
          "报告中填写的执行率", "The execution rate the report states"),
    Field("band_label", "执行区间", "Execution band"),
    Field("self_score_total", "自评得分", "Self-score", "score"),
    Field("budget_score", "预算执行得分", "Budget execution score", "score",
          "得分 / 分值", "Score / weight"),
    Field("grade", "等级", "Grade"),
    Field("recomputed_score", "重算得分", "Recomputed score", "score",
          "按所选评分规则由报告数字重算的总分", "The total recomputed from the report's figures "
          "under the chosen scoring profile"),
    Field("recomputed_grade", "重算等级", "Recomputed grade"),
    Field("score_gap", "重算减自评", "Recomputed − stated", "score",
          "重算得分 − 自评得分", "Recomputed score − self-score"),
    Field("difference_label", "不符之处", "Departure"),
    Field("score_note", "折算与封顶", "Rescaling and cap", width="medium"),
    Field("execution_rate_trend", "执行率走向", "Execution trend", width="small"),
    Field("completion_rate_trend", "完成率走向", "Completion trend", width="small"),
    Field("average_self_score_trend", "自评分走向", "Self-score trend", width="small"),
    Field("warning_level", "预警级别", "Warning level", width="small"),
    Field("warning_rule", "预警规则", "Warning rule", width="medium"),
    Field("warning_message", "预警说明", "Finding", width="large"),
    Field("line_item", "计分项", "Scored item", width="medium"),
    Field("line_points", "重算分", "Points", "score"),
    Field("arithmetic", "计算过程", "Arithmetic", width="large"),
    Field("audited_reports", "审查报告数", "Reports audited", "count",
          "有绩效指标、经过指标设计审查的报告数", "Reports with indicators, audited for design"),
    Field("design_findings", "设计问题数", "Design findings", "count",
          "指标设计审查发现的问题条数", "Findings of the indicator-design audit"),
    Field("findings_per_report", "每份报告设计问题", "Findings per report", "score",
          "设计问题数 ÷ 审查报告数", "Design findings ÷ reports audited"),
    Field("clean_share", "无设计问题报告占比", "Reports without findings", "percent",
          "没有任何设计问题的报告占审查报告的比例",
          "Share of audited reports without a design finding"),
    Field("design_rank", "设计质量排名", "Design rank", "int",
          "按每份报告设计问题由少到多排名，并列时无问题报告占比高者在前",
          "By findings per report, fewest first; ties by the share of clean reports",
          "small"),
    Field("indicator_key", "指标名称", "Indicator", width="medium",
          help_zh="归一后的三级指标名称：去掉编号、空格和括号中的计量单位",
          help_en="The level-3 name with numbering, spaces and a bracketed unit dropped"),
    Field("years_used", "使用年数", "Years used", "int"),
    Field("first_year", "首次使用", "First year", "int", width="small"),
    Field("last_year", "最近使用", "Last year", "int", width="small"),
    Field("typical_target", "常见指标值", "Typical target",
          help_zh="使用该指标的报告中最常见的年度指标值",
          help_en="The commonest target among the reports using the indicator"),
    Field("typical_unit", "常见计量单位", "Typical unit", width="small"),
    Field("spellings", "原文写法", "Spellings as written", width="medium",
          help_zh="归入该指标的各种原文写法", help_en="Every spelling filed under the indicator"),
    Field("rectification_target", "整改对象", "Followed up", width="medium",
          help_zh="整份报告，或报告中的某个指标", help_en="The whole report, or one indicator"),
    Field("rectification_status", "整改状态", "Rectification", width="small"),
    Field("rectification_note", "整改说明", "Note", width="large"),
    Field("status_date", "状态日期", "Status date",
          help_zh="分析人员填写的该状态日期", help_en="The date the analyst set for the status"),
    Field("updated_at", "最后修改", "Last changed",
          help_zh="最后一次保存的时间（UTC）", help_en="When it was last saved (UTC)"),
    Field("rectification_open", "待整改", "To rectify", "count"),
    Field("rectification_in_progress", "整改中", "In progress", "count"),
    Field("rectification_done", "已整改", "Rectified", "count"),
    Field("loaded_by", "导入人", "Loaded by", width="small"),
    Field("upload_reason", "不能导入的原因", "Why it cannot be loaded", width="large"),
    Field("indicators_found", "识别到的指标", "Indicators read", "count", width="small"),
    Field("design_rule", "审查规则", "Audit rule", width="medium"),
    Field("design_message", "审查发现", "Audit finding", width="large"),
    Field("form_kind", "表式", "Form type"),
    Field("source_file", "来源文件", "Source file"),
    Field("money_unit", "金额单位（原文）", "Money unit (as written)"),
    Field("level1", "一级指标", "Level-1 indicator"),
    Field("level1_category", "指标类别", "Indicator category",
          help_zh="一级指标归入的类别（产出、效益、满意度等）",
          help_en="The class of the level-1 indicator (output, effect, satisfaction…)"),
    Field("level2", "二级指标", "Level-2 indicator"),
    Field("level3", "三级指标", "Level-3 indicator", width="medium"),
    Field("target", "年度指标值", "Target"),
    Field("actual", "实际完成值", "Actual"),
    Field("weight", "分值", "Weight", "score"),
    Field("score", "得分", "Score", "score"),
    Field("completion_status", "完成情况", "Completion status"),
    Field("completion_percent", "完成比例", "Completion", "percent",
          "实际值 ÷ 指标值（反向指标为指标值 ÷ 实际值）",
          "Actual ÷ target (target ÷ actual for indicators where less is better)"),
    Field("deviation_reason", "偏差原因", "Reason for shortfall", width="large"),
    Field("source_position", "原文位置", "Source position",
          help_zh="文件:行 或 表格单元格", help_en="file:line or table cell"),
    Field("metric_label", "产出指标", "Outcome"),
    Field("value", "数值", "Value", "number"),
    Field("unit", "计量单位", "Unit of measure"),
    Field("qualifier", "限定词", "Qualifier", help_zh="近、余、以上等",
          help_en="about, over, at least…"),
    Field("entity", "所指主体", "Sub-entity", help_zh="原文把数字归于的下属主体",
          help_en="The sub-unit the sentence gives the figure to"),
    Field("scope", "口径", "Scope"),
    Field("sentence", "原文", "Source sentence", width="large"),
    Field("rule_label", "读取依据", "Read by", help_zh="按哪条规则把这个数字读作产出",
          help_en="The rule that read this figure as an outcome"),
    Field("conflict", "核对", "Check", help_zh="同一产出在报告中写作不同数值",
          help_en="The report states this outcome with different values"),
    Field("severity", "级别", "Severity", width="small"),
    Field("description", "问题类型", "Problem type"),
    Field("message", "问题说明", "Problem", width="large"),
    Field("evidence", "依据（数值与原文位置）", "Evidence (values and source position)"),
    Field("report_flag_count", "该报告问题数", "Flags in this report", "count"),
    Field("file", "文件", "File"),
    Field("status", "状态", "Status"),
    Field("reason", "原因", "Reason", width="large"),
    Field("warnings", "解析警告", "Parse warnings"),
    Field("ingested_at", "入库时间(UTC)", "Loaded at (UTC)"),
    Field("item", "资金项目", "Budget line"),
    Field("amount", "金额", "Amount", "money"),
    Field("original", "原文金额", "Amount as written", "number"),
)  # fmt: skip

CATALOGUE: dict[str, Field] = {**METRICS, **COLUMNS}
if len(CATALOGUE) != len(METRICS) + len(COLUMNS):  # pragma: no cover - a definition error
    raise ValueError("a key is both a metric and a column")


def field(key: str) -> Field:
    """The catalogue row of `key` (KeyError names the missing key)."""
    return CATALOGUE[key]


def label(key: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The label of `key` in `lang`."""
    return CATALOGUE[key].label(lang)


def value_labels() -> dict[str, str]:
    """Labels of coded values shown as titles or categories (execution bands, severities,
    completion statuses, form kinds, outcome metrics), Chinese → English."""
    chinese = [
        *theme.BAND_LABELS.values(),
        *theme.SEVERITY_LABELS.values(),
        *theme.WARNING_LEVEL_LABELS.values(),
        *theme.TREND_LABELS.values(),
        *theme.RECTIFICATION_LABELS.values(),
        theme.WHOLE_REPORT_LABEL,
        *theme.COMPLETION_LABELS.values(),
        *theme.FORM_KIND_LABELS.values(),
        *(metric.label for metric in OUTCOME_METRICS.values()),
    ]
    return {text: EN.get(text, text) for text in chinese}


def all_labels() -> frozenset[str]:
    """Every label and header the catalogue defines, in both languages, and the labels of
    coded values (`value_labels`)."""
    fields = {
        text
        for f in CATALOGUE.values()
        for lang in LANGUAGES
        for text in (f.label(lang), f.header(lang))
    }
    values = value_labels()
    return frozenset(fields | set(values) | set(values.values()))


def format_value(kind: Kind, value: float | None, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A value of `kind` as text ('—' when unknown): money the Chinese way (万元/亿元), or
    in English in millions of yuan (¥88.48m: 1 万元 is 10,000 yuan)."""
    if kind == "money" and lang == "en":
        return theme.MISSING if theme.is_missing(value) else f"¥{value / 100:,.2f}m"
    writers = {
        "money": theme.format_amount,
        "percent": theme.format_percent,
        "score": theme.format_score,
        "count": theme.format_count,
        "int": lambda v: theme.MISSING if theme.is_missing(v) else f"{v:.0f}",
    }
    write = writers.get(kind)
    return write(value) if write else (theme.MISSING if theme.is_missing(value) else str(value))


# What a change of each kind is counted in, per language (percent changes are points).
CHANGE_UNITS: dict[str, dict[Language, str]] = {
    "percent": {"zh": "个百分点", "en": " pp"},
    "score": {"zh": "分", "en": ""},
}


def format_change(kind: Kind, change: float, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A signed change of a value of `kind`: '+1.23亿元', '-4.70个百分点', '+12'."""
    if kind == "money":
        return ("+" if change >= 0 else "-") + format_value("money", abs(change), lang)
    if kind in ("count", "int"):
        return f"{change:+,.0f}"
    return f"{change:+.2f}{CHANGE_UNITS.get(kind, {}).get(lang, '')}"


# --- what counts as a quality problem -------------------------------------------------------
# The flags every "质量问题" count counts: errors and warnings; the `info` notes are left out.
SERIOUS_SEVERITIES = ("error", "warning")
SERIOUS_FLAG_SQL = f"severity in {SERIOUS_SEVERITIES}"

# --- the rates, defined once ---------------------------------------------------------------
# A report counts toward an execution rate only when it states both figures, so one
# missing side does not distort the ratio.
STATES_BOTH_SQL = "(budget is not null and executed is not null)"
# Σexecuted ÷ Σbudget × 100 over the rows of `filtered_reports` (or any rows with the
# columns budget and executed) in the group.
EXECUTION_RATE_SQL = (
    f"100 * sum(executed) filter (where {STATES_BOTH_SQL})"
    f" / nullif(sum(budget) filter (where {STATES_BOTH_SQL}), 0)"
)
# met ÷ judged × 100 over the rows of `filtered_indicators` in the group.
COMPLETION_RATE_SQL = (
    "100 * count(*) filter (where is_met) / nullif(count(*) filter (where is_judged), 0)"
)


def percent_sql(numerator: str, denominator: str) -> str:
    """numerator ÷ denominator × 100 in SQL, NULL when the denominator is 0 or NULL: the
    rates over terms already summed (per report, per unit)."""
    return f"100.0 * ({numerator}) / nullif({denominator}, 0)"


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator per row, NaN where the denominator is 0 or missing."""
    base = denominator.astype("float64")
    return numerator.astype("float64") / base.where(base != 0)


def percent(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """`percent_sql` for sums already in pandas (rates re-aggregated across groups)."""
    return ratio(numerator, denominator) * 100
