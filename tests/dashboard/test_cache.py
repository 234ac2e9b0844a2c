"""dashboard.cache: results are reused per warehouse file and recomputed when it changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import cache
from dashboard.filters import Filters

calls: list[Filters] = []


def count_reports(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    calls.append(filters)
    return con.cursor().execute("select count(*) from reports").fetchone()[0]


def test_same_arguments_hit_the_cache(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    monkeypatch.setenv("JIXIAO_DB", str(seed_warehouse))
    calls.clear()

    first = cache.run(count_reports, Filters())
    again = cache.run(count_reports, Filters())
    other = cache.run(count_reports, Filters(2018, 2018))

    assert first == again == other > 0
    assert calls == [Filters(), Filters(2018, 2018)]


def test_a_replaced_warehouse_is_read_again(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, db)
    monkeypatch.setenv("JIXIAO_DB", str(db))
    calls.clear()
    cache.run(count_reports, Filters())

    # The ETL replaces the file with os.replace: a new inode and mtime.
    replacement = tmp_path / "new.duckdb"
    shutil.copy(seed_warehouse, replacement)
    os.replace(replacement, db)
    cache.run(count_reports, Filters())

    assert len(calls) == 2


def label_count(count: int, prefix: str) -> str:
    calls.append(Filters(search=prefix))
    return f"{prefix}{count}"


def test_figures_are_cached_per_query_arguments_and_chart_arguments(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    monkeypatch.setenv("JIXIAO_DB", str(seed_warehouse))
    calls.clear()

    first = cache.figure(label_count, count_reports, Filters(), chart_args=("报告",))
    again = cache.figure(label_count, count_reports, Filters(), chart_args=("报告",))
    other = cache.figure(label_count, count_reports, Filters(), chart_args=("份数",))

    assert first == again and first.startswith("报告") and other.startswith("份数")
    # the query ran for each distinct key, the chart once per key: two of each
    assert calls.count(Filters()) == 2
    assert calls.count(Filters(search="报告")) == 1
