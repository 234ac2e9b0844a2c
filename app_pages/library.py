"""指标库: every distinct indicator in use, how widely and how well, and who uses it."""

import pandas as pd
import streamlit as st

from dashboard import cache, pager, theme, widgets
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries import library

INDICATOR_KEY = "indicator"  # URL parameter: the indicator whose reports are listed


def _pick(row: pd.Series) -> None:
    """Put the ticked indicator in the URL (a link to it) and draw its reports."""
    if st.query_params.get(INDICATOR_KEY) != row["indicator_key"]:
        st.query_params[INDICATOR_KEY] = row["indicator_key"]
        st.rerun()


filters = widgets.start_page(
    "指标库",
    "各单位在用的绩效指标（名称归一后合并），使用范围、完成情况和常见指标值；"
    "勾选一个指标查看使用它的报告。",
)
indicator_total, named_rows = cache.run(library.library_size, filters)
if indicator_total == 0:
    widgets.empty()
    st.stop()
chosen = st.query_params.get(INDICATOR_KEY)

# layout
widgets.kpi_row(
    [
        widgets.metric("library_indicators", indicator_total),
        widgets.metric("named_indicator_rows", named_rows),
    ],
    per_row=4,
)
st.caption(
    t(
        "名称归一：去掉编号（如“指标1：”“（一）”）、空格、全角与半角差异和括号中的计量单位"
        "（如“培训人数（人）”），写法不同的同一指标合并为一行；“原文写法”列出合并的写法。"
    )
)
pager.paged_table(
    "指标库",
    library.library_page,
    filters,
    ["indicator_key", "level1_category", "report_count", "unit_count", "years_used",
     "completion_rate", "typical_target", "typical_unit", "first_year", "last_year",
     "spellings"],
    library.LIBRARY.sortable,
    report_ids=False,
    on_pick=_pick,
)  # fmt: skip

if not chosen:
    st.info(t("勾选上表中的一个指标，查看使用它的报告。"), icon=":material/touch_app:")
    st.stop()
st.subheader(t("使用“{indicator}”的报告", indicator=markdown(chosen)))
st.caption(t("勾选行首方框打开报告详情。"))
pager.paged_table(
    "指标使用情况",
    library.uses_page,
    filters,
    ["year", "unit_name", "project_name", "level3", "target", "actual", "completion_status",
     "completion_percent", "deviation_reason"],
    library.USES.sortable,
    query_args=(chosen,),
    prepare=lambda rows: rows.assign(
        completion_status=rows["completion_status"].map(theme.COMPLETION_LABELS)
    ),
)  # fmt: skip
