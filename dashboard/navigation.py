"""The dashboard's pages, and moving between them without losing the analyst's place.

app.py builds `st.navigation` from `PAGES`. A row clicked in a table opens its report on
报告详情 in the same tab (`open_report`), carrying the filters and the page it came
from; 报告详情 then offers the way back (`back_link`) with the same filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.i18n import t
from dashboard.sidebar import unbound_params


@dataclass(frozen=True)
class PageSpec:
    """One page: its script under app_pages/, its title, icon and navigation group."""

    name: str  # the script's stem, which is also its URL path
    title: str
    icon: str
    group: str
    default: bool = False

    @property
    def script(self) -> str:
        return f"app_pages/{self.name}.py"


PAGES = (
    PageSpec("overview", "总览", ":material/dashboard:", "领导视角", default=True),
    PageSpec("execution", "预算执行", ":material/payments:", "领导视角"),
    PageSpec("indicators", "绩效指标", ":material/checklist:", "领导视角"),
    PageSpec("yoy", "同比分析", ":material/trending_up:", "领导视角"),
    PageSpec("units", "单位对比", ":material/compare:", "分析视角"),
    PageSpec("outcomes", "产出成效", ":material/emoji_events:", "分析视角"),
    PageSpec("library", "指标库", ":material/menu_book:", "分析视角"),
    PageSpec("detail", "报告详情", ":material/description:", "分析视角"),
    PageSpec("quality", "数据质量", ":material/rule:", "分析视角"),
    PageSpec("export", "导出中心", ":material/download:", "简报导出"),
    PageSpec("upload", "数据导入", ":material/upload_file:", "数据管理"),
)
BY_NAME = {page.name: page for page in PAGES}
DETAIL = BY_NAME["detail"]
REPORT_KEY = "report"  # URL parameter of 报告详情: the report shown
FROM_KEY = "from"  # URL parameter of 报告详情: the page a clicked row came from
_CURRENT_KEY = "_jixiao_current_page"


def build() -> dict[str, list[st.Page]]:
    """The st.navigation argument: pages by group, titles in the current language."""
    groups: dict[str, list[st.Page]] = {}
    for page in PAGES:
        groups.setdefault(t(page.group), []).append(
            st.Page(
                page.script,
                title=t(page.title),
                icon=page.icon,
                url_path=page.name,
                default=page.default,
            )
        )
    return groups


def remember_current(url_path: str) -> None:
    """Note which page is about to run (app.py, before `navigation.run()`)."""
    st.session_state[_CURRENT_KEY] = url_path or next(p.name for p in PAGES if p.default)


def _kept_params() -> dict[str, list[str]]:
    """The query parameters a page switch keeps by hand (`sidebar.unbound_params`)."""
    return {key: [value] for key, value in unbound_params().items()}


def open_report(report_id: str) -> None:
    """Show `report_id` on 报告详情 in this tab, with the filters and the way back.

    The filter widgets are bound to the URL: they keep their values across the switch
    and write them back themselves (setting a bound parameter here is refused).
    """
    params = {**_kept_params(), REPORT_KEY: [report_id]}
    origin = st.session_state.get(_CURRENT_KEY)
    if origin == DETAIL.name:  # another report from 报告详情's own list: the way back stays
        origin = st.query_params.get(FROM_KEY)
    if origin in BY_NAME and origin != DETAIL.name:
        params[FROM_KEY] = [origin]
    st.switch_page(DETAIL.script, query_params=params)


def back_link() -> None:
    """On 报告详情: a button back to the page a ticked row came from, same filters.

    (A button, not st.page_link: switching pages replaces the query string, so the
    report and origin parameters go, and the bound filter widgets write theirs back.)
    """
    origin = BY_NAME.get(st.query_params.get(FROM_KEY, ""))
    if origin is None or origin == DETAIL:
        return
    if st.button(t("返回{page}", page=t(origin.title)), icon=":material/arrow_back:"):
        st.switch_page(origin.script, query_params=_kept_params())
