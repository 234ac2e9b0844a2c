"""绩效看板 entry point: page settings, the shared filter sidebar and the list of pages."""

import contextlib

import streamlit as st

from dashboard import cache, db, sidebar, theme
from dashboard import navigation as pages
from dashboard.i18n import t
from dashboard.queries.options import filter_options

# An emoji icon is drawn locally; a ":material/…" page icon would be fetched from Google.
st.set_page_config(page_title=t("绩效看板"), page_icon="📊", layout="wide")
theme.register_plotly_template()
st.html(theme.PAGE_CSS)

navigation = st.navigation(pages.build())
# Without a warehouse there is nothing to filter; the page says what is missing.
with contextlib.suppress(db.WarehouseUnavailable):
    sidebar.render(cache.run(filter_options))
pages.remember_current(navigation.url_path)
navigation.run()
