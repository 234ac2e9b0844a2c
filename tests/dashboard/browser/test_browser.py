"""The dashboard in a real browser: pages render, Chinese text uses a CJK font, and the
sidebar filters survive a round trip through the URL.

AppTest (tests/dashboard/test_app.py) runs the scripts but not the frontend; these tests
cover what only a browser shows: the navigation by URL path, query-parameter binding in
both directions, fonts and the plotly charts actually drawn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pdfplumber
import pytest
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[3]
APP_TIMEOUT = 30_000  # ms; a first page visit runs uncached warehouse queries
UNIT = "绵阳市科学技术和知识产权局"
SEARCH = "知识产权"
# What must never reach a reader: Python's missing values and internal codes.
RAW_VALUE = re.compile(r"\bNone\b|\bnan\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+_[a-z_]+\b")
CJK_CHARS = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class PageSpec:
    """One dashboard page as the browser sees it."""

    path: str  # URL path, from the page's file name (st.navigation)
    title: str  # its st.title
    has_charts: bool  # whether the demo warehouse gives it at least one plotly chart
    english: str = ""  # its st.title under ?lang=en
    scoped: bool = True  # whether the sidebar filters apply (数据导入 loads files instead)


PAGES = (
    PageSpec("", "总览", True, "Overview"),
    PageSpec("execution", "预算执行", True, "Budget execution"),
    PageSpec("indicators", "绩效指标", True, "Indicators"),
    PageSpec("yoy", "同比分析", True, "Year on year"),
    PageSpec("units", "单位对比", True, "Compare units"),
    PageSpec("outcomes", "产出成效", True, "Outcomes"),
    PageSpec("library", "指标库", False, "Indicator library"),
    PageSpec("detail", "报告详情", False, "Report detail"),
    PageSpec("quality", "数据质量", True, "Data quality"),
    PageSpec("export", "导出中心", False, "Export"),
    PageSpec("upload", "数据导入", False, "Data import", scoped=False),
)


def page_url(base: str, path: str, **params: object) -> str:
    """The address of a page with the given query parameters (lists repeat the key)."""
    query = urlencode(params, doseq=True)
    return f"{base}/{path}" + (f"?{query}" if query else "")


def url_params(page: Page) -> dict[str, list[str]]:
    """The query parameters now in the address bar."""
    return parse_qs(urlsplit(page.url).query)


def wait_for_app(page: Page) -> None:
    """Wait until the script run has finished and the page title is drawn."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=APP_TIMEOUT
    )
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=APP_TIMEOUT)


def open_page(page: Page, base: str, path: str, **params: object) -> None:
    """Load a page by its address, as a shared link would, and wait for it."""
    page.goto(page_url(base, path, **params))
    wait_for_app(page)


