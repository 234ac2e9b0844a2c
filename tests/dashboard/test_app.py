"""app.py: every page opens without an exception, through the navigation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = tuple(
    f"app_pages/{name}.py"
    for name in ("overview", "execution", "indicators", "yoy", "units", "outcomes", "detail",
                 "quality", "export")
)  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_warehouse(
    page: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, page)

    assert not app.exception, app.exception
    assert app.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_an_empty_filter_result(
    page: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, page, q="没有这样的项目名称")

    assert not app.exception, app.exception
    assert app.info, "an empty result says so"


def test_missing_warehouse_is_explained(open_app: Callable[..., AppTest], tmp_path: Path) -> None:
    app = open_app(tmp_path / "absent.duckdb")

    assert not app.exception
    assert "make run" in app.info[0].value


def test_url_filters_reach_the_page(open_app: Callable[..., AppTest], demo_warehouse: Path) -> None:
    app = open_app(demo_warehouse, "app_pages/quality.py", years=[2020, 2022], q="知识产权")

    assert "2020–2022年" in app.caption[0].value
    assert "项目名称含“知识产权”" in app.caption[0].value
