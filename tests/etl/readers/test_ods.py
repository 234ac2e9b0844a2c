"""OpenDocument spreadsheets read through LibreOffice, on a real converted workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.extract import extract_file
from etl.readers.convert import convert, find_converter

XLSX = Path("tests/fixtures/office/real_02.xlsx")

pytestmark = pytest.mark.skipif(find_converter() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def ods_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ods")
    converted = convert(XLSX, "ods", out_dir=folder)
    named = folder / "form.ods"
    shutil.move(converted, named)
    return named


def test_ods_parses_like_the_workbook_it_was_saved_from(ods_file: Path) -> None:
    from_ods = extract_file(ods_file)
    from_xlsx = extract_file(XLSX)
    assert from_ods.format == "ods"
    assert [r.project_name for r in from_ods.reports] == [r.project_name for r in from_xlsx.reports]
    assert [
        (i.level3, i.target, i.actual, i.weight, i.score) for i in from_ods.reports[0].indicators
    ] == [
        (i.level3, i.target, i.actual, i.weight, i.score) for i in from_xlsx.reports[0].indicators
    ]


def test_ods_positions_name_the_original_file(ods_file: Path) -> None:
    report = extract_file(ods_file).reports[0]
    assert all(i.source is not None and i.source.file == str(ods_file) for i in report.indicators)
    assert report.indicators[0].source.sheet is not None
