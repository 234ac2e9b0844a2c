"""Read a .docx (WordprocessingML) into a `Document`: paragraphs and table grids in body order.

The main part is walked with lxml instead of python-docx's object model, because the forms
bureaus send lean on what that model hides or mis-reads: content controls (w:sdt), tracked
changes, vertical merges, skipped grid columns, text boxes, nested tables, and whitespace-only
runs (python-docx's parser drops blank text nodes). Transitional and strict (ISO 29500)
namespaces are both read. Headers, footers, footnotes and comments live in other parts and are
never content here.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from etl.document import Document, Paragraph, Table, TableCell
from etl.errors import ReadError
from etl.readers.limits import check_grid, clamp_span
from etl.records import SourceRef

_W = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_PREFIXES = {
    "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc:",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m:",
}
_MAIN_PART = "word/document.xml"
_MAX_PART_BYTES = 200 * 2**20  # the main part of a very long real report is a few MB
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\ufeff")  # soft hyphen, zero-width space, BOM
_OFF = {"0", "false", "off"}

# Tracked deletions, moved-away text, field instructions and property blocks: never shown text.
_SKIP_INLINE = {
    "del", "moveFrom", "delText", "delInstrText", "instrText", "pPr", "rPr", "sdtPr",
    "sdtEndPr", "fldData", "commentReference", "footnoteReference", "endnoteReference",
    "rt",  # ruby (phonetic guide) text above its base text
}  # fmt: skip
_SKIP_BLOCK = {"sectPr", "del", "moveFrom", "sdtPr", "sdtEndPr", "tblPr", "tblGrid"}

# w:sym characters in symbol fonts sit in the private-use area (0xF000 + the font's code).
_SYMBOL_FONT = {
    0x25: "%", 0x3C: "<", 0x3D: "=", 0x3E: ">", 0xA3: "≤", 0xB0: "°", 0xB1: "±", 0xB3: "≥",
    0xB4: "×", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xD6: "√",
}  # fmt: skip
_WINGDINGS = {
    0x6C: "●", 0x6F: "□", 0x9F: "•", 0xA8: "□", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}  # fmt: skip


def read(path: Path) -> Document:
    """Read a .docx file: body paragraphs and tables in order, each cell with its grid position."""
    return read_docx(path, source=str(path), fmt="docx")


def read_docx(path: Path, source: str, fmt: str) -> Document:
    """Read the .docx at `path`, naming it `source` in every SourceRef and error.

    The legacy .doc reader converts to .docx in a temporary folder and calls this with the
    original path as `source`, so positions and errors point at the file the user gave.
    """
    body = _load_body(path, source)
    walker = _Walker(source)
    try:
        walker.blocks_of(body)
    except ReadError:
        raise
    except Exception as exc:  # a malformed part must surface as a reason, never a traceback
        raise ReadError(source, f"not a valid .docx: {exc}", walker.place) from exc
    document = Document(source=source, format=fmt, blocks=walker.blocks, warnings=walker.warnings)
    if not document.blocks:
        raise ReadError(source, _no_text_reason(body))
    return document


def _no_text_reason(body: etree._Element) -> str:
    names = {_name(el) for el in body.iter()}
    if "altChunk" in names:
        return "the document's only content is an embedded document (w:altChunk), not read"
    if names & {"drawing", "pict", "object"}:
        return "the document holds no text, only pictures (a scanned form cannot be read)"
    return "the document holds no text"


def _load_body(path: Path, source: str) -> etree._Element:
    """The w:body element of the package's main part."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _main_part_name(archive)
            data = _read_part(archive, part, source)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ReadError(source, _not_a_zip_reason(path, exc)) from exc
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except OSError as exc:
        raise ReadError(source, f"cannot read the file ({exc.strerror or exc})") from exc
    except (RuntimeError, NotImplementedError, ValueError) as exc:  # encrypted or exotic zips
        raise ReadError(source, f"not a valid .docx: {exc}") from exc
    root = _parse_xml(data, source, part)
    if _name(root) != "document":
        kind = etree.QName(root).localname
        reason = f"not a valid .docx: the main part is <{kind}>, not a Word document"
        raise ReadError(source, reason)
    body = _child(root, "body")
    if body is None:
        raise ReadError(source, f"not a valid .docx: {part} has no body")
    return body


def _read_part(archive: zipfile.ZipFile, part: str, source: str) -> bytes:
    """The part's bytes, refusing more than _MAX_PART_BYTES whatever the zip header declares
    (sniff.py checks the whole package first; this guards direct callers)."""
    try:
        with archive.open(part) as stream:
            data = stream.read(_MAX_PART_BYTES + 1)
    except KeyError:
        raise ReadError(source, f"not a valid .docx: the package has no {part}") from None
    if len(data) > _MAX_PART_BYTES:
        limit = _MAX_PART_BYTES // 2**20
        raise ReadError(source, f"too large: {part} unpacks to more than {limit} MB")
    return data


