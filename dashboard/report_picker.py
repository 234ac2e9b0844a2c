"""Which report 报告详情 shows: the picker, the report table's selection and the URL.

Three inputs choose a report and must agree: a row clicked in the report table, the
picker (a searchable select box) and the URL's ``?report=<id>`` (links from other pages).
This module keeps them in step through session state, so the page only draws.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.navigation import REPORT_KEY  # the URL parameter is also the picker's key
from dashboard.queries import detail

TABLE_KEY = "detail_report_table"
_APPLIED_KEY = "_detail_applied_selection"  # the table selection already copied to the picker
_LAST_URL_KEY = "_detail_last_url_report"  # the URL's report value on the previous run
_LINKED_KEY = "_detail_linked_reports"  # id → label of linked reports outside the filters


def follow_table(event: Any, reports: pd.DataFrame) -> None:
    """Open the report of a newly selected table row (a selection is copied only when it
    changes, so the picker stays usable after)."""
    selected = tuple(event.selection.rows) if event is not None else ()
    if selected and selected != st.session_state.get(_APPLIED_KEY):
        _show(reports["report_id"].iloc[selected[0]])
    st.session_state[_APPLIED_KEY] = selected


def pick(reports: pd.DataFrame) -> str | None:
    """The picker over `reports` (plus any linked report); the chosen report id or None."""
    options, labels = _options(reports)
    if not options:
        return None
    return st.selectbox(
        t("选择报告"),
        options,
        index=None,
        format_func=lambda rid: labels.get(rid, rid),
        placeholder=t("在上表中点选一行，或在此搜索年度、单位、项目名称"),
        key=REPORT_KEY,
        on_change=_picked,
    )


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


def _options(reports: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
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
        st.caption(t("通过链接打开的报告不在当前筛选范围内，已一并列在选择框中。"))
    return [*added, *labels], {**added, **labels}


def _open_linked(report_id: str, labels: dict[str, str], extra: dict[str, str]) -> None:
    """Select the report a link asked for; warn when no such report exists."""
    if report_id not in labels:
        linked = cache.run(detail.report_detail, report_id)
        if linked is None:
            st.warning(
                t(
                    "找不到报告“{report}”，可能已被删除或链接有误。请从列表中选择。",
                    report=markdown(report_id),
                ),
                icon=":material/warning:",
            )
            return
        extra[report_id] = linked.label
    st.session_state[REPORT_KEY] = report_id
