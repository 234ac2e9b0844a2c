"""dashboard.db: a read-only connection that follows the file the ETL replaces."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dashboard import db


def count_reports(con: duckdb.DuckDBPyConnection) -> int:
    return con.cursor().execute("select count(*) from reports").fetchone()[0]


def test_connection_is_read_only(monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(seed_warehouse))
    con = db.get_connection()

    assert count_reports(con) > 0
    with pytest.raises(duckdb.Error):
        con.cursor().execute("create table scratch (i integer)")


def test_connection_is_cached(monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(seed_warehouse))
    assert db.get_connection() is db.get_connection()


def test_replaced_file_is_reopened(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    # The ETL builds aside and os.replace()s the live file; the dashboard must not keep
    # serving the old snapshot.
    live = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(db.DB_ENV_VAR, str(live))
    make_warehouse(tmp_path / "raw_one", tmp_path / "one.duckdb", pattern="000_*.txt")
    make_warehouse(tmp_path / "raw_all", tmp_path / "all.duckdb")

    os.replace(tmp_path / "one.duckdb", live)
    first = db.get_connection()
    reports_before = count_reports(first)

    os.replace(tmp_path / "all.duckdb", live)
    second = db.get_connection()

    assert second is not first
    assert count_reports(second) > reports_before


def test_missing_file_raises_a_chinese_explanation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(tmp_path / "nothing.duckdb"))
    with pytest.raises(db.WarehouseUnavailable, match="make run"):
        db.get_connection()
    assert not (tmp_path / "nothing.duckdb").exists()  # looking must not create it


def test_file_that_is_not_a_database_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bogus = tmp_path / "warehouse.duckdb"
    bogus.write_text("这不是数据库", encoding="utf-8")
    monkeypatch.setenv(db.DB_ENV_VAR, str(bogus))
    with pytest.raises(db.WarehouseUnavailable, match="etl build"):
        db.get_connection()
