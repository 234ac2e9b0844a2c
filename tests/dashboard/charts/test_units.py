"""dashboard.charts.units: figures built from real query results of the demo warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.charts import units as charts
from dashboard.filters import Filters
from dashboard.queries import units as queries


@pytest.fixture(scope="module")
def compared(demo_warehouse: Path) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(unit_metrics, unit_years) for the default units of the demo warehouse."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    units = tuple(queries.default_units(queries.unit_choices(con, Filters())))
    yield queries.unit_metrics(con, Filters(), units), queries.unit_years(con, Filters(), units)
    con.close()


@pytest.mark.parametrize("measure", [charts.EXECUTION_RATE, charts.BUDGET, charts.COMPLETION_RATE])
def test_small_multiples_have_one_panel_per_unit_on_a_shared_axis(
    compared: tuple[pd.DataFrame, pd.DataFrame], measure: charts.Measure
) -> None:
    _, unit_years = compared

    figure = charts.unit_small_multiples(unit_years, measure)

    units = list(dict.fromkeys(unit_years["unit_name"]))
    assert len(figure.data) == len(units)
    assert sum(len(trace.y) for trace in figure.data) == len(unit_years)
    assert measure.label in figure.layout.title.text
    assert figure.layout.yaxis.title.text == measure.axis_title
    assert figure.layout.yaxis2.matches == "y"  # shared y-axis: panels compare honestly
    assert "（" in measure.axis_title and (
        "%" in measure.axis_title or "万元" in measure.axis_title
    )
    for trace, unit in zip(figure.data, units, strict=True):
        # The hover names the panel's unit through the trace name (escaped by `titled`).
        assert trace.name == unit and "%{fullData.name}" in trace.hovertemplate
        assert measure.label in trace.hovertemplate
        expected = unit_years[unit_years["unit_name"] == unit][measure.column]
        assert list(trace.y) == pytest.approx(expected.tolist(), nan_ok=True)


def test_unit_rates_show_both_rates_per_unit(compared: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    metrics, _ = compared

    figure = charts.unit_rates(metrics)

    assert figure.layout.title.text == "各单位预算执行率与指标完成率"
    assert figure.layout.yaxis.title.text == "比率（%）"
    assert [trace.name for trace in figure.data] == ["预算执行率", "指标完成率"]
    for trace in figure.data:
        assert len(trace.y) == len(metrics)
    assert list(figure.data[0].y) == pytest.approx(metrics["execution_rate"].tolist())


def test_empty_frames_do_not_raise(compared: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    metrics, unit_years = compared

    assert not charts.unit_small_multiples(unit_years.iloc[0:0], charts.BUDGET).data
    assert len(charts.unit_rates(metrics.iloc[0:0]).data[0].y) == 0