def _not_a_zip_reason(path: Path, error: Exception) -> str:
    try:
        with path.open("rb") as handle:
            ole2 = handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        ole2 = False
    if ole2:  # password-protected OOXML is wrapped in an OLE2 container, as .doc files are
        return "not a valid .docx: a password-protected .docx or a Word 97-2003 .doc renamed"
    return f"not a valid .docx: not a readable zip package ({error})"


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The officeDocument target named in _rels/.rels; word/document.xml when that is absent."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), _xml_parser())
    except (KeyError, etree.XMLSyntaxError):
        return _MAIN_PART
    for relation in rels:
        if str(relation.get("Type", "")).endswith("/officeDocument") and relation.get("Target"):
            target = posixpath.normpath(relation.get("Target").lstrip("/"))
            return target.removeprefix("./")
    return _MAIN_PART


def _xml_parser() -> etree.XMLParser:
    # No entity expansion, no network, no DTD: the part comes from an untrusted file.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _parse_xml(data: bytes, source: str, part: str) -> etree._Element:
    try:
        return etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        place = f"{part}, line {exc.lineno}" if exc.lineno else part
        raise ReadError(source, f"not a valid .docx: broken XML ({exc.msg})", place) from exc


def _name(element: etree._Element) -> str:
    """Local name for WordprocessingML elements, `mc:`/`m:`-prefixed or `*:` for others."""
    if not isinstance(element.tag, str):  # comments and processing instructions
        return ""
    qname = etree.QName(element)
    if qname.namespace in _W:
        return qname.localname
    return _PREFIXES.get(qname.namespace or "", "*:") + qname.localname


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((child for child in element if _name(child) == name), None)


def _attr(element: etree._Element | None, name: str) -> str | None:
    """A w:-namespaced attribute (w:val, w:char …), in either namespace."""
    if element is None:
        return None
    for namespace in _W:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return None


def _int_attr(element: etree._Element | None, default: int) -> int:
    try:
        value = int(_attr(element, "val") or default)
    except ValueError:
        return default
    return max(value, 0)


def _is_on(toggle: etree._Element | None) -> bool:
    """A w:vanish-style toggle: present and not switched off."""
    return toggle is not None and (_attr(toggle, "val") or "true").lower() not in _OFF


def _hidden(run: etree._Element) -> bool:
    """A run formatted as hidden text (w:vanish), which is not printed."""
    properties = _child(run, "rPr")
    return properties is not None and _is_on(_child(properties, "vanish"))


def _content(sdt: etree._Element) -> etree._Element:
    """The w:sdtContent of a content control (the control itself if it has none)."""
    content = _child(sdt, "sdtContent")
    return content if content is not None else sdt


