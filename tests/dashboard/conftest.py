"""Fixtures for dashboard tests: a real warehouse built from the seed reports."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st

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


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    """Streamlit caches outlive AppTest instances within one process: start each test clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
