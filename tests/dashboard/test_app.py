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


def test_link_values_the_data_does_not_have_are_named_not_dropped_silently(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(
        demo_warehouse, units=["已撤并的单位", "绵阳市科学技术和知识产权局"], years=[1999, 2022]
    )

    (notice,) = [w.value for w in app.warning if "链接中的以下筛选值" in w.value]
    assert "单位“已撤并的单位”" in notice and "年度“1999”" in notice
    assert "绵阳市科学技术和知识产权局" not in notice  # a known unit is taken, not named


def test_a_clean_link_shows_no_notice(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, units=["绵阳市科学技术和知识产权局"], years=[2020, 2022])

    assert not [w for w in app.warning if "链接中的以下筛选值" in w.value]


@pytest.mark.parametrize(
    ("page", "column"),
    [
        ("app_pages/overview.py", "message"),
        ("app_pages/indicators.py", "deviation_reason"),
        ("app_pages/outcomes.py", "sentence"),
    ],
)
def test_the_key_text_column_is_on_screen_not_off_to_the_right(
    page: str, column: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, page)

    tables = [f.value for f in app.dataframe if column in f.value.columns]
    assert tables
    for table in tables:
        assert list(table.columns).index(column) <= 5, list(table.columns)
