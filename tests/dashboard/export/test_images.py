"""Chart images rendered by kaleido in Debian's chromium: formats, sizes, Chinese text.

Needs chromium and fontconfig (`make setup`): without them these tests fail in CI (`CI`
set) and are skipped on a developer machine, as the browser tests are.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import threading
import time
import unicodedata

import numpy as np
import pdfplumber
import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops

from dashboard import theme
from dashboard.export import images
from tests.conftest import CHROMIUM_MISSING, require_system

CJK_FAMILY = "Noto Sans CJK SC"
# Two titles of the same length and different characters: drawn as tofu boxes (no CJK
# font) they would be pixel-identical.
TITLE_A = "预算执行率"
TITLE_B = "绩效自评分"
WARM_RUNS = 5


@pytest.fixture(scope="module")
def chromium() -> None:
    """Chromium is installed; the dashboard template is the plotly default, as in app.py."""
    require_system(images.available(), CHROMIUM_MISSING)
    theme.register_plotly_template()


needs_chromium = pytest.mark.usefixtures("chromium")


def _bar(title: str = TITLE_A, **layout: object) -> go.Figure:
    figure = go.Figure(go.Bar(x=["一处", "二处", "三处"], y=[92.5, 81.0, 64.2]))
    return figure.update_layout(title_text=title, **layout)


def _png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data)).convert("RGB")


@needs_chromium
def test_png_defaults_to_1200_by_675_at_scale_2() -> None:
    assert _png(images.to_png(_bar())).size == (2 * 1200, 2 * 675)


@needs_chromium
def test_png_takes_the_figure_height_and_the_requested_size() -> None:
    assert _png(images.to_png(_bar(height=420))).size == (2400, 840)
    assert _png(images.to_png(_bar(), scale=1, width=800, height=400)).size == (800, 400)


@needs_chromium
def test_pdf_is_one_page_of_the_figure_size_with_real_text() -> None:
    data = images.to_pdf(_bar(), width=1000, height=500)
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        (page,) = pdf.pages
        # CSS pixels are 0.75 pt; the text is text (searchable), not an image.
        assert (round(page.width), round(page.height)) == (750, 375)
        # Noto CJK maps some glyphs to Kangxi radicals (行 → ⾏); NFKC folds them back.
        text = unicodedata.normalize("NFKC", page.extract_text() or "")
        assert TITLE_A in text
        assert "三处" in text


@needs_chromium
def test_renders_from_many_threads_each_get_their_own_image() -> None:
    # Streamlit runs each session's download callable on its own thread.
    sizes: dict[int, tuple[int, int]] = {}

    def render(width: int) -> None:
        sizes[width] = _png(images.to_png(_bar(), scale=1, width=width, height=300)).size

    threads = [threading.Thread(target=render, args=(400 + i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sizes == {400 + i: (400 + i, 300) for i in range(4)}


def test_without_chromium_there_are_no_images(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "chromium_path", lambda: None)
    monkeypatch.setattr(images, "_renderer", None)  # as in a process that never rendered
    assert not images.available()
    with pytest.raises(images.ImageExportUnavailable):
        images.to_png(_bar())


def test_figure_without_template_gets_the_dashboard_template() -> None:
    figure = _bar()
    figure.layout.template = None
    spec = images._figure_spec(figure)
    assert spec["layout"]["template"]["layout"]["font"]["family"] == theme.font_family()


def test_fontconfig_has_the_cjk_family_of_the_template() -> None:
    require_system(shutil.which("fc-match") is not None, "fontconfig is not installed")
    assert theme.font_family().startswith(f'"{CJK_FAMILY}"')
    matched = subprocess.run(
        ["fc-match", "-f", "%{family}", CJK_FAMILY], capture_output=True, text=True, check=True
    ).stdout
    assert CJK_FAMILY in matched
    chinese = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert chinese.strip(), "no font covers Chinese"


def _title_region(title: str) -> Image.Image:
    """The top band of the image, where the template puts the title (left-aligned)."""
    image = _png(images.to_png(_bar(title), scale=1, width=600, height=400))
    return image.crop((0, 0, 300, 60))


def _dark_pixels(region: Image.Image) -> int:
    return int((np.asarray(region.convert("L")) < 128).sum())


@needs_chromium
def test_chinese_title_is_drawn_with_glyphs_not_boxes() -> None:
    first, second = _title_region(TITLE_A), _title_region(TITLE_B)
    assert _dark_pixels(first) > 100, "the title region is blank"
    # Missing glyphs are drawn as identical boxes; real glyphs differ character by character.
    difference = np.asarray(ImageChops.difference(first, second).convert("L"))
    assert int((difference > 64).sum()) > 100


@needs_chromium
def test_report_render_times() -> None:
    """Not a timed assertion: prints the cold (browser start + render) and warm medians."""
    figure = _bar()
    figures = {"png": lambda: images.to_png(figure), "pdf": lambda: images.to_pdf(figure)}
    images.shutdown()
    started = time.perf_counter()
    images.to_png(figure)
    cold = time.perf_counter() - started
    report = [f"cold (start chromium + 1 PNG): {cold:.2f} s"]
    for fmt, render in figures.items():
        runs = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            render()
            runs.append(time.perf_counter() - started)
        report.append(f"warm {fmt} median of {WARM_RUNS}: {statistics.median(runs):.3f} s")
    print("\nimage export: " + "; ".join(report))
