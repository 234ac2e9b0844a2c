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
    return _query(db.get_connection(), *args, **kwargs)


def run(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Return ``query(connection, *args, **kwargs)``, cached for the current warehouse file.

    Arguments must be hashable by Streamlit (plain values, tuples, frozen dataclasses).

    Raises:
        db.WarehouseUnavailable: the warehouse file is missing or unreadable.
    """
    name = f"{query.__module__}.{query.__qualname__}"
    return _cached(db.warehouse_key(), name, query, args, kwargs)
