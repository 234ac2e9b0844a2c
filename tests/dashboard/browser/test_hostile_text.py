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
from tests.dashboard.browser.conftest import Server, run_server
from tests.dashboard.browser.test_browser import (
    PAGES,
    assert_no_error_shown,
    open_page,
    wait_for_app,
)

EVIL = "evil.example"
PAYLOADS = (
    f"![像素](http://{EVIL}/pixel.png)",
    f"[点此查看](http://{EVIL}/link)",
    f'<img src="http://{EVIL}/img.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">脚本链接</a>',
    "[脚本](javascript:alert(1))",
    f"http://{EVIL}/auto 与 www.{EVIL}",
    f'<a href="http://{EVIL}/svg">图表链接</a><b>粗</b>',
    "$x^2$ :red[红字] **粗体** :material/home: &lt;img&gt;",
)
# Every value written into the warehouse holds all of them.
HOSTILE = " ".join(PAYLOADS)
# Every text column a page can show, by table; each value is HOSTILE plus the column name
# and row number, which keep values unique where the warehouse needs them to be.
TEXT_COLUMNS = {
    "reports": ("project_name", "department", "implementing_unit", "grade", "goal_target",
                "goal_actual", "source_file", "money_unit"),
    "units": ("name",),
    "unit_variants": ("raw_name",),
    "projects": ("name",),
    "indicators": ("level1", "level2", "level3", "target", "actual", "deviation_reason",
                   "source_position"),
    "outcomes": ("sentence", "entity", "qualifier", "source_position"),
    "quality_flags": ("message", "evidence"),
    "ingest_log": ("file", "reason", "warnings"),
}  # fmt: skip
# A unit name as the hostile warehouse has it (first row of `units`).
HOSTILE_UNIT = f"{HOSTILE} name1"

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


def build_hostile_warehouse(seed_db: Path, target: Path) -> Path:
    """A copy of `seed_db` whose every shown text column holds a hostile payload."""
    shutil.copyfile(seed_db, target)
    con = duckdb.connect(str(target))
    try:
        for table, columns in TEXT_COLUMNS.items():
            con.execute(f"alter table {table} add column rn integer")
            con.execute(
                f"update {table} set rn = numbered.n from (select rowid as id, "
                f"row_number() over (order by rowid) as n from {table}) as numbered "
                "where numbered.id = rowid"
            )
            assignments = ", ".join(f"{c} = $hostile || ' {c}' || rn" for c in columns)
            con.execute(f"update {table} set {assignments}", {"hostile": HOSTILE})
            con.execute(f"alter table {table} drop column rn")
        con.execute(
            "update reports set provenance = json_object("
            "'execution_rate_stated', $h, 'self_score_total', $h, 'goal_target', $h)",
            {"h": HOSTILE},
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return target


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
