"""Names from reports and values from the URL are shown as text, never as markup.

Anyone can write anything into a 项目名称 or 单位名称. Every text column of a real (seed)
warehouse is overwritten with markdown images and links, raw HTML, ``javascript:`` links,
bare URLs that markdown would auto-link and plotly's own ``<a href>`` markup; every URL
filter key gets such a value too. On every page, in the real browser: no ``<img>`` and no
``<a>`` (HTML or SVG) that points anywhere but the dashboard itself, no request to another
host, no dialog, and the hostile text itself is shown as written.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from playwright.sync_api import Browser, Page

from dashboard.escape import WORD_JOINER
from etl.extract import extract_file
from tests.dashboard.browser.conftest import Server, run_server
from tests.dashboard.browser.test_browser import (
    PAGES,
    assert_no_error_shown,
    open_page,
    wait_for_app,
)
from tests.dashboard.conftest import SEEDS
from tests.hostile import EVIL, HOSTILE, HOSTILE_UNIT, PAYLOADS, build_hostile_warehouse

# [target, the element's surroundings] of every link and image on the page.
COLLECT_LINKS = """() => {
    const attr = (e, name) => e.getAttribute(name) || e.getAttribute('xlink:' + name) || '';
    const where = e => (e.parentElement || e).outerHTML.slice(0, 300);
    return {
        links: [...document.querySelectorAll('a')].map(a => [attr(a, 'href'), where(a)]),
        images: [...document.querySelectorAll('img, image')].map(
            i => [attr(i, 'src') || attr(i, 'href'), where(i)]),
    };
}"""


@pytest.fixture(scope="module")
def hostile_server(
    browser: Browser, seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    db = build_hostile_warehouse(
        seed_warehouse, tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    )
    with run_server(db) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_report(seed_warehouse: Path, hostile_server: Server) -> str:
    """Id of a report (all of them have hostile names)."""
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        (report_id,) = con.execute("select min(report_id) from reports").fetchone()
    return report_id


@pytest.fixture
def watched(page: Page, hostile_server: Server) -> Iterator[tuple[Page, list[str]]]:
    """The page, and a list that collects requests to other hosts and dialogs opened."""
    found: list[str] = []
    own = urlsplit(hostile_server.url).netloc

    def request(req) -> None:
        parts = urlsplit(req.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != own:
            found.append(f"request {req.url}")

    page.on("request", request)
    page.on("dialog", lambda dialog: (found.append(f"dialog {dialog.message}"), dialog.dismiss()))
    yield page, found


def shown_text(text: str) -> str:
    """What a reader sees: the invisible joiners that stop auto-linking left out."""
    return text.replace(WORD_JOINER, "")


def assert_nothing_injected(page: Page, server: Server, found: list[str]) -> None:
    """No link or image that leaves the dashboard, no outside request, no dialog."""
    page.wait_for_timeout(300)  # images and charts start their requests after the script run
    elements = page.evaluate(COLLECT_LINKS)
    own = urlsplit(server.url).netloc
    for kind in ("links", "images"):
        for target, context in elements[kind]:
            parts = urlsplit(target)
            assert parts.scheme in ("", "http", "https", "data", "blob"), (kind, context)
            assert EVIL not in target, (kind, context)
            assert parts.scheme in ("", "data", "blob") or parts.netloc == own, (kind, context)
    assert not found, found


def test_the_hostile_warehouse_holds_the_payloads(seed_warehouse: Path, tmp_path: Path) -> None:
    db = build_hostile_warehouse(seed_warehouse, tmp_path / "w.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        names = [name for (name,) in con.execute("select name from units").fetchall()]
        projects = [p for (p,) in con.execute("select project_name from reports").fetchall()]
    assert HOSTILE_UNIT in names
    assert projects and all(name.startswith(HOSTILE) for name in names + projects)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.path or "overview" for spec in PAGES])
def test_no_markup_from_data_on_any_page(watched, hostile_server: Server, spec) -> None:
    page, found = watched
    open_page(page, hostile_server.url, spec.path)
    assert_no_error_shown(page)
    assert_nothing_injected(page, hostile_server, found)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.path or "overview" for spec in PAGES])
def test_no_markup_from_url_values_on_any_page(watched, hostile_server: Server, spec) -> None:
    page, found = watched
    open_page(
        page,
        hostile_server.url,
        spec.path,
        q=HOSTILE,
        units=[HOSTILE_UNIT, PAYLOADS[1]],
        category=HOSTILE,
        form=HOSTILE,
        years=HOSTILE,
        report=HOSTILE,
        indicator=HOSTILE,
    )
    assert_no_error_shown(page)
    assert_nothing_injected(page, hostile_server, found)
    if spec.scoped:
        caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]')
        assert HOSTILE in shown_text(caption.first.inner_text())  # the search words, as typed


def test_report_detail_shows_hostile_names_as_text(
    watched, hostile_server: Server, hostile_report: str
) -> None:
    page, found = watched
    open_page(page, hostile_server.url, "detail", report=hostile_report)
    page.locator('[data-testid="stMain"] h3').first.wait_for()
    assert_no_error_shown(page)
    heading = shown_text(page.locator('[data-testid="stMain"] h3').first.inner_text())
    assert heading.startswith(HOSTILE), heading
    # Help tooltips are markdown too: open those of the KPI cards (positions in the file).
    page.locator('[data-testid="stMetric"]', has_text="自评得分").first.wait_for()
    targets = page.locator('[data-testid="stMetric"] [data-testid="stTooltipHoverTarget"]')
    assert targets.count() >= 2
    shown = []  # (one tooltip is open at a time: read each while it is)
    for target in targets.all():
        target.hover(force=True)
        page.wait_for_timeout(150)
        assert_nothing_injected(page, hostile_server, found)
        shown += page.locator('[data-testid="stTooltipContent"]').all_inner_texts()
    tooltips = shown_text(" ".join(shown))
    assert HOSTILE in tooltips, tooltips
    assert_nothing_injected(page, hostile_server, found)


def test_unknown_report_in_the_url_is_shown_as_text(watched, hostile_server: Server) -> None:
    page, found = watched
    open_page(page, hostile_server.url, "detail", report=HOSTILE)
    warning = page.locator('[data-testid="stAlert"]', has_text="找不到报告")
    warning.first.wait_for()
    assert HOSTILE in shown_text(warning.first.inner_text())
    assert_nothing_injected(page, hostile_server, found)
    wait_for_app(page)


def test_an_upload_with_markup_in_its_names_and_text_is_shown_as_text(
    browser: Browser, seed_warehouse: Path, tmp_path: Path
) -> None:
    """Through the 数据导入 page: a report whose 项目名称 is markup and a refused file whose
    name is markup are previewed and loaded with nothing injected."""
    db = tmp_path / "warehouse.duckdb"  # a copy: the upload writes to it, and to raw/
    shutil.copyfile(seed_warehouse, db)
    seed = SEEDS / "002_78a807617c647145.txt"
    name = extract_file(seed).reports[0].project_name
    hostile_name = f"{PAYLOADS[2]}{PAYLOADS[1]}{name}"
    report = seed.read_text(encoding="utf-8").replace(name, hostile_name).encode()
    refused = f"{PAYLOADS[0]}.exe"
    with run_server(db) as server:
        page = browser.new_page()
        found: list[str] = []
        page.on("dialog", lambda d: (found.append(f"dialog {d.message}"), d.dismiss()))
        page.on("request", lambda r: EVIL in r.url and found.append(f"request {r.url}"))
        open_page(page, server.url, "upload")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": f"{PAYLOADS[1]}.txt", "mimeType": "text/plain", "buffer": report},
            {"name": refused, "mimeType": "application/octet-stream", "buffer": b"MZ\x00\x01" * 50},
        ])  # fmt: skip
        page.get_by_role("button", name="预览").click()
        page.get_by_role("button", name="确认导入").wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_error_shown(page)
        warning = shown_text(page.locator('[data-testid="stAlertContentWarning"]').inner_text())
        assert "![像素](http" in warning  # the refused name, as it was sent (folders cut)
        assert_nothing_injected(page, server, found)

        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已导入 1 个文件").wait_for(timeout=60_000)
        assert_nothing_injected(page, server, found)
        page.close()
    with duckdb.connect(str(db), read_only=True) as con:
        names = [n for (n,) in con.execute("select project_name from reports").fetchall()]
    assert any(PAYLOADS[2] in n for n in names)  # stored as written, shown as text
