"""Read PDF reports with pdfplumber: ruled tables become grids, other text paragraphs.

Each page is read once: characters overprinted to fake bold are deduplicated, ruled
tables are found with the lines strategy (one `find_tables` call per page: it is the
slow part), every character inside a table goes to its cell, and the text outside the
tables becomes Paragraph blocks. Blocks are ordered by their top edge, so a title above
a table comes before it and a note below it after.

pdfplumber gives text one visual line at a time; etl/readers/pdf_text.py joins the
lines that merely wrapped, in a cell and in running text (a paragraph wrapped over
five lines is one Paragraph, named by the page and line where it starts), and keeps
the breaks the author made. Page numbers in the top or bottom margin are dropped.

Across pages a continued table is simply the next Table block (the parser reads rows as
a stream), laid on the columns of the part before the break; a header row repeated on
the continuation page is dropped, and a row that the word processor split at the page
break is joined back to the row it belongs to.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.table import TableFinder
from pdfplumber.utils import chars_to_textmap
from pdfplumber.utils.exceptions import PdfminerException

from etl.document import Document, Paragraph, Table, TableCell
from etl.errors import ReadError
from etl.readers.ocr_words import mended
from etl.readers.pdf_text import (
    ITEM_START,
    Box,
    cell_text,
    ends_sentence,
    first_token_width,
    separator,
    wrapped,
)
from etl.readers.scan import MIN_DPI, ScannedPage, read_image, render_dpi
from etl.records import SourceRef

MAX_PAGES = 300
# Lines strategy with pdfplumber's default tolerances spelled out: bureaus' PDFs come
# from Word, WPS and Excel, whose cell borders are drawn as slightly offset segments.
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
# A page where this share of characters has no Unicode mapping cannot be read.
CID_SHARE = 0.3
# How far short of the mirrored left margin a line may end and still mark the right edge.
EDGE_SLACK = 30.0
# Running headers and footers sit in this share of the page height at top and bottom.
MARGIN_SHARE = 0.08
# How far apart (pt) two column borders may be and still be the same border.
COLUMN_TOLERANCE = 2.0
# How many leading rows a word processor repeats as the header of a continued table.
MAX_HEADER_ROWS = 3

_CID = re.compile(r"\(cid:\d+\)")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－\s]*\d{1,4}[-–—－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|(?:page|Page|PAGE)\s*\d+(?:\s*of\s*\d+)?)$"
)


@dataclass
class _Cell:
    """A table cell's text with the widths needed to tell a wrapped line from a break."""

    text: str
    row: int  # 1-based row and column within the page's table
    col: int
    room: float  # width a full line of the cell can take
    first_token: float  # width of what the cell's first line starts with (cannot break)
    last_line: float  # width the cell's last line takes, measured against `room`
    rowspan: int = 1
    colspan: int = 1
    x0: float = 0.0  # left and right borders
    x1: float = 0.0
    confidence: float | None = None  # see ocr_confidence


@dataclass
class _PageTable:
    rows: list[list[_Cell | None]]
    top: float
    columns: list[float]  # x of every column's left border, then the right border


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    number: int  # 1-based among the page's lines outside tables
    x0: float = 0.0
    x1: float = 0.0
    first_token: float = 0.0  # see first_token_width
    confidence: float | None = None  # see ocr_confidence


@dataclass
class _PageContent:
    number: int
    width: float
    height: float
    tables: list[_PageTable] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    has_text: bool = False
    has_images: bool = False
    dropped_cid: int = 0
    dropped_diagonal: int = 0
    recognised: str = ""  # why the text was recognised from the page image (OCR), if it was
    skew: float = 0.0  # degrees a recognised page image was straightened by


def read(path: Path) -> Document:
    """Read a PDF into paragraphs (text outside tables) and tables, in reading order.

    Pages without a text layer (scans), or whose text layer cannot be decoded, are read
    from their image by OCR (etl/readers/scan.py).

    Raises ReadError for files that are not PDFs or are truncated, password-protected
    PDFs, scans in which no text is recognised, and text in fonts without Unicode
    mapping on pages that print nothing else.
    """
    file = str(path)
    _check_complete(path)
    document = Document(source=file, format="pdf")
    pdf = _open(path)
    try:
        pages = _read_pages(pdf, file, document.warnings)
    finally:
        _close(pdf)
    return _assembled(document, pages)


