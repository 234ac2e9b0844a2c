"""etl.worker: each file read in a worker process within a time and memory budget; what
goes wrong there becomes a reason, and the next file gets a working reader."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from etl.ingest import ingest_paths
from etl.worker import Budget, BudgetedReader, BudgetExceeded, WorkerCrash

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "000_3d3cd3b106848c44.txt"
QUICK = Budget(seconds=1.0, memory_bytes=512 * 2**20)


def test_a_file_over_its_time_is_stopped_and_the_next_one_is_read() -> None:
    with BudgetedReader(time.sleep, QUICK) as reader:  # time.sleep(path) stands in
        started = time.perf_counter()
        with pytest.raises(BudgetExceeded, match=r"took longer than 1 s \(the cap per file\)"):
            reader.read(30)
        assert time.perf_counter() - started < 10
        assert reader.read(0) is None  # a fresh worker


def test_a_file_over_its_memory_gets_a_reason() -> None:
    with BudgetedReader(bytearray, QUICK) as reader:
        with pytest.raises(
            BudgetExceeded, match=r"ran out of memory \(the cap per file is 512 MB\)"
        ):
            reader.read(2 * 2**30)
        assert len(reader.read(10)) == 10


def test_a_crash_names_the_error_and_a_dead_worker_is_a_reason() -> None:
    crashing = BudgetedReader(int, QUICK)
    with crashing, pytest.raises(WorkerCrash, match="ValueError: invalid literal"):
        crashing.read("不是数字")
    dying = BudgetedReader(os._exit, QUICK)
    with dying, pytest.raises(BudgetExceeded, match="the reader process died"):
        dying.read(3)


def test_ingest_rejects_a_file_over_the_budget_and_loads_the_rest(tmp_path: Path, query) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    # A real but enormous report file: 200 copies of the seed take ~1.6 s to parse.
    (raw / "huge.txt").write_text(SEED.read_text(encoding="utf-8") * 200, encoding="utf-8")
    db = tmp_path / "w.duckdb"

    summary = ingest_paths([raw], db, progress=False, budget=Budget(seconds=0.4))

    assert (summary.loaded, summary.rejected) == (1, 1)
    [(file, reason)] = query(db, "select file, reason from ingest_log where status = 'rejected'")
    assert file.endswith("huge.txt") and "took longer than 0.4 s (the cap per file)" in reason
    assert query(db, "select count(*) from reports") == [(5,)]
