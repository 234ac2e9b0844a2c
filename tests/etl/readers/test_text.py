"""etl.readers.text.read_text on the same report saved in every encoding we meet.

Fixtures are committed bytes written once by tests/fixtures/encodings/make_fixtures.py.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from etl.errors import ReadError
from etl.readers.text import decode_bytes, read_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ENCODINGS = FIXTURES / "encodings"
SEED = FIXTURES / "seeds" / "000_3d3cd3b106848c44.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("file_name", "expected_encoding"),
    [
        ("seeds/000_3d3cd3b106848c44.txt", "utf-8"),
        ("encodings/seed_utf8_bom.txt", "utf-8-sig"),
        ("encodings/seed_gb18030.txt", "gb18030"),
        # GBK is a subset of GB18030, and decoding GBK bytes as GB18030 is lossless,
        # so the reader names the superset.
        ("encodings/seed_gbk.txt", "gb18030"),
        ("encodings/seed_utf16le_bom.txt", "utf-16"),
        ("encodings/seed_utf16le_nobom.txt", "utf-16-le"),
    ],
)
def test_read_text_decodes_each_encoding(
    file_name: str, expected_encoding: str, seed_text: str
) -> None:
    decoded = read_text(FIXTURES / file_name)
    assert decoded.encoding == expected_encoding
    assert decoded.text == seed_text
    assert decoded.bad_offsets == ()


def test_fixtures_really_differ_in_bytes() -> None:
    # Guards against a regenerated fixture silently becoming plain UTF-8.
    seed_bytes = SEED.read_bytes()
    for path in ENCODINGS.glob("seed_*.txt"):
        assert path.read_bytes() != seed_bytes, path.name


def test_empty_file_is_rejected() -> None:
    with pytest.raises(ReadError) as caught:
        read_text(ENCODINGS / "empty.txt")
    assert "empty.txt" in str(caught.value)


def test_random_bytes_with_nuls_are_rejected() -> None:
    with pytest.raises(ReadError) as caught:
        read_text(ENCODINGS / "random_nul.txt")
    assert "random_nul.txt" in str(caught.value)


def test_big5_text_is_not_mistaken_for_gb18030(seed_text: str) -> None:
    """Big5 bytes decode as GB18030 too, into nonsense; the reader tells them apart."""
    big5 = FIXTURES / "encodings/seed_big5.txt"
    big5.read_bytes().decode("gb18030")  # the trap: this succeeds

    decoded = read_text(big5)
    assert decoded.encoding == "cp950"
    assert decoded.text.startswith(big5.read_bytes().decode("cp950")[:50])
    assert "項目支出績效目標完成情況表" in decoded.text


def test_a_big5_report_reads_like_its_simplified_original() -> None:
    from etl.extract import extract_file

    traditional = extract_file(FIXTURES / "encodings/seed_big5.txt").reports
    simplified = extract_file(SEED).reports

    def figures(reports):
        return [(r.year, r.budget, r.executed, len(r.indicators)) for r in reports]

    assert figures(traditional) == figures(simplified) and len(simplified) == 5
    assert traditional[0].project_name == "專利資助與獎勵"  # as written


def test_utf16_with_a_bom_and_an_odd_byte_count_is_read_and_flagged(seed_text: str) -> None:
    """A UTF-16 file cut one byte into a character (once a traceback)."""
    cut = codecs.BOM_UTF16_LE + seed_text.encode("utf-16-le") + b"\x41"
    decoded = decode_bytes(cut, "cut.txt")
    assert decoded.text == seed_text + "\ufffd"
    assert decoded.bad_offsets == (len(cut) - 1,)
    assert decoded.damage()[0].code == "DAMAGED_TEXT"
