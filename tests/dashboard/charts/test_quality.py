"""dashboard.charts.quality: figures built from real query results on the demo warehouse."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard import theme
from dashboard.charts import quality as charts
from dashboard.filters import Filters
from dashboard.queries import quality as queries


def test_flags_by_code_has_one_bar_per_code_and_severity(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.flags_by_code(con, Filters())

    figure = charts.flags_by_code_chart(counts)

    assert figure.layout.title.text == "各类质量问题数量（按严重程度）"
    assert "件" in figure.layout.xaxis.title.text
    assert sum(len(trace.x) for trace in figure.data) == len(counts)
    assert sum(sum(trace.x) for trace in figure.data) == counts["n_flags"].sum()
    assert {trace.name for trace in figure.data} <= {"错误", "警告", "提示"}
    assert "执行率与填报不符" in set(figure.layout.yaxis.categoryarray)
    # the most frequent check is drawn on top (last category)
    assert figure.layout.yaxis.categoryarray[-1] == counts["description"].iloc[0]
    # the tooltip names the check in words, not by its code
    assert not any("RATE_MISMATCH" in str(trace.customdata) for trace in figure.data)


def test_flags_by_year_stacks_one_trace_per_check(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.flags_by_year(con, Filters())

    figure = charts.flags_by_year_chart(counts)

    assert "年度" in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "年度" and "件" in figure.layout.yaxis.title.text
    assert len(figure.data) == counts["description"].nunique()
    # years in order even when the first check has none in some year
    assert list(figure.layout.xaxis.categoryarray) == sorted(counts["year"].astype(str).unique())
    assert sum(len(trace.x) for trace in figure.data) == len(counts)
    colors = [trace.marker.color for trace in figure.data]
    assert len(set(colors)) == len(colors)


def test_more_problem_types_than_palette_colours_still_differ() -> None:
    many = len(theme.palette()) + 3
    counts = pd.DataFrame(
        {
            "year": [2024] * many,
            "description": [f"问题类型{i}" for i in range(many)],
            "n_flags": range(1, many + 1),
        }
    )

    figure = charts.flags_by_year_chart(counts)

    colors = [trace.marker.color for trace in figure.data]
    assert len(colors) == many and len(set(colors)) == many


def test_flags_heatmap_has_a_cell_per_unit_and_year(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.flags_by_unit_year(con, Filters())

    figure = charts.flags_heatmap(counts)
    (heatmap,) = figure.data

    assert figure.layout.title.text == "各单位各年度质量问题数量"
    assert figure.layout.xaxis.title.text == "年度" and figure.layout.yaxis.title.text == "单位"
    assert len(heatmap.y) == counts["unit_name"].nunique()
    assert len(heatmap.x) == counts["year"].nunique()
    assert pd.DataFrame(heatmap.z).sum().sum() == counts["n_flags"].sum()


def test_coverage_charts_show_percent_per_field(con: duckdb.DuckDBPyConnection) -> None:
    coverage = queries.coverage(con, Filters())

    bars = charts.coverage_chart(coverage)
    by_form = charts.coverage_heatmap(coverage, "form_kind", "表式")

    assert bars.layout.title.text == "关键字段解析覆盖率"
    assert "%" in bars.layout.xaxis.title.text and bars.layout.xaxis.ticksuffix == "%"
    assert len(bars.data[0].y) == len(queries.COVERAGE_FIELDS)
    assert by_form.layout.title.text == "各表式的关键字段解析覆盖率"
    assert by_form.layout.yaxis.title.text == "表式"
    assert "项目支出绩效自评表(2020式)" in by_form.data[0].y  # Chinese form names
    n_forms = coverage.query("dimension == 'form_kind'")["group_name"].nunique()
    assert len(by_form.data[0].y) == n_forms
    assert len(by_form.data[0].x) == len(queries.COVERAGE_FIELDS)


def test_a_single_year_and_unit_still_draws(con: duckdb.DuckDBPyConnection) -> None:
    counts = queries.flags_by_unit_year(con, Filters())
    one = counts.head(1)

    figure = charts.flags_heatmap(one)

    assert len(figure.data[0].x) == 1 and len(figure.data[0].y) == 1
    assert charts.flags_by_year_chart(queries.flags_by_year(con, Filters(2020, 2020))).data


def test_empty_frames_do_not_raise(con: duckdb.DuckDBPyConnection) -> None:
    nothing = Filters(search="没有这样的项目名称")

    charts.flags_by_code_chart(queries.flags_by_code(con, nothing))
    charts.flags_by_year_chart(queries.flags_by_year(con, nothing))
    charts.flags_heatmap(queries.flags_by_unit_year(con, nothing))
    coverage = queries.coverage(con, nothing)
    charts.coverage_chart(coverage)
    charts.coverage_heatmap(coverage, "source_format", "文件格式")
