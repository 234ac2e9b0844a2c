"""Ingest end to end on real DuckDB files: isolation, rejects, idempotency, atomicity, links."""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path

import pytest

from etl import ingest, warehouse
from etl.cli import main
from etl.ingest import build_warehouse, ingest_paths
from etl.records import ParseResult, Report
from tests.conftest import SEED_REPORTS

FIRST_SEED = "000_3d3cd3b106848c44.txt"
SECOND_SEED = "002_78a807617c647145.txt"
DATA_TABLES = ("reports", "indicators", "outcomes", "quality_flags", "units", "projects")


def add_bad_files(folder: Path) -> tuple[Path, Path]:
    """An empty .txt and a .docx of random bytes, the two rejects of the issue."""
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    junk = folder / "junk.docx"
    junk.write_bytes(random.Random(7).randbytes(4096))
    return empty, junk


def fake_extract(reports_by_name: dict[str, list[Report]]):
    """An extract_file stand-in for link tests, returning hand-built reports per file name."""

    def extract(path: Path) -> ParseResult:
        reports = copy.deepcopy(reports_by_name[path.name])
        return ParseResult(source=str(path), format="txt", reports=reports)

    return extract


# --- loading and rejecting ---------------------------------------------------------------


def test_seeds_load_all_six_reports(seeds_dir: Path, tmp_path: Path, query) -> None:
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([seeds_dir], db, progress=False)
    assert (summary.loaded, summary.rejected, summary.n_reports) == (2, 0, SEED_REPORTS)
    assert summary.exit_code == 0
    assert query(db, "select count(*) from reports") == [(SEED_REPORTS,)]


def test_ingesting_seeds_twice_changes_no_row_counts(
    seeds_dir: Path, tmp_path: Path, table_counts, query
) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([seeds_dir], db, progress=False)
    first = table_counts(db, DATA_TABLES)
    first_ids = query(db, "select report_id, unit_id, project_id from reports order by 1")
    again = ingest_paths([seeds_dir], db, progress=False)
    assert table_counts(db, DATA_TABLES) == first
    assert query(db, "select report_id, unit_id, project_id from reports order by 1") == first_ids
    assert (again.loaded, again.unchanged, again.rejected) == (0, 2, 0)
    # The log is a history: the second run adds one 'unchanged' row per file.
    assert query(db, "select status, count(*) from ingest_log group by 1 order by 1") == [
        ("loaded", 2),
        ("unchanged", 2),
    ]


def test_bad_files_are_rejected_and_the_seeds_still_load(
    raw_seeds: Path, tmp_path: Path, query
) -> None:
    empty, junk = add_bad_files(raw_seeds)
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([raw_seeds], db, progress=False)
    assert (summary.rejected, summary.loaded, summary.n_reports) == (2, 2, SEED_REPORTS)
    assert summary.exit_code == 2
    rejects = dict(query(db, "select file, reason from ingest_log where status = 'rejected'"))
    assert set(rejects) == {str(empty.resolve()), str(junk.resolve())}
    for file, reason in rejects.items():
        assert file in reason  # the reason names the file …
        assert "(" in reason and "):" in reason  # … and the place
    assert query(db, "select count(*) from reports") == [(SEED_REPORTS,)]


def test_cli_exit_codes_and_summary(raw_seeds: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(raw_seeds), "--db", str(db)]) == 0
    assert "rejected 0 file(s)" in capsys.readouterr().out
    add_bad_files(raw_seeds)
    assert main(["ingest", str(raw_seeds), "--db", str(db)]) == 2
    out = capsys.readouterr().out
    assert "rejected 2 file(s)" in out and "junk.docx" in out and "empty.txt" in out
    assert main(["build", "--raw", str(raw_seeds), "--db", str(tmp_path / "b.duckdb")]) == 2


