"""Decode text files whose encoding nobody wrote down.

Order matters: a BOM is authoritative; strict UTF-8 almost never decodes
non-UTF-8 Chinese by accident; UTF-8 with a few damaged bytes (a bad copy, a cut
download) is still UTF-8, read with those bytes replaced and their offsets kept;
GB18030 is a superset of GBK/GB2312 and decodes most legacy files, but Big5 decodes as
GB18030 too, so when the bytes are also valid Big5 the language decides;
charset-normalizer is the fallback for the rest (UTF-16 without BOM …).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from etl.errors import ReadError
from etl.records import SourceDamage

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# UTF-8 with damage: more bad sequences than this and the file is taken for another
# encoding (GBK read as UTF-8 fails on nearly every Chinese character).
MAX_DAMAGED_SEQUENCES = 64
# ... and it must hold this many well-formed non-ASCII characters per bad sequence, which
# text in another encoding never does by chance.
MIN_VALID_PER_DAMAGED = 20
BIG5 = "cp950"  # Big5 as Windows writes it (a superset of plain Big5)
DAMAGE_OFFSETS_SHOWN = 5  # offsets named in the message; the rest are counted


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read in, and the byte offsets that were replaced."""

    text: str
    encoding: str
    bad_offsets: tuple[int, ...] = ()

    def damage(self) -> list[SourceDamage]:
        """The quality finding for the replaced bytes (none when there were none)."""
        if not self.bad_offsets:
            return []
        first = self.bad_offsets[0]
        places = "、".join(
            f"第 {offset} 字节" for offset in self.bad_offsets[:DAMAGE_OFFSETS_SHOWN]
        )
        more = len(self.bad_offsets) - DAMAGE_OFFSETS_SHOWN
        message = (
            f"文件有 {len(self.bad_offsets)} 处无法按 {self.encoding} 解码的字节（{places}"
            f"{f' 等，另有 {more} 处' if more > 0 else ''}），已替换为 �，其附近的文字可能有误"
        )
        # The first replacement character stands where the first bad byte was.
        line = self.text.count("\n", 0, max(self.text.find("\ufffd"), 0)) + 1
        return [SourceDamage("DAMAGED_TEXT", message, f"byte {first} (line {line})")]


def _utf8_with_damage(
    data: bytes, encoding: str = "utf-8", *, skip: int = 0, trusted: bool = False
) -> Decoded | None:
    """`data[skip:]` as UTF-8 with each bad sequence replaced by U+FFFD, if it is UTF-8 with
    a little damage; None when it looks like another encoding (never when `trusted`, as
    after a UTF-8 BOM). Offsets count from the start of `data`."""
    parts: list[str] = []
    bad: list[int] = []
    position = skip
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            parts.append(data[position : position + err.start].decode("utf-8"))
            parts.append("\ufffd")
            bad.append(position + err.start)
            position += err.end
            if len(bad) > MAX_DAMAGED_SEQUENCES and not trusted:
                return None
    text = "".join(parts)
    well_formed = sum(1 for char in text if ord(char) > 0x7F) - len(bad)
    if well_formed < MIN_VALID_PER_DAMAGED * len(bad) and not trusted:
        return None
    return Decoded(text, encoding, tuple(bad))


def decode_with_bom(data: bytes, bom: bytes, encoding: str) -> Decoded:
    """A BOM names the encoding for sure: damage is replaced and reported, never guessed on."""
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as err:
        if encoding == "utf-8-sig":
            damaged = _utf8_with_damage(data, encoding, skip=len(bom), trusted=True)
            assert damaged is not None  # a trusted decode never gives up
            return damaged
        return Decoded(data.decode(encoding, errors="replace"), encoding, (err.start,))


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


def decode_bytes(data: bytes, name: str = "<bytes>") -> Decoded:
    """Decode raw file bytes (see the module docstring); raise ReadError if hopeless."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return decode_with_bom(data, bom, encoding)
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        damaged = _utf8_with_damage(data)
        if damaged is not None:
            return damaged
    try:
        return _gb_or_big5(data, data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ReadError(name, "not text in any known encoding (binary file?)")
    return Decoded(str(best), best.encoding)


def _gb_or_big5(data: bytes, as_gb: str) -> Decoded:
    """GB18030 text, unless the bytes are Big5 (traditional) text: both are double-byte,
    and most Big5 files decode as GB18030 too, into nonsense. GBK text rarely survives a
    strict Big5 decode (its trail bytes 0x80–0xA0 are not Big5); when both decode,
    charset-normalizer's language coherence chooses."""
    try:
        as_big5 = data.decode(BIG5)
    except UnicodeDecodeError:
        return Decoded(as_gb, "gb18030")
    best = from_bytes(data, cp_isolation=["gb18030", BIG5]).best()
    if best is not None and best.encoding == BIG5:
        return Decoded(as_big5, BIG5)
    return Decoded(as_gb, "gb18030")


def read_text(path: Path) -> Decoded:
    """Read and decode a text file; the file must hold some non-blank text."""
    data = path.read_bytes()
    if (
        b"\x00" in data[:4000]
        and not _looks_utf16(data)
        and not any(data.startswith(bom) for bom, _ in BOMS)
    ):
        raise ReadError(str(path), "binary content (NUL bytes) in a text file", "byte 0")
    decoded = decode_bytes(data, str(path))
    if not decoded.text.strip():
        raise ReadError(str(path), "the file is empty (no text at all)")
    return decoded
