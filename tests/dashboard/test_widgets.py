"""dashboard.widgets: download buttons under charts and tables, and what the tables export."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import catalogue, widgets
from dashboard.export import images
from dashboard.export.tables import to_csv_bytes

PAGE = "app_pages/execution.py"
TABLE = "预算执行明细"
CHARTS = (
    "execution_ranking",
    "execution_heatmap",
    "execution_budget_vs_executed",
    "execution_funds",
)
FORMULA_LIKE = ["=1+1", "+86 10", "-x", "@sum"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "link": ["detail?report=a", "detail?report=b", "detail?report=c", "detail?report=d"],
            "year": [2021, 2022, 2022, 2023],
            "unit_name": FORMULA_LIKE,
            "project_name": ["项目甲", "项目乙", "项目丙", "项目丁"],
            "budget": [1234.5, 10.0, 0.25, 8000.0],
            "execution_rate": [84.5, 101.2, 64.0, 90.0],
            "average_self_score": [88.5, 90.0, 70.25, 95.0],
            "internal": ["x", "y", "z", "w"],
            "report_count": [1, 2, 3, 4],
        }
    )


CONFIG = {
    "link": st.column_config.LinkColumn("报告", display_text="查看详情"),
    "year": st.column_config.NumberColumn("年度", format="%d"),
    "unit_name": "单位",
    "project_name": st.column_config.TextColumn("项目"),
    "budget": st.column_config.NumberColumn(
        "预算数（万元）", format=catalogue.SCREEN_FORMATS["money"]
    ),
    "execution_rate": st.column_config.NumberColumn(
        "执行率", format=catalogue.SCREEN_FORMATS["percent"]
    ),
    "average_self_score": st.column_config.NumberColumn(
        "自评得分", format=catalogue.SCREEN_FORMATS["score"]
    ),
    "internal": None,  # hidden on screen, so not exported
}
HEADERS = ["年度", "单位", "项目", "预算数（万元）", "执行率", "自评得分", "report_count"]


def _download_keys(app: AppTest) -> set[str]:
    return {button.key for button in app.download_button}


def test_page_shows_csv_excel_png_pdf_buttons(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)
    keys = _download_keys(app)
    assert {f"download_{TABLE}_CSV", f"download_{TABLE}_Excel"} <= keys
    if images.available():
        assert {f"download_{c}_{f}" for c in CHARTS for f in ("PNG", "PDF")} <= keys
    labels = {button.label for button in app.download_button}
    assert labels <= {"CSV", "Excel", "PNG", "PDF"}


def test_without_chromium_charts_have_no_server_downloads(
    open_app: Callable[..., AppTest], demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "available", lambda: False)
    app = open_app(demo_warehouse, PAGE)
    assert _download_keys(app) == {f"download_{TABLE}_CSV", f"download_{TABLE}_Excel"}


def _table_script() -> None:
    """A page showing a styled table with selection, as 报告详情 does."""
    import pandas as pd

    from dashboard import widgets

    frame = pd.DataFrame({"name": ["甲", "乙"], "rate": [84.5, 92.0]})
    event = widgets.table(
        frame.style.map(lambda _: "color: red", subset=["rate"]),
        "测试表",
        hide_index=True,
        key="test_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={"name": "名称", "rate": "执行率"},
    )
    import streamlit as st

    st.write(f"selected {list(event.selection.rows)}")


def test_table_accepts_a_styler_and_returns_the_selection_event() -> None:
    app = AppTest.from_function(_table_script, default_timeout=30).run()
    assert not app.exception, app.exception
    assert _download_keys(app) == {"download_测试表_CSV", "download_测试表_Excel"}
    assert app.markdown[-1].value == "selected []"


def test_export_table_takes_labels_kinds_and_visible_columns() -> None:
    table = widgets.export_table(_frame(), "明细", CONFIG)
    assert [column.header for column in table.columns] == HEADERS
    assert [column.kind for column in table.columns] == [
        "int", "text", "text", "money", "percent", "score", "count"
    ]  # fmt: skip
    assert table.name == "明细"


def test_export_table_reads_kinds_from_number_formats() -> None:
    frame = pd.DataFrame(
        {"value": [1.5], "change": [2.5], "count": [3.0], "trend": [[1, 2]], "score": [80.0]}
    )
    config = {
        "value": st.column_config.NumberColumn("数值", format="localized"),
        "change": st.column_config.NumberColumn("预算增幅", format="%+.2f%%"),
        "count": st.column_config.NumberColumn("报告数", format="%d"),
        "trend": st.column_config.LineChartColumn("走势"),  # a sparkline: not exported
        "score": st.column_config.NumberColumn(
            "平均自评分", format=catalogue.SCREEN_FORMATS["score"]
        ),
    }
    table = widgets.export_table(frame, "明细", config)
    assert {c.header: c.kind for c in table.columns} == {
        "数值": "number", "预算增幅": "percent", "报告数": "int", "平均自评分": "score"
    }  # fmt: skip


def test_export_table_follows_column_order() -> None:
    table = widgets.export_table(
        _frame(), "明细", CONFIG, column_order=["budget", "link", "nonexistent", "unit_name"]
    )
    assert [column.header for column in table.columns] == ["预算数（万元）", "单位"]


def test_export_table_keeps_two_columns_with_one_label_apart() -> None:
    frame = pd.DataFrame({"unit_name": ["甲"], "unit": ["个"]})
    table = widgets.export_table(frame, "明细", {"unit_name": "单位", "unit": "单位"})
    assert [column.header for column in table.columns] == ["单位", "单位（unit）"]


def test_export_table_writes_dates_and_lists_as_text() -> None:
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime(["2026-11-23 08:30:00"]).tz_localize("UTC"),
            "warnings": [["表格缺失", "单位不明"]],
        }
    )
    shown = widgets.export_table(frame, "日志").frame
    assert shown.iloc[0].tolist() == ["2026-11-23 08:30:00", "表格缺失；单位不明"]


def test_csv_has_a_bom_chinese_headers_and_escaped_formulas() -> None:
    data = to_csv_bytes(widgets.export_table(_frame(), "明细", CONFIG))
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert [row[1] for row in rows[1:]] == ["'=1+1", "'+86 10", "'-x", "'@sum"]
    assert rows[1][3] == "1234.5"  # raw numbers, not screen strings


def test_excel_has_one_sheet_chinese_headers_and_no_formulas() -> None:
    data = widgets._xlsx_bytes(widgets.export_table(_frame(), "明细", CONFIG))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    (sheet,) = workbook.worksheets
    assert sheet.title == "明细"
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"
    units = [sheet.cell(row, 2) for row in range(2, 6)]
    assert all(cell.data_type == "s" for cell in units)  # text, never run as a formula
    assert [str(cell.value).lstrip("'") for cell in units] == FORMULA_LIKE
    assert sheet.cell(2, 4).value == 1234.5
    assert sheet.cell(2, 4).number_format == "#,##0.00"
    # Percent values (84.5 = 84.5 %) become fractions under a percent format.
    assert sheet.cell(2, 5).value == pytest.approx(0.845)
    assert sheet.cell(2, 5).number_format == "0.00%"