def title(page: Page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def expect_scope(page: Page, scope: str) -> None:
    """Wait until the caption under the title names `scope` (see widgets.start_page and
    Filters.describe): after a filter change the page is redrawn by a later script run."""
    caption = page.locator(
        '[data-testid="stMain"] [data-testid="stCaptionContainer"]', has_text="范围："
    )
    expect(caption).to_have_text(re.compile(f"范围：{re.escape(scope)}$"), timeout=APP_TIMEOUT)


def assert_no_error_shown(page: Page) -> None:
    """No exception box, no error toast, no "page not found" dialog."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    toasts = page.locator('[data-testid="stToast"]').all_inner_texts()
    assert not [t for t in toasts if re.search("error|错误", t, re.IGNORECASE)], toasts
    assert page.get_by_text("Page not found").count() == 0


def platform_fonts(page: Page, selector: str) -> dict[str, int]:
    """Glyphs drawn per font family in the first element matching `selector`.

    Asks Chromium itself (DevTools CSS.getPlatformFontsForNode), so it names the font that
    really drew the text, not the CSS font-family wish list.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"nothing matches {selector}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return {font["familyName"]: font["glyphCount"] for font in fonts}
    finally:
        cdp.detach()


def assert_cjk_font(page: Page, selector: str) -> None:
    """The Chinese characters of the element were drawn by a CJK font (fonts-noto-cjk),
    not by a Latin fallback as empty boxes."""
    text = page.locator(selector).first.text_content() or ""
    chinese = len(CJK_CHARS.findall(text))
    assert chinese, f"no Chinese text in {selector}: {text!r}"
    fonts = platform_fonts(page, selector)
    cjk_glyphs = sum(count for family, count in fonts.items() if "CJK" in family)
    assert cjk_glyphs >= chinese, f"{text!r} drawn with {fonts}"


# The main area's text as read, without the names of the Material icons (drawn as a
# glyph from a ligature such as "download" or "check_circle").
_SHOWN_TEXT = """() => {
  const original = document.querySelector('[data-testid="stMain"]');
  const icons = [...original.querySelectorAll('span')].filter(
    e => getComputedStyle(e).fontFamily.includes('Material'));
  icons.forEach(icon => icon.setAttribute('data-icon-glyph', ''));
  const main = original.cloneNode(true);
  icons.forEach(icon => icon.removeAttribute('data-icon-glyph'));
  main.querySelectorAll('[data-icon-glyph]').forEach(icon => icon.remove());
  document.body.appendChild(main);
  const text = main.innerText;
  main.remove();
  return text;
}"""


def shown_text(page: Page) -> str:
    """The text of the page's main area, as a reader sees it."""
    return page.evaluate(_SHOWN_TEXT)


def save_screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page: the viewport grows to the main area's full height,
    because Streamlit scrolls inside its own container, not the document."""
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebar"]'
        )].map(e => e.scrollHeight), window.innerHeight)"""
    )
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 12_000)})
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.path or "overview" for spec in PAGES])
def test_every_page_renders(page: Page, server, spec: PageSpec, output_dir: Path) -> None:
    open_page(page, server.url, spec.path)

    assert_no_error_shown(page)
    assert title(page) == spec.title
    if spec.scoped:
        expect_scope(page, "全部年度；全部单位")
    assert_cjk_font(page, '[data-testid="stMain"] h1')
    if spec.has_charts:
        # Plotly draws its text as SVG; the chart titles must be in a CJK font too.
        page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=APP_TIMEOUT)
        assert_cjk_font(page, ".js-plotly-plot .gtitle")
    save_screenshot(page, output_dir / f"{spec.path or 'overview'}.png")
    assert not RAW_VALUE.search(shown_text(page))
    if spec.has_charts:  # plotly's English toolbar gives way to our PNG/PDF buttons
        assert page.locator(".js-plotly-plot .modebar").count() == 0


@pytest.mark.parametrize("spec", PAGES, ids=[spec.path or "overview" for spec in PAGES])
def test_every_page_renders_in_english(
    page: Page, server, spec: PageSpec, output_dir: Path
) -> None:
    open_page(page, server.url, spec.path, lang="en")

    assert_no_error_shown(page)
    assert title(page) == spec.english
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]')
    if spec.scoped:
        expect(caption.filter(has_text="Scope:")).to_have_text(
            re.compile("Scope: all years; all units$"), timeout=APP_TIMEOUT
        )
    if spec.has_charts:
        chart_title = page.locator(".js-plotly-plot .gtitle").first
        chart_title.wait_for(timeout=APP_TIMEOUT)
        assert not CJK_CHARS.search(re.sub(r"\d{4}", "", chart_title.text_content() or ""))
    save_screenshot(page, output_dir / f"{spec.path or 'overview'}-en.png")
    assert not RAW_VALUE.search(shown_text(page))


def test_the_language_switch_redraws_the_page_and_keeps_it_in_the_url(page: Page, server) -> None:
    open_page(page, server.url, "execution", years=[2020, 2022])

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
        "Budget execution", timeout=APP_TIMEOUT
    )
    assert url_params(page)["lang"] == ["en"]
    assert url_params(page)["years"] == ["2020", "2022"]  # the filters stay
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
        "预算执行", timeout=APP_TIMEOUT
    )
    assert "lang" not in url_params(page)


def test_the_print_view_is_the_page_as_a_document(page: Page, server, output_dir: Path) -> None:
    open_page(page, server.url, "execution", years=[2020, 2022])
    expect_scope(page, "2020–2022年；全部单位")
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    expect(frame.get_by_role("button")).to_have_text(re.compile("打印"), timeout=APP_TIMEOUT)
    page.locator(".js-plotly-plot").first.wait_for(timeout=APP_TIMEOUT)

    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stDownloadButton"]').first.is_visible()
    pdf = output_dir / "execution-print.pdf"
    page.pdf(path=str(pdf), landscape=True, print_background=True)
    page.emulate_media(media="screen")

    with pdfplumber.open(pdf) as document:
        # (NFKC: the PDF's font maps some characters to CJK radicals, 行 to ⾏)
        text = unicodedata.normalize(
            "NFKC", "\n".join(sheet.extract_text() or "" for sheet in document.pages)
        )
        sheets = len(document.pages)
    # The whole page, not its first screen: the title, the scope and the last table.
    assert "预算执行" in text and "2022年;全部单位" in text and "报告明细" in text
    assert sheets > 1


