"""The briefing as an A4 Word report (python-docx): the deck's content as prose and tables.

Order: title, scope and date; 主要指标 as a paragraph and a table; one section per key
chart (heading, takeaway sentence, picture at text width, caption); the red-flag table;
the execution-by-unit table. Chinese is set in the East-Asian font slot of the styles
(see `office_fonts`).
"""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Row

from dashboard import catalogue, theme
from dashboard.export import images, office_fonts
from dashboard.export.briefing import Briefing, ChartItem
from dashboard.export.office_fonts import PngRenderer
from dashboard.export.tables import Column, Table
from dashboard.kpi_cards import KpiText

# Drawn narrower than the slides' 1200 px: at the A4 text width (16 cm) the charts' 13 px
# text then prints at about 7.5 pt instead of 5 pt.
CHART_WIDTH_PX = 800
KPI_TABLE_TITLE = "主要指标一览"
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = Cm(21), Cm(29.7), Cm(2.5)
_TEXT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_TABLE_FONT = Pt(9)
_CELL_PADDING = Cm(0.45)  # Word's default cell margins (0.19 cm a side) and a little air
_HEADER_FILL = theme.streamlit_theme()["primaryColor"].lstrip("#")
# Measure words after a KPI value (and its change) in the prose; money and rates carry
# their unit already.
_MEASURE_WORDS = {
    catalogue.label(key): word
    for key, word in (("average_self_score", "分"), ("quality_flag_count", "条"),
                      ("report_count", "份"), ("project_count", "个"), ("unit_count", "个"))
}  # fmt: skip
_KPI_COLUMNS = (Column("label", "指标"), Column("value", "数值"),
                Column("delta", "较上年变化"), Column("help", "口径"))  # fmt: skip


def write_report(briefing: Briefing, render_png: PngRenderer | None = None) -> bytes:
    """The briefing as a .docx file.

    Args:
        briefing: what to say (`build_briefing`).
        render_png: draws a figure as PNG; default `images.to_png` at scale 2 and
            `CHART_WIDTH_PX`. Where images cannot be drawn (`images.ImageExportUnavailable`),
            the section says so after its takeaway instead of failing.
    """
    document = _new_document(briefing)
    _title(document, briefing)
    if briefing.is_empty:
        document.add_paragraph(f"{office_fonts.EMPTY_TEXT}。")
    else:
        _kpi_section(document, briefing)
        render = render_png or _report_png
        for number, chart in enumerate(briefing.charts, start=1):
            _chart_section(document, number, chart, render)
        _table_section(document, briefing.yoy_changes, office_fonts.NO_YOY_TEXT)
        _table_section(document, briefing.red_flags, office_fonts.NO_FLAGS_TEXT)
        _problem_section(document, briefing)
        document.add_heading(office_fonts.SCORING_TITLE, level=1)
        for line in briefing.scoring:
            document.add_paragraph(line)
        document.add_heading(office_fonts.APPENDIX_TITLE, level=1)
        document.add_paragraph(office_fonts.APPENDIX_TEXT)
        _table_section(document, briefing.execution_by_unit, f"{office_fonts.EMPTY_TEXT}。")
        for number, chart in enumerate(briefing.appendix, start=len(briefing.charts) + 1):
            _chart_section(document, number, chart, render)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _report_png(figure: go.Figure) -> bytes:
    return images.to_png(figure, scale=2, width=CHART_WIDTH_PX)


def _new_document(briefing: Briefing) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    office_fonts.set_docx_fonts(document)
    office_fonts.set_docx_official_fonts(document)
    _page_numbers(document, briefing)
    properties = document.core_properties
    properties.title, properties.subject = briefing.title, briefing.scope
    properties.author = office_fonts.APP_NAME
    return document


# --- sections --------------------------------------------------------------------------


