"""The briefing as an Excel workbook, and any single table as a one-sheet workbook.

Cells keep their numbers (money in 万元, rates as fractions shown with a percent format), so
a reader can sort, filter and recompute; every table sheet gets the same look from one
writer: a bold filled header that stays frozen, an autofilter, number formats by column
kind and column widths measured in East-Asian display width.

Percent columns hold percent values in the warehouse (84.5 means 84.5 %); the workbook
writes value / 100 with the format "0.00%", so Excel shows 84.50% and a formula sees a
true ratio. Every text cell is written as a string cell, never a formula, and text that
a spreadsheet would take for a formula ("=1+1", "+86 10") also gets the quote-prefix
style, so editing the cell keeps it text; the value stored is exactly the report's text
(the CSV, which has no cell types, uses `tables.escape_formula` instead).

Font: the cells keep openpyxl's default (Calibri, theme minor font). Excel draws Chinese
characters with the theme's Han font (宋体) and WPS and LibreOffice with their own CJK
fallback, so the Chinese renders everywhere. Naming 等线 would fall back on machines without
it, and Noto Sans CJK SC (the screen font) is rarely installed with Office.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Callable, Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard import kpi_cards, theme
from dashboard.export import office_fonts
from dashboard.export.briefing import Briefing
from dashboard.export.tables import FORMULA_PREFIXES, Column, ColumnKind, Table

CREATOR = "绩效看板"
SUMMARY_SHEET = "概要"
NO_DATA = "当前筛选条件下没有数据"

NUMBER_FORMATS: dict[ColumnKind, str] = {
    "text": "General",
    "int": "0",  # no thousands separator: years read 2024, not 2,024
    "count": "#,##0",
    "money": "#,##0.00",  # 万元, two decimals as on the forms
    "percent": "0.00%",  # cells hold fractions (value / 100)
    "score": "0.00",
    "number": "#,##0.##",
}
# "#,##0.##" shows a whole number as "12." in Excel: whole values get this one instead.
WHOLE_NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
# The summary's label and value columns fit at least "生成日期" (8) and a date (10).
SUMMARY_HEAD_WIDTHS = [8, 10]

# Column widths are in characters of the default font; a CJK character takes two.
MIN_WIDTH = 6
MAX_WIDTH = 60  # wider text wraps inside the column
WIDTH_PADDING = 2
LINE_HEIGHT = 15.0  # points: one line of 11 pt text, CJK included
MAX_ROW_HEIGHT = 409.0  # Excel's limit
# Each kind as text about as wide as Excel shows it (for measuring widths only).
_SHOWN: dict[ColumnKind, Callable[[object], str]] = {
    "text": str,
    "int": str,
    "count": lambda v: f"{v:,.0f}",
    "money": lambda v: f"{v:,.2f}",
    "percent": lambda v: f"{v:.2%}",
    "score": lambda v: f"{v:.2f}",
    "number": lambda v: f"{v:,.2f}",
}

HEADER_FONT = Font(bold=True)
# A light step of the dashboard's blue scale: a visible band that keeps black text legible.
HEADER_FILL = PatternFill("solid", fgColor=theme.sequential_scale()[1].lstrip("#").upper())
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
CELL_ALIGNMENT = Alignment(vertical="top")
WRAP_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
LEFT_ALIGNMENT = Alignment(horizontal="left")
TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=12)
NOTE_FONT = Font(italic=True, color="808080")

# Chart sizes (cm) and the height of a default row (15 pt), to stack charts below each other.
CHART_WIDTH = 18.0
CHART_MIN_HEIGHT = 7.5
CM_PER_BAR_GROUP = 0.7
ROW_HEIGHT_CM = 0.53


# --- public API ---------------------------------------------------------------------------


def write_workbook(briefing: Briefing) -> bytes:
    """The briefing as an .xlsx file.

    Sheets, in order: 概要 (title, scope, date, KPI table, the charts' takeaways, the red
    flags), the execution by unit and by year (data plus native Excel charts), then one
    sheet per detail table (报告, 绩效指标, 产出成效, 质量问题). An empty briefing gives the
    same sheets, each saying that nothing is in scope.
    """
    workbook = _new_workbook(briefing.title, briefing.scope)
    _write_summary(workbook.active, briefing)
    unit_sheet = _table_sheet(workbook, briefing.execution_by_unit)
    year_sheet = _table_sheet(workbook, briefing.execution_by_year)
    if not briefing.execution_by_unit.frame.empty:
        _add_unit_charts(unit_sheet, briefing.execution_by_unit)
    if not briefing.execution_by_year.frame.empty:
        _add_year_chart(year_sheet, briefing.execution_by_year)
    for table in briefing.tables:
        _table_sheet(workbook, table)
    return _to_bytes(workbook)


def table_xlsx_bytes(table: Table) -> bytes:
    """One table as a one-sheet .xlsx, formatted like the workbook's table sheets."""
    workbook = _new_workbook(table.title, None)
    workbook.remove(workbook.active)
    _table_sheet(workbook, table)
    return _to_bytes(workbook)


