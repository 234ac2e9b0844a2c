"""dashboard.export.deck on the demo warehouse: the .pptx opened with python-pptx, its
slides, pictures, KPI figures (checked against plain SQL) and East-Asian fonts."""

from __future__ import annotations

import datetime as dt
import io
import re

import duckdb
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Inches

from dashboard import theme
from dashboard.export import images, office_fonts
from dashboard.export.briefing import RANKING_LIMIT, Briefing, build_briefing
from dashboard.export.deck import slide_titles, write_deck
from dashboard.filters import Filters
from tests.conftest import CHROMIUM_MISSING, require_system
from tests.dashboard.export.conftest import FORMULA_LIKE, red_flag_variants

TODAY = dt.date(2026, 1, 2)
CJK = re.compile(r"[\u3400-\u9fff]")
_LATEST_YEARS_SQL = """
select year, sum(budget), count(*),
       100 * sum(executed) filter (where budget is not null)
           / sum(budget) filter (where executed is not null)
from reports where year is not null group by year order by year desc limit 2
"""
_FLAGGED_REPORTS_SQL = """
select count(distinct report_id) from quality_flags where severity in ('error', 'warning')
"""


class FakeRenderer:
    """Stands in for `images.to_png`: a small real PNG per figure, and what it was given."""

    def __init__(self) -> None:
        self.figures: list[go.Figure] = []
        buffer = io.BytesIO()
        Image.new("RGB", (160, 90), "#1f4e79").save(buffer, "PNG")
        self.png = buffer.getvalue()

    def __call__(self, figure: go.Figure) -> bytes:
        self.figures.append(figure)
        return self.png


@pytest.fixture(scope="module")
def briefing(con: duckdb.DuckDBPyConnection) -> Briefing:
    return build_briefing(con, Filters(), today=TODAY)


@pytest.fixture(scope="module")
def renderer() -> FakeRenderer:
    return FakeRenderer()


@pytest.fixture(scope="module")
def deck(briefing: Briefing, renderer: FakeRenderer) -> Presentation:
    return Presentation(io.BytesIO(write_deck(briefing, renderer)))


