"""Scans and photos through OCR: an image-only PDF, a two-page TIFF whose table runs on
across the page break, and a JPEG photo, each read into the reports of the PDF it was
printed from (tests/fixtures/scans, made by tests/fixtures/generator/scans.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from etl.errors import ReadError
from etl.extract import extract_file
from etl.readers.image import read
from etl.readers.sniff import sniff
from tests.scoring import contract_reports, score_reports

SCANS = Path(__file__).resolve().parents[2] / "fixtures" / "scans"
FILES = sorted(p for p in SCANS.iterdir() if not p.name.endswith(".json"))


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple]:
    """Each scan's parse result and its score against the gold answer."""
    out = {}
    for path in FILES:
        result = extract_file(path)
        out[path.name] = (result, score_reports(SCANS / f"{path.stem}.gold.json",
                                                contract_reports(result)))  # fmt: skip
    return out


def test_the_scans_cover_each_image_format() -> None:
    assert [sniff(path) for path in FILES] == ["image", "pdf", "image"]
    assert {path.suffix for path in FILES} == {".tif", ".pdf", ".jpg"}


def test_scans_are_read_like_the_pdfs_they_were_printed_from(scored: dict) -> None:
    right = sum(score.tally.right for _, score in scored.values())
    counted = sum(score.tally.counted for _, score in scored.values())
    assert right / counted >= 0.95, {name: s.misses for name, (_, s) in scored.items()}
    for name, (result, score) in scored.items():
        assert score.found == score.gold_reports == 1, name
        report = result.reports[0]
        assert report.budget and report.executed and len(report.indicators) >= 7, name


def test_the_total_on_the_second_page_of_a_tiff_is_read(scored: dict) -> None:
    result, _ = scored["real_01_scan.tif"]
    report = result.reports[0]
    assert (report.self_score_total, report.grade) == (96.0, "优")
    assert report.project_name == "义务教育营养改善计划专项资金"


def test_every_recognised_page_says_so_and_how_it_was_straightened(scored: dict) -> None:
    result, _ = scored["real_01_scan.tif"]
    notes = [w for w in result.warnings if "recognised from the page image by OCR" in w]
    assert [n.split(": page ")[1][:1] for n in notes] == ["1", "2"]
    assert all("straightened by -1°" in note or "straightened by 1°" in note for note in notes)


def test_a_broken_or_oversized_image_is_rejected_with_the_reason(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((SCANS / "real_05_scan.jpg").read_bytes()[:2000])
    with pytest.raises(ReadError, match="not a readable image"):
        read(cut)
    huge = tmp_path / "huge.png"
    buffer = io.BytesIO()
    Image.new("1", (9000, 8000)).save(buffer, "PNG")  # 72 million pixels, tiny on disk
    huge.write_bytes(buffer.getvalue())
    with pytest.raises(ReadError, match=r"image too large: 9000 × 8000 pixels"):
        read(huge)


def test_text_read_by_ocr_carries_its_score_and_born_digital_text_none(scored: dict) -> None:
    result, _ = scored["real_02_scan.pdf"]
    report = result.reports[0]
    scores = [ref.confidence for ref in report.provenance.values()]
    scores += [ind.source.confidence for ind in report.indicators]
    assert scores and all(0.3 < score <= 1.0 for score in scores)
    born_digital = extract_file(SCANS.parent / "office" / "real_02.pdf").reports[0]
    assert {ref.confidence for ref in born_digital.provenance.values()} == {None}
