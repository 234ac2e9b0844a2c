"""etl.jobs: the dashboard's ETL runs in a `python -m etl` child, whose JSON lines give a
progress call per file and the same previews and counts as running in-process."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from etl import jobs
from etl.uploads import StagedUpload, preview

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "seeds" / "002_78a807617c647145.txt"
DOCX = FIXTURES / "office" / "real_02.docx"


def _files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "upload"
    folder.mkdir()
    junk = folder / "说明.txt"
    junk.write_text("本文件没有自评表。\n", encoding="utf-8")
    files = [folder / SEED.name, folder / DOCX.name, junk]
    for source, target in zip([SEED, DOCX], files, strict=False):
        target.write_bytes(source.read_bytes())
    return files


def test_a_preview_in_a_child_equals_the_one_in_process(tmp_path: Path) -> None:
    files = _files(tmp_path)
    told: list[tuple[int, int, str]] = []

    previews = jobs.preview(files, lambda *call: told.append(call))

    assert previews == preview(StagedUpload(tmp_path / "upload", files))
    assert [p.reason is None for p in previews] == [True, True, False]
    assert told == [(1, 3, SEED.name), (2, 3, DOCX.name), (3, 3, "说明.txt")]


def test_an_ingest_in_a_child_loads_and_tells_each_file(tmp_path: Path, query) -> None:
    files = _files(tmp_path)
    db = tmp_path / "w.duckdb"
    told: list[tuple[int, int, str]] = []
    stop = threading.Event()  # the caller runs threads, as the dashboard server does
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        summary = jobs.ingest([tmp_path / "upload"], db, "预算科 王五", lambda *c: told.append(c))
    finally:
        stop.set()
        other.join()

    assert (summary.loaded, summary.rejected) == (2, 1)
    assert (
        summary.n_reports
        == summary.warehouse_reports
        == query(db, "select count(*) from reports")[0][0]
        > 0
    )
    assert [(done, total) for done, total, _ in told] == [(1, 3), (2, 3), (3, 3)]
    assert sorted(name for *_, name in told) == sorted(f.name for f in files)
    assert query(db, "select distinct loaded_by from ingest_log") == [("预算科 王五",)]


def test_a_child_that_fails_as_a_whole_says_why(tmp_path: Path) -> None:
    (tmp_path / "w.duckdb").mkdir()  # the warehouse path is a folder
    with pytest.raises(
        jobs.JobFailed,
        match=r"ingest failed \(exit code 1\): error: cannot write the warehouse .*Is a directory",
    ):
        jobs.ingest([SEED], tmp_path / "w.duckdb", "x")
