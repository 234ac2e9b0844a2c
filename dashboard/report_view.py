"""One report in full, as 报告详情 draws it: header, figures, goals, indicators, outcomes,
flags, and the source text with what was read from it highlighted.

Layout only: the values come from `dashboard.queries.detail`; labels and formats of the
tables are the catalogue's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import catalogue, i18n, pager, rectification_view, rules, source_view, theme, widgets
from dashboard.escape import markdown
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.locale_en import EN
from dashboard.queries import detail, quality, reports, scores
from dashboard.queries.reports import ReportTotals

# A completion label's colour, in both languages (the detail table is styled, not
# translated by the table widget).
_LABEL_COLORS = {
    text: theme.COMPLETION_COLORS[code]
    for code, label in theme.COMPLETION_LABELS.items()
    for text in (label, EN[label])
}


@dataclass(frozen=True)
class Review:
    """What the scoring engine made of a report (etl/scoring)."""

    profile_name: str  # the chosen scoring profile, as its name reads
    score: scores.StoredScore | None  # recomputed under that profile; None: not scored
    warnings: pd.DataFrame  # scores.report_warning_rows
    findings: pd.DataFrame  # design.report_findings
    rectifications: pd.DataFrame  # queries.rectification.report_items
    store_error: str | None = None  # why the rectification store could not be read


def report_list(totals: ReportTotals, filters: Filters) -> None:
    """The reports in scope: their totals and a paged table; a ticked row opens it."""
    widgets.kpi_row(
        [
            widgets.metric("report_count", totals.report_count),
            widgets.metric("budget_total", totals.budget_total),
            widgets.metric("executed_total", totals.executed_total),
            widgets.metric("execution_rate", totals.execution_rate),
        ],
        per_row=4,
    )
    pager.paged_table(
        "报告列表",
        reports.report_page,
        filters,
        ["year", "unit_name", "project_name", "budget", "executed", "execution_rate",
         "self_score_total", "grade", "form_kind", "quality_flag_count"],
        reports.REPORTS.sortable,
        prepare=lambda rows: rows.assign(form_kind=rows["form_kind"].map(theme.form_kind_label)),
        height=320,
    )  # fmt: skip


def _header(report: detail.ReportDetail) -> None:
    value = report.value
    st.subheader(markdown(value("project_name") or t("（未识别项目名称）")))
    facts = {
        key: theme.form_kind_label(value(key)) if key == "form_kind" else value(key)
        for key in ("year", "unit_name", "department_name", "form_kind", "money_unit",
                    "source_file")
    }  # fmt: skip
    lang = i18n.current()
    st.markdown(
        "　".join(f"**{catalogue.label(k, lang)}**：{markdown(v)}" for k, v in facts.items())
    )


def _report_kpis(report: detail.ReportDetail) -> None:
    """The report's headline figures: money, computed vs stated rate, scores."""
    value = report.value
    rate, stated = value("execution_rate"), value("execution_rate_stated")
    gap = None if rate is None or stated is None else rate - stated
    widgets.kpi_row(
        [
            widgets.metric("budget", value("budget")),
            widgets.metric("executed", value("executed")),
            widgets.metric(
                "execution_rate",
                rate,
                delta=None if gap is None else t("{gap} 个百分点 vs 填报", gap=f"{gap:+.2f}"),
                delta_color="off",
            ),
            widgets.metric(
                "execution_rate_stated", stated, help=_where(report, "execution_rate_stated")
            ),
            widgets.Kpi(
                catalogue.label("budget_score", i18n.current()),
                f"{theme.format_score(value('budget_score'))} / "
                f"{theme.format_score(value('budget_weight'))}",
                help=catalogue.field("budget_score").help(i18n.current()),
            ),
            widgets.metric(
                "self_score_total",
                value("self_score_total"),
                delta=t("等级：{grade}", grade=markdown(value("grade")))
                if value("grade")
                else None,
                delta_color="off",
                help=_where(report, "self_score_total"),
            ),
        ],
        per_row=3,
    )


