"""dashboard.source_view: reading source files and highlighting located values safely."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np

from dashboard import source_view as sv

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def test_everything_is_escaped_and_only_marks_are_added() -> None:
    text = '<script>alert("x")</script> 预算 & 1234.50 <b>'

    out = sv.highlight(text, ["1234.50", "<script>"])

    assert "<script>" not in out and "<b>" not in out
    assert "&lt;b&gt;" in out and "&amp;" in out
    assert "<mark>&lt;script&gt;</mark>" in out
    assert "<mark>1234.50</mark>" in out
    assert out.replace("<mark>", "").replace("</mark>", "") == sv.highlight(text, [])


def test_a_term_never_matches_inside_an_entity() -> None:
    assert sv.highlight("a & b", ["amp"]) == "a &amp; b"


def test_numbers_are_not_matched_inside_longer_numbers() -> None:
    text = "预算1234.5万元，另有11234.5、1234.56、2,1234.5和1234.5%"

    spans = sv.find_spans(text, ["1234.5"])

    assert [text[a:b] for a, b in spans] == ["1234.5", "1234.5"]
    assert text[spans[1][1]] == "%"  # the last one, followed by a non-digit
    assert sv.find_spans("第12行，共112行，12.5", ["12"]) == [(1, 3)]


def test_overlapping_and_adjacent_matches_merge_into_one_mark() -> None:
    text = "全年预算数636,900.00元"

    out = sv.highlight(text, ["预算数636,900.00", "636,900.00元", "数6"])

    assert out == "全年<mark>预算数636,900.00元</mark>"
    assert sv.find_spans("abcdef", ["abc", "cd", "ef"]) == [(0, 6)]


def test_short_and_blank_terms_are_ignored() -> None:
    assert sv.find_spans("8 无 8", ["8", "无", "", "  "]) == []


def test_money_spellings_cover_the_ways_forms_write_amounts() -> None:
    assert set(sv.money_spellings(1234.5)) == {"1234.50", "1,234.50", "1234.5", "1,234.5"}
    assert set(sv.money_spellings(636900.0)) == {
        "636900.00", "636,900.00", "636900.0", "636,900.0", "636900", "636,900",
    }  # fmt: skip
    assert "1234.6" not in sv.money_spellings(1234.56)
    assert sv.money_spellings(None) == [] == sv.money_spellings(float("nan"))


def test_text_terms_add_the_rendered_spelling_of_multiline_cells() -> None:
    assert sv.text_terms(["年度\n目标", None, float("nan"), "  ", "年度\n目标"]) == [
        "年度\n目标", "年度⏎目标",
    ]  # fmt: skip


def test_reads_a_text_file_as_decoded(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    copy = tmp_path / seed.name
    shutil.copy(seed, copy)

    source = sv.read_source_text(str(copy))

    assert source.error is None
    assert source.text.strip() and source.text.splitlines()[0] in seed.read_text("utf-8")


def test_reads_an_office_file_through_the_etl_readers() -> None:
    docx = sorted((Path(__file__).resolve().parents[2] / "data" / "raw" / "demo").glob("*.docx"))

    source = sv.read_source_text(str(docx[0]))

    assert source.error is None
    assert source.text.startswith(str(docx[0]))  # etl.document.render's first line
    assert " | " in source.text  # tables rendered as pipe rows


def test_a_missing_or_damaged_file_gives_a_chinese_message_naming_it(tmp_path: Path) -> None:
    missing = sv.read_source_text(str(tmp_path / "gone.docx"))
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")

    assert missing.text is None and "找不到源文件" in missing.error and "gone.docx" in missing.error
    for path in (empty, broken):
        source = sv.read_source_text(str(path))
        assert source.text is None
        assert "无法读取源文件" in source.error and path.name in source.error


def test_as_block_keeps_line_breaks() -> None:
    assert "pre-wrap" in sv.as_block("a\nb") and "a\nb" in sv.as_block("a\nb")


SCANS = Path(__file__).resolve().parents[1] / "fixtures" / "scans"


def test_a_scan_is_shown_as_its_pages_with_the_located_values_boxed() -> None:
    from PIL import Image

    (page,) = sv.boxed_pages(str(SCANS / "real_02_scan.pdf"), ("32.4", "31.69", "204.46平方米"))
    image = Image.open(io.BytesIO(page.png))
    assert page.number == 1 and image.format == "PNG" and image.width == sv.PAGE_IMAGE_WIDTH
    assert page.boxes >= 4  # 32.4 and 31.69 twice each (total and 当年财政拨款), 204.46平方米
    red = np.asarray(image.convert("RGB")) == sv._BOX_COLOUR
    assert red.all(axis=2).sum() > 500  # the boxes are drawn
    (unboxed,) = sv.boxed_pages(str(SCANS / "real_02_scan.pdf"), ())
    assert unboxed.boxes == 0


def test_a_born_digital_file_has_no_scanned_pages() -> None:
    office = SCANS.parent / "office"
    assert sv.boxed_pages(str(office / "real_02.pdf"), ("32.4",)) == []
    assert sv.boxed_pages(str(office / "real_02.docx"), ("32.4",)) == []
    assert sv.boxed_pages(str(SCANS / "missing.jpg"), ("32.4",)) == []
