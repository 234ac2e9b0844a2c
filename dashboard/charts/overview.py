"""Figures of the overview page: the yearly trend of money, execution and goal completion.

The overview's "execution rate by unit" chart is `charts.execution.ranking_bar`, shared
with the execution page so both read the same.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.base import MONEY_HOVER, MONEY_TICKS, titled
from dashboard.charts.execution import in_title as _in_title
from dashboard.charts.execution import period_label


def yearly_trend(kpis: pd.DataFrame) -> go.Figure:
    """Budget and executed bars per year (万元, left axis) with the execution rate and the
    indicator completion rate as lines (%, right axis).

    Args:
        kpis: a `queries.overview.kpis_by_year` frame.
    """
    years = [str(year) for year in kpis["year"]]
    palette = theme.palette()
    figure = go.Figure()
    for column, name, color in (
        ("budget_total", "预算数", palette[1]),
        ("executed_total", "执行数", palette[0]),
    ):
        figure.add_trace(
            go.Bar(
                x=years,
                y=kpis[column],
                name=name,
                marker_color=color,
                hovertemplate=f"%{{x}}年 {name}：%{{y:{MONEY_HOVER}}}万元<extra></extra>",
            )
        )
    # Only the execution rate carries value labels: two labelled lines would overlap.
    for column, name, color, mode in (
        ("execution_rate", "预算执行率", theme.COLOR_OVER, "lines+markers+text"),
        ("completion_rate", "指标完成率", theme.COLOR_GOOD, "lines+markers"),
    ):
        figure.add_trace(
            go.Scatter(
                x=years,
                y=kpis[column],
                name=name,
                yaxis="y2",
                mode=mode,
                line={"color": color, "width": 2},
                text=[theme.format_percent(value, 1) for value in kpis[column]],
                textposition="top center",
                textfont={"color": color, "size": 11},
                hovertemplate=f"%{{x}}年 {name}：%{{y:.2f}}%<extra></extra>",
            )
        )
    figure = titled(
        figure,
        f"预算执行与指标完成逐年趋势{_in_title(period_label(kpis['year']))}",
        x_title="年度（年）",
        height=440,
    )
    # Bars in the lower part, rate lines above them: the money axis leaves head room.
    money_top = kpis[["budget_total", "executed_total"]].max().max()
    money_top = float(money_top) * 1.8 if pd.notna(money_top) and money_top > 0 else 1.0
    figure.update_layout(
        barmode="group",
        yaxis={"title": {"text": "金额（万元）"}, "tickformat": MONEY_TICKS,
               "range": [0, money_top]},
        yaxis2={"title": {"text": "比率（%）"}, "overlaying": "y", "side": "right",
                "ticksuffix": "%", "range": [0, 110], "dtick": 20, "showgrid": False},
    )  # fmt: skip
    figure.update_xaxes(type="category")
    _rate_guides(figure)
    return figure


def _rate_guides(figure: go.Figure) -> None:
    """A dotted 90 % line on the rate axis: the 'good' execution threshold."""
    figure.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y2",
        y0=theme.BAND_GOOD,
        y1=theme.BAND_GOOD,
        line={"dash": "dot", "color": theme.COLOR_WARNING, "width": 1},
    )