def display_width(text: str) -> int:
    """Width of `text` in Latin character cells: East-Asian wide and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# --- workbook and sheets ------------------------------------------------------------------


def _new_workbook(title: str, subject: str | None) -> Workbook:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.subject = subject
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = CREATOR
    return workbook


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(name: str) -> str:
    """`name` as Excel allows a sheet name: none of []:*?/\\ and at most 31 characters."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in name).strip("'")
    return cleaned[:31] or "Sheet"


def _table_sheet(workbook: Workbook, table: Table) -> Worksheet:
    """A sheet holding `table` from A1: frozen filtered header, formats, widths, print setup."""
    sheet = workbook.create_sheet(sheet_title(table.name))
    widths = _write_table(sheet, table, top=1)
    _set_widths(sheet, [widths])
    sheet.freeze_panes = "A2"
    last_row = max(len(table.frame), 1) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{last_row}"
    if table.frame.empty:
        _note(sheet.cell(2, 1), NO_DATA)
    _print_setup(sheet)
    sheet.print_title_rows = "1:1"  # the header on every printed page
    return sheet


def _print_setup(sheet: Worksheet) -> None:
    """Briefings get printed: landscape, one page wide, as many pages down as needed."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_table(sheet: Worksheet, table: Table, top: int) -> list[int]:
    """Write header and rows of `table` from row `top`, column A; return the column widths.

    Cells go through `_literal`: text is stored as written, as a string, never a formula.
    Text too wide for `MAX_WIDTH` (or holding line breaks) wraps, and its rows get the height
    of their lines: not every spreadsheet grows a row for wrapped text by itself.
    """
    widths = []
    lines = [1] * len(table.frame)  # text lines each data row needs
    for index, column in enumerate(table.columns, start=1):
        header = sheet.cell(top, index, column.header)
        header.font, header.fill, header.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        values = _cell_values(table.frame[column.key], column.kind)
        width = max([display_width(column.header), *_value_widths(values, column.kind)])
        line_width = min(width, MAX_WIDTH - WIDTH_PADDING)
        wrap = width > line_width or any(isinstance(v, str) and "\n" in v for v in values)
        for row, value in enumerate(values):
            cell = sheet.cell(top + 1 + row, index)
            _literal(cell, value)
            cell.number_format = _number_format(column.kind, value)
            cell.alignment = WRAP_ALIGNMENT if wrap else CELL_ALIGNMENT
            if wrap and isinstance(value, str):
                lines[row] = max(lines[row], _line_count(value, line_width))
        widths.append(width)
    for row, count in enumerate(lines, start=top + 1):
        if count > 1:
            sheet.row_dimensions[row].height = min(count * LINE_HEIGHT, MAX_ROW_HEIGHT)
    return widths


def _line_count(text: str, line_width: int) -> int:
    """Lines `text` takes when wrapped at `line_width` (CJK breaks anywhere: an estimate)."""
    return sum(max(1, math.ceil(display_width(part) / line_width)) for part in text.split("\n"))


def _cell_values(series: pd.Series, kind: ColumnKind) -> list[object]:
    """Python values for the cells: None for missing, fractions for percents."""
    values = series.astype(object).where(series.notna(), None).tolist()
    if kind == "percent":
        return [None if value is None else value / 100 for value in values]
    return values


def _value_widths(values: Iterable[object], kind: ColumnKind) -> Iterable[int]:
    """Display width of each value as shown; a multi-line text counts its widest line."""
    shown = _SHOWN[kind]
    for value in values:
        if value is not None:
            yield max(display_width(line) for line in shown(value).split("\n"))


def _number_format(kind: ColumnKind, value: object) -> str:
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return WHOLE_NUMBER_FORMAT
    return NUMBER_FORMATS[kind]


def _set_widths(sheet: Worksheet, blocks: Iterable[list[int]]) -> None:
    """Each column as wide as its widest block needs, within [MIN_WIDTH, MAX_WIDTH]."""
    widest: dict[int, int] = {}
    for widths in blocks:
        for index, width in enumerate(widths, start=1):
            widest[index] = max(widest.get(index, 0), width)
    for index, width in widest.items():
        fitted = min(max(width + WIDTH_PADDING, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = fitted


def _note(cell: Cell, text: str) -> None:
    cell.value = text
    cell.font = NOTE_FONT


# --- the summary sheet --------------------------------------------------------------------


def _write_summary(sheet: Worksheet, briefing: Briefing) -> None:
    """Title, scope and date, then the KPI table, the takeaways and the red flags."""
    sheet.title = SUMMARY_SHEET
    title = sheet.cell(1, 1)
    _literal(title, briefing.title)
    title.font = TITLE_FONT
    _label_value(sheet, 2, "范围", briefing.scope)
    _label_value(sheet, 3, "生成日期", briefing.created).number_format = DATE_FORMAT
    if briefing.data_as_of is not None:
        loaded = _label_value(sheet, 4, "数据截至", briefing.data_as_of.date())
        loaded.number_format = DATE_FORMAT
    if briefing.is_empty:
        _note(sheet.cell(5, 1), NO_DATA)
        _set_widths(sheet, [SUMMARY_HEAD_WIDTHS])
        return
    row = _heading(sheet, 6, "主要指标")
    if briefing.period_caption:
        _literal(sheet.cell(row, 1), briefing.period_caption)
        row += 1
    kpis = _kpi_table(briefing.kpis)
    blocks = [SUMMARY_HEAD_WIDTHS, _write_table(sheet, kpis, top=row)]
    row += len(kpis.frame) + 2
    if briefing.all_charts:
        row = _heading(sheet, row, "要点")
        for chart in briefing.all_charts:
            _literal(sheet.cell(row, 1), chart.takeaway)
            row += 1
        row += 1
    row = _heading(sheet, row, office_fonts.PROBLEMS_TITLE)
    for number, problem in enumerate(briefing.problems, start=1):
        _literal(sheet.cell(row, 1), office_fonts.problem_line(number, problem))
        _literal(sheet.cell(row + 1, 1), office_fonts.advice_line(problem))
        row += 2
    if not briefing.problems:
        _note(sheet.cell(row, 1), "无")
    row = _heading(sheet, row + 1, briefing.red_flags.title)
    if briefing.red_flags.frame.empty:
        _note(sheet.cell(row, 1), "无")
    else:
        blocks.append(_write_table(sheet, briefing.red_flags, top=row))
    _set_widths(sheet, blocks)
    _print_setup(sheet)
    sheet.page_setup.fitToHeight = 1  # the summary is the one page a briefing hands out


def _label_value(sheet: Worksheet, row: int, label: str, value: object) -> Cell:
    sheet.cell(row, 1, label).font = HEADER_FONT
    cell = sheet.cell(row, 2)
    _literal(cell, value)
    cell.alignment = LEFT_ALIGNMENT  # a date would sit at the right edge of the column
    return cell


def _heading(sheet: Worksheet, row: int, text: str) -> int:
    """Write a section heading at `row`; return the next row."""
    sheet.cell(row, 1, text).font = HEADING_FONT
    return row + 1


def _literal(cell: Cell, value: object) -> None:
    """Store `value` in `cell`; text is always a string cell, even when it starts with "=".

    Control characters that XLSX cannot hold are dropped (openpyxl refuses them); text
    extracted from Word and PDF files sometimes carries one (vertical tab, form feed).
    """
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"  # openpyxl takes any text starting "=" for a formula
    if value.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # what Excel sets when a user types '=1+1: text on edit too


def _kpi_table(kpis: Iterable[kpi_cards.KpiText]) -> Table:
    """The KPI cards as a label / value / change / definition table (all text, as on screen)."""
    frame = pd.DataFrame(
        [(kpi.label, kpi.value, kpi.delta, kpi.help) for kpi in kpis],
        columns=["label", "value", "delta", "help"],
    )
    columns = (Column("label", "指标"), Column("value", "数值"),
               Column("delta", "较上年变化"), Column("help", "说明"))  # fmt: skip
    return Table("主要指标", "主要指标", frame, columns)


# --- native charts ------------------------------------------------------------------------


def _add_unit_charts(sheet: Worksheet, table: Table) -> None:
    """Budget vs executed and the execution rate per unit: horizontal bars, lowest rate on top.

    The sheet holds `table` (briefing.execution_by_unit) from A1; the charts sit to its
    right, one above the other, and read the rows in the table's order (as on screen).
    """
    height = max(CHART_MIN_HEIGHT, CM_PER_BAR_GROUP * len(table.frame) + 3)
    money = _bar_chart("各单位预算数与执行数（万元）", height, horizontal=True)
    _add_series(money, sheet, table, "budget", "executed")
    money.y_axis.number_format = "#,##0"
    _colour_series(money)

    rate = _bar_chart("各单位预算执行率", height, horizontal=True)
    _add_series(rate, sheet, table, "execution_rate")
    rate.y_axis.number_format = "0%"
    rate.legend = None
    _band_colours(rate, table.frame["execution_rate"])
    _value_labels(rate, "0.0%")

    column = get_column_letter(len(table.columns) + 2)
    sheet.add_chart(money, f"{column}2")
    sheet.add_chart(rate, f"{column}{2 + math.ceil(height / ROW_HEIGHT_CM) + 1}")


def _add_year_chart(sheet: Worksheet, table: Table) -> None:
    """Budget and executed per year as columns, the execution rate as a line on a second axis.

    The sheet holds `table` (briefing.execution_by_year) from A1; the chart sits to its right.
    """
    bars = _bar_chart("各年度预算数、执行数与执行率", CHART_MIN_HEIGHT + 2, horizontal=False)
    _add_series(bars, sheet, table, "budget", "executed")
    bars.y_axis.title = "万元"
    bars.y_axis.number_format = "#,##0"
    _colour_series(bars)

    line = LineChart()
    _add_series(line, sheet, table, "execution_rate")
    line.y_axis.axId = 200  # a second value axis, on the right
    line.y_axis.title = "执行率"
    line.y_axis.number_format = "0%"
    line.y_axis.crosses = "max"
    line.y_axis.scaling.min = 0  # a zero baseline: a few points' change is not a cliff
    line.y_axis.majorGridlines = None
    line.y_axis.delete = False
    rate_series = line.series[0]
    rate_series.graphicalProperties.line.solidFill = _hex(theme.palette()[3])
    rate_series.graphicalProperties.line.width = 28575  # 2.25 pt in EMU
    rate_series.marker.symbol = "circle"
    rate_series.smooth = False
    bars += line
    sheet.add_chart(bars, f"{get_column_letter(len(table.columns) + 2)}2")


def _add_series(chart: BarChart | LineChart, sheet: Worksheet, table: Table, *keys: str) -> None:
    """One series per column `keys` of `table` (written from A1), named by its header, over
    the table's first column as categories."""
    rows = len(table.frame) + 1
    for key in keys:
        values = Reference(sheet, min_col=_position(table, key), min_row=1, max_row=rows)
        chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows))


