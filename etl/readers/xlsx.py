""".xlsx workbooks → `Document`: every visible sheet, in workbook order, becomes one Table.

openpyxl loads the whole workbook (not read-only, so merged ranges are known) with the
formulas' cached values. A formula saved without a cached value (files written by
scripts and never opened in Excel) reads as empty, and a warning names the cell: that
needs a look into the sheet XML, since openpyxl drops the formula when it gives values.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

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

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MAX_LISTED = 10  # cells named in one warning; the rest are counted


def _open_reason(exc: Exception, data: bytes) -> str:
    """A user-facing reason for a workbook openpyxl could not load."""
    if data.startswith(_OLE_MAGIC):
        return (
            "not an .xlsx workbook: the file is an OLE2 container, i.e. a password-protected "
            "(encrypted) workbook or a legacy .xls file"
        )
    if isinstance(exc, zipfile.BadZipFile) and data.startswith(b"PK"):
        return "damaged .xlsx workbook: the zip archive is truncated or corrupt"
    if isinstance(exc, zipfile.BadZipFile):
        return "not an .xlsx workbook: the file is not a zip archive"
    if _is_xlsb(data):
        return "a binary .xlsb workbook, which is not supported; save it as .xlsx"
    if isinstance(exc, KeyError):
        return f"damaged .xlsx workbook: a required part is missing ({exc})"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"damaged .xlsx workbook: malformed XML ({exc})"
    return f"the .xlsx workbook cannot be read ({type(exc).__name__}: {exc})"


def _is_xlsb(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower().endswith("workbook.bin") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _open_workbook(data: bytes) -> Workbook:
    with warnings.catch_warnings():
        # openpyxl warns about extensions it ignores (data validation, slicers …).
        warnings.simplefilter("ignore")
        # Bytes, not the path: openpyxl refuses unfamiliar file extensions.
        return load_workbook(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)


def _minimal_styles(styles: bytes) -> bytes:
    """A stylesheet openpyxl accepts that keeps only what values need: number formats.

    Third-party writers leave styles openpyxl rejects (an empty <fill/>, odd fonts);
    fonts, fills and borders do not matter here, but each cell's number format does.
    """
    root = etree.fromstring(styles, etree.XMLParser(recover=True)) if styles else None
    formats = [] if root is None else list(root.iterfind("{*}numFmts/{*}numFmt"))
    xfs = [] if root is None else list(root.iterfind("{*}cellXfs/{*}xf"))
    main = _MAIN_NS
    sheet = etree.Element(f"{{{main}}}styleSheet", nsmap={None: main})
    number_formats = etree.SubElement(sheet, f"{{{main}}}numFmts")
    for number_format in formats:
        etree.SubElement(
            number_formats,
            f"{{{main}}}numFmt",
            numFmtId=number_format.get("numFmtId", "0"),
            formatCode=number_format.get("formatCode", "General"),
        )
    etree.SubElement(etree.SubElement(sheet, f"{{{main}}}fonts"), f"{{{main}}}font")
    fills = etree.SubElement(sheet, f"{{{main}}}fills")
    for pattern in ("none", "gray125"):
        fill = etree.SubElement(fills, f"{{{main}}}fill")
        etree.SubElement(fill, f"{{{main}}}patternFill", patternType=pattern)
    etree.SubElement(etree.SubElement(sheet, f"{{{main}}}borders"), f"{{{main}}}border")
    cell_xfs = etree.SubElement(sheet, f"{{{main}}}cellXfs")
    for xf in xfs or [None]:
        number_format_id = "0" if xf is None else xf.get("numFmtId", "0")
        etree.SubElement(
            cell_xfs, f"{{{main}}}xf", numFmtId=number_format_id, fontId="0", fillId="0",
            borderId="0",
        )  # fmt: skip
    return etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_minimal_styles(data: bytes) -> bytes:
    """The same package with its stylesheet replaced by `_minimal_styles`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in dict.fromkeys(source.namelist()):  # a duplicated part once (read: the last)
            content = source.read(name)
            if name.lower() == "xl/styles.xml":
                content = _minimal_styles(content)
            target.writestr(name, content)
    return out.getvalue()