def read_images(
    file: str, format: str, images: Iterable[tuple[np.ndarray, float | None]]
) -> Document:
    """A document from page images (a photo or scan of each page) and their resolutions
    (None: unknown), each read like a scanned PDF page."""
    document = Document(source=file, format=format)
    pages = []
    for number, (image, dpi) in enumerate(images, 1):
        scanned = read_image(image, dpi)
        content = _PageContent(number, scanned.width, scanned.height, has_images=True)
        pages.append(_recognised(content, scanned, "a photo or scan"))
    return _assembled(document, pages)


def _assembled(document: Document, pages: list[_PageContent]) -> Document:
    assembler = _Assembler(document, _running_lines(pages))
    for content in pages:
        assembler.add_page(content)
    assembler.flush()
    _check_text_found(document.source, assembler)
    return document


def _read_pages(pdf: pdfplumber.PDF, file: str, warnings: list[str]) -> list[_PageContent]:
    """The content of each page, up to MAX_PAGES (a warning says when more were left)."""
    try:
        page_count = len(pdf.pages)  # pdfminer walks the page tree here
    except Exception as error:  # … and a damaged tree fails in many ways
        raise ReadError(file, f"not a valid PDF: {_describe(error)}") from None
    if page_count > MAX_PAGES:
        warnings.append(f"{file}: only the first {MAX_PAGES} of {page_count} pages were read")
    pages = []
    for number, page in enumerate(pdf.pages[:MAX_PAGES], 1):
        try:
            pages.append(_read_page(page, number, file))
        except ReadError:
            raise
        except Exception as error:  # pdfminer fails in many ways on damaged streams
            raise ReadError(
                file,
                f"not a valid PDF: page {number} cannot be read ({_describe(error)})",
                f"page {number}",
            ) from None
        finally:
            page.close()
    return pages


