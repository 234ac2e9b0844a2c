"""Hostile variants of real report files, for fuzzing the readers and the parser.

Each strategy starts from a real document of the test fixtures and breaks it the way files
really arrive broken, or the way an attacker would: truncated, bytes flipped, zip members
deleted or duplicated, XML elements removed or repeated, merges and numbers blown up,
text re-encoded. `tests/etl/readers/test_fuzz.py` runs a few hundred of them on every
`make test`; `benchmarks/fuzz_readers.py` runs thousands and counts outcomes.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path

from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# One real document per format: (suffix, file).
SOURCES = {
    "txt": FIXTURES / "seeds" / "000_3d3cd3b106848c44.txt",
    "html": FIXTURES / "office" / "real_02.html",
    "docx": FIXTURES / "office" / "real_02.docx",
    "xlsx": FIXTURES / "office" / "real_02.xlsx",
    "xls": FIXTURES / "office" / "real_02.xls",
    "pdf": FIXTURES / "office" / "real_02.pdf",
    "doc": FIXTURES / "office" / "real_01.doc",
}
ZIPPED = {"docx", "xlsx"}
# Values that have broken readers: spans and counts far beyond any form, huge numbers.
HOSTILE_NUMBERS = (0, -1, 2**31, 10**9, 10**18, 16_384, 1_048_576)
_ELEMENT = re.compile(rb"<(w:tc|w:tr|w:p|row|c|si|tr|td)\b[^>]*>.*?</\1>", re.S)


def _truncate(data: bytes, draw: st.DrawFn) -> bytes:
    return data[: draw(st.integers(0, max(len(data) - 1, 0)))]


def _flip(data: bytes, draw: st.DrawFn) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 20))):
        position = draw(st.integers(0, len(out) - 1))
        out[position] = draw(st.integers(0, 255))
    return bytes(out)


def _edit_xml(xml: bytes, draw: st.DrawFn) -> bytes:
    """Remove or repeat a random element, or blow up a span, count or number."""
    how = draw(st.sampled_from(["remove", "repeat", "span", "number", "entity"]))
    found = list(_ELEMENT.finditer(xml))
    if how in ("remove", "repeat") and found:
        match = found[draw(st.integers(0, len(found) - 1))]
        copies = 0 if how == "remove" else draw(st.integers(2, 200))
        return xml[: match.start()] + match.group() * copies + xml[match.end() :]
    value = str(draw(st.sampled_from(HOSTILE_NUMBERS))).encode()
    if how == "span":
        for tag, attribute in ((rb"<w:tcPr>", b"w:gridSpan"), (rb"<w:trPr>", b"w:gridBefore")):
            if tag in xml:
                return xml.replace(tag, tag + b"<" + attribute + b' w:val="' + value + b'"/>', 1)
        return re.sub(rb'r="[A-Z]+(\d+)"', rb'r="XFD\1"', xml, count=1)
    if how == "number":
        return re.sub(rb">(\d+(?:\.\d+)?)<", b">" + value + b"9" * 40 + b"<", xml, count=3)
    # an entity declaration: a reader must not expand or fetch it
    doctype = (
        b'<!DOCTYPE x [<!ENTITY a "' + b"A" * 1000 + b'"><!ENTITY e SYSTEM "file:///etc/passwd">]>'
    )
    return re.sub(rb"(<\?xml[^>]*\?>)", rb"\1" + doctype, xml, count=1)


def _edit_zip(data: bytes, draw: st.DrawFn) -> bytes:
    """Delete or duplicate a member, or edit one member's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    index = draw(st.integers(0, len(members) - 1))
    how = draw(st.sampled_from(["delete", "duplicate", "xml", "xml", "xml"]))
    if how == "delete":
        del members[index]
    elif how == "duplicate":
        members.append(members[index])
    else:
        xml = [i for i, (name, _) in enumerate(members) if name.endswith(".xml")]
        index = xml[draw(st.integers(0, len(xml) - 1))]
        name, body = members[index]
        members[index] = (name, _edit_xml(body, draw))
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore", UserWarning)  # a duplicated member is the point
        for name, body in members:
            target.writestr(name, body)
    return out.getvalue()


def _reencode(data: bytes, draw: st.DrawFn) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = draw(st.sampled_from(["gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-32"]))
    encoded = text.encode(encoding, errors="replace")
    return encoded[: draw(st.integers(0, len(encoded)))] if draw(st.booleans()) else encoded


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> tuple[str, bytes]:
    """(suffix, bytes): the real `fmt` document broken in one to three ways, or noise."""
    data = SOURCES[fmt].read_bytes()
    if draw(st.integers(0, 19)) == 0:  # now and then: bytes with nothing real in them
        return fmt, draw(st.binary(min_size=0, max_size=4096))
    ways = [_truncate, _flip]
    if fmt in ZIPPED:
        ways += [_edit_zip, _edit_zip, _edit_zip]
    if fmt in ("txt", "html"):
        ways += [_reencode, _reencode]
    for _ in range(draw(st.integers(1, 3))):
        way = draw(st.sampled_from(ways))
        try:
            data = way(data, draw)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
            continue  # an earlier cut or flip left no zip to edit: use what is there
    return fmt, data
