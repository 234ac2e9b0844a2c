"""绩效看板 entry point: page settings and the list of pages, nothing else."""

import streamlit as st

st.set_page_config(page_title="绩效看板", page_icon=":material/analytics:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/reports.py", title="报告列表", icon=":material/table_view:", default=True),
    ]
)
navigation.run()
