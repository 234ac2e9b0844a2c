"""Detail tables read a page at a time: searched, sorted and cut in SQL, never in pandas.

A detail query (`DetailQuery`) is a `with_filters` select without an ORDER BY, plus the
columns a reader may sort by and the text columns a search looks in. `fetch_page` wraps
it: the rows of one page in the chosen order, and the number of rows in all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.base import frame, rows

# Rows per page: about two screens of the grid, small enough to draw at once however
# many rows the filters leave.
PAGE_SIZE = 50


@dataclass(frozen=True)
class PageRequest:
    """Which rows of a detail table to show."""

    page: int = 1  # 1-based
    size: int | None = PAGE_SIZE  # None: every row (the downloads)
    sort: str | None = None  # a column of the query; None keeps its default order
    descending: bool = False
    search: str = ""  # text found anywhere in the query's search columns, any case

    def everything(self) -> PageRequest:
        """The same search and order, all rows."""
        return PageRequest(1, None, self.sort, self.descending, self.search)


@dataclass(frozen=True)
class DetailQuery:
    """A detail table's SQL and what a reader may do with it."""

    sql: str  # one select (with_filters), no ORDER BY
    order: str  # the default ORDER BY list, ending in a unique key so pages never overlap
    sortable: tuple[str, ...]  # columns a reader may sort by
    searchable: tuple[str, ...]  # text columns a search looks in


@dataclass(frozen=True)
class Paged:
    """One page of a detail table."""

    rows: pd.DataFrame
    total: int  # rows matching the filters and the search, on every page
    request: PageRequest

    @property
    def pages(self) -> int:
        size = self.request.size or max(self.total, 1)
        return max(1, -(-self.total // size))


def fetch_page(
    con: duckdb.DuckDBPyConnection,
    query: DetailQuery,
    filters: Filters,
    request: PageRequest,
    params: Mapping[str, Any] | None = None,
) -> Paged:
    """The rows `request` asks for and the count of all matching rows.

    Raises:
        ValueError: the sort column is not one of the query's sortable columns (it is
            written into the SQL, so only the query's own names are accepted).
    """
    if request.sort is not None and request.sort not in query.sortable:
        raise ValueError(f"cannot sort by {request.sort!r}; choose one of {query.sortable}")
    haystack = ", ".join(f'"{column}"' for column in query.searchable)
    where = (
        "where $table_search::varchar is null"
        f" or contains(lower(concat_ws(' ', {haystack})), lower($table_search::varchar))"
    )
    order = query.order
    if request.sort is not None:
        direction = "desc" if request.descending else "asc"
        order = f'"{request.sort}" {direction} nulls last, {order}'
    arguments = {**(params or {}), "table_search": request.search.strip() or None}
    total = rows(con, f"select count(*) from ({query.sql}) as detail {where}", filters, arguments)
    page = max(1, request.page)
    size = request.size
    shown = frame(
        con,
        f"select * from ({query.sql}) as detail {where} order by {order}"
        " limit $limit offset $offset",
        filters,
        {**arguments, "limit": size, "offset": (page - 1) * size if size else 0},
    )
    return Paged(shown, int(total[0][0]), request)
