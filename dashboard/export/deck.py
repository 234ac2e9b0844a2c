"""The briefing as a 16:9 PowerPoint deck (python-pptx).

Slides: title (scope, date), the KPI cards, one slide per key chart with its takeaway, the
units whose execution rate moved most against the year before, the red-flag table,
问题与建议, then an appendix with the data-quality charts. Every slide after the title
carries the data date, the scope and its page number. An empty scope gives the title
slide and a slide saying so. Every run has the CJK family in both the Latin and the
East-Asian slot (see `office_fonts`).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Inches, Pt

from dashboard import theme
from dashboard.export import office_fonts
from dashboard.export.briefing import Briefing, ChartItem
from dashboard.export.office_fonts import PngRenderer
from dashboard.export.tables import Table
from dashboard.kpi_cards import KpiText

EMPTY_TITLE = "没有数据"
TABLE_ROWS = 10  # a slide holds ten table rows at a readable size

# Layouts of python-pptx's default template.
_TITLE_LAYOUT = 0
_TITLE_ONLY_LAYOUT = 5
_SLIDE_WIDTH = Inches(13.333)
_SLIDE_HEIGHT = Inches(7.5)
_MARGIN = Inches(0.5)
_CONTENT_WIDTH = _SLIDE_WIDTH - 2 * _MARGIN
_BODY_TOP = Inches(1.25)  # below the title
_GAP = Inches(0.2)
_TABLE_FONT = 11  # points
_CELL_PADDING = Inches(0.25)  # PowerPoint's default cell margins (0.1 in a side) and air

_GREY = "#5d6d7e"
_DELTA_COLORS = {  # (delta_color, direction) → colour; "off" and no change stay grey
    ("normal", 1): theme.COLOR_GOOD,
    ("normal", -1): theme.COLOR_BAD,
    ("inverse", 1): theme.COLOR_BAD,
    ("inverse", -1): theme.COLOR_GOOD,
}


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True)
class _Line:
    """One paragraph of a text box."""

    text: str
    size: int = 16  # points
    bold: bool = False
    color: str | None = None  # "#rrggbb"; None: the theme's text colour
    align: PP_ALIGN = PP_ALIGN.LEFT


def write_deck(briefing: Briefing, render_png: PngRenderer | None = None) -> bytes:
    """The briefing as a .pptx file.

    Args:
        briefing: what to say (`build_briefing`).
        render_png: draws a figure as PNG; default `images.to_png` at scale 2 (1200 px
            wide, so the charts' 13 px text is about 10 pt on the slide). Where images
            cannot be drawn (`images.ImageExportUnavailable`), a chart slide says so beside
            its takeaway instead of failing.
    """
    deck = _new_deck(briefing)
    _title_slide(deck, briefing)
    if briefing.is_empty:
        _message_slide(deck, EMPTY_TITLE, f"{office_fonts.EMPTY_TEXT}（{briefing.scope}）。")
    else:
        _kpi_slide(deck, briefing)
        for chart in briefing.charts:
            _chart_slide(deck, chart, render_png)
        _table_slide(deck, briefing.yoy_changes, office_fonts.NO_YOY_TEXT)
        _table_slide(deck, briefing.red_flags, office_fonts.NO_FLAGS_TEXT)
        _problem_slide(deck, briefing)
        _scoring_slide(deck, briefing)
        if briefing.appendix:
            _message_slide(deck, office_fonts.APPENDIX_TITLE, office_fonts.APPENDIX_TEXT)
            for chart in briefing.appendix:
                _chart_slide(deck, chart, render_png)
    _footers(deck, briefing)
    for slide in deck.slides:
        office_fonts.set_pptx_run_fonts(slide.element)
        if slide.has_notes_slide:
            office_fonts.set_pptx_run_fonts(slide.notes_slide.element)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def slide_titles(briefing: Briefing) -> list[str]:
    """The titles of the slides `write_deck` makes, in order (for a scope with data)."""
    appendix = [office_fonts.APPENDIX_TITLE, *(c.title for c in briefing.appendix)]
    return [briefing.title, office_fonts.KPI_TITLE, *(chart.title for chart in briefing.charts),
            briefing.yoy_changes.title, briefing.red_flags.title, office_fonts.PROBLEMS_TITLE,
            office_fonts.SCORING_TITLE, *(appendix if briefing.appendix else [])]  # fmt: skip


def _footers(deck: PresentationType, briefing: Briefing) -> None:
    """The data date and scope (left) and 'n / total' (right) on every slide but the title."""
    slides = list(deck.slides)
    left = office_fonts.data_date_line(briefing)
    for number, slide in enumerate(slides[1:], start=2):
        top = _SLIDE_HEIGHT - Inches(0.45)
        _text_box(slide, _Box(_MARGIN, top, _CONTENT_WIDTH - Inches(1.5), Inches(0.35)),
                  [_Line(left, 10, color=_GREY)])  # fmt: skip
        _text_box(
            slide,
            _Box(_SLIDE_WIDTH - _MARGIN - Inches(1.4), top, Inches(1.4), Inches(0.35)),
            [_Line(f"{number} / {len(slides)}", 10, color=_GREY, align=PP_ALIGN.RIGHT)],
        )


def _problem_slide(deck: PresentationType, briefing: Briefing) -> None:
    """问题与建议: each frequent problem type, how often, and what to ask of the units."""
    slide = _titled_slide(deck, office_fonts.PROBLEMS_TITLE)
    lines = []
    for number, problem in enumerate(briefing.problems, start=1):
        lines.append(_Line(office_fonts.problem_line(number, problem), 16, True))
        lines.append(_Line(office_fonts.advice_line(problem), 14, color=_GREY))
    box = _Box(_MARGIN, _BODY_TOP, _CONTENT_WIDTH, _SLIDE_HEIGHT - _BODY_TOP - Inches(0.7))
    _text_box(slide, box, lines or [_Line(office_fonts.NO_FLAGS_TEXT, 20)])


def _scoring_slide(deck: PresentationType, briefing: Briefing) -> None:
    """评分复核、预警与整改: the recomputed scores, the warning colours, open 整改 items."""
    slide = _titled_slide(deck, office_fonts.SCORING_TITLE)
    box = _Box(_MARGIN, _BODY_TOP, _CONTENT_WIDTH, _SLIDE_HEIGHT - _BODY_TOP - Inches(0.7))
    _text_box(slide, box, [_Line(line, 18) for line in briefing.scoring])


def _new_deck(briefing: Briefing) -> PresentationType:
    deck = Presentation()
    deck.slide_width, deck.slide_height = _SLIDE_WIDTH, _SLIDE_HEIGHT
    deck.core_properties.title = briefing.title
    deck.core_properties.subject = briefing.scope
    deck.core_properties.author = office_fonts.APP_NAME
    return deck


# --- slides ----------------------------------------------------------------------------


def _titled_slide(deck: PresentationType, title: str) -> Slide:
    """A slide of the title-only layout, its title moved to the 16:9 width."""
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    _place(shape, _Box(_MARGIN, Inches(0.3), _CONTENT_WIDTH, Inches(0.85)))
    _fill(shape.text_frame, [_Line(title, 28, True, _primary())], MSO_ANCHOR.MIDDLE)
    return slide


def _title_slide(deck: PresentationType, briefing: Briefing) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_LAYOUT])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    width = _SLIDE_WIDTH - Inches(1.6)
    _place(title, _Box(Inches(0.8), Inches(2.0), width, Inches(1.6)))
    _place(subtitle, _Box(Inches(0.8), Inches(3.8), width, Inches(2.2)))
    _fill(title.text_frame, [_Line(briefing.title, 40, True, _primary(), PP_ALIGN.CENTER)])
    created = office_fonts.chinese_date(briefing.created)
    _fill(
        subtitle.text_frame,
        [
            _Line(f"范围：{briefing.scope}", 20, align=PP_ALIGN.CENTER),
            _Line(f"生成日期：{created}", 18, color=_GREY, align=PP_ALIGN.CENTER),
            _Line(office_fonts.APP_NAME, 18, color=_GREY, align=PP_ALIGN.CENTER),
        ],
    )


def _message_slide(deck: PresentationType, title: str, text: str) -> None:
    slide = _titled_slide(deck, title)
    box = _Box(_MARGIN, Inches(3), _CONTENT_WIDTH, Inches(1))
    _text_box(slide, box, [_Line(text, 24, align=PP_ALIGN.CENTER)])


def _kpi_slide(deck: PresentationType, briefing: Briefing) -> None:
    slide = _titled_slide(deck, office_fonts.KPI_TITLE)
    caption = _Box(_MARGIN, _BODY_TOP, _CONTENT_WIDTH, Inches(0.45))
    _text_box(slide, caption, [_Line(briefing.period_caption or "", 14, color=_GREY)])
    grid_top = caption.top + caption.height + _GAP
    grid = _Box(_MARGIN, grid_top, _CONTENT_WIDTH, _SLIDE_HEIGHT - _MARGIN - grid_top)
    for kpi, cell in zip(briefing.kpis, _grid_cells(grid, len(briefing.kpis)), strict=True):
        _kpi_card(slide, cell, kpi)
    # The definitions go to the speaker notes: what a presenter is asked about.
    notes = "\n".join(f"{kpi.label}：{kpi.help}" for kpi in briefing.kpis)
    slide.notes_slide.notes_text_frame.text = notes


def _grid_cells(area: _Box, count: int) -> list[_Box]:
    """`count` equal boxes filling `area` row by row, three (or four) per row."""
    columns = 3 if count <= 9 else 4
    rows = max(1, math.ceil(count / columns))
    width = (area.width - (columns - 1) * _GAP) // columns
    height = (area.height - (rows - 1) * _GAP) // rows
    return [
        _Box(
            area.left + (i % columns) * (width + _GAP),
            area.top + (i // columns) * (height + _GAP),
            width,
            height,
        )
        for i in range(count)
    ]


def _kpi_card(slide: Slide, box: _Box, kpi: KpiText) -> None:
    card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_xywh(box))
    card.adjustments[0] = 0.08
    card.fill.solid()
    card.fill.fore_color.rgb = _rgb(theme.streamlit_theme()["secondaryBackgroundColor"])
    card.line.fill.background()
    card.shadow.inherit = False
    direction = office_fonts.delta_direction(kpi.delta)
    lines = [_Line(kpi.label, 14, color=_GREY), _Line(kpi.value, 28, True, _primary())]
    if kpi.delta is not None:
        color = _DELTA_COLORS.get((kpi.delta_color, direction), _GREY)
        arrow = {1: "▲ ", -1: "▼ ", 0: ""}[direction]
        lines.append(_Line(f"{arrow}{kpi.delta}", 13, color=color))
    _fill(card.text_frame, lines, MSO_ANCHOR.MIDDLE)


def _chart_slide(deck: PresentationType, chart: ChartItem, render_png: PngRenderer | None) -> None:
    slide = _titled_slide(deck, chart.title)
    takeaway = _Box(_MARGIN, _BODY_TOP, _CONTENT_WIDTH, Inches(0.5))
    _text_box(slide, takeaway, [_Line(chart.takeaway, 18, True)])
    top = takeaway.top + takeaway.height + _GAP
    area = _Box(_MARGIN, top, _CONTENT_WIDTH, _SLIDE_HEIGHT - Inches(0.3) - top)
    png = office_fonts.chart_png(chart.figure, render_png)
    if png is None:
        _text_box(slide, area, [_Line(office_fonts.CHART_MISSING, 18, color=_GREY)])
    else:
        _fitted_picture(slide, png, area)


def _fitted_picture(slide: Slide, png: bytes, area: _Box) -> None:
    """The picture as large as fits in `area` at its own aspect ratio, centred."""
    picture = slide.shapes.add_picture(io.BytesIO(png), area.left, area.top)
    scale = min(area.width / picture.width, area.height / picture.height)
    width, height = int(picture.width * scale), int(picture.height * scale)
    left = area.left + (area.width - width) // 2
    _place(picture, _Box(left, area.top + (area.height - height) // 2, width, height))


def _table_slide(deck: PresentationType, table: Table, when_empty: str) -> None:
    slide = _titled_slide(deck, table.title)
    rows = office_fonts.formatted_rows(table, TABLE_ROWS)
    if rows:
        _table(slide, table, rows)
    else:
        box = _Box(_MARGIN, Inches(3), _CONTENT_WIDTH, Inches(1))
        _text_box(slide, box, [_Line(when_empty, 20, align=PP_ALIGN.CENTER)])


def _table(slide: Slide, table: Table, rows: list[list[str]]) -> None:
    """A native table: header row, small type, numbers right-aligned, short columns unwrapped."""
    cells = [[column.header for column in table.columns], *rows]
    shape = slide.shapes.add_table(
        len(cells), len(table.columns), _MARGIN, _BODY_TOP, _CONTENT_WIDTH,
        Inches(0.45) * len(cells),
    )  # fmt: skip
    grid = shape.table
    widths = office_fonts.column_widths(cells, _CONTENT_WIDTH, Pt(_TABLE_FONT), _CELL_PADDING)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    numeric = [office_fonts.is_numeric(column.kind) for column in table.columns]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            align = PP_ALIGN.RIGHT if r and numeric[c] else PP_ALIGN.LEFT
            line = _Line(value, _TABLE_FONT, bold=r == 0, align=align)
            _fill(cell.text_frame, [line], MSO_ANCHOR.MIDDLE)


# --- text ------------------------------------------------------------------------------


def _text_box(slide: Slide, box: _Box, lines: list[_Line]) -> None:
    shape = slide.shapes.add_textbox(*_xywh(box))
    _fill(shape.text_frame, lines)


def _fill(frame: TextFrame, lines: list[_Line], anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    """Replace the frame's text with `lines`, one paragraph each, word-wrapped."""
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = line.align
        run = paragraph.add_run()
        run.text = line.text
        run.font.size = Pt(line.size)
        run.font.bold = line.bold
        run.font.color.rgb = _rgb(line.color or theme.streamlit_theme()["textColor"])


def _place(shape: BaseShape, box: _Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _xywh(box)


def _xywh(box: _Box) -> tuple[int, int, int, int]:
    return box.left, box.top, box.width, box.height


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#"))


def _primary() -> str:
    return theme.streamlit_theme()["primaryColor"]