def test_file_without_any_report_is_rejected(tmp_path: Path, query) -> None:
    note = tmp_path / "note.txt"
    note.write_text("会议纪要\n今天天气很好。\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([note], db, progress=False)
    assert summary.rejected == 1
    [(reason,)] = query(db, "select reason from ingest_log where status = 'rejected'")
    assert "no form found" in reason and str(note.resolve()) in reason


def test_parser_crash_costs_one_file_not_the_batch(
    raw_seeds: Path, tmp_path: Path, monkeypatch, query
) -> None:
    real_extract = ingest.extract_file

    def flaky(path: Path) -> ParseResult:
        if path.name == SECOND_SEED:
            raise ValueError("boom")
        return real_extract(path)

    monkeypatch.setattr(ingest, "extract_file", flaky)
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([raw_seeds], db, progress=False)
    assert (summary.loaded, summary.rejected) == (1, 1)
    [(reason,)] = query(db, "select reason from ingest_log where status = 'rejected'")
    assert SECOND_SEED in reason and "ValueError: boom" in reason


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    summary = ingest_paths([tmp_path / "nowhere"], tmp_path / "w.duckdb", progress=False)
    assert summary.rejected == 1 and "no such file" in summary.rejects[0][1]


def test_folders_skip_gold_json_and_hidden_files(raw_seeds: Path) -> None:
    (raw_seeds / "x.gold.json").write_text("{}")
    (raw_seeds / ".hidden.txt").write_text("x")
    (raw_seeds / ".cache").mkdir()
    (raw_seeds / ".cache" / "y.txt").write_text("y")
    files, problems = ingest.discover([raw_seeds, raw_seeds / FIRST_SEED])
    assert sorted(p.name for p in files) == [FIRST_SEED, SECOND_SEED] and problems == []


# --- quality flags -----------------------------------------------------------------------


def test_first_seed_report_carries_conflicting_figure_flag(built_warehouse: Path, query) -> None:
    rows = query(
        built_warehouse,
        """
        select f.code, f.evidence from quality_flags f join reports r using (report_id)
        where r.source_file like ? and r.report_index = 0
        """,
        [f"%{FIRST_SEED}"],
    )
    conflicting = [evidence for code, evidence in rows if code == "CONFLICTING_FIGURE"]
    assert conflicting, rows
    assert any("423.25" in evidence for evidence in conflicting)


# --- versions of a file ------------------------------------------------------------------


def test_changed_file_replaces_its_reports(raw_seeds: Path, tmp_path: Path, query) -> None:
    target = tmp_path / "report.txt"
    shutil.copy(raw_seeds / FIRST_SEED, target)
    db = tmp_path / "w.duckdb"
    ingest_paths([target], db, progress=False)
    old_ids = [rid for (rid,) in query(db, "select report_id from reports")]
    assert len(old_ids) == 5

    shutil.copy(raw_seeds / SECOND_SEED, target)  # same path, new content
    summary = ingest_paths([target], db, progress=False)
    assert (summary.loaded, summary.replaced) == (1, 1)
    assert query(db, "select count(*) from reports") == [(1,)]
    for table in ("indicators", "outcomes", "quality_flags"):
        orphans = query(db, f"select count(*) from {table} where report_id in ?", [old_ids])
        assert orphans == [(0,)], table
    assert query(db, "select status from ingest_log order by ingested_at, status") == [
        ("loaded",),
        ("replaced",),
    ]


def test_unreadable_new_version_keeps_the_earlier_reports(raw_seeds: Path, tmp_path: Path,
                                                          query) -> None:  # fmt: skip
    target = tmp_path / "report.txt"
    shutil.copy(raw_seeds / SECOND_SEED, target)
    db = tmp_path / "w.duckdb"
    ingest_paths([target], db, progress=False)
    target.write_bytes(b"")
    summary = ingest_paths([target], db, progress=False)
    assert summary.rejected == 1 and "earlier version" in summary.rejects[0][1]
    assert query(db, "select count(*) from reports") == [(1,)]


def test_same_content_under_another_path_is_a_logged_duplicate(
    raw_seeds: Path, tmp_path: Path, query
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(raw_seeds / SECOND_SEED, first)
    shutil.copy(raw_seeds / SECOND_SEED, second)
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([first, second], db, progress=False)
    assert (summary.loaded, summary.duplicates, summary.rejected) == (1, 1, 0)
    assert query(db, "select count(*) from reports") == [(1,)]
    [(reason,)] = query(db, "select reason from ingest_log where status = 'duplicate'")
    assert str(first.resolve()) in reason


# --- atomicity ---------------------------------------------------------------------------


def test_crash_mid_ingest_leaves_previous_warehouse_intact(
    raw_seeds: Path, tmp_path: Path, monkeypatch, table_counts
) -> None:
    db = tmp_path / "w.duckdb"
    ingest_paths([raw_seeds / SECOND_SEED], db, progress=False)
    before_bytes, before_counts = db.read_bytes(), table_counts(db)
    real_insert, calls = warehouse.insert_rows, []

    def insert_then_crash(con, table, rows) -> None:
        real_insert(con, table, rows)  # some rows really are written …
        calls.append(table)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")  # … then the process dies

    monkeypatch.setattr(warehouse, "insert_rows", insert_then_crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest_paths([raw_seeds], db, progress=False)
    assert db.read_bytes() == before_bytes
    assert table_counts(db) == before_counts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "w.duckdb"]  # no scratch left


def test_leftovers_of_a_killed_run_are_swept(raw_seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    (tmp_path / ".w.duckdb.tmp-999-deadbeef").write_bytes(b"half a warehouse")
    ingest_paths([raw_seeds / SECOND_SEED], db, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "w.duckdb"]


def test_build_starts_from_scratch(raw_seeds: Path, tmp_path: Path, table_counts, query) -> None:
    db = tmp_path / "w.duckdb"
    build_warehouse(raw_seeds, db, progress=False)
    first = table_counts(db)
    build_warehouse(raw_seeds, db, progress=False)
    assert table_counts(db) == first  # the log too: a rebuild does not keep history
    assert query(db, "select count(distinct run_id) from ingest_log") == [(1,)]


# --- units and projects ------------------------------------------------------------------


def test_new_year_links_to_earlier_years_across_runs(tmp_path: Path, monkeypatch, query) -> None:
    unit, typo = "绵阳市科学技术和知识产权局", "绵阳市科学技和知识产权局"
    reports = {
        "2018.txt": [Report(year=2018, project_name="专利执法", department=unit)],
        "2019.txt": [Report(year=2019, project_name="专利执法项目", department=typo)],
        "2020.txt": [Report(year=2020, project_name="专利执法", department=unit)],
    }
    for name in reports:
        (tmp_path / name).write_text(name, encoding="utf-8")
    monkeypatch.setattr(ingest, "extract_file", fake_extract(reports))
    db = tmp_path / "w.duckdb"
    for name in reports:  # one run per year, as files arrive
        ingest_paths([tmp_path / name], db, progress=False)
    ids = query(db, "select distinct unit_id, project_id from reports")
    assert len(ids) == 1 and None not in ids[0]
    [(name, first, last, n_years)] = query(
        db, "select name, first_year, last_year, n_years from projects"
    )
    assert (first, last, n_years) == (2018, 2020, 3)
    assert name == "专利执法"  # the latest year's spelling
    [(unit_name, n_variants)] = query(db, "select name, n_variants from units")
    assert unit_name == unit and n_variants == 2


def test_the_log_says_who_loaded_each_file(raw_seeds: Path, tmp_path: Path, query) -> None:
    import getpass

    db = tmp_path / "w.duckdb"
    ingest_paths([raw_seeds / SECOND_SEED], db, progress=False)
    ingest_paths([raw_seeds], db, progress=False, loaded_by="预算科")
    rows = query(db, "select run_id, loaded_by from ingest_log order by ingested_at, run_id")
    assert {who for _, who in rows} == {getpass.getuser(), "预算科"}
