"""SQL-shaped values in every filter and URL key reach DuckDB only as bound parameters:
every page runs, a search for `' or '1'='1` finds nothing (it is text, not SQL), and the
warehouse is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES

FILTERED = [page.name for page in PAGES if page.name != "upload"]  # 数据导入 has no scope
INJECTIONS = ("' or '1'='1", "x'); drop table reports; --", "1 union select * from units --")
Query = Callable[..., list[tuple]]


@pytest.mark.parametrize("page", FILTERED)
def test_sql_in_every_url_key_is_only_text(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query, page: str
) -> None:
    before = query(demo_warehouse, "select count(*) from reports")
    hostile = INJECTIONS[0]
    app = open_app(
        demo_warehouse,
        f"app_pages/{page}.py",
        q=hostile,
        units=list(INJECTIONS),
        category=hostile,
        form=hostile,
        years=INJECTIONS[2],
        report=INJECTIONS[1],
        indicator=INJECTIONS[1],
        profile=INJECTIONS[1],
        compare=INJECTIONS[2],
    )

    assert not app.exception
    # The search is a literal: no project name holds those words, so nothing is in scope.
    assert any("没有" in notice.value for notice in app.info), [i.value for i in app.info]
    assert query(demo_warehouse, "select count(*) from reports") == before
