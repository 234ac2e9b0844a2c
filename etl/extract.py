"""File → ParseResult: tell the format by content, read it, then run the pure parser."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from etl.document import Document
from etl.errors import ReadError
from etl.parse import parse_document, parse_lines
from etl.readers.sniff import sniff
from etl.readers.text import read_text
from etl.records import ParseResult

if TYPE_CHECKING:
    from etl.readers.scan import PageImage

# Why a readable file without any report is refused (ingest, upload preview).
NO_FORM = "no form found: the file holds no 项目名称, budget block or indicator table"

# format → module under etl/readers exposing `read(path) -> Document`. Imported on
# demand: pdfplumber and friends cost time that a folder of .txt files never needs.
READERS = {
    "docx": "etl.readers.docx",
    "xlsx": "etl.readers.xlsx",
    "xls": "etl.readers.xls",
    "doc": "etl.readers.doc",
    "pdf": "etl.readers.pdf",
    "image": "etl.readers.image",  # .jpg/.png/.tif photos and scans, through OCR
    "html": "etl.readers.html",
    "odt": "etl.readers.doc",  # LibreOffice converts these like a legacy .doc
    "rtf": "etl.readers.doc",
    "ods": "etl.readers.ods",  # converted to .xlsx
}


def read_document(path: Path, kind: str | None = None) -> Document:
    """The file's paragraphs and tables, whatever its office or web format."""
    kind = kind or sniff(path)
    if kind not in READERS:
        raise ReadError(str(path), f"no reader for {kind} content")
    return importlib.import_module(READERS[kind]).read(path)


def recognised_pages(path: Path) -> list[PageImage]:
    """Each page of `path` that its reader reads by OCR, straightened, with the characters
    recognised and their boxes: every page of a photo or scan, the PDF pages without a
    usable text layer. Empty for any other file."""
    from etl.readers.scan import page_image  # OpenCV and the OCR engine: only when asked

    kind = sniff(path)
    if kind not in ("image", "pdf"):
        return []
    reader = importlib.import_module(READERS[kind])
    return [page_image(number, image) for number, image in reader.recognised_page_images(path)]


def extract_file(path: Path) -> ParseResult:
    """Read and parse one file. Raises ReadError naming the file when it cannot be read."""
    if not path.is_file():
        raise ReadError(str(path), "no such file")
    kind = sniff(path)
    if kind == "txt":
        decoded = read_text(path)
        result = ParseResult(source=str(path), format="txt", encoding=decoded.encoding)
        result.damage = decoded.damage()
        result.reports = parse_lines(decoded.text.splitlines(), source=str(path))
        return result
    document = read_document(path, kind)
    result = ParseResult(
        source=str(path),
        format=document.format,
        encoding=document.encoding,
        warnings=list(document.warnings),
        damage=list(document.damage),
    )
    result.reports = parse_document(document)
    return result