def _where(report: detail.ReportDetail, name: str) -> str | None:
    """'原文位置：…' for a field, when the ETL recorded where it read it."""
    position = report.provenance.get(name)
    return t("原文位置：{position}", position=markdown(position)) if position else None


def _budget(report: detail.ReportDetail) -> None:
    value = report.value
    st.markdown("#### " + t("预算执行"))
    rows = detail.budget_rows(report)
    if rows.empty:
        st.info(t("报告中没有识别到资金数字。"), icon=":material/info:")
        return
    unit = value("money_unit") or t("原文单位")
    original = catalogue.field("original")
    widgets.table(
        rows if unit != "万元" else rows.drop(columns="original"),
        "预算明细",
        hide_index=True,
        key="detail_budget_table",
        column_order=["item", "amount", "original", "source_position"],
        column_config={
            "original": widgets.column_setting(original, header=f"{original.label()}（{unit}）")
        },
    )


def _goals(report: detail.ReportDetail) -> None:
    st.markdown("#### " + t("年度总体目标"))
    target, actual = st.columns(2)
    goals = ((target, "goal_target", "预期目标"), (actual, "goal_actual", "实际完成情况"))
    for column, name, title in goals:  # fmt: skip
        with column:
            st.markdown(f"**{t(title)}**")
            st.text(report.value(name) or t("（未填写）"))
            if name in report.provenance:
                st.caption(t("原文位置：{position}", position=markdown(report.provenance[name])))


def _status_style(label: str) -> str:
    """Cell style of a completion label: its theme colour as text on a light tint."""
    color = _LABEL_COLORS.get(label)
    return f"background-color: {color}33; color: {color}; font-weight: 600" if color else ""


def _indicators(indicators: pd.DataFrame) -> None:
    st.markdown("#### " + t("绩效指标（{n}项）", n=len(indicators)))
    if indicators.empty:
        st.info(t("报告中没有识别到绩效指标表。"), icon=":material/info:")
        return
    table = indicators.assign(
        completion_status=indicators["completion_status"].map(
            lambda s: t(theme.COMPLETION_LABELS.get(s, s))
        ),
        completion_percent=indicators["completion_ratio"] * 100,
    )
    widgets.table(
        table.style.map(_status_style, subset=["completion_status"]),
        "绩效指标",
        hide_index=True,
        key="detail_indicator_table",
        column_order=["level2", "level3", "target", "actual", "completion_status",
                      "completion_percent", "weight", "score", "deviation_reason",
                      "source_position", "level1"],
    )  # fmt: skip


def _outcomes(outcomes: pd.DataFrame) -> None:
    st.markdown("#### " + t("产出成效（{n}项）", n=len(outcomes)))
    if outcomes.empty:
        st.caption(t("正文中没有识别到产出成效数字。"))
        return
    widgets.table(
        outcomes.assign(
            scope=outcomes["scope"].map(theme.OUTCOME_SCOPE_LABELS),
            conflict=outcomes["conflict"].map(theme.CONFLICT_LABELS),
        ),
        "产出成效",
        hide_index=True,
        key="detail_outcome_table",
        column_order=["metric_label", "value", "unit", "qualifier", "entity", "scope",
                      "sentence", "rule_label", "conflict", "source_position"],
    )  # fmt: skip


def _flags(flags: pd.DataFrame) -> None:
    st.markdown("#### " + t("质量问题（{n}项）", n=len(flags)))
    if flags.empty:
        st.success(t("该报告未发现质量问题。"), icon=":material/check_circle:")
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
    )


def _warnings(rows: pd.DataFrame) -> None:
    """The report's red and yellow warnings, each with its rule in words."""
    st.markdown("#### " + t("预警（{n}项）", n=len(rows)))
    if rows.empty:
        st.success(t("该报告没有预警。"), icon=":material/check_circle:")
        return
    widgets.table(
        pd.DataFrame(
            {
                "warning_level": rows["level"].map(theme.WARNING_LEVEL_LABELS),
                "warning_message": rows["message"],
                "warning_rule": [rules.warning_rule(rule) for rule in rows["rule"]],
            }
        ),
        "预警",
        hide_index=True,
        key="detail_warning_table",
    )


