"""Fixtures for dashboard tests: real warehouses (seeds, demo corpus) and the app runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import db

APP = Path(__file__).resolve().parents[2] / "app.py"

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def build_seed_warehouse(raw_dir: Path, db_path: Path, pattern: str = "*.txt") -> Path:
    """Copy the seed reports matching `pattern` into raw_dir and ingest them into db_path.

    Only the report files are copied: the gold JSON beside them is not a report.
    """
    from etl.ingest import build_warehouse

    raw_dir.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob(pattern)):
        shutil.copy(seed, raw_dir / seed.name)
    build_warehouse(raw_dir, db_path)
    return db_path


@pytest.fixture
def make_warehouse() -> Callable[..., Path]:
    """The warehouse builder, for tests that need a warehouse of their own."""
    return build_seed_warehouse


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a warehouse holding every seed report (built once per test session)."""
    root = tmp_path_factory.mktemp("seed_warehouse")
    return build_seed_warehouse(root / "raw", root / "warehouse.duckdb")


@pytest.fixture(scope="session")
def con(demo_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the demo warehouse, shared by the whole session."""
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    """Streamlit caches (and warehouse snapshots) outlive AppTest instances within one
    process: start each test clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    db.close_all()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    db.close_all()


def metric_value(app: AppTest, label: str, nth: int | None = None) -> str:
    """The displayed value of the one st.metric labelled `label` (of the `nth` of them,
    when a page shows the label twice: the list's total and one report's own figure)."""
    values = [metric.value for metric in app.metric if metric.label == label]
    if nth is not None:
        return values[nth]
    assert len(values) == 1, f"expected one metric {label!r}, found {values}"
    return values[0]


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    """`open_app(db, page=None, **query_params)`: run app.py on warehouse `db`.

    The URL query parameters (the sidebar filters, e.g. ``units=[...]``, ``years=[2020,
    2022]``) are set before the first run, as a shared link would. With `page` (e.g.
    "app_pages/execution.py") the app then switches to that page. AppTest re-runs only the
    page script after the first run, so filters must come in through the URL.
    """

    def run(db: Path, page: str | None = None, **query_params: object) -> AppTest:
        monkeypatch.setenv("JIXIAO_DB", str(db))
        # Each test its own 整改 store: the warehouses are shared by the whole session.
        monkeypatch.setenv("JIXIAO_RECTIFICATION", str(tmp_path / "rectification.sqlite"))
        # The first run imports streamlit, pandas, plotly and duckdb: far beyond the 3 s
        # default on 2 cores.
        app = AppTest.from_file(str(APP), default_timeout=60)
        for name, value in query_params.items():
            values = value if isinstance(value, list | tuple) else [value]
            app.query_params[name] = [str(v) for v in values]
        app.run()
        assert not app.exception, app.exception
        if page is not None:
            app.switch_page(page).run()
        return app

    return run