def test_clicking_a_bar_filters_to_its_unit_and_the_sidebar_goes_back(
    page: Page, server, output_dir: Path
) -> None:
    open_page(page, server.url, "execution", years=[2020, 2022])
    expect_scope(page, "2020–2022年；全部单位")
    ranking = page.locator(".js-plotly-plot").first
    ranking.wait_for(timeout=APP_TIMEOUT)
    bar = ranking.locator(".bars .point").first.bounding_box()
    assert bar

    # (plotly's drag layer takes the clicks on its plot area: click where the bar is)
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    expect(page).to_have_url(re.compile(r"[?&]units="), timeout=APP_TIMEOUT)
    (unit,) = url_params(page)["units"]
    expect_scope(page, f"2020–2022年；{unit}")
    # The ranking now lists that unit's projects (a unit's bar narrows to the unit).
    expect(ranking.locator(".gtitle")).to_have_text(re.compile("各项目"), timeout=APP_TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("已按图表中点击的项目筛选")).to_be_visible()
    save_screenshot(page, output_dir / "execution-clicked.png")

    sidebar.get_by_role("button", name="返回点击前的筛选").click()
    expect_scope(page, "2020–2022年；全部单位")
    assert "units" not in url_params(page)
    assert url_params(page)["years"] == ["2020", "2022"]


def test_typing_a_unit_and_pressing_enter_picks_one_unit(page: Page, server) -> None:
    open_page(page, server.url, "execution")
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    picker.locator("input").click()
    # Three units' names contain these words, and fuzzy matching would offer a fourth.
    page.keyboard.type("绵阳市知识产权")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]units="), timeout=APP_TIMEOUT)
    (unit,) = url_params(page)["units"]
    assert "绵阳市知识产权" in unit
    expect_scope(page, f"全部年度；{unit}")
    # The full name is stated under the picker, whatever the chip shows.
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(f"已选：{unit}")).to_be_visible()


# Every KPI text is whole (not cut to "…") and no chart's legend covers its title.
_CUT_TEXT = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] div,'
    + ' [data-testid="stMetricDelta"] div')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
