"""What a file really is, judged by its bytes, and whether it is safe to open.

Names lie: bureaus' systems export HTML pages named .xls, Word saves RTF as .doc, and a
.docx may be a legacy binary file renamed. So the format comes from the content's
signature; the suffix only decides when the content has none (plain text). Containers
are checked here, before any library unpacks them: a damaged or truncated zip, an
encrypted (password-protected) Office file and a zip bomb are rejected with a reason.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import olefile

from etl.errors import ReadError

MAX_FILE_BYTES = 100 * 1024 * 1024
# What an Office zip may expand to. Real forms are a few MB unpacked; images can add tens.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml"}
OFFICE_SUFFIXES = {".docx", ".xlsx", ".xlsm", ".doc", ".xls", ".docm", ".dotx", ".xltx"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A zip member's local header: 30 fixed bytes, the name and extra-field lengths at 26.
_LOCAL_HEADER_BYTES = 30
_LOCAL_NAME_LENGTHS = struct.Struct("<HH")
_INFLATE_CHUNK = 64 * 1024  # bytes read, and at most inflated, per step when measuring
# JPEG, PNG and TIFF (both byte orders): photos and scans of forms, read by OCR.
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<table", b"<body", b"<head", b"<meta")
_MB = 1024 * 1024


def sniff(path: Path) -> str:
    """The format to read `path` as: docx, xlsx, doc, xls, odt, ods, rtf, pdf, image, html
    or txt.

    Raises ReadError (naming the file) for empty, oversized, damaged, encrypted or
    unsupported files.
    """
    file = str(path)
    size = path.stat().st_size
    if size == 0:
        raise ReadError(file, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise ReadError(
            file, f"file too large ({size / _MB:.0f} MB; the cap is {MAX_FILE_BYTES // _MB} MB)"
        )
    with path.open("rb") as handle:
        head = handle.read(8192)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if _looks_like_html(head):
        return "html"
    if suffix in OFFICE_SUFFIXES or suffix == ".pdf":
        kind = "PDF" if suffix == ".pdf" else f"{suffix} file"
        raise ReadError(
            file,
            f"not a valid {kind}: its content has no {kind} signature (damaged or mislabelled)",
        )
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES or _looks_like_text(head):
        return "txt"
    raise ReadError(file, f"unsupported format {suffix or '(no extension)'}")


def _zip_kind(path: Path) -> str:
    file = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise ReadError(
            file,
            f"not a valid {_office_name(path)}: the zip container is truncated or damaged ({err})",
        ) from err
    if len(members) > MAX_MEMBERS:
        raise ReadError(file, f"too many parts in the zip container ({len(members)}): not a form")
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNPACKED_BYTES:
        raise ReadError(file, _bomb_reason(f"{declared / _MB:.0f} MB declared"))
    # The directory's sizes are the writer's word; LibreOffice and other readers may
    # inflate past them, so the real sizes are measured before anything is unpacked.
    if _measured_unpacked_bytes(path, members) > MAX_UNPACKED_BYTES:
        raise ReadError(file, _bomb_reason(f"more than {MAX_UNPACKED_BYTES // _MB} MB measured"))
    names = {member.filename for member in members}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        with zipfile.ZipFile(path) as archive:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        if mimetype.endswith(".text"):
            return "odt"
        if mimetype.endswith(".spreadsheet"):
            return "ods"
    if any(name.startswith("ppt/") for name in names):
        raise ReadError(file, "a PowerPoint file holds no self-evaluation form to read")
    raise ReadError(
        file, f"not a valid {_office_name(path)}: a zip archive, but not a Word or Excel file"
    )


def _bomb_reason(size: str) -> str:
    return (
        f"too large when unpacked ({size}, the cap is {MAX_UNPACKED_BYTES // _MB} MB): "
        "refusing a possible zip bomb"
    )


def _measured_unpacked_bytes(path: Path, members: list[zipfile.ZipInfo]) -> int:
    """What the members inflate to, counted while inflating and trusting no stated size;
    stops counting once past MAX_UNPACKED_BYTES, so memory and time stay small."""
    total = 0
    with path.open("rb") as handle:
        for member in members:
            if member.compress_type != zipfile.ZIP_DEFLATED:
                total += member.file_size  # stored, or a method readers cap at its stated size
                continue
            handle.seek(member.header_offset)
            header = handle.read(_LOCAL_HEADER_BYTES)
            if len(header) < _LOCAL_HEADER_BYTES or not header.startswith(b"PK\x03\x04"):
                continue  # the readers reject a damaged member themselves, with their reason
            name_length, extra_length = _LOCAL_NAME_LENGTHS.unpack(header[26:30])
            handle.seek(name_length + extra_length, 1)
            total += _inflated_bytes(handle, MAX_UNPACKED_BYTES - total + 1)
            if total > MAX_UNPACKED_BYTES:
                break
    return total


def _inflated_bytes(handle: BinaryIO, budget: int) -> int:
    """Bytes one raw deflate stream at the handle's position inflates to, up to `budget`.

    A damaged stream counts what it gave before the damage: whether the member matters
    is for the reader to say."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    while not inflater.eof and size < budget:
        data = inflater.unconsumed_tail or handle.read(_INFLATE_CHUNK)
        if not data:
            break
        try:
            size += len(inflater.decompress(data, _INFLATE_CHUNK))
        except zlib.error:
            break
    return size


def _ole_kind(path: Path) -> str:
    file = str(path)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {
                "/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)
            }
    except (OSError, ValueError) as err:  # olefile raises OSError subclasses on damage
        raise ReadError(
            file, f"not a valid {_office_name(path)}: damaged container ({err})"
        ) from err
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        raise ReadError(
            file,
            "password-protected (encrypted) file: save it without a password and load it again",
        )
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    raise ReadError(file, "an Office file of a kind that holds no form (no Word or Excel content)")


def _office_name(path: Path) -> str:
    suffix = path.suffix.lower()
    return f"{suffix} file" if suffix else "Office file"


def _looks_like_html(head: bytes) -> bool:
    start = head[:4096].lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"mime-version") or b"content-type: multipart/related" in start[:2048]:
        return True
    # UTF-16 pages would need decoding first; real government pages are 8-bit encodings.
    return any(mark in start[:2048] for mark in _HTML_MARKS) and start.startswith(b"<")


def _looks_like_text(head: bytes) -> bool:
    """Text has no NUL bytes (UTF-16 aside, which the text reader sniffs itself)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head
