"""Ingest of every format mixed in one folder, with damaged files among them.

The fixtures are real files: tests/fixtures/office/ is built from the gold answers by
tests/fixtures/make_office_fixtures.py; tests/fixtures/corrupt/ holds damaged inputs and
expected.json, the keyword each one's rejection reason must contain.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etl.cli import main
from etl.ingest import ingest_paths

OFFICE = Path("tests/fixtures/office")
CORRUPT = Path("tests/fixtures/corrupt")
FORMATS = (".docx", ".xlsx", ".xls", ".doc", ".pdf", ".html")


def one_file_per_format() -> list[Path]:
    """The first fixture of each format (a .doc costs a LibreOffice start, so only one)."""
    return [sorted(OFFICE.glob(f"*{suffix}"))[0] for suffix in FORMATS]


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in one_file_per_format():
        shutil.copy(path, folder / path.name)
    for path in CORRUPT.iterdir():
        if path.name != "expected.json":
            shutil.copy(path, folder / path.name)
    return folder


def test_every_format_loads_and_every_damaged_file_is_rejected_with_its_reason(
    mixed_folder: Path, tmp_path: Path, query
) -> None:
    expected = json.loads((CORRUPT / "expected.json").read_text(encoding="utf-8"))
    db = tmp_path / "w.duckdb"
    summary = ingest_paths([mixed_folder], db, progress=False)
    rejected = {Path(file).name: reason for file, reason in summary.rejects}
    assert set(rejected) == set(expected)
    for name, keyword in expected.items():
        assert keyword in rejected[name].lower(), (name, rejected[name])
        assert name in rejected[name]  # the reason names the file
    assert summary.loaded == len(FORMATS)
    formats = {row[0] for row in query(db, "select distinct source_format from reports")}
    assert formats == {suffix.lstrip(".") for suffix in FORMATS}
    assert summary.exit_code == 2


def test_office_figures_keep_their_position_in_the_file(tmp_path: Path, query) -> None:
    xlsx = sorted(OFFICE.glob("*.xlsx"))[0]
    db = tmp_path / "w.duckdb"
    ingest_paths([xlsx], db, progress=False)
    positions = [row[0] for row in query(db, "select source_position from indicators")]
    assert positions and all(xlsx.name in p and "[" in p and " R" in p for p in positions)


def test_cli_ingest_takes_a_mixed_folder(mixed_folder: Path, tmp_path: Path, capsys) -> None:
    code = main(["ingest", str(mixed_folder), "--db", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == 2
    assert f"loaded {len(FORMATS)} file(s)" in out
