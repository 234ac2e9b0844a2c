"""绩效看板 entry point: page settings, the shared filter sidebar and the list of pages."""

import contextlib

import streamlit as st

from dashboard import cache, db, sidebar, theme
from dashboard.i18n import t
from dashboard.queries.options import filter_options

# An emoji icon is drawn locally; a ":material/…" page icon would be fetched from Google.
st.set_page_config(page_title=t("绩效看板"), page_icon="📊", layout="wide")
theme.register_plotly_template()
st.html(theme.PAGE_CSS)

PAGES = {
    t("领导视角"): [
        st.Page(
            "app_pages/overview.py", title=t("总览"), icon=":material/dashboard:", default=True
        ),
        st.Page("app_pages/execution.py", title=t("预算执行"), icon=":material/payments:"),
        st.Page("app_pages/indicators.py", title=t("绩效指标"), icon=":material/checklist:"),
        st.Page("app_pages/yoy.py", title=t("同比分析"), icon=":material/trending_up:"),
    ],
    t("分析视角"): [
        st.Page("app_pages/units.py", title=t("单位对比"), icon=":material/compare:"),
        st.Page("app_pages/outcomes.py", title=t("产出成效"), icon=":material/emoji_events:"),
        st.Page("app_pages/detail.py", title=t("报告详情"), icon=":material/description:"),
        st.Page("app_pages/quality.py", title=t("数据质量"), icon=":material/rule:"),
    ],
    t("简报导出"): [
        st.Page("app_pages/export.py", title=t("导出中心"), icon=":material/download:"),
    ],
}

navigation = st.navigation(PAGES)
# Without a warehouse there is nothing to filter; the page says what is missing.
with contextlib.suppress(db.WarehouseUnavailable):
    sidebar.render(cache.run(filter_options))
navigation.run()