def _design(findings: pd.DataFrame) -> None:
    """What the indicator-design audit found in the report, each rule in words."""
    st.markdown("#### " + t("指标设计审查（{n}项）", n=len(findings)))
    if findings.empty:
        st.success(t("该报告的指标设计未发现问题。"), icon=":material/check_circle:")
        return
    widgets.table(
        pd.DataFrame(
            {
                "design_rule": [rules.design_rule(rule) for rule in findings["rule"]],
                "design_message": findings["message"],
            }
        ),
        "指标设计审查",
        hide_index=True,
        key="detail_design_table",
    )


def _recomputed(score: scores.StoredScore | None, profile_name: str) -> None:
    """The total recomputed under the chosen profile, beside the stated one, line by line."""
    st.markdown("#### " + t("按评分规则重算（{profile}）", profile=t(profile_name)))
    if score is None or score.score is None:
        st.info(t("该报告没有可重算的得分项。"), icon=":material/info:")
        return
    lang = i18n.current()
    gap = None if score.stated_score is None else score.score - score.stated_score
    widgets.kpi_row(
        [
            widgets.metric("self_score_total", score.stated_score),
            widgets.Kpi(catalogue.label("grade", lang), score.stated_grade or theme.MISSING),
            widgets.metric("recomputed_score", score.score),
            widgets.Kpi(catalogue.label("recomputed_grade", lang), score.grade or theme.MISSING),
            widgets.metric("score_gap", gap),
        ],
        per_row=5,
    )
    if score.differences:
        st.warning(
            markdown(t(scores.difference_label(score.differences) or "")), icon=":material/warning:"
        )
    if score.note:
        st.caption(markdown(score.note))
    widgets.table(
        score.lines.drop(columns="line_index"),
        "重算过程",
        hide_index=True,
        key="detail_score_lines",
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
    st.markdown("#### " + t("原文"))
    path = report.value("source_file")
    source = source_view.source_text(path) if path else None
    if source is None or source.text is None:
        message = markdown(source.error) if source else t("该报告没有记录源文件。")
        st.warning(message, icon=":material/warning:")
        return
    spans = source_view.find_spans(source.text, terms)
    st.caption(f"{markdown(path)}　" + t("已标出 {n} 处识别到的数值和文字", n=len(spans)))
    if (report.value("reports_in_file") or 1) > 1:
        st.caption(
            t(
                "该文件共含 {n} 份报告，下方为整个文件；"
                "其他报告中与本报告相同的数值和文字也会被标出。",
                n=report.value("reports_in_file"),
            )
        )
    pages = source_view.scanned_pages(path, terms)
    if pages:  # a scan or photo: the page itself, with what was read from it boxed
        boxes = sum(view.boxes for view in pages)
        st.caption(
            t(
                "扫描件：以下为识别的页面，红框为已定位的数值和文字（共 {n} 处），"
                "其后为识别出的文字。",
                n=boxes,
            )
        )
        for view in pages:
            st.image(view.png, caption=t("第 {n} 页", n=view.number))
    with st.container(height=1100, border=True):
        st.html(source_view.as_block(source_view.highlight(source.text, terms)))


def show(
    report: detail.ReportDetail,
    indicator_rows: pd.DataFrame,
    outcome_rows: pd.DataFrame,
    flag_rows: pd.DataFrame,
    review: Review,
) -> None:
    """The whole report: figures and tables on the left, the source text on the right."""
    _header(report)
    _report_kpis(report)
    main, side = st.columns([3, 2], gap="medium")
    with main:
        _budget(report)
        _goals(report)
        _indicators(indicator_rows)
        _outcomes(outcome_rows)
        _flags(flag_rows)
        _warnings(review.warnings)
        _design(review.findings)
        _recomputed(review.score, review.profile_name)
        rectification_view.report_items(report, indicator_rows, review)
    with side:
        _source(report, _located_terms(report, indicator_rows, outcome_rows))