def _load(path: Path, notes: list[str]) -> Workbook:
    """The workbook with cached values; any library failure becomes a ReadError.

    A workbook openpyxl cannot load is tried once more with a minimal stylesheet,
    since broken styles are the usual cause in files from other writers.
    """
    data = read_bytes(path)
    try:
        return _open_workbook(data)
    except zipfile.BadZipFile as exc:
        raise ReadError(str(path), _open_reason(exc, data)) from exc
    except Exception as exc:  # openpyxl raises anything from zipfile, lxml, TypeError …
        first_failure = exc
    try:
        workbook = _open_workbook(_with_minimal_styles(data))
    except Exception as exc:  # the retry failed too: report the original problem
        raise ReadError(str(path), _open_reason(first_failure, data)) from exc
    notes.append(
        f"{path}: the workbook's styles could not be read ({first_failure}); read with "
        "its number formats only"
    )
    return workbook


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the archive, from the workbook and its rels."""
    workbook_part = "xl/workbook.xml"
    root_rels = etree.fromstring(archive.read("_rels/.rels"))
    for rel in root_rels:
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook_part = rel.get("Target", workbook_part).lstrip("/")
    folder, name = posixpath.split(workbook_part)
    rels = etree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts: dict[str, str] = {}
    for sheet in etree.fromstring(archive.read(workbook_part)).iter("{*}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        if target:
            absolute = target.startswith("/")
            joined = target.lstrip("/") if absolute else posixpath.join(folder, target)
            parts[sheet.get("name", "")] = posixpath.normpath(joined)
    return parts


def _lacks_cached_value(cell: etree._Element) -> bool:
    """A formula cell without a value; an empty <v/> is a value only for a string result."""
    children = {etree.QName(child).localname: child for child in cell}
    if "f" not in children:
        return False
    value = children.get("v")
    if value is None:
        return "is" not in children
    return not value.text and cell.get("t") not in ("str", "s")


def _uncached_formulas(archive: zipfile.ZipFile, part: str) -> set[str]:
    """References ("C7") of formula cells that carry no cached value (<f> without <v>)."""
    found: set[str] = set()
    with archive.open(part) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag="{*}c"):
            if _lacks_cached_value(element):
                found.add(element.get("r", ""))
            element.clear()
    return found


def _formulas_without_values(path: Path) -> dict[str, set[str]]:
    """Sheet name → cells whose formula has no cached value; empty if the scan fails."""
    try:
        with zipfile.ZipFile(path) as archive:
            return {
                name: _uncached_formulas(archive, part)
                for name, part in _sheet_parts(archive).items()
                if part in archive.namelist()
            }
    except Exception:  # the scan only adds warnings; openpyxl already read the values
        return {}


def _unescape(text: str) -> str:
    """OOXML escapes control characters as _xHHHH_ (a carriage return is _x000D_), and
    openpyxl leaves them in; _x005F_ escapes a literal underscore."""
    return _ESCAPE_RE.sub(lambda found: chr(int(found.group(1), 16)), text)


def cell_text(cell: Cell) -> str:
    """One cell's value as the sheet shows it (see cellformat.render_number)."""
    value = cell.value
    if value is None or cell.data_type == "e":  # errors such as #DIV/0! show no figure
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return render_number(value, cell.number_format)
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return render_temporal(value)
    return clean_cell_text(_unescape(str(value)))


def _hidden_rows(ws: Worksheet, content_rows: set[int]) -> Callable[[int], bool]:
    """Rows hidden outright or squeezed to zero height.

    With zeroHeight (Excel's "hide unused rows"), rows are hidden unless the file gives
    them a height; a writer that sets the flag but no heights would hide the whole form,
    so then the flag is ignored.
    """
    hidden = set()
    shown = set()
    for key, dim in ws.row_dimensions.items():
        index = int(key)
        if dim.hidden or (dim.customHeight and dim.ht == 0):
            hidden.add(index)
        elif dim.ht:
            shown.add(index)
    if ws.sheet_format.zeroHeight and shown & content_rows:
        return lambda row: row not in shown
    return hidden.__contains__


def _hidden_cols(ws: Worksheet) -> Callable[[int], bool]:
    """Columns hidden outright or squeezed to zero width, from <col min max> ranges."""
    spans = [
        (dim.min, dim.max)
        for dim in ws.column_dimensions.values()
        if dim.min and (dim.hidden or (dim.customWidth and dim.width == 0))
    ]
    return lambda col: any(low <= col <= (high or low) for low, high in spans)


def _sheet_cells(ws: Worksheet) -> SheetCells:
    """Rendered text of every non-empty cell, merged ranges and hidden rows/columns.

    Walks the cells the file stores, not the claimed dimension, which can be
    A1:XFD1048576.
    """
    texts: dict[tuple[int, int], str] = {}
    for (row, col), cell in ws._cells.items():  # the stored cells, not the claimed range
        text = cell_text(cell)
        if text:
            texts[(row, col)] = text
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    content_rows = {row for row, _ in texts}
    return SheetCells(ws.title, texts, merged, _hidden_rows(ws, content_rows), _hidden_cols(ws))


def _formula_warnings(file: str, sheet: SheetCells, references: set[str]) -> list[str]:
    """One warning per sheet listing visible formula cells that read as empty."""
    positions = []
    for reference in references:
        try:
            letters, row = coordinate_from_string(reference)
        except ValueError:
            continue
        positions.append((row, column_index_from_string(letters)))
    visible = [
        f"{sheet.name}!{get_column_letter(col)}{row}"
        for row, col in sorted(positions)
        if not sheet.row_hidden(row) and not sheet.col_hidden(col)
    ]
    if not visible:
        return []
    listed = ", ".join(visible[:_MAX_LISTED])
    more = f" and {len(visible) - _MAX_LISTED} more" if len(visible) > _MAX_LISTED else ""
    return [
        f"{file}: formula without a cached value, read as empty (the workbook was never "
        f"recalculated): {listed}{more}"
    ]


def read(path: Path) -> Document:
    """Read an .xlsx workbook: one Table per visible, non-empty sheet, in workbook order."""
    document = Document(source=str(path), format="xlsx")
    workbook = _load(path, document.warnings)
    uncached = _formulas_without_values(path)
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        try:
            sheet = _sheet_cells(ws)
        except Exception as exc:  # a malformed sheet must not leak a library traceback
            reason = f"cannot read the sheet ({type(exc).__name__}: {exc})"
            raise ReadError(str(path), reason, f"sheet {ws.title}") from exc
        document.warnings += _formula_warnings(str(path), sheet, uncached.get(ws.title, set()))
        table = sheet_table(str(path), sheet)
        if table is not None:
            document.blocks.append(table)
    return document
