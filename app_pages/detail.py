"""报告详情: the reports under the filters, then one report in full beside its source text."""

import pandas as pd
import streamlit as st

from dashboard import cache, source_view, theme, widgets
from dashboard.escape import markdown
from dashboard.queries import detail, quality
from dashboard.queries.reports import list_reports, summarize_reports

REPORT_KEY = "report"  # URL parameter (and picker key); other pages link with detail?report=<id>
_TABLE_KEY = "detail_report_table"
_APPLIED_KEY = "_detail_applied_selection"  # the table selection already copied to the picker
_LAST_URL_KEY = "_detail_last_url_report"  # the URL's report value on the previous run
_LINKED_KEY = "_detail_linked_reports"  # id → label of linked reports outside the filters
_LABEL_COLORS = {
    label: theme.COMPLETION_COLORS[code] for code, label in theme.COMPLETION_LABELS.items()
}


def _report_list(reports: pd.DataFrame) -> None:
    """KPI row and the selectable report table; a newly selected row opens that report."""
    totals = summarize_reports(reports)
    widgets.kpi_row(
        [
            widgets.Kpi("报告数", theme.format_count(totals.report_count)),
            widgets.Kpi("预算总额(万元)", theme.format_wan_yuan(totals.budget_total)),
            widgets.Kpi("执行总额(万元)", theme.format_wan_yuan(totals.executed_total)),
            widgets.Kpi(
                "执行率",
                theme.format_percent(totals.execution_rate),
                help="Σ执行数 ÷ Σ预算数，只计两者都有的报告",
            ),
        ],
        per_row=4,
    )
    event = widgets.table(
        reports.assign(form_kind=reports["form_kind"].map(theme.form_kind_label)),
        "报告列表",
        hide_index=True,
        height=320,
        key=_TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        column_order=[
            "year",
            "unit_name",
            "project_name",
            "budget",
            "executed",
            "execution_rate",
            "self_score_total",
            "grade",
            "form_kind",
            "quality_flag_count",
        ],
        column_config={
            "year": st.column_config.NumberColumn("年度", format="%d", width="small"),
            "unit_name": "单位",
            "project_name": st.column_config.TextColumn("项目名称", width="large"),
            "budget": st.column_config.NumberColumn("预算数(万元)", format=theme.WAN_YUAN_FORMAT),
            "executed": st.column_config.NumberColumn("执行数(万元)", format=theme.WAN_YUAN_FORMAT),
            "execution_rate": st.column_config.NumberColumn("执行率", format=theme.PERCENT_FORMAT),
            "self_score_total": st.column_config.NumberColumn(
                "自评得分", format=theme.SCORE_FORMAT
            ),
            "grade": "等级",
            "form_kind": "表式",
            "quality_flag_count": st.column_config.NumberColumn("质量问题", format="%d"),
        },
    )
    selected = tuple(event.selection.rows) if event is not None else ()
    # Copy a selection to the picker only when it changes, so the picker stays usable after.
    if selected and selected != st.session_state.get(_APPLIED_KEY):
        _show(reports["report_id"].iloc[selected[0]])
    st.session_state[_APPLIED_KEY] = selected


def _show(report_id: str | None) -> None:
    """Select `report_id` in the picker and write it to the URL, so the view can be shared."""
    st.session_state[REPORT_KEY] = report_id
    _picked()


def _picked() -> None:
    """Mirror the picker in the URL: ?report=<id>, not its label (so it is not bound)."""
    chosen = st.session_state.get(REPORT_KEY)
    if chosen is None:
        st.query_params.pop(REPORT_KEY, None)
    else:
        st.query_params[REPORT_KEY] = chosen
    st.session_state[_LAST_URL_KEY] = chosen