_TITLE_UNDER_LEGEND = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(plot => {
  const title = plot.querySelector('.gtitle'), legend = plot.querySelector('.legend');
  if (!title || !legend) return false;
  const a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}).map(plot => plot.querySelector('.gtitle').textContent)"""


@pytest.mark.parametrize("width", [1366, 1024])
@pytest.mark.parametrize("path", ["", "indicators", "yoy", "quality"])
def test_kpis_and_chart_titles_are_whole_on_a_laptop_and_a_tablet(
    page: Page, server, path: str, width: int, output_dir: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, server.url, path)
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=APP_TIMEOUT)
    cut, covered = page.evaluate(_CUT_TEXT), page.evaluate(_TITLE_UNDER_LEGEND)
    save_screenshot(page, output_dir / f"{path or 'overview'}-{width}.png")

    assert cut == []
    assert covered == []


def test_clicking_a_heatmap_cell_filters_to_its_unit_and_year(page: Page, server) -> None:
    open_page(page, server.url, "execution")
    heatmap = page.locator(".js-plotly-plot").nth(1)
    heatmap.locator(".hm").first.wait_for(timeout=APP_TIMEOUT)
    target = heatmap.locator(".scatterlayer .point").last
    target.scroll_into_view_if_needed()
    cell = target.bounding_box()
    assert cell

    page.mouse.click(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2)
    expect(page).to_have_url(re.compile(r"[?&]units="), timeout=APP_TIMEOUT)
    (unit,) = url_params(page)["units"]
    (year, _) = url_params(page)["years"]
    assert url_params(page)["years"] == [year, year]
    expect_scope(page, f"{year}年；{unit}")


def test_on_a_phone_the_ranking_leaves_its_bars_room(page: Page, server, output_dir: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, server.url, "execution")
    ranking = page.locator(".js-plotly-plot").first
    ranking.locator(".bars .point").first.wait_for(timeout=APP_TIMEOUT)
    save_screenshot(page, output_dir / "execution-390.png")

    figure = ranking.bounding_box()
    bars = ranking.locator(".nsewdrag").first.bounding_box()
    assert figure and bars
    # Unit names on two lines: the plot keeps over a third of the figure's width.
    assert bars["width"] > figure["width"] / 3, (bars, figure)
    assert bars["x"] >= figure["x"]  # no label pushed off the left edge


def test_url_filters_restore_the_sidebar(page: Page, server, output_dir: Path) -> None:
    open_page(page, server.url, "execution", units=UNIT, years=[2020, 2022], q=SEARCH)

    assert_no_error_shown(page)
    expect_scope(page, f"2020–2022年；{UNIT}；项目名称含“{SEARCH}”")
    sidebar = page.locator('[data-testid="stSidebar"]')
    # The widgets may settle a moment after the caption: expect() retries until they do.
    chips = sidebar.locator('[data-testid="stMultiSelect"] [data-tag]')
    expect(chips).to_have_text([UNIT], timeout=APP_TIMEOUT)
    years = sidebar.locator('[data-testid="stSliderThumbValue"]')
    expect(years).to_have_text(["2020", "2022"], timeout=APP_TIMEOUT)
    expect(sidebar.get_by_label("项目名称")).to_have_value(SEARCH, timeout=APP_TIMEOUT)
    save_screenshot(page, output_dir / "execution-filtered.png")


def test_changing_filters_rewrites_the_url_and_survives_a_page_switch(page: Page, server) -> None:
    open_page(page, server.url, "execution")
    sidebar = page.locator('[data-testid="stSidebar"]')

    search = sidebar.get_by_label("项目名称")
    search.fill(SEARCH)
    search.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="), timeout=APP_TIMEOUT)
    assert url_params(page)["q"] == [SEARCH]
    expect_scope(page, f"全部年度；全部单位；项目名称含“{SEARCH}”")

    units = sidebar.get_by_role("combobox", name="单位")
    units.click()
    units.fill(UNIT)
    page.get_by_role("option", name=UNIT, exact=True).click()
    page.wait_for_url(re.compile(r"[?&]units="), timeout=APP_TIMEOUT)
    page.keyboard.press("Escape")  # close the option list
    assert url_params(page)["units"] == [UNIT]
    expect_scope(page, f"全部年度；{UNIT}；项目名称含“{SEARCH}”")

    sidebar.locator('[data-testid="stSidebarNavLink"]', has_text="数据质量").click()
    page.wait_for_url(re.compile(r"/quality"), timeout=APP_TIMEOUT)
    page.get_by_role("heading", name="数据质量").wait_for(timeout=APP_TIMEOUT)
    expect_scope(page, f"全部年度；{UNIT}；项目名称含“{SEARCH}”")
    assert_no_error_shown(page)
    params = url_params(page)
    assert params.get("q") == [SEARCH], page.url
    assert params.get("units") == [UNIT], page.url


def test_clearing_the_filters_empties_the_url_the_widgets_and_the_scope(page: Page, server) -> None:
    # From a shared link: the filters come in through the URL, which a bound widget keeps
    # reading, so clearing the widgets' state alone would change nothing.
    open_page(page, server.url, "execution", units=UNIT, years=[2020, 2022], q=SEARCH)
    expect_scope(page, f"2020–2022年；{UNIT}；项目名称含“{SEARCH}”")
    sidebar = page.locator('[data-testid="stSidebar"]')

    sidebar.get_by_role("button", name="清除筛选").click()

    expect_scope(page, "全部年度；全部单位")
    page.wait_for_url(lambda url: not parse_qs(urlsplit(url).query), timeout=APP_TIMEOUT)
    expect(sidebar.locator('[data-testid="stMultiSelect"] [data-tag]')).to_have_count(0)
    expect(sidebar.get_by_label("项目名称")).to_have_value("", timeout=APP_TIMEOUT)
    assert_no_error_shown(page)


# Streamlit treats a folder named pages/ beside the entry script as a v1 multipage app
# until the entry script has run once (PagesManager.uses_pages_directory): a shared link
# to a page, opened first after a restart, would run that page file alone, without
# app.py's navigation, sidebar filters or page config. Hence app_pages/. The server
# fixture makes that first visit.
def test_a_shared_link_works_as_the_first_visit_after_a_restart(server) -> None:
    shown = server.first_visit_text  # the link is FIRST_VISIT in conftest.py

    assert "报告详情" in shown
    assert f"范围：全部年度；全部单位；项目名称含“{SEARCH}”" in shown


# The dashboard is meant for a closed office network. Streamlit draws a ":material/…"
# page_icon as a favicon fetched from fonts.gstatic.com; an emoji icon is drawn locally.
def test_the_app_fetches_nothing_from_outside(page: Page, server) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((server.url, "data:", "blob:"))
            else None
        ),
    )
    open_page(page, server.url, "")
    page.locator(".js-plotly-plot").first.wait_for(timeout=APP_TIMEOUT)

    assert not outside


def tick_row(page: Page, grid, row: int) -> None:
    """Tick the selection box left of a grid's `row` (1-based; header and rows 35 px)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box
    page.mouse.click(box["x"] + 15, box["y"] + 35 * row + 17)


