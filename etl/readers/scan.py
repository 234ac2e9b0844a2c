"""A scanned page as the PDF reader's objects: characters and ruled lines, in points.

A scan or a photo of a form has no text layer; what it has is an image with ruled cell
borders and printed text. This module straightens the image (a scanner feeds paper at a
degree or two), finds the ruled lines with morphology (long thin runs of dark pixels),
recognises the text (etl/readers/ocr.py) and hands both to etl/readers/pdf.py in the
shape pdfplumber gives for a born-digital page: `char` dicts and `line` edges. The PDF
reader's own table finder and paragraph builder then read it, so a scan becomes the same
cells and rows as the PDF it was printed from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from etl.readers.ocr import OcrChar, recognise

POINTS_PER_INCH = 72.0
# Resolution PDF pages are rendered at for recognition: small print (9 pt) is then
# about 25 px high, which the recogniser reads well; more only costs time.
RENDER_DPI = 200
# An image without a usable resolution is taken to be an A4 page across its width.
A4_WIDTH_INCHES = 8.27
# Page images are recognised with their long side at most this (px): 300 dpi for A4,
# which reads as well as more. A page so large that this leaves under MIN_DPI is no form.
MAX_SIDE = 3508
MIN_DPI = 50.0
# Skew is searched within ±MAX_SKEW degrees, first in COARSE_STEP steps, then FINE_STEP.
MAX_SKEW = 5.0
COARSE_STEP = 0.5
FINE_STEP = 0.05
SKEW_SEARCH_WIDTH = 1000  # px: the image is shrunk to this for the search
# A ruled line is a run of dark pixels at least this long (points): longer than any
# character (a row of them has gaps between), shorter than the narrowest cell. Noise
# breaks a thin rule into pieces, so each piece must pass on its own.
MIN_RULE_POINTS = 16.0
# Gaps this wide (px) along a horizontal rule are bridged first: noise punches single
# pixels out of a thin rule, and a piece shorter than MIN_RULE_POINTS would be lost.
# (Bridging vertically joins the strokes of characters above one another: not done.)
RULE_GAP_PIXELS = 2
# A vertical run this share of the page's height is a border whatever its ends touch.
MIN_LINE_SHARE = 1 / 30
# A shorter vertical run (down to SHORT_RULE_POINTS) is a cell border too when both its
# ends join horizontal rules (within MEET_POINTS, the ink unbroken): a one-row table's
# borders are no taller than its text, but a character's stroke does not join two rules.
SHORT_RULE_POINTS = 8.0
MEET_POINTS = 2.0
# Adaptive threshold window (px, odd) and offset: dark against the local background, so
# grey scans, shadows in photos and JPEG noise do not matter.
THRESHOLD_WINDOW = 25
THRESHOLD_OFFSET = 10


@dataclass
class ScannedPage:
    """One page image read: its size in points, what pdfplumber would give for it, and
    how it was straightened."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    skew: float = 0.0  # degrees the image was turned back by


def read_image(image: np.ndarray, dpi: float | None = None) -> ScannedPage:
    """Straighten an RGB or grayscale page image, find its ruled lines and text.

    dpi: the image's resolution; None takes the page for A4 across its width.
    """
    gray, skew = straightened(image)
    height, width = gray.shape
    scale = POINTS_PER_INCH / (dpi or width / A4_WIDTH_INCHES)
    page = ScannedPage(width * scale, height * scale, skew=skew)
    page.edges = ruled_lines(gray, scale)
    page.chars = [_char(found, scale) for found in recognise(gray)]
    return page


