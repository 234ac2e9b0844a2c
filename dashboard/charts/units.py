"""Figures of the unit comparison page: rates side by side and per-unit small multiples.

The small multiples share their y-axis (one scale for every panel), so a taller bar in one
panel really is a larger figure than in the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.charts.base import (
    MONEY_HOVER,
    band_colors,
    band_lines,
    money_axis,
    percent_axis,
    titled,
)

PANEL_HEIGHT = 360


@dataclass(frozen=True)
class Measure:
    """One measure of `unit_years` drawn as small multiples."""

    column: str
    label: str  # Chinese name in the title and hover
    axis_title: str  # y-axis title with its unit
    hover_format: str  # d3 format of the value in hover text
    suffix: str  # text after the value in hover text
    is_rate: bool  # percent values: band colours, band lines, % ticks


EXECUTION_RATE = Measure("execution_rate", "预算执行率", "预算执行率（%）", ".1f", "%", True)
BUDGET = Measure("budget_total", "预算数", "预算数（万元）", MONEY_HOVER, " 万元", False)
COMPLETION_RATE = Measure("completion_rate", "指标完成率", "指标完成率（%）", ".1f", "%", True)


def unit_small_multiples(unit_years: pd.DataFrame, measure: Measure) -> go.Figure:
    """One panel per unit (in the frame's order): `measure` by year, bars on a shared y-axis.

    Args:
        unit_years: a `queries.units.unit_years` result.
        measure: which column to draw (`EXECUTION_RATE`, `BUDGET`, `COMPLETION_RATE`).
    """
    units = list(dict.fromkeys(unit_years["unit_name"]))
    figure = make_subplots(
        rows=1,
        cols=max(len(units), 1),
        shared_yaxes=True,
        subplot_titles=[_short(unit) for unit in units] or None,
        horizontal_spacing=0.02,
    )
    for column, unit in enumerate(units, start=1):
        rows = unit_years[unit_years["unit_name"] == unit]
        figure.add_trace(_panel_bars(rows, unit, measure), row=1, col=column)
    # Room for the panel titles between the figure title and the plots.
    figure.update_layout(showlegend=False, bargap=0.25, margin_t=95)
    figure.update_xaxes(type="category", title_text="年度")
    if measure.is_rate:
        percent_axis(figure)
        _band_lines_across_panels(figure)
    else:
        money_axis(figure)
    figure.update_yaxes(title_text=measure.axis_title, row=1, col=1)
    return titled(figure, f"各单位{measure.label}逐年对比（纵轴统一刻度）", height=PANEL_HEIGHT)


def unit_rates(metrics: pd.DataFrame) -> go.Figure:
    """Grouped bars: each unit's execution rate and indicator completion rate (percent).

    Args:
        metrics: a `queries.units.unit_metrics` result.
    """
    figure = go.Figure()
    for measure, color in ((EXECUTION_RATE, theme.palette()[0]),
                           (COMPLETION_RATE, theme.palette()[1])):  # fmt: skip
        figure.add_bar(
            x=metrics["unit_name"].map(_short),
            y=metrics[measure.column],
            name=measure.label,
            marker_color=color,
            customdata=metrics[["unit_name", "report_count"]],
            hovertemplate=(
                f"%{{customdata[0]}}<br>{measure.label}：%{{y:{measure.hover_format}}}%"
                "<br>报告数：%{customdata[1]:,d} 份<extra></extra>"
            ),
        )
    figure.update_layout(barmode="group")
    percent_axis(figure)
    band_lines(figure)
    return titled(figure, "各单位预算执行率与指标完成率", x_title="单位", y_title="比率（%）")


def _panel_bars(rows: pd.DataFrame, unit: str, measure: Measure) -> go.Bar:
    values = rows[measure.column]
    colors = band_colors(values.tolist()) if measure.is_rate else theme.palette()[0]
    return go.Bar(
        x=rows["year"].astype(str),
        y=values,
        name=unit,
        marker_color=colors,
        customdata=rows[["report_count"]],
        hovertemplate=(
            f"%{{fullData.name}}<br>%{{x}}年<br>{measure.label}："
            f"%{{y:{measure.hover_format}}}{measure.suffix}"
            "<br>报告数：%{customdata[0]:,d} 份<extra></extra>"
        ),
    )


def _band_lines_across_panels(figure: go.Figure) -> None:
    """The band limits (80/90/100 %) as one paper-wide line each.

    `base.band_lines` adds a line per panel through plotly's add_hline, which costs ~0.4 s
    for six panels on every page run; the panels share one y-axis, so a single shape per
    limit drawn against `y` and the paper width shows the same thing.
    """
    lines = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": limit, "y1": limit,
         "line": {"dash": "dot", "color": color, "width": 1}, "opacity": 0.7, "layer": "below"}
        for limit, color in (
            (theme.BAND_WARNING, theme.COLOR_BAD),
            (theme.BAND_GOOD, theme.COLOR_WARNING),
            (theme.BAND_OVER, theme.COLOR_OVER),
        )
    ]  # fmt: skip
    figure.update_layout(shapes=lines)


def _short(name: str, limit: int = 12) -> str:
    """A unit name short enough for a panel title or an axis tick (full name in hover)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"
