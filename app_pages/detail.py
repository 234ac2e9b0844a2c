"""报告详情: the reports under the filters, then one report in full beside its source text."""

import streamlit as st

from dashboard import cache, navigation, report_picker, report_view, widgets
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries import detail
from dashboard.queries.reports import list_reports

filters = widgets.start_page("报告详情", "查看一份报告的全部数字、指标和质量问题，并对照原文")
navigation.back_link()  # to the page whose table row opened this report
reports = cache.run(list_reports, filters)
# The page's inputs, drawn first: the report list (a clicked row opens that report) and
# the picker.
if reports.empty:
    widgets.empty()
else:
    report_picker.follow_table(report_view.report_list(reports), reports)
chosen = report_picker.pick(reports)
report = None if chosen is None else cache.run(detail.report_detail, chosen)
if chosen is not None and report is not None:
    indicators = cache.run(detail.report_indicators, chosen)
    outcomes = cache.run(detail.report_outcomes, chosen)
    flags = cache.run(detail.report_flags, chosen)

# layout
if chosen is None:
    if not reports.empty:
        st.info(t("请选择一份报告查看详情。"), icon=":material/touch_app:")
    st.stop()
if report is None:  # the warehouse changed under an open page
    st.warning(t("找不到报告“{report}”。", report=markdown(chosen)), icon=":material/warning:")
    st.stop()
st.divider()
report_view.show(report, indicators, outcomes, flags)
