"""dashboard.charts.yoy: figures built from real query results of the demo warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.charts import yoy as charts
from dashboard.filters import Filters
from dashboard.queries import yoy as queries

NOTHING = Filters(search="没有这样的项目名称")


@pytest.fixture(scope="module")
def yearly(demo_warehouse: Path) -> Iterator[dict[str, pd.DataFrame]]:
    """`yearly_by` of units and of projects, unfiltered."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    yield {by: queries.yearly_by(con, Filters(), by) for by in ("unit", "project")}
    con.close()


def test_year_trend_has_a_bar_and_a_point_per_year(yearly: dict[str, pd.DataFrame]) -> None:
    totals = queries.totals_by_year(yearly["unit"])

    figure = charts.year_trend(totals)

    bars, line = figure.data
    assert list(bars.x) == [str(year) for year in totals["year"]]
    assert list(bars.y) == pytest.approx(list(totals["budget"]))
    assert list(line.y) == pytest.approx(list(totals["execution_rate"]))
    assert figure.layout.yaxis.title.text == "预算（万元）"
    assert figure.layout.yaxis2.title.text == "预算执行率（%）"
    assert "预算" in figure.layout.title.text and "执行率" in figure.layout.title.text
    assert "万元" in bars.hovertemplate and "%" in line.hovertemplate


@pytest.mark.parametrize("metric", ["execution_rate", "budget"])
def test_movers_bars_show_each_mover_once(yearly: dict[str, pd.DataFrame], metric: str) -> None:
    comparison = queries.compare_years(yearly["project"], 2024, 2023)
    movers = queries.biggest_movers(comparison, metric, 5)

    figure = charts.movers_bars(movers, metric, 2024, 2023, "项目")

    (trace,) = figure.data
    assert len(trace.x) == len(movers) > 0
    assert list(trace.x) == pytest.approx(list(movers["change"]))
    info = charts.METRIC_INFO[metric]
    assert figure.layout.xaxis.title.text == f"{info.label}变化（{info.change_unit}）"
    assert "2024" in figure.layout.title.text and "2023" in figure.layout.title.text
    assert "2023年" in trace.hovertemplate and info.unit in trace.hovertemplate
    colors = [charts.RISE_COLOR if c > 0 else charts.FALL_COLOR for c in movers["change"]]
    assert list(trace.marker.color) == colors


def test_year_pair_dots_show_both_years_per_unit(yearly: dict[str, pd.DataFrame]) -> None:
    comparison = queries.compare_years(yearly["unit"], 2024, 2023)

    figure = charts.year_pair_dots(comparison, "execution_rate", 2024, 2023)

    _, before, now = figure.data
    shown = comparison.dropna(subset=["execution_rate", "execution_rate_base"], how="all")
    assert (before.name, now.name) == ("2023年", "2024年")
    assert len(before.x) == len(now.x) == len(shown)
    assert figure.layout.xaxis.title.text == "预算执行率（%）"
    assert "单位" in figure.layout.title.text


def test_empty_frames_do_not_raise(demo_warehouse: Path) -> None:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    empty = queries.yearly_by(con, NOTHING, "unit")
    con.close()
    comparison = queries.compare_years(empty, 2024, 2023)

    assert charts.year_trend(queries.totals_by_year(empty)).layout.title.text
    movers = queries.biggest_movers(comparison, "budget")
    assert len(charts.movers_bars(movers, "budget", 2024, 2023).data[0].x) == 0
    assert charts.year_pair_dots(comparison, "budget", 2024, 2023).layout.title.text
