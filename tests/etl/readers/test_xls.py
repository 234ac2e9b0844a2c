"""etl.readers.xls on real BIFF files: a workbook built with openpyxl, saved as .xls by
LibreOffice once per module, and broken files made here."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlrd

from etl.document import Document, Table
from etl.errors import ReadError
from etl.parse import parse_document
from etl.readers.xls import read
from etl.readers.xlsx import read as read_xlsx


def grid(table: Table) -> list[list[str | None]]:
    """The table's texts, None where a merged neighbour covers the position."""
    return [[cell.text if cell else None for cell in row] for row in table.rows]


def _workbook(path: Path) -> None:
    """A small 自评表 with every rule the reader must honour."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["B2"] = "2019年度项目支出绩效自评表"
    helper = wb.create_sheet("辅助")
    helper["A1"] = "helper figure"
    helper.sheet_state = "hidden"
    form = wb.create_sheet("表1")
    form.append(["项目名称", "draft", "专利资助与奖励", None, None])
    form.merge_cells("C1:E1")
    form.append(["草稿行", "x", "y", "z", "w"])
    form.row_dimensions[2].hidden = True
    form.column_dimensions["B"].hidden = True
    form.append(["预算数", "", 499.86, 423.25, 0.8468])
    form["E3"].number_format = "0.00%"
    form.append(["填报日期", "", dt.datetime(2020, 2, 28), "1,200.00", 387664.62000000001])
    form["C4"].number_format = "yyyy-mm-dd"
    form["D4"].number_format = "@"
    form.append(["完成", "", True, "#DIV/0!", 215457.6])
    form["E5"].number_format = "#,##0.00"
    wb.save(path)


@pytest.fixture(scope="module")
def xls_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook above, converted to BIFF8 by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make a real .xls")
    folder = tmp_path_factory.mktemp("xls")
    source = folder / "form.xlsx"
    _workbook(source)
    subprocess.run(
        [
            soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to", "xls", "--outdir", str(folder), str(source),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / "form.xls"


def test_sheets_merged_hidden_and_values(xls_file: Path) -> None:
    document = read(xls_file)

    assert (document.source, document.format) == (str(xls_file), "xls")
    assert document.warnings == []
    cover, form = document.tables
    assert cover.source.sheet == "封面"
    assert grid(cover) == [["2019年度项目支出绩效自评表"]]
    assert form.source.sheet == "表1"
    assert grid(form) == [
        ["项目名称", "专利资助与奖励", None, None],
        ["预算数", "499.86", "423.25", "84.68%"],
        ["填报日期", "2020-02-28", "1,200.00", "387664.62"],
        ["完成", "TRUE", "", "215457.6"],
    ]


def test_sources_are_one_based_sheet_positions(xls_file: Path) -> None:
    form = read(xls_file).tables[1]
    rate = form.rows[1][3]
    assert (rate.source.file, rate.source.sheet) == (str(xls_file), "表1")
    assert (rate.source.row, rate.source.col) == (3, 5)
    title = read(xls_file).tables[0].rows[0][0]
    assert (title.source.row, title.source.col) == (2, 2)


def test_not_an_xls_raises_read_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.xls"
    path.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.file == str(path)
    assert "not a readable .xls workbook" in caught.value.reason


def test_xlsx_named_xls_raises_read_error(tmp_path: Path) -> None:
    path = tmp_path / "renamed.xls"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert ".xlsx" in caught.value.reason


def test_truncated_xls_raises_read_error(xls_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xls"
    path.write_bytes(xls_file.read_bytes()[:1500])
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.file == str(path)


def test_empty_file_raises_read_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.xls"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "empty" in caught.value.reason


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "absent.xls")
    assert "cannot open the file" in caught.value.reason


OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
OFFICE_XLS = sorted(p for p in OFFICE.glob("*.xls") if p.with_suffix(".xlsx").exists())


def positioned(path: Path, reader: Callable[[Path], Document]) -> list:
    """Every table as (text, sheet, row, column) per position, None where covered."""
    return [
        [
            [(c.text, c.source.sheet, c.source.row, c.source.col) if c else None for c in row]
            for row in table.rows
        ]
        for table in reader(path).tables
    ]


@pytest.mark.parametrize("path", OFFICE_XLS, ids=lambda p: p.name)
def test_office_xls_reads_like_the_xlsx_it_was_saved_from(path: Path) -> None:
    document = read(path)
    assert document.warnings == []
    assert positioned(path, read) == positioned(path.with_suffix(".xlsx"), read_xlsx)
    assert parse_document(document), "no report found"


def test_file_xlrd_cannot_format_is_read_without_formatting(
    xls_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = xlrd.open_workbook

    def refuse_formatting(*args: object, **kwargs: object) -> xlrd.book.Book:
        if kwargs.get("formatting_info"):
            raise NotImplementedError("formatting_info=True not yet implemented")
        return real_open(*args, **kwargs)

    # xlrd refuses formatting for some BIFF versions; stand in for such a file.
    monkeypatch.setattr(xlrd, "open_workbook", refuse_formatting)
    document = read(xls_file)

    assert len(document.warnings) == 1 and "without formatting" in document.warnings[0]
    # Sheet visibility survives; merged ranges, hidden columns and formats do not.
    assert [table.source.sheet for table in document.tables] == ["封面", "表1"]
    form = grid(document.tables[1])
    assert form[0] == ["项目名称", "draft", "专利资助与奖励", "", ""]
    assert form[2] == ["预算数", "", "499.86", "423.25", "0.8468"]
