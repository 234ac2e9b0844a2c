"""Read photos and scans of forms (.jpg, .png, .tif): each image, or each frame of a
multi-page TIFF, is one page, read like a scanned PDF page (etl/readers/scan.py)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from etl.document import Document
from etl.errors import ReadError
from etl.readers.pdf import MAX_PAGES, read_images
from etl.readers.scan import MAX_SIDE

# Pixels one page image may have: an A4 page at 600 dpi has 35 million; more is not a
# form (or is a decompression bomb).
MAX_PIXELS = 60_000_000
# A resolution outside this range is a placeholder (72 or 1 dpi), not the scan's.
PLAUSIBLE_DPI = (100.0, 1200.0)


def read(path: Path) -> Document:
    """Read a page image, or every page of a multi-page TIFF, through OCR."""
    file = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return read_images(file, "image", _pages(image, file))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, ValueError, SyntaxError) as err:  # fmt: skip
        raise ReadError(file, f"not a readable image: {err}") from None


def recognised_page_images(path: Path) -> Iterator[tuple[int, np.ndarray]]:
    """(page number, grey image) of every page, as `read` reads them by OCR."""
    with Image.open(path) as image:
        for number, (page, _) in enumerate(_pages(image, str(path)), 1):
            yield number, page


def _pages(image: Image.Image, file: str) -> Iterator[tuple[np.ndarray, float | None]]:
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        if number > MAX_PAGES:
            break
        width, height = frame.size
        if width * height > MAX_PIXELS:
            raise ReadError(
                file, f"image too large: {width} × {height} pixels (the cap is "
                f"{MAX_PIXELS // 1_000_000} million)", f"page {number}",
            )  # fmt: skip
        page = ImageOps.exif_transpose(frame).convert("L")  # phones store turned photos
        dpi = _dpi(frame)
        factor = MAX_SIDE / max(page.size)
        if factor < 1:
            page = page.resize((round(page.width * factor), round(page.height * factor)))
            dpi = dpi * factor if dpi else None
        yield np.asarray(page), dpi


def _dpi(frame: Image.Image) -> float | None:
    value = frame.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else None
