"""Read a legacy Word .doc: LibreOffice converts it to .docx, the docx reader reads that.

Every SourceRef, error and `Document.source` names the original .doc, never the temporary
.docx, which is removed as soon as it has been read.
"""

from __future__ import annotations

from pathlib import Path

from etl.document import Document
from etl.readers.convert import DEFAULT_TIMEOUT, converted
from etl.readers.docx import read_docx


def read(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Document:
    """Read a .doc file (through a LibreOffice conversion) into a Document of format "doc"."""
    with converted(path, "docx", timeout=timeout) as docx_path:
        return read_docx(docx_path, source=str(path), fmt="doc")
