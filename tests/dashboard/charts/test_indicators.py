"""dashboard.charts.indicators: figures built from real query results of the demo warehouse."""

from __future__ import annotations

import duckdb
import pytest

from dashboard import theme
from dashboard.charts import indicators as charts
from dashboard.filters import Filters
from dashboard.queries import indicators as queries

NOTHING = Filters(search="没有这样的项目名称")


@pytest.mark.parametrize(("by", "label"), [("category", "指标类别"), ("unit", "单位")])
def test_completion_bars_stack_every_status_per_group(
    con: duckdb.DuckDBPyConnection, by: str, label: str
) -> None:
    breakdown = queries.completion_breakdown(con, Filters(), by)

    figure = charts.completion_bars(breakdown, label)

    assert label in figure.layout.title.text and "完成情况" in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "指标数（个）"
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == [
        theme.COMPLETION_LABELS[s] for s in charts.STATUSES
    ]
    for trace, status in zip(figure.data, charts.STATUSES, strict=True):
        assert len(trace.x) == len(breakdown)
        assert sum(trace.x) == breakdown[status].sum()
        assert trace.marker.color == theme.COMPLETION_COLORS[status]
        assert "完成率" in trace.hovertemplate


@pytest.mark.parametrize("horizontal", [True, False])
def test_quantified_share_bars_show_percent_per_group(
    con: duckdb.DuckDBPyConnection, horizontal: bool
) -> None:
    breakdown = queries.completion_breakdown(con, Filters(), "year")

    figure = charts.quantified_share_bars(breakdown, "年度", horizontal)

    (trace,) = figure.data
    values = trace.x if horizontal else trace.y
    assert len(values) == len(breakdown)
    assert sorted(values) == pytest.approx(sorted(breakdown["quantified_share"]))
    share_axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    assert share_axis.title.text == "量化目标占比（%）" and share_axis.ticksuffix == "%"
    assert "量化" in figure.layout.title.text and "有数值目标" in trace.hovertemplate


def test_target_actual_scatter_has_one_point_per_indicator(con: duckdb.DuckDBPyConnection) -> None:
    points = queries.target_vs_actual(con, Filters())

    figure = charts.target_actual_scatter(points)

    markers = [trace for trace in figure.data if trace.name != charts.DIAGONAL_NAME]
    assert sum(len(trace.x) for trace in markers) == len(points) > 0
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"
    assert "目标值" in figure.layout.xaxis.title.text and "单位" in figure.layout.xaxis.title.text
    assert "实际" in figure.layout.yaxis.title.text
    assert "目标" in figure.layout.title.text and "实际" in figure.layout.title.text
    # The hover names the indicator, project and unit of measurement.
    first = next(trace for trace in markers if len(trace.x))
    assert len(first.customdata[0]) == 9
    assert "计量单位" in first.hovertemplate and "customdata[1]" in first.hovertemplate


def test_empty_frames_give_empty_figures(con: duckdb.DuckDBPyConnection) -> None:
    breakdown = queries.completion_breakdown(con, NOTHING, "unit")

    assert charts.completion_bars(breakdown, "单位").layout.title.text
    assert charts.quantified_share_bars(breakdown, "单位").layout.title.text
    figure = charts.target_actual_scatter(queries.target_vs_actual(con, NOTHING))
    assert all(len(trace.x) == 0 for trace in figure.data)
