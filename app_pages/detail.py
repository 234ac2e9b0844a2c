"""报告详情: the reports under the filters, then one report in full beside its source text."""

import streamlit as st

from dashboard import cache, chosen_report, navigation, rectification, report_view, widgets
from dashboard.i18n import t
from dashboard.queries import design, detail, scores
from dashboard.queries import rectification as rectification_queries
from dashboard.queries.reports import report_totals
from dashboard.sidebar import current_profile
from etl.scoring.profiles import get_profile

filters = widgets.start_page("报告详情", "查看一份报告的全部数字、指标和质量问题，并对照原文")
navigation.back_link()  # to the page whose table row opened this report
totals = cache.run(report_totals, filters)
chosen = chosen_report.chosen()
report = None if chosen is None else cache.run(detail.report_detail, chosen)
in_scope = False
if chosen is not None and report is not None:
    in_scope = cache.run(detail.in_scope, filters, chosen)
    indicators = cache.run(detail.report_indicators, chosen)
    outcomes = cache.run(detail.report_outcomes, chosen)
    flags = cache.run(detail.report_flags, chosen)
    profile = get_profile(current_profile())
    tracked, store_error = rectification.items_or_error()
    review = report_view.Review(
        profile.name,
        cache.run(scores.report_score, chosen, profile.key),
        cache.run(scores.report_warning_rows, chosen),
        cache.run(design.report_findings, chosen),
        cache.run(rectification_queries.report_items, chosen, tracked),
        store_error,
    )

# layout
if totals.report_count == 0:
    widgets.empty()
else:
    report_view.report_list(totals, filters)  # a ticked row opens its report
if chosen is None:
    if totals.report_count:
        st.info(
            t("在上表中勾选一份报告查看详情；表上方可按单位、项目名称搜索。"),
            icon=":material/touch_app:",
        )
    st.stop()
chosen_report.explain(chosen, report is not None, in_scope)
if report is None:
    st.stop()
st.divider()
st.button(t("关闭报告"), icon=":material/close:", on_click=chosen_report.close)
report_view.show(report, indicators, outcomes, flags, review)
