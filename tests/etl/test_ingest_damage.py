"""Damaged input is read as far as it goes and flagged, never dropped in silence.

Each case starts from a real fixture and damages it the way files get damaged: one bad
byte in a UTF-8 text (a bad copy), an HTML page cut off mid-table (an interrupted
download), a symbolic link in data/raw whose target has gone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.extract import extract_file
from etl.ingest import ingest_paths
from etl.readers.html import read as read_html
from etl.readers.text import decode_bytes, read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "seeds" / "000_3d3cd3b106848c44.txt"
HTML = FIXTURES / "office" / "real_01.html"
BAD_BYTE = b"\xff"  # never valid anywhere in UTF-8
GOAL = "专利资助项目项目全年预算数"  # the start of the first seed's first goal sentence


def damaged_seed(folder: Path, suffix: str = ".txt") -> tuple[Path, int]:
    """The first seed with one invalid byte inserted inside its first goal sentence;
    (path, offset)."""
    data = SEED.read_bytes()
    offset = data.index(GOAL.encode()) + len(GOAL[:2].encode())
    path = folder / f"damaged{suffix}"
    path.write_bytes(data[:offset] + BAD_BYTE + data[offset:])
    return path, offset


def test_one_bad_byte_in_utf8_is_replaced_and_its_offset_kept(tmp_path: Path) -> None:
    path, offset = damaged_seed(tmp_path)

    decoded = read_text(path)

    assert decoded.encoding == "utf-8"
    assert decoded.bad_offsets == (offset,)
    damaged_goal = GOAL[:2] + "\ufffd" + GOAL[2:]
    assert decoded.text == SEED.read_text(encoding="utf-8").replace(GOAL, damaged_goal, 1)
    (damage,) = decoded.damage()
    line = SEED.read_bytes()[:offset].count(b"\n") + 1
    assert damage.code == "DAMAGED_TEXT"
    assert damage.place == f"byte {offset} (line {line})"
    assert f"第 {offset} 字节" in damage.message


def test_a_bom_file_with_a_bad_byte_counts_offsets_from_the_first_byte() -> None:
    data = b"\xef\xbb\xbf" + "项目".encode() + BAD_BYTE + "名称".encode()
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == ("项目\ufffd名称", "utf-8-sig")
    assert decoded.bad_offsets == (9,)


def test_legacy_chinese_encodings_are_not_mistaken_for_damaged_utf8() -> None:
    text = SEED.read_text(encoding="utf-8")
    for encoding in ("gbk", "gb18030", "big5"):
        data = text.encode(encoding, errors="ignore")
        decoded = decode_bytes(data)
        assert decoded.bad_offsets == (), encoding
        assert decoded.encoding != "utf-8", encoding


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_ingest_loads_the_damaged_file_and_flags_every_report(
    tmp_path: Path, suffix: str, query
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _, offset = damaged_seed(raw, suffix)
    expected = extract_file(SEED).reports
    db = tmp_path / "w.duckdb"

    summary = ingest_paths([raw], db, progress=False)

    assert (summary.loaded, summary.rejected, summary.n_reports) == (1, 0, len(expected))
    flags = query(db, "select evidence, message from quality_flags where code = 'DAMAGED_TEXT'")
    assert len(flags) == len(expected)
    assert all(evidence.startswith(f"byte {offset} ") for evidence, _ in flags)
    [(warnings,)] = query(db, "select warnings from ingest_log")
    assert f"DAMAGED_TEXT at byte {offset}" in warnings
    rows = query(db, "select project_name, goal_target from reports order by report_index")
    assert [name for name, _ in rows] == [report.project_name for report in expected]
    assert "\ufffd" in rows[0][1]  # the damaged sentence, with its replacement mark


def truncated_html(folder: Path) -> Path:
    """real_01.html cut in the middle of its indicator table."""
    data = HTML.read_bytes()
    cut = data.index("满意度".encode())
    path = folder / "truncated.html"
    path.write_bytes(data[:cut])
    return path


def test_a_truncated_page_is_flagged_and_its_beginning_read(tmp_path: Path, query) -> None:
    path = truncated_html(tmp_path)
    document = read_html(path)
    (damage,) = document.damage
    assert damage.code == "TRUNCATED_FILE"
    assert damage.place == f"byte {path.stat().st_size} (end of file)"

    db = tmp_path / "w.duckdb"
    summary = ingest_paths([path], db, progress=False)
    assert summary.loaded == 1
    [(project, n_indicators)] = query(db, "select project_name, n_indicators from reports")
    whole = extract_file(HTML).reports[0]
    assert project == whole.project_name and 0 < n_indicators < len(whole.indicators)
    [(code,)] = query(db, "select code from quality_flags where code = 'TRUNCATED_FILE'")
    assert code == "TRUNCATED_FILE"


def test_complete_pages_are_not_flagged_as_truncated() -> None:
    pages = sorted((FIXTURES / "office").glob("*.html")) + sorted(
        (FIXTURES / "readers" / "html").glob("*.htm*")
    )
    assert len(pages) >= 20
    flagged = [page.name for page in pages if read_html(page).damage]
    assert flagged == []


def test_a_dangling_symlink_is_logged_and_the_rest_loads(tmp_path: Path, query) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "gone.txt").symlink_to(tmp_path / "moved-away.txt")
    db = tmp_path / "w.duckdb"

    summary = ingest_paths([raw], db, progress=False)

    assert (summary.loaded, summary.rejected) == (1, 1)
    [(file, reason)] = query(db, "select file, reason from ingest_log where status = 'rejected'")
    assert file.endswith("gone.txt")
    assert "symbolic link" in reason and "moved-away.txt" in reason
