"""etl.readers.cellformat: numbers as the sheet shows them, and sheet grids."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.readers.cellformat import (
    SheetCells,
    clean_cell_text,
    render_number,
    render_temporal,
    sheet_table,
)

CHINESE_ACCOUNTING = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.8468, "0.00%", "84.68%"),
        (0.5, "0.00%", "50.00%"),  # the format's decimals are kept
        (0.5, "0%", "50%"),
        (0.8468, "0%", "84.68%"),  # typed digits are never lost
        (423.25 / 499.86, "0.00%", "84.67%"),  # a computed ratio shows rounded
        (0.9, '"≥"0%', "≥90%"),
        (387664.62000000001, "General", "387664.62"),
        (0.1 + 0.2, "0.00", "0.3"),
        (12.0, None, "12"),
        (7, "0.00", "7"),
        (215457.6, "#,##0.00", "215457.6"),
        (1234.5, CHINESE_ACCOUNTING, "1234.5"),
        (0, CHINESE_ACCOUNTING, "0"),  # the "-" zero section would hide a figure
        (-5.5, "#,##0.00;[Red]\\-#,##0.00", "-5.5"),
        (1234, "[$¥-804]#,##0.00", "1234"),
        (1234, '"￥"#,##0.00', "1234"),
        (499.86, '0.00"万元"', "499.86万元"),
        (84.67373737373737, "0.00", "84.67"),
        (1e20, "0", "100000000000000000000"),
        (1.5e-7, "General", "0.00000015"),
        (12345, "0.00E+00", "12345"),
    ],
)
def test_render_number(value: float, number_format: str | None, shown: str) -> None:
    assert render_number(value, number_format) == shown


def test_render_temporal() -> None:
    assert render_temporal(dt.datetime(2019, 3, 5)) == "2019-03-05"
    assert render_temporal(dt.date(2019, 3, 5)) == "2019-03-05"
    assert render_temporal(dt.datetime(2019, 3, 5, 14, 30)) == "2019-03-05 14:30:00"
    assert render_temporal(dt.time(9, 15)) == "09:15"


def test_clean_cell_text_keeps_lines_apart() -> None:
    assert clean_cell_text("  社会效益\r\n\n 指标 \u3000") == "社会效益\n指标"


def _texts(table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.rows]


def test_sheet_table_trims_edges_and_keeps_inner_blanks() -> None:
    sheet = SheetCells("S", {(3, 2): "a", (5, 4): "b"})
    table = sheet_table("f.xlsx", sheet)
    assert _texts(table) == [["a", "", ""], ["", "", ""], ["", "", "b"]]
    assert (table.rows[2][2].source.row, table.rows[2][2].source.col) == (5, 4)


def test_sheet_table_merged_range_with_hidden_anchor_column_shows_its_text() -> None:
    sheet = SheetCells(
        "S",
        {(1, 1): "项目名称", (1, 2): "专利资助", (2, 1): "x"},
        merged=[(1, 2, 1, 4)],
        col_hidden=lambda col: col == 2,
    )
    table = sheet_table("f.xlsx", sheet)
    assert _texts(table) == [["项目名称", "专利资助"], ["x", ""]]  # column 4 is covered only
    assert (table.rows[0][1].source.row, table.rows[0][1].source.col) == (1, 2)


def test_sheet_table_huge_merged_range_is_clipped() -> None:
    sheet = SheetCells("S", {(1, 1): "title"}, merged=[(1, 1, 1_048_576, 16_384)])
    assert _texts(sheet_table("f.xlsx", sheet)) == [["title"]]


def test_sheet_table_empty_sheet_is_none() -> None:
    assert sheet_table("f.xlsx", SheetCells("S", {})) is None
