"""AppTest smoke tests of the 报告列表 page, run through the app.py entrypoint."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def run_app(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> AppTest:
    monkeypatch.setenv("JIXIAO_DB", str(db_path))
    # The first run imports streamlit, pandas and duckdb: far beyond the 3 s default on 2 cores.
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    return app


def metric_value(app: AppTest, label: str) -> str:
    values = [metric.value for metric in app.metric if metric.label == label]
    assert len(values) == 1, f"expected one metric {label!r}, found {values}"
    return values[0]


def count_reports(db_path: Path, where: str = "true", params: list | None = None) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        (count,) = con.execute(
            f"select count(*) from reports where {where}", params or []
        ).fetchone()
    return count


def test_page_lists_every_report(monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path) -> None:
    app = run_app(monkeypatch, seed_warehouse)

    assert not app.exception
    assert app.title[0].value == "报告列表"
    expected = count_reports(seed_warehouse)
    assert expected > 0
    assert metric_value(app, "报告数") == str(expected)
    assert len(app.dataframe[0].value) == expected
    for label in ("预算总额(万元)", "执行总额(万元)", "执行率"):
        metric_value(app, label)


def test_year_filter_narrows_the_list(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    app = run_app(monkeypatch, seed_warehouse)
    year_box = app.selectbox(key="year")
    assert year_box.options[0] == "全部"
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        year = con.execute("select min(year) from reports").fetchone()[0]
    assert f"{year} 年" in year_box.options

    year_box.set_value(year).run()

    assert not app.exception
    expected = count_reports(seed_warehouse, "year = ?", [year])
    assert metric_value(app, "报告数") == str(expected)
    assert set(app.dataframe[0].value["year"]) == {year}


def test_search_without_match_shows_a_message(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    app = run_app(monkeypatch, seed_warehouse)
    app.text_input(key="search").input("不存在的项目名称").run()

    assert not app.exception
    assert metric_value(app, "报告数") == "0"
    assert any("没有符合条件" in info.value for info in app.info)
    assert len(app.dataframe) == 0


def test_missing_warehouse_shows_how_to_build_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = run_app(monkeypatch, tmp_path / "missing.duckdb")

    assert not app.exception
    assert len(app.info) == 1
    assert "make run" in app.info[0].value
    assert "python -m etl build" in app.info[0].value
    assert len(app.metric) == 0
