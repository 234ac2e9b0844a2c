"""Text recognised in a page image: characters with their boxes and confidences.

The engine is RapidOCR (PP-OCRv4 detection and recognition models shipped inside the
`rapidocr-onnxruntime` wheel, run by onnxruntime on the CPU): nothing is downloaded at
run time. It is loaded once per process, on the first page that needs it.

Recognising a page takes seconds, so results are cached on disk by the page image's
content hash: a file read again (a rebuild, a re-ingest after a parser change) is not
recognised again. The cache is `$JIXIAO_OCR_CACHE`, else `~/.cache/jixiao/ocr`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import statistics
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

# Bump when the engine or its settings change: old cache entries are ignored. (The cache
# holds the engine's own lines; turning them into characters is redone on every read.)
CACHE_VERSION = "rapidocr-1.4.4-v6"
# The angle classifier (0° or 180° per line) costs a third of the time; scans of forms
# are upright once deskewed (etl/readers/scan.py), so it is off. Word boxes give each
# character's place.
RECOGNITION_SETTINGS = {"use_cls": False, "return_word_box": True}
# Two characters of one recognised line whose starts are at most this many of the line's
# usual character pitch apart are adjacent (CJK has no spaces); farther apart, a space
# or a column separates them.
GAP_PITCHES = 1.8

_lock = threading.Lock()  # one recognition at a time: onnxruntime already uses every core


@dataclass(frozen=True)
class OcrChar:
    """One recognised character and its box, in image pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR  # imported here: it costs a second

    return RapidOCR()


def cache_dir() -> Path:
    """Where recognised pages are kept."""
    configured = os.environ.get("JIXIAO_OCR_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "jixiao" / "ocr"


def recognise(image: np.ndarray) -> list[OcrChar]:
    """Every character recognised in an RGB or grayscale page image (cached by content)."""
    key = hashlib.sha256(
        CACHE_VERSION.encode() + str(image.shape).encode() + image.tobytes()
    ).hexdigest()
    path = cache_dir() / key[:2] / f"{key}.json"
    try:
        lines = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        with _lock:
            found, _ = _engine()(image, **RECOGNITION_SETTINGS)
        lines = json.loads(json.dumps(found or [], default=_plain))  # numpy → JSON types
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
            partial.replace(path)
    return _characters(lines)


def _plain(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray | np.generic) else str(value)


def _characters(lines: list) -> list[OcrChar]:
    """RapidOCR's lines (box, text, score, then its words' boxes, texts and scores) as
    characters; each word, or a line given without words, is spread evenly over its box."""
    chars = []
    for line in lines:
        words = list(zip(*line[3:6], strict=True)) if len(line) > 5 else []
        if "".join(word for _, word, _ in words) != line[1].replace(" ", ""):
            words = [(line[0], line[1], line[2])]
        placed = [
            OcrChar(char, x0, top, x1, bottom, float(score))
            for box, word, score in words
            for char, (x0, top, x1, bottom) in zip(word, _spread(box, word), strict=True)
            if char.strip()
        ]
        chars += _closed_up(placed)
    return chars


def _closed_up(line: list[OcrChar]) -> list[OcrChar]:
    """A line's characters with the gaps the recogniser leaves between them closed (to the
    middle), so that 2023 and 年 read as one word, not "2023 年"; a gap wider than the
    line's usual character pitch allows is a real one (columns of a table without rules)."""
    starts = [b.x0 - a.x0 for a, b in itertools.pairwise(line) if b.x0 > a.x0]
    if not starts:
        return line
    pitch = statistics.median(starts)
    for index in range(1, len(line)):
        before, after = line[index - 1], line[index]
        if before.x1 < after.x0 and after.x0 - before.x0 <= GAP_PITCHES * pitch:
            middle = (before.x1 + after.x0) / 2
            line[index - 1] = replace(before, x1=middle)
            line[index] = replace(after, x0=middle)
    return line


def _spread(box: list, text: str) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) for each character of `text` laid evenly across `box`."""
    xs = [float(point[0]) for point in box]
    ys = [float(point[1]) for point in box]
    left, top, bottom = min(xs), min(ys), max(ys)
    step = (max(xs) - left) / max(len(text), 1)
    return [(left + i * step, top, left + (i + 1) * step, bottom) for i in range(len(text))]
