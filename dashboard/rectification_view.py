"""整改 (rectification) on the pages: a report's items and the form that sets them on
报告详情, the open items of the reports in scope on 数据质量.

Layout only: the items come from `dashboard.rectification` (the store) through
`dashboard.queries.rectification`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import pager, rectification, theme, widgets
from dashboard.escape import markdown
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.queries import detail
from dashboard.queries import rectification as rectification_queries
from dashboard.rectification import Item

if TYPE_CHECKING:
    from dashboard import report_view


def report_items(
    report: detail.ReportDetail, indicators: pd.DataFrame, review: report_view.Review
) -> None:
    """The report's 整改 items, and a form to set one (the report, or one indicator;
    flagged indicators first)."""
    items = review.rectifications
    st.markdown("#### " + t("整改跟踪（{n}项）", n=len(items)))
    if review.store_error:
        st.error(markdown(review.store_error), icon=":material/error:")
        return
    if not items.empty:
        widgets.table(
            rectification_queries.readable(items),
            "整改跟踪",
            hide_index=True,
            key="detail_rectification_table",
        )
    flagged = set(review.warnings["indicator_index"].dropna()) | set(
        review.findings["indicator_index"].dropna()
    )
    named = indicators.dropna(subset=["indicator_key"])
    ordered = sorted(
        zip(named["indicator_index"], named["indicator_key"], strict=True),
        key=lambda pair: (pair[0] not in flagged, pair[0]),
    )
    targets = {rectification.WHOLE_REPORT: t(theme.WHOLE_REPORT_LABEL)}
    for index, key in ordered:
        targets.setdefault(key, f"⚠ {key}" if index in flagged else key)
    statuses = {code: t(theme.RECTIFICATION_LABELS[code]) for code in rectification.STATUSES}
    with st.form("rectification_form", border=True):
        target = st.selectbox(
            t("整改对象"), list(targets), format_func=targets.__getitem__, key="rect_target"
        )
        status = st.radio(
            t("整改状态"), list(statuses), format_func=statuses.__getitem__, horizontal=True,
            key="rect_status",
        )  # fmt: skip
        note = st.text_area(t("整改说明"), key="rect_note", max_chars=2000)
        when = st.date_input(t("状态日期"), value=dt.date.today(), key="rect_date")
        saved = st.form_submit_button(t("保存整改状态"), icon=":material/save:")
    if saved:
        key = rectification.ItemKey(
            report.value("unit_name") or "", report.value("project_name") or "",
            report.value("year"), target,
        )  # fmt: skip
        try:
            rectification.set_status(key, status, note, when)
        except ValueError:
            st.error(t("该报告没有识别到单位或项目名称，无法记录整改。"), icon=":material/error:")
        except rectification.RectificationError as err:
            st.error(markdown(str(err)), icon=":material/error:")
        else:
            st.toast(
                t("已保存：{target}，{status}", target=targets[target], status=statuses[status])
            )
            st.rerun()


def scope_items(
    filters: Filters,
    tracked: tuple[Item, ...],
    store_error: str | None,
    open_units: pd.DataFrame,
    unmatched: int,
) -> None:
    """The units with open items under the filters, and every item of their reports."""
    st.subheader(
        t("整改跟踪"),
        help=t("在报告详情页为报告或指标设置整改状态；记录保存在数据仓库旁，重建数据不会丢失"),
    )
    if store_error:
        st.error(markdown(store_error), icon=":material/error:")
    elif open_units.empty:
        widgets.empty("当前范围内没有待整改或整改中的事项。")
    else:
        st.markdown(t("**各单位未完成的整改事项**"))
        widgets.table(open_units, "各单位整改", hide_index=True, key="quality_rectification_units")
        pager.paged_table(
            "整改事项",
            rectification_queries.tracked_page,
            filters,
            ["rectification_status", "unit_name", "year", "project_name", "rectification_target",
             "rectification_note", "status_date", "updated_at"],
            rectification_queries.TRACKED.sortable,
            query_args=(tracked,),
            prepare=rectification_queries.readable,
        )  # fmt: skip
    if unmatched:
        st.caption(
            t(
                "另有 {n} 条整改记录对应的报告已不在数据中（单位、项目名称或年度已变化）。",
                n=unmatched,
            )
        )
