"""dashboard.charts.overview: the yearly trend figure from a real query on the demo warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.charts import overview as charts
from dashboard.filters import Filters
from dashboard.queries import overview as queries


def test_trend_has_money_bars_and_rate_lines_per_year(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        kpis = queries.kpis_by_year(con, Filters(2019, 2024))
        empty = queries.kpis_by_year(con, Filters(search="没有这样的项目名称"))
    figure = charts.yearly_trend(kpis)

    assert figure.layout.title.text == "预算执行与指标完成逐年趋势（2019–2024年）"
    assert [trace.name for trace in figure.data] == ["预算数", "执行数", "预算执行率", "指标完成率"]
    assert figure.layout.yaxis.title.text == "金额（万元）"
    assert figure.layout.yaxis2.title.text == "比率（%）"
    assert figure.layout.xaxis.title.text == "年度（年）"
    for trace in figure.data:
        assert list(trace.x) == [str(year) for year in range(2019, 2025)]
    assert [trace.yaxis for trace in figure.data[2:]] == ["y2", "y2"]
    assert "万元" in figure.data[0].hovertemplate

    assert charts.yearly_trend(empty).layout.title.text == "预算执行与指标完成逐年趋势"