def _check_complete(path: Path) -> None:
    """A PDF ends with %%EOF; without it the file was cut off (a broken download)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 4096))
        tail = handle.read()
        handle.seek(0)
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise ReadError(str(path), "not a valid PDF: no PDF header")
    if b"%%EOF" not in tail:
        raise ReadError(str(path), "not a valid PDF: the file is truncated (no end marker)")


def _close(pdf: pdfplumber.PDF) -> None:
    """Close the PDF and its file. pdfplumber's close walks the page tree again, and a
    damaged tree fails there too: the reason was already given, the file must still shut."""
    with contextlib.suppress(Exception):
        pdf.close()
    with contextlib.suppress(Exception):
        pdf.stream.close()


def _open(path: Path) -> pdfplumber.PDF:
    file = str(path)
    try:
        return pdfplumber.open(path)
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError(
                file, "password-protected PDF: it cannot be opened without the password"
            ) from None
        raise ReadError(file, f"not a valid PDF: {_describe(cause)}") from None
    except Exception as error:
        raise ReadError(file, f"not a valid PDF: {_describe(error)}") from None


def _describe(error: BaseException) -> str:
    if isinstance(error, PdfminerException) and error.args:
        error = error.args[0] if isinstance(error.args[0], BaseException) else error
    message = str(error).strip() or type(error).__name__
    return message[:200]


def _check_text_found(file: str, assembler: _Assembler) -> None:
    if assembler.pages_with_text:
        return
    if assembler.pages_with_images:
        raise ReadError(
            file, "scanned PDF: no text was recognised in its page images", "whole file"
        )
    raise ReadError(
        file, "the PDF contains no text (blank pages, or text drawn as shapes)", "whole file"
    )


# --- one page -------------------------------------------------------------------------


def _read_page(page: Page, number: int, file: str) -> _PageContent:
    content = _PageContent(number, page.width, page.height, has_images=bool(page.images))
    deduped = page.dedupe_chars()
    chars = [char for char in deduped.chars if char["text"].strip()]
    why = _why_recognise(page, chars)
    if why:
        image, dpi = _page_image(page)
        return content if image is None else _recognised(content, read_image(image, dpi), why)
    if not chars:
        return content
    cid = sum(1 for char in chars if _CID.fullmatch(char["text"]))
    if cid > CID_SHARE * len(chars):
        raise ReadError(
            file,
            "the PDF's text cannot be decoded (fonts without Unicode mapping)",
            f"page {number}",
        )
    diagonal = sum(1 for char in chars if _is_diagonal(char))
    content.has_text = len(chars) > cid + diagonal
    content.dropped_cid, content.dropped_diagonal = cid, diagonal
    readable = deduped.filter(lambda obj: not _is_noise(obj)) if cid or diagonal else deduped
    _lay_out(content, readable.chars, readable.edges)
    return content


def _why_recognise(page: Page, chars: list[dict]) -> str:
    """Why the page must be read from its image by OCR, or "" when its text layer serves:
    it has no text but an image (a scan), or text that cannot be decoded on a page that
    prints lines or images (a form whose fonts lack a Unicode map)."""
    if not chars:
        return "no text layer" if page.images else ""
    cid = sum(1 for char in chars if _CID.fullmatch(char["text"]))
    if cid > CID_SHARE * len(chars) and (page.images or page.rects or page.lines):
        return "its text layer cannot be decoded"
    return ""


def _page_image(page: Page) -> tuple[np.ndarray | None, float]:
    """The page rendered grey for OCR, and at what resolution; None for a page the size
    of a wall, which is no scanned form."""
    dpi = render_dpi(page.width, page.height)
    if dpi < MIN_DPI:
        return None, dpi
    return np.asarray(page.to_image(resolution=dpi).original.convert("L")), dpi


def recognised_page_images(path: Path) -> Iterator[tuple[int, np.ndarray]]:
    """(page number, grey image) of each page `read` would read by OCR."""
    pdf = _open(path)
    try:
        for number, page in enumerate(pdf.pages[:MAX_PAGES], 1):
            chars = [c for c in page.dedupe_chars().chars if c["text"].strip()]
            image = _page_image(page)[0] if _why_recognise(page, chars) else None
            if image is not None:
                yield number, image
            page.close()
    finally:
        _close(pdf)


def _recognised(content: _PageContent, scanned: ScannedPage, why: str) -> _PageContent:
    content.recognised, content.skew = why, scanned.skew
    content.has_text = bool(scanned.chars)
    _lay_out(content, scanned.chars, scanned.edges)
    for row in (row for table in content.tables for row in table.rows):
        for cell in filter(None, row):
            cell.text = mended(cell.text)  # OCR misreads a label now and then (ocr_words)
    return content


class _EdgesOnly:
    """What pdfplumber's TableFinder reads of a page with the lines strategy."""

    def __init__(self, edges: list[dict], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


def _lay_out(content: _PageContent, chars: list[dict], edges: list[dict]) -> None:
    """Fill the page's tables (cells found from its ruled lines) and its lines of text
    outside them, from pdfplumber-shaped characters and edges."""
    finder = TableFinder(_EdgesOnly(edges, content.width, content.height), TABLE_SETTINGS)
    found = [table for table in finder.tables if _is_grid(table)]
    boxes = [table.bbox for table in found]
    content.tables = [_page_table(table, chars) for table in found]
    outside = [char for char in chars if not _inside_any(char, boxes)]
    textmap = chars_to_textmap(
        outside, layout_bbox=(0, 0, content.width, content.height),
        layout_width=content.width, layout_height=content.height,
    )  # fmt: skip
    for index, line in enumerate(textmap.extract_text_lines(strip=True), 1):
        text = line["text"].strip()
        line_chars = [char for char in line["chars"] if char["text"].strip()]
        if text and line_chars:
            content.lines.append(_Line(
                text, line["top"], line["bottom"], index, line["x0"], line["x1"],
                first_token_width(line_chars), ocr_confidence(line_chars),
            ))  # fmt: skip


def _is_noise(obj: dict) -> bool:
    """Characters without Unicode mapping, and diagonal text (a watermark across the page)."""
    if obj.get("object_type") != "char":
        return False
    return bool(_CID.fullmatch(obj["text"])) or _is_diagonal(obj)


def _is_diagonal(char: dict) -> bool:
    a, b = char["matrix"][:2]
    return abs(a) > 0.05 * abs(b) and abs(b) > 0.05 * abs(a)


def _is_grid(table: object) -> bool:
    """A lone rectangle (a page frame, a boxed title) is no table: its text stays lines."""
    return len(table.cells) > 1  # type: ignore[attr-defined]


def _center_in(obj: dict, box: Box) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _inside_any(obj: dict, boxes: list[Box]) -> bool:
    return any(_center_in(obj, box) for box in boxes)


def _page_table(table: object, page_chars: list[dict]) -> _PageTable:
    """The table as a grid: pdfplumber leaves None where a merged cell spans."""
    x0, top, x1, bottom = table.bbox  # type: ignore[attr-defined]
    chars = [c for c in page_chars if c["text"].strip() and _center_in(c, (x0, top, x1, bottom))]
    boxes: list[Box] = table.cells  # type: ignore[attr-defined]
    holders = _cells_holding_cells(boxes)
    # The grid pdfplumber builds: a column at every cell's left x, a row at every top.
    lefts = sorted({box[0] for box in boxes})
    tops = sorted({box[1] for box in boxes})
    rows: list[list[_Cell | None]] = []
    for r, row in enumerate(table.rows, 1):  # type: ignore[attr-defined]
        row_chars = [c for c in chars if _center_in(c, row.bbox)]
        cells: list[_Cell | None] = []
        for c, box in enumerate(row.cells, 1):
            if box is None:
                cells.append(None)
                continue
            mine = [char for char in row_chars if _center_in(char, box)]
            if box in holders:
                mine = [char for char in mine if not _inside_any(char, holders[box])]
            cell = _cell(r, c, box, mine)
            cell.colspan = sum(1 for x in lefts if box[0] <= x < box[2])
            cell.rowspan = sum(1 for y in tops if box[1] <= y < box[3])
            cell.x0, cell.x1 = box[0], box[2]
            cells.append(cell)
        rows.append(cells)
    return _PageTable(rows, top, [*lefts, x1])


def _cell(row: int, col: int, box: Box, chars: list[dict]) -> _Cell:
    text = cell_text(chars, box)
    cell = _Cell(text.text, row, col, text.room, text.first_token, text.last_line)
    cell.confidence = ocr_confidence(chars)
    return cell


def ocr_confidence(chars: list[dict]) -> float | None:
    """The lowest recognition score among characters read by OCR (etl/readers/scan.py
    gives them one); None when none were, as in a born-digital page."""
    scores = [char["ocr_confidence"] for char in chars if "ocr_confidence" in char]
    return round(min(scores), 3) if scores else None


def _cells_holding_cells(boxes: list[Box]) -> dict[Box, list[Box]]:
    """Cells with other cells drawn inside them (a table nested in a cell).

    The holding cell keeps only the text outside the cells it holds; otherwise the nested
    table's text would be read twice, flattened into the holder and again cell by cell.
    """
    holders: dict[Box, list[Box]] = {}
    for outer in boxes:
        held = [box for box in boxes if box != outer and _box_within(box, outer)]
        if held:
            holders[outer] = held
    return holders


def _box_within(inner: Box, outer: Box, tolerance: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


# --- pages into one document ----------------------------------------------------------


@dataclass
class _LastTable:
    """The most recent table, kept to recognise its continuation on the next page."""

    block: Table
    cells: list[list[_Cell | None]]  # the rows as added, parallel to block.rows
    header: list[list[str | None]]  # the table's first rows as printed, before any drop
    page: int
    columns: list[float]  # column borders, see _PageTable


@dataclass
class _Pending:
    """A paragraph being gathered from the lines it wrapped over."""

    text: str
    source: SourceRef
    last: _Line
    page: int
    edge: float  # the right edge of the text on the last line's page


class _Assembler:
    """Adds pages' tables and paragraphs to the document in reading order."""

    def __init__(self, document: Document, running: set[str]) -> None:
        self.document = document
        self.running = running  # texts of running headers and footers
        self.pending: _Pending | None = None
        self.file = document.source
        self.table_count = 0
        self.last_table: _LastTable | None = None
        self.page_ended_in_table = False
        self.pages_with_text = 0
        self.pages_with_images = 0

    def add_page(self, content: _PageContent) -> None:
        """Append one page's blocks, joining a table continued from the previous page."""
        number, height = content.number, content.height
        edge = _right_edge(content)
        if content.has_images and not content.has_text:
            self.pages_with_images += 1
            self.document.warnings.append(
                f"{self.file}: page {number} has no text layer (a scanned image?)"
            )
        if not content.has_text:
            self.page_ended_in_table = False
            return
        self.pages_with_text += 1
        if content.recognised:
            self.document.warnings.append(
                f"{self.file}: page {number}: text recognised from the page image by OCR "
                f"({content.recognised}; straightened by {content.skew + 0.0:g}°)"
            )
        if content.dropped_cid:
            self.document.warnings.append(
                f"{self.file}: page {number}: {content.dropped_cid} characters without "
                "Unicode mapping were left out"
            )
        if content.dropped_diagonal:
            self.document.warnings.append(
                f"{self.file}: page {number}: {content.dropped_diagonal} characters of "
                "diagonal text (a watermark?) were left out"
            )
        body_started = False  # whether anything but running headers came yet
        ends_in_table = False
        for item in _in_reading_order(content):
            if isinstance(item, _Line):
                margin = _in_margin(item, height)
                if margin and _PAGE_NUMBER.match(item.text):
                    continue
                margin = margin and _running_key(item.text) in self.running
                if margin:
                    self.flush()
                    self._add_line(item, number, edge)
                    self.flush()
                else:
                    self._add_line(item, number, edge)
                    body_started, ends_in_table = True, False
                continue
            self.flush()
            continued = (
                self.page_ended_in_table
                and not body_started
                and self.last_table is not None
                and self.last_table.page == number - 1
            )
            self._add_table(item, number, continued)
            body_started, ends_in_table = True, True
        self.page_ended_in_table = ends_in_table

    def _add_line(self, line: _Line, page: int, edge: float) -> None:
        pending = self.pending
        if pending is not None and _continues(pending, line, page):
            pending.text += separator(pending.text, line.text) + line.text
            pending.last, pending.page, pending.edge = line, page, edge
            if line.confidence is not None:  # a paragraph is as sure as its weakest line
                lowest = min(line.confidence, pending.source.confidence or 1.0)
                pending.source = replace(pending.source, confidence=lowest)
            return
        self.flush()
        source = SourceRef(self.file, line=line.number, page=page, confidence=line.confidence)
        self.pending = _Pending(line.text, source, line, page, edge)

    def flush(self) -> None:
        """Emit the paragraph gathered so far."""
        if self.pending is not None:
            self.document.blocks.append(Paragraph(self.pending.text, self.pending.source))
            self.pending = None

    def _add_table(self, table: _PageTable, page: int, continued: bool) -> None:
        header = [_row_texts(row) for row in table.rows[:MAX_HEADER_ROWS]]
        rows = table.rows
        if continued and self.last_table is not None:
            table = _onto_columns(table, self.last_table.columns) or table
            rows = table.rows
            rows = rows[_repeated_header_rows(rows, self.last_table.header) :]
            if rows and _join_split_row(self.last_table, rows[0]):
                rows = rows[1:]
            if not any(cell for row in rows for cell in row if cell and cell.text):
                # Nothing left but the repeated header: no new block.
                self.last_table.page = page
                return
        self.table_count += 1
        number = self.table_count
        block = Table(
            rows=[[self._table_cell(cell, number, page) for cell in row] for row in rows],
            source=SourceRef(self.file, table=number, page=page),
        )
        self.document.blocks.append(block)
        self.last_table = _LastTable(
            block, [list(row) for row in rows], header, page, table.columns
        )

    def _table_cell(self, cell: _Cell | None, table: int, page: int) -> TableCell | None:
        if cell is None:
            return None
        source = SourceRef(
            self.file, table=table, row=cell.row, col=cell.col, page=page,
            confidence=cell.confidence,
        )  # fmt: skip
        return TableCell(cell.text, source, rowspan=cell.rowspan, colspan=cell.colspan)


def _right_edge(content: _PageContent) -> float:
    """Where full lines of running text end on the page.

    Lines that reach about as far right as the left margin is wide show the edge. When
    none does, no line wrapped, and the mirror of the left margin stands for the edge.
    """
    if not content.lines:
        return content.width
    mirrored = content.width - min(line.x0 for line in content.lines)
    furthest = max(line.x1 for line in content.lines)
    return furthest if furthest >= mirrored - EDGE_SLACK else mirrored


def _running_lines(pages: list[_PageContent]) -> set[str]:
    """Texts printed at the top or bottom of more than one page: headers and footers."""
    seen: dict[str, int] = {}
    for content in pages:
        keys = {
            _running_key(line.text) for line in content.lines if _in_margin(line, content.height)
        }
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _continues(pending: _Pending, line: _Line, page: int) -> bool:
    """Whether `line` carries on the paragraph whose last line wrapped.

    It does when the previous line ran to the right edge of the text (its next word did
    not fit), did not end a sentence, sits close above it (or ended the previous page),
    and the line does not start a numbered item. A column of single characters (a title
    set vertically) reads as one line too.
    """
    previous = pending.last
    if _stacked(previous, line):
        return True
    if ITEM_START.match(line.text) or ends_sentence(previous.text):
        return False
    if page == pending.page and line.top - previous.bottom > previous.bottom - previous.top:
        return False
    return previous.x1 + line.first_token > pending.edge - 1.0


def _stacked(previous: _Line, line: _Line) -> bool:
    return (
        len(previous.text) == len(line.text) == 1
        and not previous.text.isascii()
        and not line.text.isascii()
        and abs(previous.x0 - line.x0) < 1.0
    )


def _in_reading_order(content: _PageContent) -> list[_Line | _PageTable]:
    blocks: list[_Line | _PageTable] = [*content.lines, *content.tables]
    return sorted(blocks, key=lambda block: block.top)


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom < MARGIN_SHARE * height or line.top > (1 - MARGIN_SHARE) * height


def _onto_columns(table: _PageTable, columns: list[float]) -> _PageTable | None:
    """A continued table laid on the columns of the part before the page break.

    The part on the next page often lacks some column borders (no merged header there),
    so pdfplumber gives it fewer columns; when its borders all line up with the earlier
    part's, its cells move to the earlier grid so that columns mean the same throughout.
    """
    lefts = columns[:-1]

    def column_at(x: float) -> int | None:
        return next((i for i, left in enumerate(lefts) if abs(left - x) <= COLUMN_TOLERANCE), None)

    if abs(table.columns[-1] - columns[-1]) > COLUMN_TOLERANCE:
        return None
    if any(column_at(x) is None for x in table.columns[:-1]):
        return None
    rows: list[list[_Cell | None]] = []
    for row in table.rows:
        placed: list[_Cell | None] = [None] * len(lefts)
        for cell in row:
            if cell is None:
                continue
            start = column_at(cell.x0)
            if start is None:
                return None
            cell.col = start + 1
            cell.colspan = sum(
                1
                for left in lefts
                if cell.x0 - COLUMN_TOLERANCE <= left < cell.x1 - COLUMN_TOLERANCE
            )
            placed[start] = cell
        rows.append(placed)
    return _PageTable(rows, table.top, columns)


def _row_texts(row: list[_Cell | None]) -> list[str | None]:
    return [None if cell is None else re.sub(r"\s+", "", cell.text) for cell in row]


def _repeated_header_rows(rows: list[list[_Cell | None]], header: list[list[str | None]]) -> int:
    """How many leading rows repeat the previous table's first rows."""
    count = 0
    while (
        count < len(rows)
        and count < len(header)
        and any(header[count])
        and _row_texts(rows[count]) == header[count]
    ):
        count += 1
    return count


def _join_split_row(last: _LastTable, first_row: list[_Cell | None]) -> bool:
    """Join a row the page break split back onto the previous page's last row.

    The first row on the continuation page is the rest of a split row when each of
    its non-empty cells continues a cell whose last line on the previous page was full
    (the text wrapped at the page break), in the same column, and some other cell of
    the row had all its text before the break.
    """
    if not last.cells or not last.block.rows:
        return False
    previous = last.cells[-1]
    if len(previous) != len(first_row):
        return False
    pieces = [(c, cell) for c, cell in enumerate(first_row) if cell is not None and cell.text]
    finished = [
        c
        for c, cell in enumerate(first_row)
        if cell is not None and not cell.text and previous[c] is not None and previous[c].text
    ]
    # Some cells of a split row end before the break: a row full everywhere is a new row.
    if not pieces or not finished:
        return False
    for c, cell in pieces:
        above = previous[c]
        if (
            above is None
            or not above.text
            or not wrapped(above.last_line, cell.first_token, above.room)
        ):
            return False
    target = last.block.rows[-1]
    for c, cell in pieces:
        above, anchor = previous[c], target[c]
        if above is None or anchor is None:
            continue
        joined = above.text + separator(above.text, cell.text) + cell.text
        previous[c] = replace(above, text=joined, last_line=cell.last_line)
        target[c] = replace(anchor, text=joined)
    return True
