"""dashboard.charts.execution: figures built from real query results on the demo warehouse."""

from __future__ import annotations

import duckdb
import pytest

from dashboard import theme
from dashboard.charts import execution as charts
from dashboard.filters import Filters
from dashboard.queries import execution as queries

NOTHING = Filters(search="没有这样的项目名称")


def test_period_label() -> None:
    assert charts.period_label([2019, 2017, 2024]) == "2017–2024年"
    assert charts.period_label([2022, 2022]) == "2022年"
    assert charts.period_label([]) == ""


def test_ranking_has_one_band_coloured_bar_per_unit(con: duckdb.DuckDBPyConnection) -> None:
    units = queries.execution_by_unit(con, Filters())
    figure = charts.ranking_bar(units, "单位", "2017–2024年")

    (bars,) = figure.data
    assert figure.layout.title.text == "各单位预算执行率排名（2017–2024年）"
    assert figure.layout.xaxis.title.text == "预算执行率（%）"
    assert list(bars.y) == list(units["unit_name"])
    assert list(bars.marker.color) == [theme.BAND_COLORS[band] for band in units["band"]]
    assert "万元" in bars.hovertemplate
    assert len(figure.layout.shapes) == 3, "band limit lines at 80, 90 and 100 %"


def test_project_ranking_uses_the_labels(con: duckdb.DuckDBPyConnection) -> None:
    _, projects = queries.execution_ranking(con, Filters(units=("绵阳市科学技术和知识产权局",)))
    figure = charts.ranking_bar(projects, "项目")

    assert figure.layout.title.text == "各项目预算执行率排名"
    assert list(figure.data[0].y) == list(projects["label"])


def test_heatmap_has_one_cell_per_unit_year(con: duckdb.DuckDBPyConnection) -> None:
    cells = queries.execution_by_unit_year(con, Filters(2020, 2023))
    figure = charts.rate_heatmap(cells)

    heat, targets = figure.data
    assert figure.layout.title.text == "各单位分年度预算执行率（2020–2023年）"
    assert figure.layout.xaxis.title.text == "年度（年）"
    assert list(heat.x) == ["2020", "2021", "2022", "2023"]
    assert set(heat.y) == set(cells["unit_name"])
    shown = [text for row in heat.text for text in row if text]
    assert len(shown) == len(cells)
    first = cells.iloc[0]
    row, column = list(heat.y).index(first["unit_name"]), list(heat.x).index(str(first["year"]))
    assert heat.text[row][column] == theme.format_percent(first["execution_rate"], 1)
    # One clickable, hoverable target per filled cell, carrying the cell's figures.
    rated = cells.dropna(subset=["execution_rate"])
    assert len(targets.x) == len(rated) and heat.hoverinfo == "skip"
    where = next(
        i
        for i, (x, y) in enumerate(zip(targets.x, targets.y, strict=True))
        if (y, x) == (first["unit_name"], str(first["year"]))
    )
    assert targets.text[where] == heat.text[row][column]
    assert targets.customdata[where][0] == pytest.approx(first["budget"])


def test_budget_scatter_has_one_point_per_unit_and_diagonals(
    con: duckdb.DuckDBPyConnection,
) -> None:
    units = queries.execution_by_unit(con, Filters())
    figure = charts.budget_vs_executed(units)

    *diagonals, points = figure.data
    assert [d.name for d in diagonals] == ["执行率100%", "执行率90%", "执行率80%"]
    assert len(points.x) == len(units)
    assert figure.layout.xaxis.title.text == "预算数（万元）"
    assert figure.layout.yaxis.title.text == "执行数（万元）"
    assert points.y[0] == pytest.approx(units["executed"].iloc[0])


def test_funds_bars_stack_fiscal_and_other(con: duckdb.DuckDBPyConnection) -> None:
    funds = queries.funds_by_year(con, Filters())
    figure = charts.funds_by_year(funds)

    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data][:2] == ["财政拨款", "其他资金"]
    assert figure.layout.yaxis.title.text == "预算数（万元）"
    for trace in figure.data:
        assert len(trace.x) == len(funds)
    assert figure.layout.title.text.startswith("财政拨款与其他资金预算构成")


def test_empty_results_make_empty_figures(con: duckdb.DuckDBPyConnection) -> None:
    units = queries.execution_by_unit(con, NOTHING)
    charts.ranking_bar(units)
    charts.budget_vs_executed(units)
    charts.rate_heatmap(queries.execution_by_unit_year(con, NOTHING))
    figure = charts.funds_by_year(queries.funds_by_year(con, NOTHING))
    assert figure.layout.title.text == "财政拨款与其他资金预算构成"
