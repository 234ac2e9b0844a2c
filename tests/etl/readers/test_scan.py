"""etl.readers.scan without OCR: a rendered page turned a degree or two is straightened,
and its ruled lines give the same table grid pdfplumber finds in the born-digital PDF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from pdfplumber.table import TableFinder
from PIL import Image

from etl.readers.pdf import TABLE_SETTINGS, _EdgesOnly
from etl.readers.scan import estimate_skew, rotate, ruled_lines

OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
DPI = 200


def _page(pdf: Path, angle: float) -> np.ndarray:
    """Page 1 of `pdf` rendered at DPI, turned `angle` degrees counter-clockwise."""
    with pdfplumber.open(pdf) as document:
        image = document.pages[0].to_image(resolution=DPI).original.convert("L")
    return np.asarray(image.rotate(angle, resample=Image.BICUBIC, fillcolor=255))


def _grid(edges: list[dict], width: float, height: float) -> list[tuple[int, int]]:
    tables = TableFinder(_EdgesOnly(edges, width, height), TABLE_SETTINGS).tables
    return [(len(t.rows), max(len(r.cells) for r in t.rows)) for t in tables if len(t.cells) > 1]


@pytest.mark.parametrize("angle", [-2.0, -0.7, 0.0, 1.5])
def test_the_skew_is_found_to_a_tenth_of_a_degree(angle: float) -> None:
    assert estimate_skew(_page(OFFICE / "real_02.pdf", angle)) == pytest.approx(-angle, abs=0.1)


@pytest.mark.parametrize("name", ["real_02.pdf", "real_05.pdf", "real_01.pdf"])
def test_the_ruled_lines_of_a_straightened_scan_make_the_pdfs_grid(name: str) -> None:
    scale = 72 / DPI
    gray = _page(OFFICE / name, 1.2)
    straight = rotate(gray, estimate_skew(gray))
    height, width = straight.shape
    edges = ruled_lines(straight, scale)  # in points
    with pdfplumber.open(OFFICE / name) as document:
        page = document.pages[0]
        born_digital = _grid(page.edges, page.width, page.height)
    assert born_digital  # every one of these forms is a ruled table
    assert _grid(edges, width * scale, height * scale) == born_digital
