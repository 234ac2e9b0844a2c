"""Figures of the 同比分析 page: yearly trend, this year vs last, biggest movers.

Inputs are frames of `dashboard.queries.yoy` (money in 万元, rates in percent, score in 分).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import catalogue, theme
from dashboard.charts.base import MONEY_HOVER, MONEY_TICKS, band_colors, titled


@dataclass(frozen=True)
class Metric:
    """How a `yoy.METRICS` column reads: its catalogue key, unit of a value and of a
    change, and the d3 format of values and changes in hover text."""

    key: str
    unit: str
    change_unit: str
    hover: str

    @property
    def label(self) -> str:
        """The catalogue's label."""
        return catalogue.label(self.key)


METRIC_INFO = {
    "budget": Metric("budget", "万元", "万元", MONEY_HOVER),
    "execution_rate": Metric("execution_rate", "%", "百分点", ".1f"),
    "completion_rate": Metric("completion_rate", "%", "百分点", ".1f"),
    "average_self_score": Metric("average_self_score", "分", "分", ".2f"),
}
RISE_COLOR = theme.COLOR_GOOD
FALL_COLOR = theme.COLOR_BAD


def year_trend(totals: pd.DataFrame) -> go.Figure:
    """Budget per year (bars, 万元, left axis) and execution rate (line, %, right axis).

    Args:
        totals: a `yoy.totals_by_year` frame; one bar and one line point per year.
    """
    years = totals["year"].astype(str)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(
        name="预算（万元）",
        x=years,
        y=totals["budget"],
        marker_color=theme.palette()[1],
        customdata=totals[["report_count"]].to_numpy(),
        hovertemplate=(
            f"%{{x}}年<br>预算：%{{y:{MONEY_HOVER}}} 万元<br>报告：%{{customdata[0]}} 份"
            "<extra></extra>"
        ),
        secondary_y=False,
    )
    figure.add_scatter(
        name="预算执行率（%）",
        x=years,
        y=totals["execution_rate"],
        mode="lines+markers",
        line={"color": theme.palette()[0]},
        marker={"color": band_colors(list(totals["execution_rate"])), "size": 9},
        hovertemplate="%{x}年<br>预算执行率：%{y:.1f}%<extra></extra>",
        secondary_y=True,
    )
    figure.update_xaxes(type="category", title_text="年度")
    figure.update_yaxes(title_text="预算（万元）", tickformat=MONEY_TICKS, secondary_y=False)
    # A fixed 0–110 % scale in steps of 20: auto ticks on a narrow range (66.7, 73.3, …)
    # read badly once rounded, and over-execution above 100 % stays visible.
    top = totals["execution_rate"].max()
    figure.update_yaxes(
        title_text="预算执行率（%）",
        ticksuffix="%",
        range=[0, max(110.0, float(top) + 5 if pd.notna(top) else 0.0)],
        dtick=20,
        secondary_y=True,
        showgrid=False,
    )
    return titled(figure, "各年度预算总额（万元）与预算执行率（%）")


def _entity_labels(frame: pd.DataFrame, entity: str) -> pd.Series:
    """Bar labels: the name, plus the unit for projects (names repeat across units)."""
    if entity == "单位":
        return frame["name"]
    return frame["name"] + "（" + frame["unit_name"].fillna("") + "）"


def movers_bars(
    movers: pd.DataFrame, metric: str, year: int, base_year: int, entity: str = "单位"
) -> go.Figure:
    """Horizontal bars of the largest rises (green) and falls (red) of one metric.

    Args:
        movers: a `yoy.biggest_movers` frame (``change``, ``<metric>``, ``<metric>_base``).
        metric: the metric the movers were chosen by (a key of `METRIC_INFO`).
        year, base_year: the compared years, for the title and hover.
        entity: "单位" or "项目".
    """
    info = METRIC_INFO[metric]
    labels = _entity_labels(movers, entity)
    figure = go.Figure(
        go.Bar(
            x=movers["change"],
            y=labels,
            orientation="h",
            marker_color=[RISE_COLOR if change > 0 else FALL_COLOR for change in movers["change"]],
            customdata=movers[[f"{metric}_base", metric]].to_numpy(),
            hovertemplate=(
                f"%{{y}}<br>{base_year}年：%{{customdata[0]:{info.hover}}} {info.unit}<br>"
                f"{year}年：%{{customdata[1]:{info.hover}}} {info.unit}<br>"
                f"变化：%{{x:+{info.hover}}} {info.change_unit}<extra></extra>"
            ),
        )
    )
    figure.update_yaxes(type="category")
    figure.add_vline(0, line_color="#607d8b", line_width=1)
    return titled(
        figure,
        f"{info.label}变化最大的{entity}（{year}年比{base_year}年）",
        x_title=f"{info.label}变化（{info.change_unit}）",
        y_title=entity,
        height=max(360, 140 + 28 * len(movers)),
    )


def year_pair_dots(
    comparison: pd.DataFrame, metric: str, year: int, base_year: int, entity: str = "单位"
) -> go.Figure:
    """A dumbbell chart: each entity's metric in the comparison year and this year.

    Args:
        comparison: a `yoy.compare_years` frame; rows without the metric in either year
            are left out, the others give one point in each year's trace (a missing value
            is not drawn).
    """
    info = METRIC_INFO[metric]
    known = comparison.dropna(subset=[metric, f"{metric}_base"], how="all")
    ordered = known.sort_values(metric, na_position="first")
    labels = _entity_labels(ordered, entity)
    figure = go.Figure()
    # Grey connectors first, so the dots sit on top of them.
    xs: list[float | None] = []
    ys: list[str | None] = []
    for label, low, high in zip(labels, ordered[f"{metric}_base"], ordered[metric], strict=True):
        if pd.notna(low) and pd.notna(high):
            xs += [low, high, None]
            ys += [label, label, None]
    figure.add_scatter(
        x=xs, y=ys, mode="lines", line={"color": "#cfd8dc", "width": 3},
        hoverinfo="skip", showlegend=False,
    )  # fmt: skip
    for name, column, color in (
        (f"{base_year}年", f"{metric}_base", theme.palette()[5]),
        (f"{year}年", metric, theme.palette()[0]),
    ):
        figure.add_scatter(
            name=name,
            x=ordered[column],
            y=labels,
            mode="markers",
            marker={"color": color, "size": 10},
            customdata=ordered[[f"{metric}_change"]].to_numpy(),
            hovertemplate=(
                f"%{{y}}<br>{name}{info.label}：%{{x:{info.hover}}} {info.unit}<br>"
                f"变化：%{{customdata[0]:+{info.hover}}} {info.change_unit}<extra></extra>"
            ),
        )
    figure.update_yaxes(type="category")
    if info.unit == "%":
        figure.update_xaxes(ticksuffix="%")
    elif info.unit == "万元":
        figure.update_xaxes(tickformat=MONEY_TICKS)
    return titled(
        figure,
        f"各{entity}{info.label}：{year}年与{base_year}年对比（{info.unit}）",
        x_title=f"{info.label}（{info.unit}）",
        y_title=entity,
        height=max(360, 140 + 26 * len(ordered)),
    )
