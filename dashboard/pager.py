"""A detail table shown a page at a time: search, sort and page controls over SQL paging.

The page hands over a page query (a function of connection, filters and `PageRequest`,
run through the cache); the search box, the sort choice and the page number make the
request, so only one page of rows ever leaves DuckDB. Downloads fetch every matching row, on click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import cache, catalogue, db, i18n, widgets
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.queries.paging import Paged, PageRequest

# (connection, filters, request, *query_args) → a page
PageQuery = Callable[..., Paged]


def paged_table(
    name: str,
    query: PageQuery,
    filters: Filters,
    columns: Sequence[str],
    sortable: Sequence[str],
    *,
    query_args: tuple[Any, ...] = (),
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    report_ids: bool = True,
    on_pick: Callable[[pd.Series], None] | None = None,
    **table_kwargs: Any,
) -> Paged:
    """Draw the controls, one page of rows (`columns`, in order) and the page count.

    `sortable` names the columns a reader may sort by (those of the query);
    `query_args` follow the request in the query's call (hashable); `prepare`
    turns fetched rows into shown rows (labels for codes, say); with `report_ids` a
    ticked row opens its report (the rows' `report_id`); without, `on_pick` (if given)
    is called with the ticked row, as shown. Returns the page shown.
    """
    key = f"pager_{name}"

    def fetch(request: PageRequest) -> Paged:
        return cache.run(query, filters, request, *query_args)

    request = _request(key, [c for c in columns if c in sortable])
    paged = fetch(request)
    if request.page > paged.pages:  # the filters or the search left fewer pages
        st.session_state[f"{key}_page"] = paged.pages
        paged = fetch(replace(request, page=paged.pages))

    def readable(rows: pd.DataFrame) -> pd.DataFrame:
        return prepare(rows) if prepare else rows

    def all_rows() -> pd.DataFrame:
        # A download is one click's work: read straight, not kept in the result cache.
        with db.reading() as con:
            return readable(query(con, filters, request.everything(), *query_args).rows)

    shown = readable(paged.rows)
    if on_pick is not None and not report_ids:
        table_kwargs.update(on_select="rerun", selection_mode="single-row", key=f"{key}_table")

    event = widgets.table(
        shown[list(columns)],
        name,
        hide_index=True,
        report_ids=shown["report_id"] if report_ids else None,
        all_rows=all_rows,
        **table_kwargs,
    )
    if on_pick is not None and not report_ids and event.selection.rows:
        on_pick(shown.iloc[event.selection.rows[0]])
    _footer(key, paged)
    return paged


def _request(key: str, sortable: Sequence[str]) -> PageRequest:
    """The search, sort and order controls, and the request they and the page make."""
    lang = i18n.current()
    search_col, sort_col, order_col = st.columns([3, 2, 1], vertical_alignment="bottom")
    reset = {"on_change": _first_page, "args": (key,)}
    search = search_col.text_input(
        t("在表中搜索"),
        key=f"{key}_search",
        placeholder=t("单位、项目名称等文字"),
        **reset,
    )
    sort = sort_col.selectbox(
        t("排序"),
        [None, *sortable],
        format_func=lambda column: (
            t("默认顺序") if column is None else catalogue.label(column, lang)
        ),
        key=f"{key}_sort",
        **reset,
    )
    descending = order_col.toggle(t("降序"), key=f"{key}_desc", **reset)
    page = int(st.session_state.get(f"{key}_page", 1))
    return PageRequest(page=page, sort=sort, descending=descending, search=search)


def _first_page(key: str) -> None:
    st.session_state[f"{key}_page"] = 1


def _footer(key: str, paged: Paged) -> None:
    """The row count and, when there is more than one page, the page number."""
    size = paged.request.size or paged.total
    first = min(paged.total, (paged.request.page - 1) * size + 1)
    last = min(paged.total, paged.request.page * size)
    text, pages = st.columns([3, 1], vertical_alignment="center")
    text.caption(
        t(
            "共 {total} 行，显示第 {first}–{last} 行",
            total=f"{paged.total:,d}",
            first=first,
            last=last,
        )
    )
    if paged.pages > 1:
        pages.number_input(
            t("页码（共 {pages} 页）", pages=paged.pages),
            min_value=1,
            max_value=paged.pages,
            step=1,
            key=f"{key}_page",
        )
