"""dashboard.charts.outcomes: figures built from real query results of the demo warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.charts import outcomes as charts
from dashboard.filters import Filters
from dashboard.queries import outcomes as queries


@pytest.fixture(scope="module")
def unit_years(demo_warehouse: Path) -> Iterator[pd.DataFrame]:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    yield queries.unit_year_outcomes(con, Filters())
    con.close()


def test_by_year_has_one_panel_per_metric_with_its_unit(unit_years: pd.DataFrame) -> None:
    yearly = queries.yearly_totals(unit_years)

    figure = charts.outcomes_by_year(yearly)

    metrics = list(dict.fromkeys(yearly["metric"]))
    assert "逐年" in figure.layout.title.text
    assert len(figure.data) == len(metrics)
    assert sum(len(trace.y) for trace in figure.data) == len(yearly)
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles == [queries.metric_info(key).label for key in metrics]
    assert figure.layout.yaxis.title.text == "件"  # 专利申请量 comes first
    units = {figure.layout[f"yaxis{i + 1 if i else ''}"].title.text for i in range(len(metrics))}
    assert units <= {"件", "万元", "人次", "家"}
    assert "万元" in units


def test_by_unit_year_stacks_one_trace_per_unit(unit_years: pd.DataFrame) -> None:
    figure = charts.outcome_by_unit_year(unit_years, "people_trained")

    rows = unit_years[unit_years["metric"] == "people_trained"]
    assert figure.layout.title.text == "培训人次：各单位逐年构成"
    assert figure.layout.yaxis.title.text == "培训人次（人次）"
    assert figure.layout.xaxis.title.text == "年度"
    assert len(figure.data) == rows["unit_name"].nunique()
    assert sum(len(trace.y) for trace in figure.data) == len(rows)
    assert "培训人次" in figure.data[0].hovertemplate


def test_by_unit_has_one_bar_per_unit(unit_years: pd.DataFrame) -> None:
    by_unit = queries.unit_totals(unit_years)

    figure = charts.outcome_by_unit(by_unit, "funds_leveraged")

    rows = by_unit[by_unit["metric"] == "funds_leveraged"]
    assert figure.layout.title.text.startswith("各单位带动社会投入")
    assert figure.layout.xaxis.title.text == "带动社会投入（万元）"
    assert len(figure.data[0].x) == len(rows) > 0
    assert figure.data[0].x[-1] == rows["value"].max()  # largest on top


def test_empty_frames_do_not_raise(unit_years: pd.DataFrame) -> None:
    none = unit_years.iloc[0:0]

    assert not charts.outcomes_by_year(queries.yearly_totals(none)).data
    figure = charts.outcome_by_unit_year(none, "patent_grants")
    assert figure.layout.yaxis.title.text == "专利授权量（件）"
    assert len(charts.outcome_by_unit(queries.unit_totals(none), "patent_grants").data[0].x) == 0
