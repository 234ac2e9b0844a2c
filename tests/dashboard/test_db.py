"""dashboard.db: read-only snapshots that follow the file the ETL replaces, and that are
never closed under a session still reading them."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from dashboard import db
from tests.dashboard.conftest import APP, metric_value

SWAPS = 100
READERS = 20
SWAP_PAUSE = 0.05  # seconds between swaps: 100 swaps span several re-runs of every session


def count_reports(con: duckdb.DuckDBPyConnection) -> int:
    return con.cursor().execute("select count(*) from reports").fetchone()[0]


def test_connection_cannot_change_the_file(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(seed_warehouse))
    with db.reading() as con:
        before = count_reports(con)
        assert before > 0
        with pytest.raises(duckdb.Error):
            con.cursor().execute("insert into reports (report_id) values ('x')")
        with pytest.raises(duckdb.Error):
            con.cursor().execute("create table warehouse.scratch (i integer)")
    db.close_all()
    with duckdb.connect(str(seed_warehouse), read_only=True) as check:
        assert check.execute("select count(*) from reports").fetchone()[0] == before
        tables = {n for (n,) in check.execute("select table_name from duckdb_tables()").fetchall()}
        assert "scratch" not in tables


def test_views_of_the_warehouse_are_there(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(seed_warehouse))
    with db.reading() as con:
        # latest_ingest is a view inside the file; it must resolve against the file's tables.
        files = con.cursor().execute("select count(*) from latest_ingest").fetchone()[0]
    assert files > 0


def test_one_snapshot_per_file_version(
    monkeypatch: pytest.MonkeyPatch, seed_warehouse: Path
) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(seed_warehouse))
    with db.reading() as first, db.reading() as second:
        assert first is second


def test_replaced_file_is_reopened_and_old_snapshot_stays_usable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    # The ETL builds aside and os.replace()s the live file; the dashboard must serve the new
    # file to new readers while a reader of the old one finishes undisturbed.
    live = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(db.DB_ENV_VAR, str(live))
    make_warehouse(tmp_path / "raw_one", tmp_path / "one.duckdb", pattern="000_*.txt")
    make_warehouse(tmp_path / "raw_all", tmp_path / "all.duckdb")

    os.replace(tmp_path / "one.duckdb", live)
    with db.reading() as old:
        reports_before = count_reports(old)
        os.replace(tmp_path / "all.duckdb", live)
        with db.reading() as new:
            assert new is not old
            assert count_reports(new) > reports_before
        assert count_reports(old) == reports_before  # not closed while in use
    with pytest.raises(duckdb.Error):  # closed once its last reader is done
        count_reports(old)


def test_missing_file_raises_a_chinese_explanation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(db.DB_ENV_VAR, str(tmp_path / "nothing.duckdb"))
    with pytest.raises(db.WarehouseUnavailable, match="make run"):
        db.check_available()
    assert not (tmp_path / "nothing.duckdb").exists()  # looking must not create it


def test_file_that_is_not_a_database_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bogus = tmp_path / "warehouse.duckdb"
    bogus.write_text("这不是数据库", encoding="utf-8")
    monkeypatch.setenv(db.DB_ENV_VAR, str(bogus))
    with pytest.raises(db.WarehouseUnavailable, match="etl build"):
        db.check_available()


# AppTest's own bookkeeping, not the page: with 20 threads on 2 cores a run now and then
# ends before AppTest stored its run marker, and reading it raises this KeyError.
HARNESS_GLITCH = "STREAMLIT_INTERNAL_KEY_SCRIPT_RUN_WITHOUT_ERRORS"


def _rerun(app: AppTest, attempts: int = 3) -> None:
    """Re-run the page; a glitch of the test harness (never of the page) is retried."""
    for attempt in range(attempts):
        try:
            app.run()
            return
        except KeyError as err:
            if HARNESS_GLITCH not in str(err) or attempt == attempts - 1:
                raise


def _swap_in(source: Path, live: Path) -> None:
    """Replace `live` as the ETL does: a full copy beside it, then os.replace."""
    staging = live.with_name(f".{live.name}.tmp")
    shutil.copyfile(source, staging)
    os.replace(staging, live)


def test_pages_rerun_without_error_while_the_warehouse_is_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    """20 sessions re-run 报告详情 while the file is replaced 100 times: no session sees an
    error, and after the last swap every session shows the last file's data."""
    versions = [
        make_warehouse(tmp_path / "raw_a", tmp_path / "a.duckdb", pattern="000_*.txt"),
        make_warehouse(tmp_path / "raw_b", tmp_path / "b.duckdb"),
    ]
    final = make_warehouse(tmp_path / "raw_c", tmp_path / "c.duckdb", pattern="002_*.txt")
    with duckdb.connect(str(final), read_only=True) as con:
        final_count = count_reports(con)
    live = tmp_path / "warehouse.duckdb"
    _swap_in(versions[0], live)
    monkeypatch.setenv(db.DB_ENV_VAR, str(live))
    # A server compiles each page once into its one script cache; AppTest makes a cache per
    # run, and CPython 3.11 cannot compile in 20 threads at once (AST recursion-depth
    # SystemError). Share one cache, as the server does.
    shared_cache = ScriptCache()
    for module in (app_test, local_script_runner):
        monkeypatch.setattr(module, "ScriptCache", lambda: shared_cache)

    stop = threading.Event()
    errors: list[str] = []
    runs = [0] * READERS
    apps: list[AppTest | None] = [None] * READERS

    def session(index: int) -> None:
        try:
            app = AppTest.from_file(str(APP), default_timeout=120)
            app.run()
            app.switch_page("app_pages/detail.py").run()
            apps[index] = app
            while not stop.is_set():
                _rerun(app)
                runs[index] += 1
                if app.exception:
                    errors.append(f"session {index}: {app.exception[0].message}")
                    return
        except Exception as err:  # any failure is the finding
            errors.append(f"session {index}: {type(err).__name__}: {err}")

    threads = [threading.Thread(target=session, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while min(runs) < 1 and time.monotonic() < deadline and not errors:
        time.sleep(0.05)  # every session is up and re-running before the swaps start
    for swap in range(SWAPS):
        _swap_in(versions[swap % 2], live)
        time.sleep(SWAP_PAUSE)
    _swap_in(final, live)
    time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)

    assert not errors, errors[:5]
    assert all(runs), f"some sessions never re-ran: {runs}"
    for app in apps:
        assert app is not None
        app.run()
        assert not app.exception, app.exception
        assert metric_value(app, "报告数") == str(final_count)


def test_sessions_query_while_a_real_ingest_replaces_the_warehouse(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """20 sessions run the dashboard's queries in a loop while `etl.ingest` loads three more
    files, one run each (every run replaces the file): no session sees an error, and
    afterwards every session reads the last warehouse."""
    from dashboard.filters import Filters
    from dashboard.queries.overview import kpis_by_year
    from dashboard.queries.reports import report_totals
    from etl.ingest import ingest_paths
    from tests.dashboard.conftest import SEEDS

    office = SEEDS.parent / "office"
    arriving = [office / "real_02.docx", office / "real_02.xlsx", office / "real_03.pdf"]
    live = tmp_path / "warehouse.duckdb"
    ingest_paths([next(SEEDS.glob("000_*.txt"))], live, progress=False)
    monkeypatch.setenv(db.DB_ENV_VAR, str(live))
    stop = threading.Event()
    errors: list[str] = []
    last_seen = [0] * READERS
    reads_during_ingest = [0] * READERS
    ingesting = threading.Event()

    def session(index: int) -> None:
        while not stop.is_set():
            try:
                with db.reading() as con:
                    kpis_by_year(con, Filters())
                    last_seen[index] = report_totals(con, Filters()).report_count
                reads_during_ingest[index] += ingesting.is_set()
            except Exception as err:  # any failure is the finding
                errors.append(f"session {index}: {type(err).__name__}: {err}")
                return

    threads = [threading.Thread(target=session, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    ingesting.set()
    for file in arriving:  # a unit's files arriving one by one, each its own run
        ingest_paths([file], live, progress=False)
    ingesting.clear()
    with duckdb.connect(str(live), read_only=True) as con:
        final = count_reports(con)
    deadline = time.monotonic() + 60  # every session re-reads after the last swap
    while last_seen != [final] * READERS and time.monotonic() < deadline and not errors:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors[:5]
    assert all(reads_during_ingest), reads_during_ingest  # every session read meanwhile
    assert final > 5 and last_seen == [final] * READERS
