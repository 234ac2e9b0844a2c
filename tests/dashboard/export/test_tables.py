"""dashboard.export.tables: Chinese headers, formula escaping, CSV that Excel reads."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.export.tables import Column, Table, escape_formula, to_csv_bytes

RISKY = ["=1+1", "+86 10 1234", "-x", "@sum(A1)", "正常文字"]


def risky_table() -> Table:
    frame = pd.DataFrame({"text": RISKY, "amount": [1.5, -2.0, 3.25, 0.0, 10.0], "extra": 1})
    columns = (Column("text", "说明"), Column("amount", "金额", "money"))
    return Table("测试", "测试表", frame, columns)


def test_formula_like_text_is_made_literal() -> None:
    assert [escape_formula(v) for v in RISKY] == ["'=1+1", "'+86 10 1234", "'-x", "'@sum(A1)",
                                                 "正常文字"]  # fmt: skip
    assert escape_formula(-2.0) == -2.0  # numbers are numbers, not formulas


def test_display_frame_keeps_only_spec_columns_in_order() -> None:
    shown = risky_table().display_frame()
    assert list(shown.columns) == ["说明", "金额"]
    assert shown["说明"].tolist() == RISKY  # the display frame itself is unescaped


def test_csv_has_a_bom_chinese_headers_and_escaped_cells() -> None:
    data = to_csv_bytes(risky_table())

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["说明", "金额"]
    assert [row[0] for row in rows[1:]] == ["'=1+1", "'+86 10 1234", "'-x", "'@sum(A1)", "正常文字"]
    assert rows[2][1] == "-2.0"  # a negative amount stays a number


def test_a_leading_tab_or_carriage_return_is_made_literal_too() -> None:
    # Spreadsheets strip a leading tab or CR and then read the rest as a formula.
    assert escape_formula("\t=1+1") == "'\t=1+1"
    assert escape_formula("\r@sum(A1)") == "'\r@sum(A1)"
    assert escape_formula("说明\t=1+1") == "说明\t=1+1"  # only a leading one matters
