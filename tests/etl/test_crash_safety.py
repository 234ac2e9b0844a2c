"""Crash safety, tried as it happens: `python -m etl ingest` and `build` killed with
SIGKILL at random moments, and two ingests started at once, on a real warehouse.

After every kill the warehouse is the old one or the new one, opens cleanly, and the next
ingest succeeds and leaves no scratch file behind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
KILLS = 20
# Real files of several formats, so a run spends time in readers, parser and loader.
FILES = [
    FIXTURES / "seeds" / "000_3d3cd3b106848c44.txt",
    FIXTURES / "seeds" / "002_78a807617c647145.txt",
    FIXTURES / "office" / "real_02.docx",
    FIXTURES / "office" / "real_02.xlsx",
    FIXTURES / "office" / "real_03.pdf",
    FIXTURES / "office" / "real_02.html",
]


def _etl(*args: str) -> subprocess.Popen:
    # A session of its own: the kill reaches the worker process too, as a kill -9 of a
    # terminal's job would.
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _reports(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        (count,) = con.execute("select count(*) from reports").fetchone()
        con.execute("select count(*) from report_scores").fetchone()  # every table reads
    return count


def _scratch(db: Path) -> list[str]:
    return [p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.tmp")]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(a raw folder with one seed, one with every file, the warehouse path)."""
    small, full = tmp_path / "small", tmp_path / "full"
    small.mkdir()
    full.mkdir()
    shutil.copy(FILES[0], small)
    for file in FILES:
        shutil.copy(file, full)
    return small, full, tmp_path / "db" / "warehouse.duckdb"


def test_a_killed_ingest_or_build_leaves_the_old_or_the_new_warehouse(
    folders: tuple[Path, Path, Path],
) -> None:
    small, full, db = folders
    assert _etl("build", "--raw", str(small), "--db", str(db)).wait() == 0
    old, old_file = _reports(db), db.read_bytes()
    started = time.perf_counter()
    assert _etl("build", "--raw", str(full), "--db", str(db)).wait() in (0, 2)
    duration, new = time.perf_counter() - started, _reports(db)
    assert new > old
    rng = random.Random(20261208)

    outcomes = []
    for attempt in range(KILLS):
        db.write_bytes(old_file)  # back to the old warehouse
        command = "build" if attempt % 2 else "ingest"
        target = ["--raw", str(full)] if command == "build" else [str(full)]
        run = _etl(command, *target, "--db", str(db))
        time.sleep(rng.uniform(0.05, duration))
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()

        found = _reports(db)  # opens cleanly …
        assert found in (old, new), f"{command} killed: {found} reports"  # … old or new
        outcomes.append(found == new)

    assert _etl("ingest", str(full), "--db", str(db)).wait() in (0, 2)  # the next run works
    assert _reports(db) == new
    assert _scratch(db) == []  # leftovers of the killed runs are swept
    assert not all(outcomes)  # some kills did land before the swap


def test_two_ingests_at_once_both_land_one_after_the_other(
    folders: tuple[Path, Path, Path],
) -> None:
    small, full, db = folders
    runs = [_etl("ingest", str(small), "--db", str(db)), _etl("ingest", str(full), "--db", str(db))]
    assert [run.wait() for run in runs] in ([0, 0], [0, 2])  # 2: some file was rejected

    with duckdb.connect(str(db), read_only=True) as con:
        (run_ids,) = con.execute("select count(distinct run_id) from ingest_log").fetchone()
    assert run_ids == 2  # the second waited for the first (etl.ingest._exclusive)
    assert _reports(db) == _reports_of(full, db.parent.parent / "check.duckdb")
    assert _scratch(db) == []


def _reports_of(raw: Path, db: Path) -> int:
    assert _etl("build", "--raw", str(raw), "--db", str(db)).wait() in (0, 2)
    return _reports(db)