def _chosen(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback.

    Both branches hold the same text box (DrawingML and VML copies), so reading both would
    print its text twice.
    """
    choice = _child(alternate, "mc:Choice")
    return choice if choice is not None else _child(alternate, "mc:Fallback")


def _showing_placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt (单击此处输入文字): template noise."""
    properties = _child(sdt, "sdtPr")
    return properties is not None and _child(properties, "showingPlcHdr") is not None


def _symbol_char(code: int, font: str) -> str:
    """The character a symbol-font code point shows; "" when it is a glyph we cannot name."""
    if not 0xE000 <= code <= 0xF8FF:
        return chr(code)
    font = font.lower()
    if font.startswith("wingdings"):
        return _WINGDINGS.get(code & 0xFF, "")
    if font.startswith("symbol"):
        return _SYMBOL_FONT.get(code & 0xFF, "")
    return chr(code)


def _symbol(sym: etree._Element) -> str:
    try:
        code = int(_attr(sym, "char") or "", 16)
    except ValueError:
        return ""
    return _symbol_char(code, _attr(sym, "font") or "")


def _run_text(text_element: etree._Element) -> str:
    """A w:t's text; private-use characters of a Symbol/Wingdings run decoded (Word's .doc
    and LibreOffice store Insert → Symbol ≥ as U+F0B3 in such a run)."""
    text = text_element.text or ""
    if not any(0xE000 <= ord(char) <= 0xF8FF for char in text):
        return text
    font = _run_font(text_element.getparent())
    return "".join(_symbol_char(ord(char), font) for char in text)


def _run_font(run: etree._Element | None) -> str:
    """The font named directly on a run (w:rPr/w:rFonts), "" when none is."""
    properties = _child(run, "rPr") if run is not None else None
    fonts = _child(properties, "rFonts") if properties is not None else None
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        font = _attr(fonts, script)
        if font:
            return font
    return ""


def _unshown(element: etree._Element, name: str) -> bool:
    """Inline content that is never printed: deletions, field codes, hidden runs, prompts."""
    if name in _SKIP_INLINE:
        return True
    if name == "r":
        return _hidden(element)
    return name == "sdt" and _showing_placeholder(element)


def _inline_text(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """Append the shown text under `element` to `parts`; text boxes go to `boxes` unread."""
    for child in element:
        name = _name(child)
        if _unshown(child, name):
            continue
        if name in ("t", "m:t"):
            parts.append(_run_text(child))
        elif name in ("tab", "ptab"):
            parts.append(" ")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name == "sym":
            parts.append(_symbol(child))
        elif name == "txbxContent":
            boxes.append(child)
        elif name == "mc:AlternateContent":
            branch = _chosen(child)
            if branch is not None:
                _inline_text(branch, parts, boxes)
        else:
            _inline_text(child, parts, boxes)


def paragraph_text(paragraph: etree._Element) -> tuple[str, list[etree._Element]]:
    """(tidied text of a w:p, the w:txbxContent elements of its text boxes)."""
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _inline_text(paragraph, parts, boxes)
    return tidy("".join(parts)), boxes


def tidy(text: str) -> str:
    """Strip every line and drop empty ones: line breaks stay only between real lines."""
    lines = (line.strip() for line in text.translate(_INVISIBLE).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class _GridCell:
    """One w:tc placed on the grid: where it starts, how wide, how it merges."""

    text: str
    col: int
    span: int
    vmerge: str | None  # "restart", "continue" or None
    hmerge_continue: bool
    nested: list[etree._Element] = field(default_factory=list)


@dataclass
class _Walker:
    """Walks block containers in document order, numbering paragraphs and tables."""

    file: str
    blocks: list[Paragraph | Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0
    place: str = "whole file"

    def blocks_of(self, container: etree._Element) -> None:
        """Emit the paragraphs and tables under a body, content control or text box."""
        for child in container:
            name = _name(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                if not _showing_placeholder(child):
                    self.blocks_of(_content(child))
            elif name == "mc:AlternateContent":
                branch = _chosen(child)
                if branch is not None:
                    self.blocks_of(branch)
            elif name == "altChunk":
                self._warn("an embedded document (w:altChunk) was not read")
            elif name not in _SKIP_BLOCK:
                self.blocks_of(child)  # w:customXml, w:ins and the like wrap real blocks

    def paragraph(self, element: etree._Element) -> None:
        self.place = f"paragraph {self.paragraphs + 1}"
        text, boxes = paragraph_text(element)
        if text:
            self.paragraphs += 1
            self.blocks.append(Paragraph(text, SourceRef(self.file, line=self.paragraphs)))
        for box in boxes:  # forms sometimes put their title in a text box
            self.blocks_of(box)
        self._warn_embedded(element)

    def _warn_embedded(self, element: etree._Element) -> None:
        if any(_name(el) == "object" for el in element.iter()):
            self._warn("an embedded object (e.g. a pasted Excel sheet) was not read")

    def _warn(self, note: str) -> None:
        if note not in self.warnings:
            self.warnings.append(note)

    def table(self, element: etree._Element) -> None:
        """Emit one table; a nested table follows, as its own block, the row that holds it."""
        self.tables += 1
        number = self.tables
        self.place = f"table {number}"
        rows = [row for row in _table_rows(element) if not _row_deleted(row)]
        placed = [self._place_row(row, number, index) for index, row in enumerate(rows, 1)]
        width = _grid_width(element, placed)
        check_grid(self.file, f"table {number}", len(placed), width)
        grid = _build_grid(self.file, number, width, placed)
        source = SourceRef(self.file, table=number)
        start = 0
        for index, (_, cells, _) in enumerate(placed):
            nested = [table for cell in cells for table in cell.nested]
            if not nested:
                continue
            self.blocks.append(Table(grid[start : index + 1], source))
            start = index + 1
            for inner in nested:
                self.table(inner)
        if start < len(grid):
            self.blocks.append(Table(grid[start:], source))

    def _place_row(
        self, row: etree._Element, number: int, index: int
    ) -> tuple[int, list[_GridCell], int]:
        """(grid columns skipped before, the cells placed on the grid, columns skipped after)."""
        self.place = f"table {number}, row {index}"
        properties = _child(row, "trPr")
        before = _int_attr(_child(properties, "gridBefore") if properties is not None else None, 0)
        after = _int_attr(_child(properties, "gridAfter") if properties is not None else None, 0)
        before, after = (min(max(skip, 0), MAX_GRID_SKIP) for skip in (before, after))
        cells: list[_GridCell] = []
        col = before
        for tc in _row_cells(row):
            cell = self._cell(tc, col)
            cells.append(cell)
            col += cell.span
        return before, cells, after

    def _cell(self, tc: etree._Element, col: int) -> _GridCell:
        properties = _child(tc, "tcPr")
        span, vmerge, hmerge = 1, None, False
        if properties is not None:
            span = clamp_span(_int_attr(_child(properties, "gridSpan"), 1))
            merge = _child(properties, "vMerge")
            if merge is not None:
                vmerge = "restart" if _attr(merge, "val") == "restart" else "continue"
            legacy = _child(properties, "hMerge")  # pre-2007 horizontal merge
            hmerge = legacy is not None and _attr(legacy, "val") != "restart"
        lines: list[str] = []
        nested: list[etree._Element] = []
        self._cell_content(tc, lines, nested)
        return _GridCell(tidy("\n".join(lines)), col, span, vmerge, hmerge, nested)

    def _cell_content(
        self, container: etree._Element, lines: list[str], nested: list[etree._Element]
    ) -> None:
        """A cell's own paragraphs (text boxes included) into `lines`; inner tables apart."""
        for child in container:
            name = _name(child)
            if name == "p":
                text, boxes = paragraph_text(child)
                lines.append(text)
                for box in boxes:
                    self._cell_content(box, lines, nested)
                self._warn_embedded(child)
            elif name == "tbl":
                nested.append(child)
            elif name == "sdt":
                if not _showing_placeholder(child):
                    self._cell_content(_content(child), lines, nested)
            elif name == "mc:AlternateContent":
                branch = _chosen(child)
                if branch is not None:
                    self._cell_content(branch, lines, nested)
            elif name not in _SKIP_BLOCK and name != "tcPr":
                self._cell_content(child, lines, nested)


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The w:tr of a table, looking through row-level content controls and custom XML."""
    return _through_wrappers(table, "tr")


def _row_cells(row: etree._Element) -> list[etree._Element]:
    """The w:tc of a row, looking through cell-level content controls and custom XML."""
    return _through_wrappers(row, "tc")


def _through_wrappers(parent: etree._Element, wanted: str) -> list[etree._Element]:
    """Children named `wanted`, also inside w:sdt/w:customXml/w:ins/w:moveTo wrappers."""
    found: list[etree._Element] = []
    for child in parent:
        name = _name(child)
        if name == wanted:
            found.append(child)
        elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            found.extend(_through_wrappers(child, wanted))
    return found


def _row_deleted(row: etree._Element) -> bool:
    """A row removed with tracked changes on (w:trPr/w:del)."""
    properties = _child(row, "trPr")
    return properties is not None and _child(properties, "del") is not None


# Grid columns a row may skip before or after its cells (w:gridBefore/gridAfter).
MAX_GRID_SKIP = 1_000


def _grid_width(table: etree._Element, placed: list[tuple[int, list[_GridCell], int]]) -> int:
    """Columns of w:tblGrid, widened when a row is longer than the declared grid."""
    grid = _child(table, "tblGrid")
    declared = sum(1 for col in grid if _name(col) == "gridCol") if grid is not None else 0
    widest = max((sum(c.span for c in cells) + before for before, cells, _ in placed), default=0)
    return max(declared, widest)


def _build_grid(
    file: str, number: int, width: int, placed: list[tuple[int, list[_GridCell], int]]
) -> list[list[TableCell | None]]:
    """Rows of anchors and `None`s: merged, skipped (gridBefore/After) and missing positions
    are `None`; the text of a merge continuation that holds any is kept in its anchor, and
    each anchor's rowspan/colspan reach its merge's last row and column."""
    texts: dict[tuple[int, int], list[str]] = {}
    far: dict[tuple[int, int], tuple[int, int]] = {}  # anchor → last (row, col) it covers
    owner_above: dict[int, tuple[int, int]] = {}  # grid column → anchor covering it, last row
    for r, (_, cells, _) in enumerate(placed):
        owners: dict[int, tuple[int, int]] = {}
        previous: tuple[int, int] | None = None
        for cell in cells:
            anchor = (r, cell.col)
            if cell.vmerge == "continue" and cell.col in owner_above:
                anchor = owner_above[cell.col]
            elif cell.hmerge_continue and previous is not None:
                anchor = previous
            texts.setdefault(anchor, [])
            if cell.text:
                texts[anchor].append(cell.text)
            last_row, last_col = far.get(anchor, anchor)
            far[anchor] = (max(last_row, r), max(last_col, cell.col + cell.span - 1))
            for col in range(cell.col, cell.col + cell.span):
                owners[col] = anchor
            previous = anchor
        owner_above = owners
    grid: list[list[TableCell | None]] = [[None] * width for _ in placed]
    for (r, c), parts in texts.items():
        source = SourceRef(file, table=number, row=r + 1, col=c + 1)
        last_row, last_col = far[(r, c)]
        cell = TableCell(
            "\n".join(parts), source, rowspan=last_row - r + 1, colspan=last_col - c + 1
        )
        grid[r][c] = cell
    return grid
