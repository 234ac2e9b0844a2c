"""dashboard.export.report_docx on the demo warehouse: the .docx opened with python-docx,
its headings, prose (checked against plain SQL), pictures, tables and East-Asian fonts."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import plotly.graph_objects as go
import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from dashboard import theme
from dashboard.export import images, office_fonts
from dashboard.export.briefing import MOVER_COUNT, Briefing, build_briefing
from dashboard.export.report_docx import kpi_prose, write_report
from dashboard.filters import Filters
from dashboard.kpi_cards import KpiText
from tests.conftest import CHROMIUM_MISSING, require_system
from tests.dashboard.export.conftest import FORMULA_LIKE, red_flag_variants

TODAY = dt.date(2026, 1, 2)
TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins
_LATEST_YEARS_SQL = """
select year, sum(budget),
       100 * sum(executed) filter (where budget is not null)
           / sum(budget) filter (where executed is not null)
from reports where year is not null group by year order by year desc limit 2
"""
_LOWEST_UNIT_SQL = """
select u.name, sum(budget), 100 * sum(executed) / sum(budget) as rate
from reports r join units u on u.unit_id = r.unit_id
where budget is not null and executed is not null
group by u.name order by rate, u.name limit 1
"""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), "#1f4e79").save(buffer, "PNG")
    return buffer.getvalue()


def _fake_renderer(figure: go.Figure) -> bytes:
    return _png()


@pytest.fixture(scope="module")
def briefing(con: duckdb.DuckDBPyConnection) -> Briefing:
    return build_briefing(con, Filters(), today=TODAY)


@pytest.fixture(scope="module")
def report(briefing: Briefing) -> DocxDocument:
    return Document(io.BytesIO(write_report(briefing, _fake_renderer)))


def _texts(document: DocxDocument) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_title_scope_and_headings_in_order(report: DocxDocument, briefing: Briefing) -> None:
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    section = report.sections[0]

    assert report.paragraphs[0].style.name == "Title"
    assert report.paragraphs[0].text == briefing.title
    assert "范围：全部年度；全部单位" in _texts(report)
    assert any(text.startswith("生成日期：2026年1月2日") for text in _texts(report))
    assert headings == [
        office_fonts.KPI_TITLE,
        *(chart.title for chart in briefing.charts),
        briefing.yoy_changes.title,
        briefing.red_flags.title,
        office_fonts.PROBLEMS_TITLE,
        office_fonts.SCORING_TITLE,
        office_fonts.APPENDIX_TITLE,
        briefing.execution_by_unit.title,
        *(chart.title for chart in briefing.appendix),
    ]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4


def test_kpi_paragraph_states_the_latest_year_as_plain_sql_computes_it(
    report: DocxDocument, con: duckdb.DuckDBPyConnection
) -> None:
    latest, previous = con.execute(_LATEST_YEARS_SQL).fetchall()
    change = latest[1] - previous[1]
    rate_change = latest[2] - previous[2]
    verb, rate_verb = ("增加" if change > 0 else "减少"), ("上升" if rate_change > 0 else "下降")
    (prose,) = [text for text in _texts(report) if text.startswith(f"{latest[0]}年，预算总额")]

    assert prose.startswith(
        f"{latest[0]}年，预算总额{theme.format_amount(latest[1])}，"
        f"较{previous[0]}年{verb}{theme.format_amount(abs(change))}；"
    )
    assert (
        f"；预算执行率{theme.format_percent(latest[2])}，{rate_verb}{abs(rate_change):.2f}个百分点；"
        in prose
    )
    assert prose.endswith("。")


def test_kpi_prose_words_changes_and_missing_comparisons() -> None:
    kpis = (
        KpiText("预算总额", "1.20亿元", "-300.00万元", "off", ""),
        KpiText("平均自评分", "91.00", "+1.50分", "normal", ""),
        KpiText("报告数", "12", "+0", "off", ""),
        KpiText("质量问题数", "3", "+2", "inverse", ""),
    )
    assert kpi_prose(kpis, 2022, 2020) == (
        "2022年，预算总额1.20亿元，较2020年减少300.00万元；平均自评分91.00分，上升1.50分；"
        "报告数12份，持平；质量问题数3条，增加2条。"
    )
    single = tuple(KpiText(k.label, k.value, None, k.delta_color, "") for k in kpis[:2])
    assert kpi_prose(single, 2022, None) == "2022年，预算总额1.20亿元；平均自评分91.00分。"


def test_each_chart_has_its_takeaway_and_a_picture_at_text_width(
    report: DocxDocument, briefing: Briefing
) -> None:
    texts = _texts(report)

    assert len(report.inline_shapes) == len(briefing.all_charts)
    assert all(shape.width == TEXT_WIDTH for shape in report.inline_shapes)
    for number, chart in enumerate(briefing.charts, start=1):
        assert f"{chart.takeaway}。" in texts
        assert f"图{number}　{chart.title}" in texts


def test_tables_kpis_red_flags_and_units(
    report: DocxDocument, briefing: Briefing, con: duckdb.DuckDBPyConnection
) -> None:
    kpi_table, yoy_table, flag_table, unit_table = report.tables
    rows = [[[cell.text for cell in row.cells] for row in t.rows] for t in report.tables]
    (unit, budget, rate) = con.execute(_LOWEST_UNIT_SQL).fetchone()
    (units,) = con.execute(
        "select count(distinct unit_id) from reports "
        "where budget is not null and executed is not null"
    ).fetchone()

    assert [row[0] for row in rows[0][1:]] == [kpi.label for kpi in briefing.kpis]
    assert rows[1][0] == [
        "单位",
        "2023年预算执行率",
        "2024年预算执行率",
        "预算执行率变化（百分点）",
    ]
    assert len(rows[1]) == 1 + 2 * MOVER_COUNT
    assert rows[2][0] == ["级别", "单位", "年度", "项目名称", "问题说明", "预算执行率"]
    assert len(rows[2]) == 1 + 10
    assert rows[3][0] == ["单位", "预算数（万元）", "执行数（万元）", "预算执行率"]
    assert len(rows[3]) == 1 + units
    assert rows[3][1][0] == unit
    assert rows[3][1][1] == theme.format_wan_yuan(budget)
    assert rows[3][1][3] == theme.format_percent(rate)
    # The header row repeats on each page the table spans.
    for table in (kpi_table, yoy_table, flag_table, unit_table):
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_table_text_is_shown_as_written_and_no_flags_are_said(briefing: Briefing) -> None:
    # Word runs no formulas: "=1+1" stays literal, without the CSV's apostrophe.
    odd_report, empty_report = (
        Document(io.BytesIO(write_report(variant, _fake_renderer)))
        for variant in red_flag_variants(briefing)
    )

    flag_table = odd_report.tables[2]
    assert [row.cells[4].text for row in flag_table.rows[1:]] == FORMULA_LIKE
    assert office_fonts.NO_FLAGS_TEXT in _texts(empty_report)
    assert len(empty_report.tables) == 3  # KPIs, YoY and units only


def test_styles_set_chinese_in_the_east_asian_font_slot(report: DocxDocument) -> None:
    family = office_fonts.cjk_family()
    defaults = report.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f".//{qn('w:rFonts')}")

    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == family
    # The report's own styles are in the official-document fonts (公文).
    for name, (official, size) in office_fonts.OFFICIAL_FONTS.items():
        style = report.styles[name]
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == official
        assert style.element.rPr.rFonts.get(qn("w:ascii")) == office_fonts.OFFICIAL_LATIN
        # A theme font would override the name: none is left.
        assert style.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
        assert style.font.size.pt == size
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "zh-CN"


def test_every_page_numbers_itself_under_the_data_date(report: DocxDocument) -> None:
    section = report.sections[0]
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "第" in section.footer.paragraphs[0].text
    assert section.header.paragraphs[0].text.startswith("数据截至")


def test_problems_and_advice_follow_the_findings(report: DocxDocument, briefing: Briefing) -> None:
    texts = _texts(report)
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]

    assert headings.index(office_fonts.PROBLEMS_TITLE) < headings.index(office_fonts.APPENDIX_TITLE)
    assert briefing.problems
    for number, problem in enumerate(briefing.problems, start=1):
        line = office_fonts.problem_line(number, problem)
        assert line in texts and texts[texts.index(line) + 1] == f"建议：{problem.advice}"


def test_without_chromium_sections_say_so(briefing: Briefing) -> None:
    def unavailable(figure: go.Figure) -> bytes:
        raise images.ImageExportUnavailable("no chromium")

    report = Document(io.BytesIO(write_report(briefing, unavailable)))

    assert len(report.inline_shapes) == 0
    assert _texts(report).count(office_fonts.CHART_MISSING) == len(briefing.all_charts)
    assert all(f"{chart.takeaway}。" in _texts(report) for chart in briefing.charts)


def test_empty_scope_says_there_is_no_data(con: duckdb.DuckDBPyConnection) -> None:
    empty = build_briefing(con, Filters(search="没有这样的项目名称"), today=TODAY)

    report = Document(io.BytesIO(write_report(empty, _fake_renderer)))

    assert report.paragraphs[0].text == empty.title
    assert "当前筛选条件下没有数据。" in _texts(report)
    assert not report.tables
    assert not report.inline_shapes


def test_default_renderer_draws_real_chart_images(briefing: Briefing) -> None:
    require_system(images.available(), CHROMIUM_MISSING)

    report = Document(io.BytesIO(write_report(briefing)))

    assert len(report.inline_shapes) == len(briefing.all_charts)
    blobs = [report.part.related_parts[rel].blob for rel in _picture_rel_ids(report)]
    assert all(blob.startswith(b"\x89PNG") for blob in blobs)


def _picture_rel_ids(report: DocxDocument) -> list[str]:
    return [blip.get(qn("r:embed")) for blip in report.element.body.iter(qn("a:blip"))]
