"""Which report 报告详情 shows: the URL's ``?report=<id>``.

Every way of choosing a report ends there: a row ticked in a report table (here or on
another page, `navigation.open_report`) or a link from elsewhere. A report outside the
filters is still shown, with a note; an unknown id gets a warning.
"""

from __future__ import annotations

import streamlit as st

from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.navigation import REPORT_KEY


def chosen() -> str | None:
    """The report id the URL asks for, or None."""
    return st.query_params.get(REPORT_KEY) or None


def close() -> None:
    """Back to the list: no report chosen."""
    st.query_params.pop(REPORT_KEY, None)


def explain(report_id: str, found: bool, in_scope: bool) -> None:
    """Warn about an unknown id; note a report outside the filters."""
    if not found:
        st.warning(
            t(
                "找不到报告“{report}”，可能已被删除或链接有误。请从列表中选择。",
                report=markdown(report_id),
            ),
            icon=":material/warning:",
        )
    elif not in_scope:
        st.caption(t("通过链接打开的报告不在当前筛选范围内。"))
