"""The same KPI reads the same on every surface: 总览, the 预算执行 and 绩效指标 pages, the
workbook's 概要 sheet, the deck's KPI slide and the Word report.

Each filter set is one year (总览's cards show the latest year in scope, the other pages
the whole range: for one year they must agree). Values are compared as displayed, so a
figure rounded differently on one surface fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import catalogue
from dashboard.export.briefing import build_briefing
from dashboard.export.deck import write_deck
from dashboard.export.report_docx import write_report
from dashboard.export.workbook import SUMMARY_SHEET, write_workbook
from dashboard.filters import Filters
from tests.dashboard.conftest import metric_value

KPIS = ("budget_total", "executed_total", "execution_rate", "completion_rate",
        "average_self_score", "quality_flag_count")  # fmt: skip
UNIT = "绵阳市科学技术和知识产权局"
CATEGORY = "产出指标"
FILTER_SETS = [
    pytest.param({"year": 2024}, id="2024-all-units"),
    pytest.param({"year": 2021, "units": [UNIT]}, id="2021-one-department"),
    pytest.param({"year": 2019, "categories": [CATEGORY]}, id="2019-one-category"),
]
# A displayed figure: a signed number with separators and decimals and its unit if any,
# or the dash of a figure the scope does not state.
FIGURE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:%|万元|亿元)?|—")


def _figure(text: str) -> str:
    """The figure a displayed text starts with ('83.63%', '8,848.19万元', '95.11')."""
    found = FIGURE.search(text)
    assert found, text
    return found.group()


def _filters(spec: dict) -> Filters:
    year = spec["year"]
    return Filters(
        year, year, units=tuple(spec.get("units", ())), categories=tuple(spec.get("categories", ()))
    )


def _url(spec: dict) -> dict[str, object]:
    params: dict[str, object] = {"years": [spec["year"], spec["year"]]}
    if "units" in spec:
        params["units"] = spec["units"]
    if "categories" in spec:
        params["category"] = spec["categories"]
    return params


def _overview(app: AppTest) -> dict[str, str]:
    return {key: _figure(metric_value(app, catalogue.label(key))) for key in KPIS}


def _workbook(data: bytes) -> dict[str, str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SUMMARY_SHEET]
    values = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value}
    return {key: _figure(str(values[catalogue.label(key)])) for key in KPIS}


def _deck(data: bytes) -> dict[str, str]:
    slide = Presentation(io.BytesIO(data)).slides[1]
    cards = {}
    for shape in slide.shapes:
        if shape.has_text_frame and "\n" in shape.text_frame.text:
            label, value, *_ = shape.text_frame.text.split("\n")
            cards[label] = value
    return {key: _figure(cards[catalogue.label(key)]) for key in KPIS}


def _report(data: bytes) -> dict[str, str]:
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return {key: _figure(text.split(catalogue.label(key), 1)[1]) for key in KPIS}


def _png(_figure: object) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("spec", FILTER_SETS)
def test_every_kpi_reads_the_same_on_every_surface(
    spec: dict,
    open_app: Callable[..., AppTest],
    demo_warehouse: Path,
    con: duckdb.DuckDBPyConnection,
) -> None:
    overview = open_app(demo_warehouse, "app_pages/overview.py", **_url(spec))
    screen = _overview(overview)
    execution = open_app(demo_warehouse, "app_pages/execution.py", **_url(spec))
    indicators = open_app(demo_warehouse, "app_pages/indicators.py", **_url(spec))
    briefing = build_briefing(con, _filters(spec), today=dt.date(2026, 12, 7))

    assert briefing.year == spec["year"]  # the cards show the one year asked for
    briefing_values = {k.label: _figure(k.value) for k in briefing.kpis}
    assert {key: briefing_values[catalogue.label(key)] for key in KPIS} == screen
    assert (
        _figure(metric_value(execution, catalogue.label("execution_rate")))
        == screen["execution_rate"]
    )
    assert (
        _figure(metric_value(indicators, catalogue.label("completion_rate")))
        == screen["completion_rate"]
    )
    assert _workbook(write_workbook(briefing)) == screen
    assert _deck(write_deck(briefing, _png)) == screen
    assert _report(write_report(briefing, _png)) == screen
