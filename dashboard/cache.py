"""Query results cached per warehouse file, so a filter change re-renders from memory.

`run(query, *args)` calls ``query(connection, *args)`` once per distinct arguments and
warehouse snapshot: the key holds the file's (inode, mtime), so rebuilding the warehouse
makes every cached result stale at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard import db

T = TypeVar("T")


@st.cache_data(show_spinner=False, max_entries=1024, ttl=3600)
def _cached(
    warehouse: str, query_name: str, _query: Callable[..., Any], args: tuple, kwargs: dict
) -> Any:
    # `_query` is not hashed (leading underscore); `query_name` stands for it in the key.
    with db.reading() as con:
        return _query(con, *args, **kwargs)


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def run(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Return ``query(connection, *args, **kwargs)``, cached for the current warehouse file.

    Arguments must be hashable by Streamlit (plain values, tuples, frozen dataclasses).

    Raises:
        db.WarehouseUnavailable: the warehouse file is missing or unreadable.
    """
    return _cached(db.warehouse_key(), _name(query), query, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached_figure(
    warehouse: str,
    name: str,
    _chart: Callable[..., Any],
    _query: Callable[..., Any],
    args: tuple,
    chart_args: tuple,
) -> Any:
    # `name` names both functions, which are not hashed (leading underscores).
    with db.reading() as con:
        result = _query(con, *args)
    return _chart(result, *chart_args)


def figure(
    chart: Callable[..., T], query: Callable[..., Any], *args: Any, chart_args: tuple = ()
) -> T:
    """Return ``chart(query(connection, *args), *chart_args)``, cached like `run`.

    For figures that cost more to build than their query (plotly validates every trace,
    ~50 ms a figure): a re-run under filters already seen takes them from memory.
    `chart_args` must be hashable too.
    """
    name = f"{_name(chart)}<-{_name(query)}"
    return _cached_figure(db.warehouse_key(), name, chart, query, args, chart_args)
