"""Read an OpenDocument spreadsheet (.ods): LibreOffice converts it to .xlsx, the xlsx
reader reads that, and every position is reported against the original file."""

from __future__ import annotations

from pathlib import Path

from etl.document import Document, relabel
from etl.errors import ReadError
from etl.readers import xlsx
from etl.readers.convert import DEFAULT_TIMEOUT, converted


def read(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Document:
    """Read an .ods workbook through a LibreOffice conversion to .xlsx."""
    with converted(path, "xlsx", timeout=timeout) as xlsx_path:
        try:
            document = xlsx.read(xlsx_path)
        except ReadError as err:
            raise ReadError(str(path), err.reason, err.place) from err
    return relabel(document, str(path), "ods")
