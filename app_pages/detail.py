"""报告详情: the reports under the filters, then one report in full beside its source text."""

import streamlit as st

from dashboard import cache, report_picker, report_view, theme, widgets
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries import detail
from dashboard.queries.reports import list_reports, summarize_reports

filters = widgets.start_page("报告详情", "查看一份报告的全部数字、指标和质量问题，并对照原文")
reports = cache.run(list_reports, filters)
totals = summarize_reports(reports)

# layout
if reports.empty:
    widgets.empty()
else:
    widgets.kpi_row(
        [
            widgets.metric("report_count", totals.report_count),
            widgets.metric("budget_total", totals.budget_total),
            widgets.metric("executed_total", totals.executed_total),
            widgets.metric("execution_rate", totals.execution_rate),
        ],
        per_row=4,
    )
    event = widgets.table(
        reports.assign(form_kind=reports["form_kind"].map(theme.form_kind_label)),
        "报告列表",
        hide_index=True,
        height=320,
        key=report_picker.TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        column_order=["year", "unit_name", "project_name", "budget", "executed",
                      "execution_rate", "self_score_total", "grade", "form_kind",
                      "quality_flag_count"],
    )  # fmt: skip
    report_picker.follow_table(event, reports)

chosen = report_picker.pick(reports)
if chosen is None:
    if not reports.empty:
        st.info(t("请选择一份报告查看详情。"), icon=":material/touch_app:")
    st.stop()
report = cache.run(detail.report_detail, chosen)
if report is None:  # the warehouse changed under an open page
    st.warning(t("找不到报告“{report}”。", report=markdown(chosen)), icon=":material/warning:")
    st.stop()

st.divider()
report_view.show(
    report,
    cache.run(detail.report_indicators, chosen),
    cache.run(detail.report_outcomes, chosen),
    cache.run(detail.report_flags, chosen),
)