def _picker_options(reports: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Report ids for the picker and their labels, with reports opened by link added.

    Other pages link with the id (``detail?report=<id>``): an id that newly appears in the
    URL is copied into the picker. A linked report outside the filters stays in the options
    for the session; an unknown id is dropped with a warning.
    """
    labels = {
        rid: detail.report_label(year, unit, project)
        for rid, year, unit, project in reports[
            ["report_id", "year", "unit_name", "project_name"]
        ].itertuples(index=False)
    }
    extra: dict[str, str] = st.session_state.setdefault(_LINKED_KEY, {})
    requested = st.query_params.get(REPORT_KEY)
    is_new = requested != st.session_state.get(_LAST_URL_KEY)
    st.session_state[_LAST_URL_KEY] = requested
    if requested and is_new:
        _open_linked(requested, labels, extra)
    added = {rid: label for rid, label in extra.items() if rid not in labels}
    if added:
        st.caption("通过链接打开的报告不在当前筛选范围内，已一并列在选择框中。")
    return [*added, *labels], {**added, **labels}


def _open_linked(report_id: str, labels: dict[str, str], extra: dict[str, str]) -> None:
    """Select the report a link asked for; warn when no such report exists."""
    if report_id not in labels:
        linked = cache.run(detail.report_detail, report_id)
        if linked is None:
            st.warning(
                f"找不到报告“{markdown(report_id)}”，可能已被删除或链接有误。请从列表中选择。",
                icon=":material/warning:",
            )
            return
        extra[report_id] = linked.label
    st.session_state[REPORT_KEY] = report_id


def _header(report: detail.ReportDetail) -> None:
    value = report.value
    st.subheader(markdown(value("project_name") or "（未识别项目名称）"))
    facts = {
        "年度": value("year"),
        "单位": value("unit_name"),
        "主管部门": value("department_name"),
        "表式": theme.form_kind_label(value("form_kind")),
        "金额单位（原文）": value("money_unit"),
        "源文件": value("source_file"),
    }
    st.markdown("　".join(f"**{k}**：{markdown(v)}" for k, v in facts.items()))


def _report_kpis(report: detail.ReportDetail) -> None:
    """The report's headline figures: money in 万元, computed vs stated rate, scores."""
    value = report.value
    rate, stated = value("execution_rate"), value("execution_rate_stated")
    gap = None if rate is None or stated is None else rate - stated
    widgets.kpi_row(
        [
            widgets.Kpi("全年预算数(万元)", theme.format_wan_yuan(value("budget"))),
            widgets.Kpi("全年执行数(万元)", theme.format_wan_yuan(value("executed"))),
            widgets.Kpi(
                "执行率(计算)",
                theme.format_percent(rate),
                delta=None if gap is None else f"{gap:+.2f} 个百分点 vs 填报",
                delta_color="off",
                help="执行数 ÷ 全年预算数",
            ),
            widgets.Kpi(
                "执行率(填报)",
                theme.format_percent(stated),
                help=_where(report, "execution_rate_stated"),
            ),
            widgets.Kpi(
                "预算执行得分",
                f"{theme.format_score(value('budget_score'))} / "
                f"{theme.format_score(value('budget_weight'))}",
                help="得分 / 分值",
            ),
            widgets.Kpi(
                "自评总分",
                theme.format_score(value("self_score_total")),
                delta=f"等级：{markdown(value('grade'))}" if value("grade") else None,
                delta_color="off",
                help=_where(report, "self_score_total"),
            ),
        ],
        per_row=3,
    )


def _where(report: detail.ReportDetail, name: str) -> str | None:
    """'原文位置：…' for a field, when the ETL recorded where it read it."""
    position = report.provenance.get(name)
    return f"原文位置：{markdown(position)}" if position else None


def _budget(report: detail.ReportDetail) -> None:
    value = report.value
    st.markdown("#### 预算执行")
    rows = detail.budget_rows(report)
    if rows.empty:
        st.info("报告中没有识别到资金数字。", icon=":material/info:")
        return
    unit = value("money_unit") or "原文单位"
    widgets.table(
        rows,
        "预算明细",
        hide_index=True,
        key="detail_budget_table",
        column_order=["item", "wan_yuan", *(["original"] if unit != "万元" else []), "position"],
        column_config={
            "item": "项目",
            "wan_yuan": st.column_config.NumberColumn("金额(万元)", format=theme.WAN_YUAN_FORMAT),
            "original": st.column_config.NumberColumn(f"原文金额({unit})", format="%.2f"),
            "position": "原文位置",
        },
    )


def _goals(report: detail.ReportDetail) -> None:
    st.markdown("#### 年度总体目标")
    target, actual = st.columns(2)
    goals = ((target, "goal_target", "预期目标"), (actual, "goal_actual", "实际完成情况"))
    for column, name, title in goals:  # fmt: skip
        with column:
            st.markdown(f"**{title}**")
            st.text(report.value(name) or "（未填写）")
            if name in report.provenance:
                st.caption(f"原文位置：{markdown(report.provenance[name])}")


def _status_style(label: str) -> str:
    """Cell style of a completion label: its theme colour as text on a light tint."""
    color = _LABEL_COLORS.get(label)
    return f"background-color: {color}33; color: {color}; font-weight: 600" if color else ""


def _indicators(indicators: pd.DataFrame) -> None:
    st.markdown(f"#### 绩效指标（{len(indicators)}项）")
    if indicators.empty:
        st.info("报告中没有识别到绩效指标表。", icon=":material/info:")
        return
    table = indicators.assign(
        completion_status=indicators["completion_status"].map(
            lambda s: theme.COMPLETION_LABELS.get(s, s)
        ),
        completion_ratio=indicators["completion_ratio"] * 100,
    )
    widgets.table(
        table.style.map(_status_style, subset=["completion_status"]),
        "绩效指标",
        hide_index=True,
        key="detail_indicator_table",
        column_order=[
            "level2",
            "level3",
            "target",
            "actual",
            "completion_status",
            "completion_ratio",
            "weight",
            "score",
            "deviation_reason",
            "source_position",
            "level1",
        ],
        column_config={
            "level1": "一级指标",
            "level2": "二级指标",
            "level3": "三级指标",
            "target": "指标值",
            "actual": "实际完成值",
            "weight": st.column_config.NumberColumn("分值", format=theme.SCORE_FORMAT),
            "score": st.column_config.NumberColumn("得分", format=theme.SCORE_FORMAT),
            "completion_status": "完成情况",
            "completion_ratio": st.column_config.NumberColumn(
                "完成比", format=theme.PERCENT_FORMAT, help="实际值 ÷ 指标值（反向指标取倒数）"
            ),
            "deviation_reason": st.column_config.TextColumn("偏差原因", width="medium"),
            "source_position": "原文位置",
        },
    )


def _outcomes(outcomes: pd.DataFrame) -> None:
    st.markdown(f"#### 产出成效（{len(outcomes)}项）")
    if outcomes.empty:
        st.caption("正文中没有识别到产出成效数字。")
        return
    widgets.table(
        outcomes.fillna({"qualifier": "", "entity": "", "scope": ""}),
        "产出成效",
        hide_index=True,
        key="detail_outcome_table",
        column_order=[
            "metric_label",
            "value",
            "unit",
            "qualifier",
            "entity",
            "scope",
            "sentence",
            "rule_label",
            "conflict",
            "source_position",
        ],
        column_config={
            "metric_label": "成效指标",
            "value": st.column_config.NumberColumn("数值", format="%g"),
            "unit": "单位",
            "qualifier": "限定",
            "entity": "主体",
            "scope": "口径",
            "sentence": st.column_config.TextColumn("原句", width="large"),
            "rule_label": st.column_config.TextColumn("读取依据"),
            "conflict": st.column_config.CheckboxColumn("前后不一"),
            "source_position": "原文位置",
        },
    )


def _flags(flags: pd.DataFrame) -> None:
    st.markdown(f"#### 质量问题（{len(flags)}项）")
    if flags.empty:
        st.success("该报告未发现质量问题。", icon=":material/check_circle:")
        return
    table = flags.assign(
        description=flags["code"].map(quality.describe_flag),
        severity=flags["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s)),
    )
    widgets.table(
        table,
        "质量问题",
        hide_index=True,
        key="detail_flag_table",
        # (the flag's code is for the warehouse; its description says the same in Chinese)
        column_order=["severity", "description", "message", "evidence"],
        column_config={
            "severity": st.column_config.TextColumn("严重程度", width="small"),
            "description": "问题类型",
            "message": st.column_config.TextColumn("说明", width="large"),
            "evidence": "依据（数值与原文位置）",
        },
    )


def _located_terms(
    report: detail.ReportDetail, indicators: pd.DataFrame, outcomes: pd.DataFrame
) -> list[str]:
    """What to highlight: money as written, the stated rate, indicator values, sentences."""
    terms: list[str] = []
    for name in detail.BUDGET_FIELDS:
        terms += source_view.money_spellings(report.value(f"{name}_original"))
    stated = report.value("execution_rate_stated")
    if stated is not None:
        terms += [f"{stated:.2f}%", f"{stated:.1f}%", f"{stated:g}%"]
    texts = [report.value("goal_target"), report.value("goal_actual")]
    texts += list(indicators["target"]) + list(indicators["actual"]) + list(outcomes["sentence"])
    return terms + source_view.text_terms(texts)


def _source(report: detail.ReportDetail, terms: list[str]) -> None:
    st.markdown("#### 原文")
    path = report.value("source_file")
    source = source_view.source_text(path) if path else None
    if source is None or source.text is None:
        message = markdown(source.error) if source else "该报告没有记录源文件。"
        st.warning(message, icon=":material/warning:")
        return
    spans = source_view.find_spans(source.text, terms)
    st.caption(f"{markdown(path)}　已标出 {len(spans)} 处识别到的数值和文字")
    if (report.value("reports_in_file") or 1) > 1:
        st.caption(
            f"该文件共含 {report.value('reports_in_file')} 份报告，下方为整个文件；"
            "其他报告中与本报告相同的数值和文字也会被标出。"
        )
    with st.container(height=1100, border=True):
        st.html(source_view.as_block(source_view.highlight(source.text, terms)))


filters = widgets.start_page("报告详情", "查看一份报告的全部数字、指标和质量问题，并对照原文")
reports = cache.run(list_reports, filters)
if reports.empty:
    widgets.empty()
else:
    _report_list(reports)

options, labels = _picker_options(reports)
if not options:
    st.stop()
chosen = st.selectbox(
    "选择报告",
    options,
    index=None,
    format_func=lambda rid: labels.get(rid, rid),
    placeholder="在上表中点选一行，或在此搜索年度、单位、项目名称",
    key=REPORT_KEY,
    on_change=_picked,
)
if chosen is None:
    st.info("请选择一份报告查看详情。", icon=":material/touch_app:")
    st.stop()
report = cache.run(detail.report_detail, chosen)
if report is None:  # the warehouse changed under an open page
    st.warning(f"找不到报告“{markdown(chosen)}”。", icon=":material/warning:")
    st.stop()

indicators = cache.run(detail.report_indicators, chosen)
outcomes = cache.run(detail.report_outcomes, chosen)
flags = cache.run(detail.report_flags, chosen)
st.divider()
_header(report)
_report_kpis(report)
main, side = st.columns([3, 2], gap="medium")
with main:
    _budget(report)
    _goals(report)
    _indicators(indicators)
    _outcomes(outcomes)
    _flags(flags)
with side:
    _source(report, _located_terms(report, indicators, outcomes))
