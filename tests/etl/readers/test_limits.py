"""Reader caps (etl/readers/limits.py): real documents made hostile — a merge claiming a
billion columns, a sheet reaching Excel's last column, an HTML table thousands of cells
wide — are rejected fast, naming the file, the table and the cap."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl.errors import ReadError
from etl.extract import extract_file
from etl.readers import docx, html, xlsx
from etl.readers.limits import MAX_GRID_CELLS, MAX_GRID_COLUMNS

OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
# Well within what a laptop does at once: the point is that nothing runs away.
FAST_SECONDS = 5.0


def _edit_docx(source: Path, target: Path, edit) -> Path:
    """`source` with its main part passed through `edit` (bytes → bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            body = zin.read(info.filename)
            z.writestr(info.filename, edit(body) if info.filename == "word/document.xml" else body)
    target.write_bytes(out.getvalue())
    return target


def _rejected(read, path: Path) -> str:
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read(path)
    assert time.perf_counter() - started < FAST_SECONDS
    assert str(path) in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("attribute", ["gridSpan", "gridBefore"])
@pytest.mark.parametrize("claimed", [10**7, 10**9])
def test_a_docx_cell_claiming_a_huge_span_is_rejected(
    tmp_path: Path, attribute: str, claimed: int
) -> None:
    if attribute == "gridSpan":
        tag = rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%d"/>' % claimed
    else:  # the first row skips that many grid columns before its cells
        tag = rb"(<w:tr\b[^>]*>)", rb'\1<w:trPr><w:gridBefore w:val="%d"/></w:trPr>' % claimed
    path = _edit_docx(
        OFFICE / "real_02.docx",
        tmp_path / "span.docx",
        lambda body: re.sub(tag[0], tag[1], body, count=1),
    )

    reason = _rejected(docx.read, path)
    assert "(table 1)" in reason and f"the cap is {MAX_GRID_COLUMNS:,}" in reason


def test_the_real_docx_stays_within_the_caps() -> None:
    document = docx.read(OFFICE / "real_02.docx")
    assert document.tables


def test_a_sheet_reaching_excels_last_column_is_rejected(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(OFFICE / "real_02.xlsx")
    sheet = book.worksheets[0]
    sheet.cell(row=1, column=16_384, value="备注")  # one stray value in column XFD
    path = tmp_path / "wide.xlsx"
    book.save(path)

    reason = _rejected(xlsx.read, path)
    assert f"sheet {sheet.title}" in reason and "16,384 columns" in reason
    with pytest.raises(ReadError):  # and so does the whole pipeline, cleanly
        extract_file(path)


def test_a_sheet_of_too_many_cells_is_rejected(tmp_path: Path) -> None:
    rows = MAX_GRID_CELLS // 100 + 1
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.cell(row=1, column=1, value="项目名称")
    sheet.cell(row=rows, column=100, value="x")  # two cells, a grid of rows × 100
    path = tmp_path / "tall.xlsx"
    book.save(path)

    reason = _rejected(xlsx.read, path)
    assert f"{rows:,} rows × 100 columns" in reason


def test_an_html_table_wider_than_the_cap_is_rejected(tmp_path: Path) -> None:
    cells = "".join(f"<td>{n}</td>" for n in range(MAX_GRID_COLUMNS + 5))
    page = f"<html><body><p>项目名称：测试</p><table><tr>{cells}</tr><tr>{cells}</tr></table>"
    path = tmp_path / "wide.html"
    path.write_text(page + "</body></html>", encoding="utf-8")

    reason = _rejected(html.read, path)
    assert "(table 1)" in reason and "table too wide" in reason