def test_a_table_row_opens_its_report_here_and_the_link_leads_back(
    page: Page, server, output_dir: Path
) -> None:
    open_page(page, server.url, "execution", years=[2022, 2022], units=UNIT)
    expect_scope(page, f"2022年；{UNIT}")
    tick_row(page, page.locator('[data-testid="stDataFrame"]').last, 1)
    # (the bound filter widgets write their parameters back a moment after the switch)
    page.wait_for_url(re.compile(r"/detail\?.*units="), timeout=APP_TIMEOUT)
    expect_scope(page, f"2022年；{UNIT}")
    params = url_params(page)
    assert params["from"] == ["execution"] and params["report"]
    assert params["units"] == [UNIT] and params["years"] == ["2022", "2022"]
    expect_scope(page, f"2022年；{UNIT}")
    # The report itself is shown: its facts line under its project name.
    expect(page.get_by_text("年度：2022")).to_be_visible(timeout=APP_TIMEOUT)
    save_screenshot(page, output_dir / "detail-from-row.png")

    # Another report from 报告详情's own list: the way back stays.
    grid = page.locator('[data-testid="stDataFrame"]').first
    rows = [grid.locator('[role="row"]').nth(n).inner_text() for n in (1, 2)]
    row = next(n for n, text in enumerate(rows, 1) if f"report={params['report'][0]}" not in text)
    other = re.search(r"report=(\w+)", rows[row - 1])
    assert other
    tick_row(page, grid, row)
    page.wait_for_url(re.compile(f"report={other[1]}"), timeout=APP_TIMEOUT)
    assert url_params(page)["from"] == ["execution"]

    page.locator('[data-testid="stMain"]').get_by_role("button", name="返回预算执行").click()
    page.wait_for_url(re.compile(r"/execution\?"), timeout=APP_TIMEOUT)
    expect_scope(page, f"2022年；{UNIT}")
    assert "report" not in url_params(page) and "from" not in url_params(page)


def test_ticking_an_indicator_in_the_library_lists_the_reports_using_it(
    page: Page, server, output_dir: Path
) -> None:
    open_page(page, server.url, "library")
    tick_row(page, page.locator('[data-testid="stDataFrame"]').first, 1)
    # The most used indicator of the demo warehouse goes into the address, shareable.
    page.wait_for_url(re.compile(r"indicator="), timeout=APP_TIMEOUT)
    (key,) = url_params(page)["indicator"]
    expect(page.get_by_text(f"使用“{key}”的报告")).to_be_visible(timeout=APP_TIMEOUT)
    wait_for_app(page)
    save_screenshot(page, output_dir / "library-picked.png")

    tick_row(page, page.locator('[data-testid="stDataFrame"]').last, 1)
    page.wait_for_url(re.compile(r"/detail\?.*report="), timeout=APP_TIMEOUT)
    assert url_params(page)["from"] == ["library"]


def test_switching_the_profile_rescores_the_pages_and_the_exports(page: Page, server) -> None:
    from etl.scoring.profiles import get_profile

    provincial = get_profile("provincial_20_80").name
    open_page(page, server.url, "quality")
    average = page.locator('[data-testid="stMetric"]').filter(has_text="平均重算分")
    national = average.inner_text()

    sidebar = page.locator('[data-testid="stSidebar"]')
    picker = sidebar.get_by_role("combobox", name="评分规则")
    picker.click()
    picker.fill("预算执行20分")  # typed, as the unit picker test does: the list may redraw
    page.get_by_role("option", name=provincial).click()
    expect(average).not_to_have_text(national, timeout=APP_TIMEOUT)
    page.wait_for_url(re.compile(r"profile=provincial_20_80"), timeout=APP_TIMEOUT)

    # Another page keeps the profile, and so does the briefing it exports.
    sidebar.get_by_role("link", name="导出中心").click()
    expect(page.get_by_text(f"得分按评分规则“{provincial}”重算")).to_be_visible(timeout=APP_TIMEOUT)
    assert url_params(page)["profile"] == ["provincial_20_80"]
