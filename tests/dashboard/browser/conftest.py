"""Fixtures for the real-browser tests: a `streamlit run` server and Debian's Chromium.

The server runs app.py on the demo warehouse on a free local port; Playwright drives the
system Chromium (installed by `make setup`, never downloaded by `playwright install`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import CHROMIUM_MISSING, require_system

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parents[3]
OUTPUT = REPO / "test-output" / "browser"
SERVER_TIMEOUT = 60.0  # seconds; the first start imports streamlit, pandas, plotly, duckdb
# Test machines may have no way out: these flags stop Chromium's own background calls to
# Google services (updates, sync, QUIC probes), which a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in CI containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
]
VIEWPORT = {"width": 1400, "height": 900}
# A shared link (page + filter) opened as the server's very first visit.
FIRST_VISIT = "detail?q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83"  # q=知识产权


@dataclass(frozen=True)
class Server:
    """A running `streamlit run app.py`."""

    url: str  # e.g. http://127.0.0.1:40123, no trailing slash
    first_visit_text: str = ""  # what the server's first visit (FIRST_VISIT) showed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """End the server and anything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.1)
    pytest.fail(f"streamlit not healthy after {SERVER_TIMEOUT:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def run_server(db: Path) -> Iterator[Server]:
    """`streamlit run app.py` on warehouse `db` and a free port, until the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    env = {**os.environ, "JIXIAO_DB": str(db)}
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            try:
                _wait_healthy(url, process, log)
                yield Server(url)
            finally:
                _stop(process)


def chromium_path() -> str:
    """The system Chromium, or fail (CI) / skip (a developer machine) saying how to get it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require_system(path is not None, CHROMIUM_MISSING)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless system Chromium driven by Playwright, shared by the session."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _visit(browser: Browser, url: str) -> str:
    """Open `url` in a fresh profile, wait for the script run; return the main area's text."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
        )
        return tab.locator('[data-testid="stMain"]').inner_text()
    finally:
        context.close()


@pytest.fixture(scope="session")
def server(browser: Browser, demo_warehouse: Path) -> Iterator[Server]:
    """The dashboard on the demo warehouse, served once for the whole session.

    Its first visit is a shared link to a page (what a user gets after a restart), which
    a test checks; then the entry page is opened once.
    """
    with run_server(demo_warehouse) as running:
        first = _visit(browser, f"{running.url}/{FIRST_VISIT}")
        _visit(browser, running.url)
        yield replace(running, first_visit_text=first)


@pytest.fixture(scope="session")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser profile for all tabs: they share the HTTP cache, so the frontend and
    plotly.js bundles are fetched and compiled once, not once per test."""
    profile = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    yield profile
    profile.close()


@pytest.fixture
def page(context: BrowserContext, server: Server) -> Iterator[Page]:
    """A new tab (its own Streamlit session) that fails the test on a JavaScript error."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where screenshots go (test-output/ is git-ignored)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