def _title(document: DocxDocument, briefing: Briefing) -> None:
    document.add_heading(briefing.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    created = office_fonts.chinese_date(briefing.created)
    for text in (f"范围：{briefing.scope}", f"生成日期：{created}　来源：{office_fonts.APP_NAME}"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _kpi_section(document: DocxDocument, briefing: Briefing) -> None:
    document.add_heading(office_fonts.KPI_TITLE, level=1)
    document.add_paragraph(kpi_prose(briefing.kpis, briefing.year, briefing.previous_year))
    rows = [{"label": k.label, "value": k.value, "delta": k.delta, "help": k.help}
            for k in briefing.kpis]  # fmt: skip
    _add_table(document, Table("主要指标", KPI_TABLE_TITLE, pd.DataFrame(rows), _KPI_COLUMNS))


def _chart_section(
    document: DocxDocument, number: int, chart: ChartItem, render_png: PngRenderer
) -> None:
    document.add_heading(chart.title, level=1)
    # The takeaway stays on the page of its picture.
    document.add_paragraph(sentence(chart.takeaway)).paragraph_format.keep_with_next = True
    png = office_fonts.chart_png(chart.figure, render_png)
    if png is None:
        note = document.add_paragraph().add_run(office_fonts.CHART_MISSING)
        note.italic = True
        return
    document.add_picture(io.BytesIO(png), width=_TEXT_WIDTH)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(f"图{number}　{chart.title}", style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _problem_section(document: DocxDocument, briefing: Briefing) -> None:
    """存在问题与建议: each frequent problem type, how often, and what to ask of the units."""
    document.add_heading(office_fonts.PROBLEMS_TITLE, level=1)
    if not briefing.problems:
        document.add_paragraph(office_fonts.NO_FLAGS_TEXT)
    for number, problem in enumerate(briefing.problems, start=1):
        document.add_paragraph(office_fonts.problem_line(number, problem)).runs[0].bold = True
        document.add_paragraph(office_fonts.advice_line(problem))


def _page_numbers(document: DocxDocument, briefing: Briefing) -> None:
    """The data date and scope in the header; '第 n 页 共 m 页' centred in the footer."""
    section = document.sections[0]
    section.header.paragraphs[0].text = office_fonts.data_date_line(briefing)
    section.header.paragraphs[0].runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("第 ", "PAGE", " 页　共 ", "NUMPAGES", " 页"):
        if part.isupper():
            _field(footer, part)
        else:
            footer.add_run(part)


def _field(paragraph: object, code: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word fills it in when it lays the document out."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    begin, instruction, end = (OxmlElement(tag) for tag in ("w:fldChar", "w:instrText",
                                                             "w:fldChar"))  # fmt: skip
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, end):
        run._r.append(element)


def _table_section(document: DocxDocument, table: Table, when_empty: str) -> None:
    document.add_heading(table.title, level=1)
    if table.frame.empty:
        document.add_paragraph(when_empty)
    else:
        _add_table(document, table)


# --- prose -----------------------------------------------------------------------------


def kpi_prose(kpis: tuple[KpiText, ...], year: int | None, previous: int | None) -> str:
    """The KPI cards as one paragraph, e.g. "2024年，预算总额9,985.24万元，较2023年增加
    1,883.14万元；执行总额7,408.43万元，减少54.00万元；…".

    `year` is the cards' year, `previous` the one their changes compare with; the
    comparison year is named once, on the first change.
    """
    clauses, named = [], False
    for kpi in kpis:
        measure = "" if kpi.value == theme.MISSING else _MEASURE_WORDS.get(kpi.label, "")
        clause = f"{kpi.label}{kpi.value}{measure}"
        change = _change(kpi, measure)
        if change and previous:
            clause += f"，{'' if named else f'较{previous}年'}{change}"
            named = True
        clauses.append(clause)
    lead = f"{year}年，" if year else ""
    return lead + "；".join(clauses) + "。"


def _change(kpi: KpiText, measure: str) -> str | None:
    """ "增加1,883.14万元", "下降8.63个百分点", "持平"; None without a comparison."""
    if kpi.delta is None:
        return None
    direction = office_fonts.delta_direction(kpi.delta)
    if direction == 0:
        return "持平"
    # Rates and scores rise and fall; amounts and counts grow and shrink.
    level = kpi.delta.endswith(("个百分点", "分"))
    words = ("上升", "下降") if level else ("增加", "减少")
    amount = kpi.delta.lstrip("+-")
    if not amount.endswith(measure):
        amount += measure
    return (words[0] if direction > 0 else words[1]) + amount


def sentence(text: str) -> str:
    """`text` ending in a full stop (takeaways are written without one)."""
    return text if text.endswith(("。", "！", "？")) else text + "。"


# --- tables ----------------------------------------------------------------------------


def _add_table(document: DocxDocument, table: Table) -> None:
    """A Word table with a repeated, shaded header row; numbers right-aligned."""
    headers = [column.header for column in table.columns]
    rows = office_fonts.formatted_rows(table)
    grid = document.add_table(rows=len(rows) + 1, cols=len(headers), style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = office_fonts.column_widths([headers, *rows], _TEXT_WIDTH, _TABLE_FONT, _CELL_PADDING)
    # Fixed widths: Word honours cell widths, LibreOffice only the grid's column widths.
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    _fill_row(grid.rows[0], headers, widths, [False] * len(headers), header=True)
    numeric = [office_fonts.is_numeric(column.kind) for column in table.columns]
    for row, values in zip(grid.rows[1:], rows, strict=True):
        _fill_row(row, values, widths, numeric)
    document.add_paragraph()  # a line of space between the table and the next heading


def _fill_row(
    row: _Row, values: list[str], widths: list[int], right: list[bool], header: bool = False
) -> None:
    if header:
        # Repeat the header on every page the table spans.
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, value, width, align_right in zip(row.cells, values, widths, right, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(value)
        run.font.size = _TABLE_FONT
        if header:
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, _HEADER_FILL)


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
