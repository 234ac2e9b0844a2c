"""The catalogue: one definition per concept, and every label on screen taken from it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalogue, theme
from dashboard.export.briefing import build_briefing
from dashboard.filters import Filters

PAGES = ["overview", "execution", "indicators", "yoy", "units", "outcomes", "detail",
         "quality", "export"]  # fmt: skip
# How a page may build a label from a catalogue label: a year in front ("2024年预算数"),
# "最近" (latest), a change or trend after ("预算数变化（万元）"), or the unit the values
# are in ("原文金额（元）").
COMPOSED = re.compile(r"^(?:\d{4}年|最近)?(?P<label>.+?)(?:变化|走势)?(?:（[^）]*）)?$")


def _shown_labels(app: AppTest) -> set[str]:
    """The st.metric labels and the table column headers the page shows."""
    labels = {metric.label for metric in app.metric}
    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        labels |= {c["label"] for c in config.values() if c.get("label")}
    return labels


def _first_report(app: AppTest) -> str:
    """The report of the first row of 报告详情's list (from its link to the report)."""
    link = app.dataframe[0].value["link"].iloc[0]
    return parse_qs(urlsplit(link).query)["report"][0]


def _is_catalogued(label: str) -> bool:
    known = catalogue.all_labels()
    found = COMPOSED.fullmatch(label)
    return label in known or (found is not None and found["label"] in known)


@pytest.mark.parametrize("page", PAGES)
def test_every_label_a_page_shows_is_in_the_catalogue(
    page: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, f"app_pages/{page}.py")
    if page == "detail":  # the report's own figures and tables too
        report = _first_report(app)
        app = open_app(demo_warehouse, f"app_pages/{page}.py", report=report)

    labels = _shown_labels(app)
    assert labels or page == "export"
    assert sorted(label for label in labels if not _is_catalogued(label)) == []


# An internal code: a rule, flag or metric key ("RATE_MISMATCH", "enterprises_supported").
INTERNAL_CODE = re.compile(r"\b(?:[A-Z]+(?:_[A-Z]+)+|[a-z]+(?:_[a-z]+)+)\b")


def _shown_texts(app: AppTest) -> list[str]:
    """The texts a page shows: titles, captions, markdown, metrics, the cells of its
    tables' text columns, and the options of its pickers."""
    kinds = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success")
    texts = [element.value for kind in kinds for element in getattr(app, kind)]
    texts += [f"{m.label} {m.value}" for m in app.metric]
    for table in app.dataframe:
        frame = table.value
        text_columns = [c for c in frame.columns if frame[c].dtype == object]
        texts += [str(v) for c in text_columns for v in frame[c].dropna() if isinstance(v, str)]
    texts += [str(o) for box in (*app.selectbox, *app.multiselect) for o in box.options]
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_none_or_an_internal_code(
    page: str, lang: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, f"app_pages/{page}.py", lang=lang)
    if page == "detail":  # a report with flags, outcome figures and a missing value or two
        report = _first_report(app)
        app = open_app(demo_warehouse, f"app_pages/{page}.py", report=report, lang=lang)

    # Missing cells, numbers or text, read "—", not the grid's default "None".
    assert {table.proto.placeholder for table in app.dataframe} <= {theme.MISSING}
    texts = _shown_texts(app)
    assert texts
    assert [text for text in texts if re.search(r"\b(?:None|nan|NaN|NaT)\b", text)] == []
    codes = {code for text in texts for code in INTERNAL_CODE.findall(text)}
    assert sorted(codes) == []


def test_every_briefing_table_header_is_in_the_catalogue(con) -> None:
    briefing = build_briefing(con, Filters())
    tables = (briefing.red_flags, briefing.execution_by_unit, briefing.execution_by_year,
              *briefing.tables)  # fmt: skip
    headers = {column.header for table in tables for column in table.columns}
    assert headers and headers <= catalogue.all_labels()
    assert {kpi.label for kpi in briefing.kpis} <= catalogue.all_labels()


def test_keys_are_unique_and_every_field_has_both_languages() -> None:
    fields = list(catalogue.CATALOGUE.values())
    assert (
        len({f.key for f in fields})
        == len(fields)
        == len(catalogue.METRICS) + len(catalogue.COLUMNS)
    )
    assert all(f.zh and f.en and f.zh != f.en for f in fields)
    assert all((f.help_zh is None) == (f.help_en is None) for f in fields)
    # One concept, one label: no two fields share a Chinese or an English label.
    for lang in catalogue.LANGUAGES:
        labels = [f.label(lang) for f in fields]
        assert len(set(labels)) == len(labels), pd.Series(labels)[pd.Series(labels).duplicated()]


def test_headers_name_the_money_unit_and_formats_round_once() -> None:
    budget = catalogue.field("budget")
    assert budget.header() == "预算数（万元）" and budget.header("en") == "Budget (10k yuan)"
    assert catalogue.field("execution_rate").header() == "预算执行率"
    assert catalogue.field("execution_rate").format(84.6789) == "84.68%"
    assert catalogue.field("budget_total").format(12345.678) == "1.23亿元"
    assert catalogue.field("quality_flag_count").format(12345) == "1.23万"
    assert catalogue.format_change("percent", -4.7) == "-4.70个百分点"
    assert catalogue.format_change("percent", 1.5, "en") == "+1.50 pp"
    assert catalogue.format_change("money", -0.5) == "-0.50万元"


def test_percent_is_null_where_the_base_is_zero_or_missing() -> None:
    numerator = pd.Series([50.0, 1.0, 3.0])
    denominator = pd.Series([200.0, 0.0, None])
    assert catalogue.percent(numerator, denominator).tolist()[0] == 25.0
    assert catalogue.percent(numerator, denominator).isna().tolist() == [False, True, True]
