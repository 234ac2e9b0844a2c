"""Chart images rendered on the server: PNG and PDF by kaleido in Debian's chromium.

Kaleido draws a figure with plotly.js in a headless Chromium, so the file looks like the
chart on screen: same template, same fonts (the template's first family is Noto Sans CJK
SC from Debian's fonts-noto-cjk, which Chromium finds through fontconfig).

Starting Chromium takes about two seconds, rendering one image a fifth of that, so one
browser is started on first use and kept for the life of the process. It runs on its own
thread with its own asyncio loop; Streamlit sessions (threads) hand it renders through
`asyncio.run_coroutine_threadsafe`, which is thread-safe and gives each caller its own
result. Kaleido's own `start_sync_server` is not used: concurrent callers share one result
queue there, and a browser that fails to start leaves callers waiting forever.

Without chromium `available()` is False and every render raises `ImageExportUnavailable`;
the chart toolbar's camera button (plotly.js in the user's browser) still saves a PNG.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import threading
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from dashboard import theme

if TYPE_CHECKING:
    from collections.abc import Coroutine

    import kaleido

DEFAULT_WIDTH = 1200  # px; 16:9, wide enough for a slide or an A4 page at scale 2
DEFAULT_HEIGHT = 675
START_TIMEOUT = 60.0  # seconds; a cold start on a loaded 2-core machine
RENDER_TIMEOUT = 60.0
CLOSE_TIMEOUT = 10.0
# Chromium calls Google services in the background (updates, QUIC probes); a closed
# network refuses them and slows the start. Choreographer already adds --no-sandbox (we may
# run as root in a container), --headless, --disable-gpu and --disable-component-update.
EXTRA_CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-pings",
)


class ImageExportUnavailable(RuntimeError):
    """Raised when no image can be made: chromium is missing, failed to start or to render."""


def chromium_path() -> str | None:
    """The browser kaleido drives: $BROWSER_PATH if set, else Debian's chromium on PATH."""
    return (
        os.environ.get("BROWSER_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def available() -> bool:
    """True when images can be rendered here (chromium present and it has not failed)."""
    return _failure is None and chromium_path() is not None


def to_png(
    figure: go.Figure, scale: float = 2, width: int | None = None, height: int | None = None
) -> bytes:
    """The figure as PNG bytes, `scale`× the layout size (default 1200×675 CSS px)."""
    return _render(figure, "png", scale, width, height)


def to_pdf(figure: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """The figure as a one-page vector PDF of the layout size (default 1200×675 CSS px)."""
    return _render(figure, "pdf", 1, width, height)


def shutdown() -> None:
    """Close the export browser if it runs (at exit; tests use it to measure a cold start)."""
    global _renderer
    with _lock:
        renderer, _renderer = _renderer, None
    if renderer is not None:
        renderer.close()


def _closed_network_chromium() -> type:
    """Choreographer's Chromium launcher with the flags for a closed network added."""
    from choreographer.browsers.chromium import Chromium

    class ClosedNetworkChromium(Chromium):
        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *EXTRA_CHROMIUM_ARGS]

    return ClosedNetworkChromium


class _Renderer:
    """One Kaleido (one headless Chromium) on a private event loop thread."""

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="image-export", daemon=True
        )
        self._thread.start()
        try:
            self._kaleido: kaleido.Kaleido = self._run(self._open(path), START_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    @staticmethod
    async def _open(path: str) -> kaleido.Kaleido:
        # Built inside the loop: choreographer binds its locks and queues to it.
        import kaleido

        browser = kaleido.Kaleido(
            n=1,
            timeout=RENDER_TIMEOUT,
            mathjax=False,  # the default fetches MathJax from a CDN; we have no LaTeX
            path=path,
            browser_cls=_closed_network_chromium(),
        )
        await browser.open()
        return browser

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        """Bytes of one image; callers on any thread, in parallel, each get their own."""
        # The future's own timeout is a backstop in case the browser hangs outside
        # kaleido's per-image timeout (e.g. while getting a tab).
        return self._run(self._kaleido.calc_fig(spec, opts=opts), RENDER_TIMEOUT + 5)

    def close(self) -> None:
        """Close Chromium and end the loop thread; errors while closing are ignored."""
        with contextlib.suppress(Exception):
            self._run(self._kaleido.close(), CLOSE_TIMEOUT)
        self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(CLOSE_TIMEOUT)


_lock = threading.Lock()
_renderer: _Renderer | None = None
_failure: str | None = None  # why the browser could not start; then we stop trying
_atexit_registered = False


def _get_renderer() -> _Renderer:
    """The process's export browser, started on first use (one start even if threads race)."""
    global _renderer, _failure, _atexit_registered
    with _lock:
        if _renderer is not None:
            return _renderer
        if _failure is not None:
            raise ImageExportUnavailable(_failure)
        path = chromium_path()
        if path is None:
            raise ImageExportUnavailable("未安装 chromium，无法在服务器上导出图片")
        try:
            _renderer = _Renderer(path)
        except Exception as err:
            _failure = f"导出图片的浏览器无法启动：{err!r}"
            raise ImageExportUnavailable(_failure) from err
        if not _atexit_registered:
            atexit.register(shutdown)
            _atexit_registered = True
        return _renderer


def _figure_spec(figure: go.Figure) -> dict[str, Any]:
    """The figure as plotly.js JSON, carrying the dashboard template if it has none."""
    spec = figure.to_dict()
    layout = spec.setdefault("layout", {})
    if not layout.get("template"):
        theme.register_plotly_template()
        layout["template"] = theme.plotly_template().to_plotly_json()
    return spec


def _render(
    figure: go.Figure, fmt: str, scale: float, width: int | None, height: int | None
) -> bytes:
    """Render with the shared browser; a failed render drops it so the next call restarts."""
    global _renderer
    spec = _figure_spec(figure)
    layout = spec["layout"]
    opts = {
        "format": fmt,
        "scale": scale,
        "width": width or layout.get("width") or DEFAULT_WIDTH,
        "height": height or layout.get("height") or DEFAULT_HEIGHT,
    }
    renderer = _get_renderer()
    try:
        return renderer.render(spec, opts)
    except Exception as err:
        # A crashed or hung Chromium would fail every later render too: start afresh.
        with _lock:
            if _renderer is renderer:
                _renderer = None
        renderer.close()
        raise ImageExportUnavailable(f"图片导出失败：{err!r}") from err
