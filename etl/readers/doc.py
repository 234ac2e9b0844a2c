"""Read a legacy Word .doc (and RTF or OpenDocument text): LibreOffice converts it to .docx,
the docx reader reads that.

Every SourceRef, error and `Document.source` names the original file, never the temporary
.docx, which is removed as soon as it has been read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from etl.document import Document
from etl.errors import ReadError
from etl.readers.convert import DEFAULT_TIMEOUT, converted
from etl.readers.docx import read_docx

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 files are OLE2 compound files
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def read(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Document:
    """Read a .doc, .rtf or .odt file through a LibreOffice conversion.

    `Document.format` names the content: "doc" (Word 97-2003), "rtf" or "odt".
    """
    kind = word_kind(path)
    with converted(path, "docx", timeout=timeout) as docx_path:
        return read_docx(docx_path, source=str(path), fmt=kind)


def word_kind(path: Path) -> str:
    """ "doc", "rtf" or "odt" by content; anything else is refused, because LibreOffice would
    import it as plain text and turn noise into "content"."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as exc:
        raise ReadError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if head.startswith(_OLE2):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK") and _is_odt(path):
        return "odt"
    raise ReadError(str(path), "not a Word .doc file (neither Word 97-2003, RTF nor OpenDocument)")


def _is_odt(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip().startswith(_ODT_MIMETYPE)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False
