"""Decode text files whose encoding nobody wrote down.

Order matters: a BOM is authoritative; strict UTF-8 almost never decodes
non-UTF-8 Chinese by accident; GB18030 is a superset of GBK/GB2312 and decodes
most legacy files; charset-normalizer is the fallback for the rest (Big5,
UTF-16 without BOM …).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from etl.errors import ReadError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte of ASCII text is zero."""
    if len(data) < 4:
        return None
    sample = data[:4000]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zeros > 0.2 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.2 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding name) for raw file bytes; raise ReadError if hopeless."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise ReadError(name, "not text in any known encoding (binary file?)")
    return str(best), best.encoding


def read_text(path: Path) -> tuple[str, str]:
    """Read and decode a text file; the file must hold some non-blank text."""
    data = path.read_bytes()
    if (
        b"\x00" in data[:4000]
        and not _looks_utf16(data)
        and not any(data.startswith(bom) for bom, _ in BOMS)
    ):
        raise ReadError(str(path), "binary content (NUL bytes) in a text file", "byte 0")
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise ReadError(str(path), "the file is empty (no text at all)")
    return text, encoding
