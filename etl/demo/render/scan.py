"""Scans made from born-digital PDFs: each page rendered, turned a degree or two, blurred
and speckled as a sheet fed through an office scanner is, then saved as an image-only
PDF, a JPEG photo (one page) or a multi-page TIFF. The demo corpus, the test fixtures
and benchmarks/ocr_scans.py use them to exercise OCR (etl/readers/scan.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

SCAN_DPI = 200
BLUR_RADIUS = 0.8  # px: a scanner's soft focus
NOISE_SIGMA = 10.0  # grey levels of sensor noise
JPEG_QUALITY = 70  # a phone's or a scanner's "medium" setting


def scanned_pages(pdf: Path, angle: float, seed: int) -> list[Image.Image]:
    """Every page of `pdf` as a grey scan turned by `angle` degrees (counter-clockwise)."""
    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=SCAN_DPI / 72).to_pil().convert("L")
            image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
            noisy = np.asarray(image, dtype=np.float32) + rng.normal(
                0, NOISE_SIGMA, image.size[::-1]
            )
            pages.append(Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)))
    finally:
        document.close()
    return pages


def write_scan(pdf: Path, out: Path, angle: float, seed: int) -> None:
    """Write the scan of `pdf` as `out`: .pdf (image only), .jpg (one page) or .tif."""
    pages = scanned_pages(pdf, angle, seed)
    suffix = out.suffix.lower()
    first, rest = pages[0], pages[1:]
    if suffix == ".pdf":
        first.save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=rest)
    elif suffix in (".jpg", ".jpeg"):
        if rest:
            raise ValueError(f"{pdf} has {len(pages)} pages; a JPEG holds one")
        first.save(out, "JPEG", quality=JPEG_QUALITY, dpi=(SCAN_DPI, SCAN_DPI))
    elif suffix in (".tif", ".tiff"):
        first.save(out, "TIFF", compression="jpeg", quality=JPEG_QUALITY, dpi=(SCAN_DPI, SCAN_DPI),
                   save_all=True, append_images=rest)  # fmt: skip
    else:
        raise ValueError(f"no scan format for {out.suffix!r}")
