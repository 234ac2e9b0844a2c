"""Every export of a warehouse whose every text holds markup (markdown, HTML, script,
plotly links) shows that text as written: no link, no formula, no external reference."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboard.export import cli
from tests.hostile import EVIL, HOSTILE, PAYLOADS, build_hostile_warehouse

# What would make an Office file fetch or open something: a relationship to a target
# outside the package, a hyperlink, a field code other than the page numbers' own
# (HYPERLINK, INCLUDEPICTURE …).
_OFFICE_ACTIVE = re.compile(
    rb'TargetMode="External"|<w:hyperlink|hlinkClick'
    rb'|(?:<w:fldSimple w:instr="|<w:instrText[^>]*>)(?!\s*(?:PAGE|NUMPAGES)\b)'
)


@pytest.fixture(scope="module")
def exports(seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every format's files, built by `python -m dashboard.export` from the hostile warehouse."""
    root = tmp_path_factory.mktemp("hostile_export")
    db = build_hostile_warehouse(seed_warehouse, root / "warehouse.duckdb")
    assert cli.main(["--db", str(db), "--out", str(root / "out"), "--format", *cli.FORMATS]) == 0
    return {path.name: path.read_bytes() for path in (root / "out").iterdir()}


def _of(exports: dict[str, bytes], suffix: str) -> list[bytes]:
    found = [data for name, data in exports.items() if name.endswith(suffix)]
    assert found, f"no {suffix} export"
    return found


def test_workbook_cells_hold_the_text_as_written(exports: dict[str, bytes]) -> None:
    (data,) = _of(exports, ".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    hostile = [cell for sheet in book for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, str) and EVIL in cell.value]  # fmt: skip
    assert len(hostile) > 50
    assert all(cell.data_type == "s" and cell.hyperlink is None for cell in hostile)
    assert any(cell.value.startswith(HOSTILE) for cell in hostile)
    assert not [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize("suffix", [".docx", ".pptx"])
def test_office_documents_show_the_text_and_link_nowhere(
    exports: dict[str, bytes], suffix: str
) -> None:
    (data,) = _of(exports, suffix)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    assert not {name for name, xml in parts.items() if _OFFICE_ACTIVE.search(xml)}
    text = b"".join(xml for name, xml in parts.items() if name.endswith(".xml"))
    assert PAYLOADS[2].replace("<", "&lt;").replace(">", "&gt;").encode() in text.replace(
        b"&quot;", b'"'
    )  # the raw HTML, as characters


def test_csv_files_hold_the_text_as_written(exports: dict[str, bytes]) -> None:
    rows = [
        row
        for data in _of(exports, ".csv")
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))
    ]
    assert any(value.startswith(HOSTILE) for row in rows for value in row)


def test_chart_pdfs_link_nowhere(exports: dict[str, bytes]) -> None:
    pdfs = _of(exports, ".pdf")
    assert all(b"/URI" not in data and b"/Link" not in data for data in pdfs)
    assert all(EVIL.encode() not in data for data in pdfs)
