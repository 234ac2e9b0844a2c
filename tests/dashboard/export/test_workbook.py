"""dashboard.export.workbook: the briefing workbook and single-table workbooks, read back.

Each workbook is opened with openpyxl and its cells are checked against figures computed
here with plain SQL over the demo warehouse.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from dataclasses import replace

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.export.briefing import ChartItem, build_briefing
from dashboard.export.tables import Column, Table
from dashboard.export.workbook import (
    CREATOR,
    LINE_HEIGHT,
    MAX_WIDTH,
    NO_DATA,
    display_width,
    sheet_title,
    table_xlsx_bytes,
    write_workbook,
)
from dashboard.filters import Filters

UNIT = "绵阳市科学技术和知识产权局"  # a bureau: its subordinate units' reports count too
SHEETS = [
    "概要",
    "各单位执行率",
    "各年度执行率",
    "报告",
    "绩效指标",
    "产出成效",
    "质量问题",
    "预警",
    "重算得分",
    "整改",
]
TABLE_SHEETS = SHEETS[1:]
RISKY = ["=1+1", "+86 10", "-x", "@sum", "正常文字"]
# The unit a report counts under, as the dashboard names it (see dashboard.queries.base).
REPORT_UNITS = """
    from reports as r
    left join units as u on u.unit_id = r.unit_id
    left join units as d on d.unit_id = r.department_unit_id
