"""Legacy .xls workbooks (BIFF) → `Document`, the same shape as the .xlsx reader gives.

xlrd with formatting_info=True knows merged ranges, hidden rows and columns and number
formats; some files make it refuse that mode, and then the values are still read
without them (with a warning). BIFF stores every formula's last value, so there is no
uncached formula to report here.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlrd
from xlrd.biffh import (
    XL_CELL_BLANK,
    XL_CELL_BOOLEAN,
    XL_CELL_DATE,
    XL_CELL_EMPTY,
    XL_CELL_ERROR,
    XL_CELL_NUMBER,
)
from xlrd.book import Book
from xlrd.sheet import Sheet

from etl.document import Document
from etl.errors import ReadError
from etl.readers.cellformat import (
    SheetCells,
    clean_cell_text,
    render_number,
    render_temporal,
    sheet_table,
)
from etl.readers.files import read_bytes

_NO_TEXT = (XL_CELL_EMPTY, XL_CELL_BLANK, XL_CELL_ERROR)  # errors such as #DIV/0! show no figure


def _open_reason(exc: Exception) -> str:
    """A user-facing reason for a workbook xlrd could not open."""
    message = str(exc) or type(exc).__name__
    if "encrypted" in message.lower():
        return "the .xls workbook is password-protected (encrypted); save it unprotected"
    if "xlsx" in message.lower():
        return "not a legacy .xls workbook: the file is an .xlsx (zip) workbook"
    return f"not a readable .xls workbook ({message})"


def _open(path: Path, warnings: list[str]) -> Book:
    """The workbook with formatting info if xlrd allows it, else without."""
    data = read_bytes(path)
    log = io.StringIO()  # xlrd prints its complaints; keep them off stdout
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=log)
    except NotImplementedError:
        pass
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, …
        if "encrypted" in str(exc).lower() or "xlsx" in str(exc).lower():
            raise ReadError(str(path), _open_reason(exc)) from exc
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=False, logfile=log)
    except Exception as exc:  # see above: any library failure becomes a ReadError
        raise ReadError(str(path), _open_reason(exc)) from exc
    warnings.append(
        f"{path}: read without formatting (xlrd could not read it): merged cells and "
        "hidden rows and columns and number formats (percentages) are not known"
    )
    return book


def _number_format(book: Book, sheet: Sheet, row: int, col: int) -> str | None:
    """The cell's number format string, where xlrd kept the formatting records."""
    try:
        xf = book.xf_list[sheet.cell_xf_index(row, col)]
        return book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError, xlrd.XLRDError):
        return None  # without formatting records a number shows as General


def _cell_ref(sheet: Sheet, row: int, col: int) -> str:
    return f"{sheet.name}!{xlrd.formula.colname(col)}{row + 1}"


def cell_text(book: Book, sheet: Sheet, row: int, col: int, warnings: list[str]) -> str:
    """One cell's value (0-based position) as the sheet shows it."""
    kind = sheet.cell_type(row, col)
    value = sheet.cell_value(row, col)
    if kind in _NO_TEXT:
        return ""
    if kind == XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == XL_CELL_DATE:
        try:
            return render_temporal(xlrd.xldate.xldate_as_datetime(value, book.datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            place = _cell_ref(sheet, row, col)
            warnings.append(f"{place}: a date format on a number that is no date; read as a number")
            return render_number(value)
    if kind == XL_CELL_NUMBER:
        return render_number(value, _number_format(book, sheet, row, col))
    return clean_cell_text(str(value))


def _sheet_cells(book: Book, sheet: Sheet, file: str, warnings: list[str]) -> SheetCells:
    """Rendered text of every non-empty cell, merged ranges and hidden rows/columns."""
    texts: dict[tuple[int, int], str] = {}
    for row in range(sheet.nrows):
        for col in range(sheet.row_len(row)):
            try:
                text = cell_text(book, sheet, row, col, warnings)
            except Exception as exc:  # an odd record must not leak a library traceback
                reason = f"cannot read the cell ({type(exc).__name__}: {exc})"
                raise ReadError(file, reason, _cell_ref(sheet, row, col)) from exc
            if text:
                texts[(row + 1, col + 1)] = text
    merged = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
    hidden_rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
    hidden_cols = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden}
    # Rows hidden by default (DEFAULTROWHEIGHT) hold no cells: a row with cells has its
    # own ROW record, and that says whether it is hidden.
    return SheetCells(sheet.name, texts, merged, hidden_rows.__contains__, hidden_cols.__contains__)


def read(path: Path) -> Document:
    """Read a legacy .xls workbook: one Table per visible, non-empty sheet, in order."""
    document = Document(source=str(path), format="xls")
    book = _open(path, document.warnings)
    for sheet in book.sheets():
        if sheet.visibility != 0:  # 1 hidden, 2 very hidden
            continue
        table = sheet_table(str(path), _sheet_cells(book, sheet, str(path), document.warnings))
        if table is not None:
            document.blocks.append(table)
    return document
