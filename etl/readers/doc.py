"""Read a legacy Word .doc: LibreOffice converts it to .docx, the docx reader reads that.

Every SourceRef, error and `Document.source` names the original .doc, never the temporary
.docx, which is removed as soon as it has been read.
"""

from __future__ import annotations

from pathlib import Path

from etl.document import Document
from etl.errors import ReadError
from etl.readers.convert import DEFAULT_TIMEOUT, converted
from etl.readers.docx import read_docx

# Word 97–2003 files are OLE2 compound files; Word also saves RTF under .doc. LibreOffice would
# import anything else as plain text and turn noise into "content", so nothing else goes in.
_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")  # OLE2, RTF


def read(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Document:
    """Read a .doc file (through a LibreOffice conversion) into a Document of format "doc"."""
    _check_signature(path)
    with converted(path, "docx", timeout=timeout) as docx_path:
        return read_docx(docx_path, source=str(path), fmt="doc")


def _check_signature(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as exc:
        raise ReadError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        raise ReadError(str(path), "not a Word .doc file (neither Word 97-2003 nor RTF content)")