def _texts(slide: Slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _slide(deck: Presentation, title: str) -> Slide:
    (slide,) = [s for s in deck.slides if s.shapes.title.text_frame.text == title]
    return slide


def _pictures(slide: Slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_slides_are_title_kpis_one_per_chart_and_red_flags(
    deck: Presentation, briefing: Briefing
) -> None:
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]

    assert titles == slide_titles(briefing)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    cover = "\n".join(_texts(deck.slides[0]))
    assert "范围：全部年度；全部单位" in cover
    assert "生成日期：2026年1月2日" in cover
    assert "绩效看板" in cover


def test_each_chart_slide_has_its_picture_and_takeaway(
    deck: Presentation, briefing: Briefing, renderer: FakeRenderer
) -> None:
    chart_slides = list(deck.slides)[2 : 2 + len(briefing.charts)]

    assert renderer.figures[: len(briefing.charts)] == [c.figure for c in briefing.charts]
    for slide, chart in zip(chart_slides, briefing.charts, strict=True):
        (picture,) = _pictures(slide)
        assert picture.image.blob == renderer.png
        assert chart.takeaway in _texts(slide)
        # Fitted inside the slide at the PNG's aspect ratio (160 × 90).
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        assert picture.top + picture.height <= deck.slide_height
        assert picture.width / picture.height == pytest.approx(160 / 90, rel=0.01)


def test_kpi_slide_shows_the_latest_year_as_plain_sql_computes_it(
    deck: Presentation, briefing: Briefing, con: duckdb.DuckDBPyConnection
) -> None:
    latest, previous = con.execute(_LATEST_YEARS_SQL).fetchall()
    (year, budget, reports, rate) = latest
    cards = {text.split("\n")[0]: text.split("\n")[1:] for text in _texts(deck.slides[1])}

    assert f"以下指标为{year}年数据，箭头为较{previous[0]}年的变化。" in cards
    assert cards["预算总额"][0] == theme.format_amount(budget)
    change = budget - previous[1]
    assert cards["预算总额"][1] == ("▲ +" if change > 0 else "▼ ") + theme.format_amount(change)
    assert cards["预算执行率"][0] == theme.format_percent(rate)
    assert cards["报告数"][0] == str(reports)
    assert len([label for label in cards if label in {k.label for k in briefing.kpis}]) == 9
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert "预算执行率：执行数合计 ÷ 预算数合计" in notes


def test_red_flag_slide_is_a_table_of_the_worst_flags(
    deck: Presentation, briefing: Briefing, con: duckdb.DuckDBPyConnection
) -> None:
    (flagged,) = con.execute(_FLAGGED_REPORTS_SQL).fetchone()
    units = {name for (name,) in con.execute("select name from units").fetchall()}
    (shape,) = [s for s in _slide(deck, briefing.red_flags.title).shapes if s.has_table]
    rows = [[cell.text for cell in row.cells] for row in shape.table.rows]

    assert rows[0] == [column.header for column in briefing.red_flags.columns]
    assert len(rows) - 1 == min(10, flagged) == 10
    for severity, unit, year, _project, message, rate in rows[1:]:
        assert severity in {"错误", "警告"}
        assert unit in units
        assert re.fullmatch(r"20\d\d", year)
        assert message
        assert re.fullmatch(r"\d+\.\d\d%", rate)
    first = briefing.red_flags.frame.iloc[0]
    assert rows[1][5] == theme.format_percent(first["execution_rate"])


def test_table_text_is_shown_as_written_and_no_flags_are_said(briefing: Briefing) -> None:
    # PowerPoint runs no formulas: "=1+1" stays literal, without the CSV's apostrophe.
    odd_deck, empty_deck = (
        Presentation(io.BytesIO(write_deck(variant, FakeRenderer())))
        for variant in red_flag_variants(briefing)
    )

    (shape,) = [s for s in _slide(odd_deck, briefing.red_flags.title).shapes if s.has_table]
    assert [row.cells[4].text for row in list(shape.table.rows)[1:]] == FORMULA_LIKE
    no_flags = _slide(empty_deck, briefing.red_flags.title)
    assert office_fonts.NO_FLAGS_TEXT in _texts(no_flags)
    assert not any(s.has_table for s in no_flags.shapes)


def test_slides_after_the_cover_carry_the_data_date_and_their_number(
    deck: Presentation, briefing: Briefing
) -> None:
    total = len(deck.slides)
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        texts = _texts(slide)
        assert f"{number} / {total}" in texts
        assert office_fonts.data_date_line(briefing) in texts
    assert office_fonts.data_date_line(briefing).startswith("数据截至")


def test_the_ranking_slide_shows_the_lowest_and_highest_units_when_there_are_many(
    con: duckdb.DuckDBPyConnection,
) -> None:
    briefing = build_briefing(con, Filters(), today=TODAY)
    (ranking,) = [c for c in briefing.charts if c.key == "execution_by_unit"]
    bars = ranking.figure.data[0].y
    units = len(briefing.execution_by_unit.frame.dropna(subset=["execution_rate"]))
    assert units > RANKING_LIMIT  # the demo corpus has more units than a slide can show
    assert len(bars) == RANKING_LIMIT
    assert f"共{units}个" in ranking.takeaway


def test_problems_slide_states_each_problem_and_its_advice(
    deck: Presentation, briefing: Briefing
) -> None:
    texts = _texts(_slide(deck, office_fonts.PROBLEMS_TITLE))[1:]  # after the title
    lines = texts[0].split("\n")
    assert briefing.problems
    for number, problem in enumerate(briefing.problems, start=1):
        line = office_fonts.problem_line(number, problem)
        assert lines[lines.index(line) + 1] == f"建议：{problem.advice}"


def test_every_run_with_chinese_has_the_cjk_east_asian_typeface(deck: Presentation) -> None:
    family = office_fonts.cjk_family()
    checked = 0
    for slide in deck.slides:
        parts = [slide.element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.element)
        for run in (r for part in parts for r in part.iter(qn("a:r"))):
            text = run.find(qn("a:t")).text or ""
            if not CJK.search(text):
                continue
            properties = run.find(qn("a:rPr"))
            assert properties.find(qn("a:ea")).get("typeface") == family, text
            assert properties.find(qn("a:latin")).get("typeface") == family, text
            checked += 1
    assert family == "Noto Sans CJK SC"
    assert checked > 50


def test_without_chromium_chart_slides_say_so_and_keep_the_takeaway(briefing: Briefing) -> None:
    def unavailable(figure: go.Figure) -> bytes:
        raise images.ImageExportUnavailable("no chromium")

    deck = Presentation(io.BytesIO(write_deck(briefing, unavailable)))

    assert len(deck.slides) == len(slide_titles(briefing))
    for slide, chart in zip(list(deck.slides)[2:], briefing.charts, strict=False):
        assert not _pictures(slide)
        assert chart.takeaway in _texts(slide)
        assert office_fonts.CHART_MISSING in _texts(slide)


def test_empty_scope_gives_a_title_and_a_no_data_slide(con: duckdb.DuckDBPyConnection) -> None:
    empty = build_briefing(con, Filters(search="没有这样的项目名称"), today=TODAY)

    deck = Presentation(io.BytesIO(write_deck(empty, FakeRenderer())))

    assert len(deck.slides) == 2
    assert deck.slides[0].shapes.title.text_frame.text == empty.title
    assert any("当前筛选条件下没有数据" in text for text in _texts(deck.slides[1]))


def test_default_renderer_draws_real_chart_images(briefing: Briefing) -> None:
    require_system(images.available(), CHROMIUM_MISSING)

    deck = Presentation(io.BytesIO(write_deck(briefing)))

    pictures = [p for slide in deck.slides for p in _pictures(slide)]
    assert len(pictures) == len(briefing.charts) + len(briefing.appendix)
    for picture in pictures:
        assert picture.image.content_type == "image/png"
        assert picture.image.size[0] == 2 * images.DEFAULT_WIDTH  # scale 2