"""
UNIT_NAME = "coalesce(u.name, r.implementing_unit, r.department)"


def open_workbook(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def workbook_for(con: duckdb.DuckDBPyConnection, filters: Filters) -> Workbook:
    return open_workbook(write_workbook(build_briefing(con, filters, today=dt.date(2026, 1, 2))))


def column_values(sheet: Worksheet, header: str) -> list[object]:
    """The values under `header` in a table sheet (header in row 1)."""
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(header) + 1
    return [sheet.cell(row, column).value for row in range(2, sheet.max_row + 1)]


def rows_by(sheet: Worksheet, key: str) -> dict[object, dict[str, object]]:
    """Data rows of a table sheet keyed by the column `key`, each as {header: cell}."""
    headers = [cell.value for cell in sheet[1]]
    rows = {}
    for cells in sheet.iter_rows(min_row=2):
        row = dict(zip(headers, cells, strict=False))
        rows[row[key].value] = row
    return rows


@pytest.fixture(scope="module")
def demo_book(con: duckdb.DuckDBPyConnection) -> Workbook:
    """The workbook for the whole demo warehouse (no filter)."""
    return workbook_for(con, Filters())


def test_sheets_in_order_and_properties(demo_book: Workbook) -> None:
    assert demo_book.sheetnames == SHEETS
    assert demo_book.properties.creator == CREATOR
    assert demo_book.properties.title == "项目支出绩效自评情况简报"
    assert demo_book.properties.subject == "全部年度；全部单位"


@pytest.mark.parametrize(
    ("filters", "where", "params"),
    [
        (Filters(), "true", []),
        (Filters(2020, 2022), "r.year between 2020 and 2022", []),
        (Filters(units=(UNIT,)), "u.name = ? or d.name = ?", [UNIT, UNIT]),
    ],
)
def test_reports_sheet_has_one_row_per_report_in_scope(
    con: duckdb.DuckDBPyConnection, filters: Filters, where: str, params: list
) -> None:
    (count,) = con.execute(f"select count(*) {REPORT_UNITS} where {where}", params).fetchone()

    sheet = workbook_for(con, filters)["报告"]
    assert count > 0
    assert sheet.max_row - 1 == count
    assert sheet.auto_filter.ref == f"A1:M{count + 1}"


def test_execution_by_unit_sheet_equals_sql(
    con: duckdb.DuckDBPyConnection, demo_book: Workbook
) -> None:
    expected = con.execute(
        f"""select {UNIT_NAME} as unit, sum(budget), sum(executed)
            {REPORT_UNITS}
            where budget is not null and executed is not null and {UNIT_NAME} is not null
            group by unit"""
    ).fetchall()

    rows = rows_by(demo_book["各单位执行率"], "单位")
    assert set(rows) == {unit for unit, _, _ in expected}
    for unit, budget, executed in expected:
        row = rows[unit]
        assert row["预算数（万元）"].value == pytest.approx(budget)
        assert row["执行数（万元）"].value == pytest.approx(executed)
        assert row["预算数（万元）"].number_format == "#,##0.00"
        if budget:
            # Rates are written as fractions under a percent format: 84.5 % → 0.845.
            assert row["预算执行率"].value == pytest.approx(executed / budget)
            assert row["预算执行率"].number_format == "0.00%"


def test_execution_by_year_sheet_equals_sql(
    con: duckdb.DuckDBPyConnection, demo_book: Workbook
) -> None:
    expected = con.execute(
        """select year, sum(budget),
                  sum(executed) filter (where budget is not null)
                  / sum(budget) filter (where executed is not null)
           from reports where year is not null group by year order by year"""
    ).fetchall()

    sheet = demo_book["各年度执行率"]
    assert column_values(sheet, "年度") == [year for year, _, _ in expected]
    assert column_values(sheet, "预算数（万元）") == pytest.approx([b for _, b, _ in expected])
    assert column_values(sheet, "预算执行率") == pytest.approx([r for _, _, r in expected])
    assert sheet["A2"].number_format == "0"  # a year, not 2,024


def test_a_reports_figures_and_formats(con: duckdb.DuckDBPyConnection, demo_book: Workbook) -> None:
    (project, year, budget, executed, rate, score) = con.execute(
        """select project_name, year, budget, executed, execution_rate, self_score_total
           from reports where self_score_total is not null and execution_rate is not null
           order by budget desc limit 1"""
    ).fetchone()

    sheet = demo_book["报告"]
    headers = [cell.value for cell in sheet[1]]
    matches = [
        dict(zip(headers, cells, strict=False))
        for cells in sheet.iter_rows(min_row=2)
        if cells[headers.index("项目名称")].value == project and cells[0].value == year
    ]
    assert len(matches) == 1
    row = matches[0]
    money = row["预算数（万元）"]
    assert (money.value, money.number_format) == (budget, "#,##0.00")
    assert row["执行数（万元）"].value == executed
    assert row["预算执行率"].value == pytest.approx(rate / 100)
    assert row["预算执行率"].number_format == "0.00%"
    assert (row["自评得分"].value, row["自评得分"].number_format) == (score, "0.00")
    assert row["质量问题数"].number_format == "#,##0"  # a count: thousands separated
    assert row["年度"].number_format == "0"  # a year: 2024, not 2,024


def test_table_sheets_have_a_frozen_bold_filtered_header(demo_book: Workbook) -> None:
    for name in TABLE_SHEETS:
        sheet = demo_book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.b and cell.fill.fgColor.rgb.endswith("D6E4F0") for cell in sheet[1])
        assert sheet.print_title_rows == "$1:$1"


def test_indicator_and_outcome_counts(con: duckdb.DuckDBPyConnection, demo_book: Workbook) -> None:
    for sheet, table in (("绩效指标", "indicators"), ("产出成效", "outcomes"),
                         ("质量问题", "quality_flags")):  # fmt: skip
        (count,) = con.execute(f"select count(*) from {table}").fetchone()
        assert demo_book[sheet].max_row - 1 == count, sheet


def test_unit_sheet_has_native_charts_over_its_columns(demo_book: Workbook) -> None:
    sheet = demo_book["各单位执行率"]
    last = sheet.max_row
    money, rate = sheet._charts

    assert money.type == rate.type == "bar"  # horizontal: long unit names stay readable
    assert [s.val.numRef.f for s in money.series] == [
        f"'各单位执行率'!$B$2:$B${last}",
        f"'各单位执行率'!$C$2:$C${last}",
    ]
    assert [s.tx.strRef.f for s in money.series] == ["'各单位执行率'!B1", "'各单位执行率'!C1"]
    assert [s.val.numRef.f for s in rate.series] == [f"'各单位执行率'!$D$2:$D${last}"]
    categories = rate.series[0].cat.numRef or rate.series[0].cat.strRef
    assert categories.f == f"'各单位执行率'!$A$2:$A${last}"
    assert rate.series[0].dPt  # bars coloured by band


def test_year_sheet_has_a_bar_and_line_combo(demo_book: Workbook) -> None:
    sheet = demo_book["各年度执行率"]
    last = sheet.max_row
    (chart,) = sheet._charts

    bar, line = chart._charts
    assert (type(bar).__name__, type(line).__name__) == ("BarChart", "LineChart")
    assert [s.val.numRef.f for s in bar.series] == [
        f"'各年度执行率'!$B$2:$B${last}",
        f"'各年度执行率'!$C$2:$C${last}",
    ]
    assert [s.val.numRef.f for s in line.series] == [f"'各年度执行率'!$D$2:$D${last}"]
    assert line.y_axis.axId != bar.y_axis.axId  # the rate on its own (percent) axis


def test_summary_states_scope_kpis_takeaways_and_red_flags(
    con: duckdb.DuckDBPyConnection,
) -> None:
    briefing = build_briefing(con, Filters(2020, 2022), today=dt.date(2026, 1, 2))
    sheet = open_workbook(write_workbook(briefing))["概要"]
    cells = {
        (cell.row, cell.column): cell for row in sheet.iter_rows() for cell in row if cell.value
    }
    texts = [cell.value for cell in cells.values()]

    assert sheet["A1"].value == briefing.title
    assert sheet["B2"].value == "2020–2022年；全部单位"
    assert sheet["B3"].value == dt.datetime(2026, 1, 2)
    assert briefing.period_caption in texts
    for kpi in briefing.kpis:
        (row,) = [c.row for c in cells.values() if c.column == 1 and c.value == kpi.label]
        # The dashboard's own text is not escaped: "-8.63个百分点" reads as on screen.
        assert sheet.cell(row, 2).value == kpi.value
        assert sheet.cell(row, 3).value == kpi.delta
        assert sheet.cell(row, 3).data_type == "s"
    assert all(chart.takeaway in texts for chart in briefing.charts)
    flag_units = briefing.red_flags.frame["unit_name"].tolist()
    assert flag_units and all(unit in texts for unit in flag_units)


def test_the_dashboards_own_text_is_never_a_formula(con: duckdb.DuckDBPyConnection) -> None:
    briefing = build_briefing(con, Filters())
    odd = ChartItem("odd", briefing.charts[0].figure, "=SUM(A1:A2)")
    sheet = open_workbook(write_workbook(replace(briefing, charts=(odd,))))["概要"]

    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1:A2)"]
    assert cell.data_type == "s"


def test_empty_scope_still_gives_every_sheet_with_a_note(con: duckdb.DuckDBPyConnection) -> None:
    book = workbook_for(con, Filters(1990, 1990))

    assert book.sheetnames == SHEETS
    assert NO_DATA in [cell.value for row in book["概要"].iter_rows() for cell in row]
    assert book["概要"].column_dimensions["B"].width >= len("2026-01-02")  # not "###"
    for name in TABLE_SHEETS:
        assert book[name]["A2"].value == NO_DATA
        assert book[name]["A1"].value  # the header is still there
        assert not book[name]._charts


def risky_table() -> Table:
    frame = pd.DataFrame(
        {
            "text": RISKY,
            "amount": [1234.5, -2.0, 3.25, 0.0, None],
            "rate": [84.5, 100.0, None, 0.0, 12.345],
            "value": [12.0, 1.5, 1000.0, None, 0.25],
        }
    )
    columns = (Column("text", "说明"), Column("amount", "金额（万元）", "money"),
               Column("rate", "执行率", "percent"), Column("value", "数值", "number"))  # fmt: skip
    return Table("测试", "测试表", frame, columns)


def test_single_table_round_trip() -> None:
    book = open_workbook(table_xlsx_bytes(risky_table()))

    assert book.sheetnames == ["测试"]
    assert book.properties.title == "测试表"
    sheet = book["测试"]
    assert [cell.value for cell in sheet[1]] == ["说明", "金额（万元）", "执行率", "数值"]
    assert column_values(sheet, "金额（万元）") == [1234.5, -2.0, 3.25, 0.0, None]
    assert column_values(sheet, "执行率") == pytest.approx([0.845, 1.0, None, 0.0, 0.12345])
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].number_format == "0.00%"
    # Whole numbers drop the decimal point that "#,##0.##" would leave ("12.").
    assert [sheet[f"D{row}"].number_format for row in (2, 3)] == ["#,##0", "#,##0.##"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D6"


def test_single_table_workbook_matches_the_briefing_sheet(
    con: duckdb.DuckDBPyConnection, demo_book: Workbook
) -> None:
    reports = build_briefing(con, Filters()).tables[0]
    alone = open_workbook(table_xlsx_bytes(reports))["报告"]
    within = demo_book["报告"]

    assert alone.max_row == within.max_row and alone.freeze_panes == "A2"
    for mine, theirs in zip(alone.iter_rows(max_row=20), within.iter_rows(max_row=20), strict=True):
        assert [(c.value, c.number_format) for c in mine] == [
            (c.value, c.number_format) for c in theirs
        ]
    assert alone.column_dimensions["D"].width == within.column_dimensions["D"].width


def test_formula_like_text_is_stored_as_written_and_stays_text() -> None:
    sheet = open_workbook(table_xlsx_bytes(risky_table()))["测试"]
    cells = [sheet.cell(row, 1) for row in range(2, 7)]

    # The value is the report's text itself (no apostrophe added), held as a string cell
    # with the quote-prefix style, so neither opening nor editing makes it a formula.
    assert [cell.value for cell in cells] == RISKY
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.quotePrefix for cell in cells] == [True, True, True, True, False]
    assert sheet["B3"].value == -2.0  # a negative amount is a number, not text


def test_no_cell_of_any_workbook_is_a_formula_or_carries_an_added_quote(
    demo_book: Workbook,
) -> None:
    books = [demo_book, open_workbook(table_xlsx_bytes(risky_table()))]
    cells = [cell for book in books for sheet in book for row in sheet.iter_rows() for cell in row]

    assert len(cells) > 1000
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("'")]


def test_control_characters_are_dropped() -> None:
    frame = pd.DataFrame({"text": ["第一行\x0b第二行", "页\x0c尾"]})
    table = Table("控制符", "控制符", frame, (Column("text", "文字"),))

    sheet = open_workbook(table_xlsx_bytes(table))["控制符"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["第一行第二行", "页尾"]


def test_widths_count_chinese_characters_double_and_wrap_long_text() -> None:
    frame = pd.DataFrame({"zh": ["项目支出绩效自评"], "en": ["abcdefgh"], "long": ["长" * 200]})
    columns = (Column("zh", "甲"), Column("en", "乙"), Column("long", "丙"))
    sheet = open_workbook(table_xlsx_bytes(Table("宽度", "宽度", frame, columns)))["宽度"]
    width = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}

    assert display_width("项目支出绩效自评") == 16 and display_width("abcdefgh") == 8
    assert width["A"] > width["B"] >= len("abcdefgh")
    assert width["C"] == MAX_WIDTH
    assert sheet["C2"].alignment.wrap_text
    assert not sheet["A2"].alignment.wrap_text
    # 400 display columns wrap into 7 lines of 58: the row is made that tall.
    assert sheet.row_dimensions[2].height == 7 * LINE_HEIGHT


def test_line_breaks_wrap_and_count_the_widest_line() -> None:
    frame = pd.DataFrame({"text": ["第一行\n第二行较长一些\n三"]})
    sheet = open_workbook(table_xlsx_bytes(Table("换行", "换行", frame, (Column("text", "说明"),))))
    cell = sheet["换行"]["A2"]

    assert cell.alignment.wrap_text
    assert sheet["换行"].column_dimensions["A"].width == display_width("第二行较长一些") + 2
    assert sheet["换行"].row_dimensions[2].height == 3 * LINE_HEIGHT


def test_sheet_titles_are_valid_for_excel() -> None:
    assert sheet_title("预算/执行[2024]:*?") == "预算_执行_2024____"
    assert len(sheet_title("长" * 40)) == 31


def test_benchmark_whole_demo_workbook(con: duckdb.DuckDBPyConnection) -> None:
    """Prints the median time to write the whole demo workbook (no timed assertion)."""
    briefing = build_briefing(con, Filters())
    times, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(write_workbook(briefing))
        times.append(time.perf_counter() - start)
    print(f"\nworkbook (demo, Filters()): median {statistics.median(times):.2f} s, {size:,} bytes")
    assert size > 0