def straightened(image: np.ndarray) -> tuple[np.ndarray, float]:
    """The page image in grey, turned so its rows are level, and the degrees it was turned."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    skew = estimate_skew(gray)
    return (rotate(gray, skew) if abs(skew) >= FINE_STEP else gray), skew


@dataclass
class PageImage:
    """A page read by OCR as the reader saw it: straightened, with its characters (pixels)."""

    number: int
    image: np.ndarray
    chars: list[OcrChar]


def page_image(number: int, image: np.ndarray) -> PageImage:
    """The page straightened and its characters recognised (from the cache after a read)."""
    gray, _ = straightened(image)
    return PageImage(number, gray, recognise(gray))


def render_dpi(width_points: float, height_points: float) -> float:
    """The resolution to render a PDF page at: RENDER_DPI, less for a page so large that
    its long side would pass MAX_SIDE pixels (a damaged or crafted MediaBox)."""
    long_side = max(width_points, height_points, 1.0) / POINTS_PER_INCH
    return min(float(RENDER_DPI), MAX_SIDE / long_side) if math.isfinite(long_side) else 0.0


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) that makes text lines and rules
    horizontal: the one whose row profile of dark pixels is sharpest."""
    factor = min(1.0, SKEW_SEARCH_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)

    def sharpness(angle: float) -> float:
        profile = rotate(ink, angle, fill=0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + COARSE_STEP / 2, COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + FINE_STEP / 2, FINE_STEP)
    return round(float(max(fine, key=sharpness)), 2)


def rotate(gray: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """The image turned by `angle` degrees about its centre, same size, corners filled."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=fill)


def ruled_lines(gray: np.ndarray, scale: float) -> list[dict]:
    """Horizontal and vertical ruled lines as pdfplumber `line` edges, in points;
    `scale` is points per pixel."""
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
        THRESHOLD_WINDOW, THRESHOLD_OFFSET,
    )  # fmt: skip
    height = gray.shape[0]
    bridged = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_GAP_PIXELS + 1, 1))
    )
    rules = [_edge("h", *box) for box in _runs(bridged, (max(int(MIN_RULE_POINTS / scale), 10), 1))]
    long_enough = height * MIN_LINE_SHARE
    meet = MEET_POINTS / scale
    short = max(int(SHORT_RULE_POINTS / scale), 5)
    for box in _runs(ink, (1, short)):
        edge = _edge("v", *box)
        if edge["height"] >= long_enough or (
            _meets_rule(ink, edge, edge["top"] + 1, rules, meet)  # a row inside the run
            and _meets_rule(ink, edge, edge["bottom"] - 2, rules, meet)
        ):
            rules.append(edge)
    return [_scaled(rule, scale) for rule in rules]


def _runs(ink: np.ndarray, kernel: tuple[int, int]) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of each straight run of ink at least `kernel` in size."""
    shape = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, shape)
    count, _, stats, _ = cv2.connectedComponentsWithStats(runs)
    return [(float(x), float(y), float(w), float(h)) for x, y, w, h, _ in stats[1:count]]


def _meets_rule(
    ink: np.ndarray, vertical: dict, y: float, rules: list[dict], tolerance: float
) -> bool:
    """Whether the vertical run's end at `y` joins a horizontal rule: one is that near,
    and the ink runs on unbroken from the end into the rule (a stroke stops short)."""
    x = round(vertical["x0"])
    for rule in rules:
        if abs(rule["top"] - y) > tolerance or not rule["x0"] - tolerance <= x <= rule["x1"]:
            continue
        low, high = sorted((round(y), round(rule["top"])))
        column = ink[low : high + 1, max(x - 1, 0) : x + 2]
        if column.size and column.any(axis=1).all():
            return True
    return False


def _edge(orientation: str, x: float, y: float, w: float, h: float) -> dict:
    if orientation == "h":
        middle = y + h / 2
        return {"x0": x, "x1": x + w, "top": middle, "bottom": middle, "width": w,
                "height": 0.0, "orientation": "h", "object_type": "line"}  # fmt: skip
    middle = x + w / 2
    return {"x0": middle, "x1": middle, "top": y, "bottom": y + h, "width": 0.0,
            "height": h, "orientation": "v", "object_type": "line"}  # fmt: skip


def _scaled(edge: dict, scale: float) -> dict:
    return {
        key: value * scale if isinstance(value, float) else value for key, value in edge.items()
    }


def _char(found: OcrChar, scale: float) -> dict:
    """A recognised character as pdfplumber describes one (upright, no font)."""
    x0, x1 = found.x0 * scale, found.x1 * scale
    top, bottom = found.top * scale, found.bottom * scale
    return {
        "text": found.text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
        "doctop": top, "width": x1 - x0, "height": bottom - top, "size": bottom - top,
        "upright": True, "matrix": (1.0, 0.0, 0.0, 1.0, x0, bottom), "fontname": "OCR",
        "object_type": "char", "adv": x1 - x0, "ocr_confidence": found.confidence,
    }  # fmt: skip
