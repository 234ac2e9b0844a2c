"""Figures of the outcomes page: stated outcome figures over the years and by unit.

Inputs are the de-duplicated frames of `dashboard.queries.outcomes` (largest value per
unit, year and metric; money in 万元), so no figure here adds a repeated statement twice.
Axes use plain thousands separators (",.0f"), never SI suffixes like "12k".
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.charts.base import MONEY_TICKS, titled
from dashboard.escape import plotly_text
from dashboard.queries.outcomes import metric_info

COLUMNS_PER_ROW = 3
ROW_HEIGHT = 260
VALUE_HOVER = ",.2~f"  # up to two decimals, trailing zeros dropped: 950 / 16,535.9


def outcomes_by_year(yearly: pd.DataFrame) -> go.Figure:
    """Small multiples, one panel per metric: its yearly total (own y-axis, its own unit).

    Args:
        yearly: a `queries.outcomes.yearly_totals` result (metrics in display order).
    """
    metrics = list(dict.fromkeys(yearly["metric"]))
    rows = max(math.ceil(len(metrics) / COLUMNS_PER_ROW), 1)
    labels = yearly.drop_duplicates("metric").set_index("metric")
    figure = make_subplots(
        rows=rows,
        cols=COLUMNS_PER_ROW,
        subplot_titles=[labels.at[key, "metric_label"] for key in metrics] or None,
        vertical_spacing=0.5 / rows if rows > 1 else 0.1,
        horizontal_spacing=0.08,
    )
    for position, key in enumerate(metrics):
        row, column = divmod(position, COLUMNS_PER_ROW)
        unit = str(labels.at[key, "std_unit"])
        figure.add_trace(
            _yearly_bars(yearly[yearly["metric"] == key], unit), row=row + 1, col=column + 1
        )
        figure.update_yaxes(title_text=unit, row=row + 1, col=column + 1)
    figure.update_xaxes(type="category", title_text="年度")
    figure.update_yaxes(tickformat=MONEY_TICKS, rangemode="tozero")
    figure.update_layout(showlegend=False, margin_t=95)
    return titled(
        figure,
        "主要产出指标逐年变化（同单位同年度去重后跨单位合计）",
        height=ROW_HEIGHT * rows + 120,
    )


def outcome_by_unit_year(unit_years: pd.DataFrame, metric: str) -> go.Figure:
    """Stacked bars of one metric by year, one colour per unit (its de-duplicated value).

    Args:
        unit_years: a `queries.outcomes.unit_year_outcomes` result.
        metric: the metric key to draw.
    """
    rows = unit_years[unit_years["metric"] == metric]
    label, unit = _label_and_unit(rows, metric)
    figure = go.Figure()
    # Largest contributors first: they sit at the bottom of each stack, where bars align.
    order = rows.groupby("unit_name")["value"].sum().sort_values(ascending=False).index
    for index, name in enumerate(order):
        group = rows[rows["unit_name"] == name]
        figure.add_bar(
            x=group["year"].astype(str),
            y=group["value"],
            name=name,
            marker_color=theme.palette()[index % len(theme.palette())],
            customdata=group[["report_count"]],
            hovertemplate=(
                f"%{{fullData.name}}<br>%{{x}}年<br>"
                f"{plotly_text(label)}：%{{y:{VALUE_HOVER}}} {plotly_text(unit)}"
                "<br>陈述该数字的报告：%{customdata[0]:,d} 份<extra></extra>"
            ),
        )
    # Many units: a vertical legend beside the plot instead of rows above it.
    figure.update_layout(
        barmode="stack", legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"}
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(tickformat=MONEY_TICKS)
    return titled(figure, f"{label}：各单位逐年构成", x_title="年度", y_title=f"{label}（{unit}）")


def outcome_by_unit(by_unit: pd.DataFrame, metric: str) -> go.Figure:
    """Horizontal bars of one metric per unit over the years in scope, largest on top.

    Args:
        by_unit: a `queries.outcomes.unit_totals` result.
        metric: the metric key to draw.
    """
    rows = by_unit[by_unit["metric"] == metric].iloc[::-1]  # plotly draws bottom-up
    label, unit = _label_and_unit(rows, metric)
    figure = go.Figure(
        go.Bar(
            x=rows["value"],
            y=rows["unit_name"],
            orientation="h",
            marker_color=theme.palette()[0],
            customdata=rows[["latest_year", "year_count"]],
            hovertemplate=(
                f"%{{y}}<br>{plotly_text(label)}：%{{x:{VALUE_HOVER}}} {plotly_text(unit)}"
                "<br>最新年度：%{customdata[0]}年<br>有数字的年度：%{customdata[1]} 个"
                "<extra></extra>"
            ),
        )
    )
    figure.update_xaxes(tickformat=MONEY_TICKS)
    return titled(
        figure,
        f"各单位{label}（所选年度合计；存量指标取最新年度）",
        x_title=f"{label}（{unit}）",
        height=max(300, 28 * len(rows) + 140),
    )


def _yearly_bars(rows: pd.DataFrame, unit: str) -> go.Bar:
    label = rows["metric_label"].iloc[0]
    return go.Bar(
        x=rows["year"].astype(str),
        y=rows["value"],
        name=label,
        marker_color=theme.palette()[0],
        customdata=rows[["unit_count", "report_count"]],
        hovertemplate=(
            f"%{{x}}年<br>{plotly_text(label)}：%{{y:{VALUE_HOVER}}} {plotly_text(unit)}"
            "<br>单位数：%{customdata[0]:,d}<br>报告数：%{customdata[1]:,d} 份<extra></extra>"
        ),
    )


def _label_and_unit(rows: pd.DataFrame, metric: str) -> tuple[str, str]:
    """The metric's Chinese label and unit, from the rows or, when there are none, the key."""
    if rows.empty:
        info = metric_info(metric)
        return info.label, info.unit
    return str(rows["metric_label"].iloc[0]), str(rows["std_unit"].iloc[0])