def _position(table: Table, key: str) -> int:
    """1-based column of `key` in the written table."""
    return [column.key for column in table.columns].index(key) + 1


def _bar_chart(title: str, height: float, horizontal: bool) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.width, chart.height = CHART_WIDTH, height
    chart.legend.position = "b"
    # openpyxl 3.1 omits the axes' <c:delete> flag, which Excel reads as "deleted": no axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    if horizontal:
        # First table row at the top (Excel draws the first category at the bottom), and the
        # value axis kept below the bars.
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    return chart


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _colour_series(chart: BarChart) -> None:
    """The dashboard's categorical colours, in order, so the workbook matches the screen."""
    for series, colour in zip(chart.series, theme.palette(), strict=False):
        series.graphicalProperties.solidFill = _hex(colour)
        series.graphicalProperties.line.solidFill = _hex(colour)


def _band_colours(chart: BarChart, rates: pd.Series) -> None:
    """Colour each rate bar by its band (good / warning / bad / over), as on the 执行 page."""
    series = chart.series[0]
    for index, rate in enumerate(rates):
        band = theme.rate_band(None if pd.isna(rate) else float(rate))
        if band is None:
            continue
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = _hex(theme.BAND_COLORS[band])
        point.graphicalProperties.line.solidFill = _hex(theme.BAND_COLORS[band])
        series.dPt.append(point)


def _value_labels(chart: BarChart, number_format: str) -> None:
    labels = DataLabelList()
    labels.numFmt = number_format
    labels.showVal = True
    # Unset flags are read as "show" by some Excel versions: state each one.
    labels.showLegendKey = labels.showCatName = labels.showSerName = False
    labels.showPercent = labels.showBubbleSize = False
    chart.dataLabels = labels
