"""etl.readers.text.read_text on the same report saved in every encoding we meet.

Fixtures are committed bytes written once by tests/fixtures/encodings/make_fixtures.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.errors import ReadError
from etl.readers.text import read_text

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
