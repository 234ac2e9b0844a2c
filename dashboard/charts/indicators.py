"""Figures of the 绩效指标 page: completion by group, quantified targets, target vs actual.

Each takes a frame from `dashboard.queries.indicators` and copes with zero rows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.base import percent_axis, titled

STATUSES = ("met", "partly_met", "not_met", "not_judgeable")
COUNT_AXIS = "指标数（个）"
DIAGONAL_NAME = "实际=目标"
_SCATTER_HOVER = ("level3", "project_name", "unit_name", "year", "target", "actual",
                  "target_unit", "completion_percent")  # fmt: skip


def _bar_height(rows: int) -> int:
    """Room for one horizontal bar per row, at least a normal chart's height."""
    return max(360, 140 + 28 * rows)


def completion_bars(breakdown: pd.DataFrame, group_label: str) -> go.Figure:
    """Stacked horizontal bars: indicators per completion status in each group.

    Args:
        breakdown: a `completion_breakdown` frame.
        group_label: what a group is, e.g. "指标类别" or "单位" (used in title and axis).

    One trace per status (colours from `theme.COMPLETION_COLORS`), one bar per row; the
    hover gives the count, its share of the group and the group's completion rate.
    """
    ordered = breakdown.sort_values("indicator_count")  # largest group on top
    figure = go.Figure()
    for status in STATUSES:
        counts = ordered[status] if status in ordered else pd.Series(dtype="float64")
        share = 100 * counts / ordered["indicator_count"].where(ordered["indicator_count"] > 0)
        figure.add_bar(
            name=theme.COMPLETION_LABELS[status],
            y=ordered["label"],
            x=counts,
            orientation="h",
            marker_color=theme.COMPLETION_COLORS[status],
            customdata=list(zip(share, ordered["completion_rate"], strict=True)),
            hovertemplate=(
                f"%{{y}}<br>{theme.COMPLETION_LABELS[status]}：%{{x:,}} 个"
                "（占本组 %{customdata[0]:.1f}%）<br>"
                "完成率（不含无法判断）：%{customdata[1]:.1f}%<extra></extra>"
            ),
        )
    figure.update_layout(barmode="stack")
    return titled(
        figure,
        f"各{group_label}绩效指标完成情况（个）",
        x_title=COUNT_AXIS,
        y_title=group_label,
        height=_bar_height(len(ordered)),
    )


def quantified_share_bars(
    breakdown: pd.DataFrame, group_label: str, horizontal: bool = True
) -> go.Figure:
    """Bars of the share of quantified targets (percent) per group.

    Horizontal bars suit long names (units); years read better as vertical bars.
    """
    ordered = breakdown.sort_values("label" if not horizontal else "quantified_share")
    values, labels = ordered["quantified_share"], ordered["label"]
    figure = go.Figure(
        go.Bar(
            x=values if horizontal else labels,
            y=labels if horizontal else values,
            orientation="h" if horizontal else "v",
            marker_color=theme.palette()[0],
            text=[theme.format_percent(v, 1) for v in values],
            textposition="auto",
            customdata=list(zip(ordered["quantified"], ordered["indicator_count"], strict=True)),
            hovertemplate=(
                f"%{{{'y' if horizontal else 'x'}}}<br>"
                f"量化目标占比：%{{{'x' if horizontal else 'y'}:.1f}}%<br>"
                "有数值目标：%{customdata[0]:,} 个 / 共 %{customdata[1]:,} 个<extra></extra>"
            ),
        )
    )
    share_title, group_title = "量化目标占比（%）", group_label
    titled(
        figure,
        f"各{group_label}目标量化程度：有明确数值的指标占比（%）",
        x_title=share_title if horizontal else group_title,
        y_title=group_title if horizontal else share_title,
        height=_bar_height(len(ordered)) if horizontal else None,
    )
    if not horizontal:
        figure.update_xaxes(type="category")  # years are labels, not a continuous scale
    # A share: the whole 0–100 % scale, so that 60 % never looks like a full bar.
    (figure.update_xaxes if horizontal else figure.update_yaxes)(range=[0, 105])
    return percent_axis(figure, "x" if horizontal else "y")


def target_actual_scatter(points: pd.DataFrame) -> go.Figure:
    """Target (x) against actual (y) of numeric indicators on log axes, one trace per status.

    A dotted diagonal marks actual = target: points above it exceeded the target (for
    reverse indicators such as cost ceilings, below is better; the hover says which).
    Each indicator is one point; units differ between indicators, hence the log scale.
    """
    figure = go.Figure()
    for status in STATUSES:
        subset = points[points["completion_status"] == status]
        figure.add_scatter(
            name=theme.COMPLETION_LABELS[status],
            x=subset["target_number"],
            y=subset["actual_number"],
            mode="markers",
            marker={"color": theme.COMPLETION_COLORS[status], "size": 7, "opacity": 0.75},
            customdata=_scatter_hover_data(subset),
            hovertemplate=(
                "<b>%{customdata[0]}</b>%{customdata[8]}<br>"
                "%{customdata[1]}（%{customdata[2]}，%{customdata[3]}年）<br>"
                "目标：%{customdata[4]}　实际：%{customdata[5]}<br>"
                "计量单位：%{customdata[6]}　完成比例：%{customdata[7]:.1f}%<extra></extra>"
            ),
        )
    _diagonal(figure, points)
    figure.update_xaxes(type="log", tickformat=",~g")
    figure.update_yaxes(type="log", tickformat=",~g")
    return titled(
        figure,
        "数值型指标：目标值与实际完成值（对数刻度，虚线为实际=目标）",
        x_title="目标值（各指标自身计量单位，对数刻度）",
        y_title="实际完成值（同一计量单位，对数刻度）",
        height=520,
    )


def _scatter_hover_data(subset: pd.DataFrame) -> list[list[object]]:
    """Per point: indicator, project, unit, year, target and actual text, unit, ratio, note."""
    columns = subset[list(_SCATTER_HOVER)]
    hover = columns.astype(object).where(columns.notna(), "")
    hover["reverse"] = subset["is_reverse"].map({True: "（反向指标：越低越好）"}).fillna("")
    return hover.to_numpy().tolist()


def _diagonal(figure: go.Figure, points: pd.DataFrame) -> None:
    """The actual = target line across the data's range (none without data).

    A line trace rather than a shape: shapes on log axes are easy to misplace.
    """
    values = pd.concat([points["target_number"], points["actual_number"]]).dropna()
    values = values[values > 0]
    if values.empty:
        return
    low, high = float(values.min()), float(values.max())
    figure.add_scatter(
        name=DIAGONAL_NAME,
        x=[low, high],
        y=[low, high],
        mode="lines",
        line={"dash": "dot", "color": "#607d8b", "width": 1},
        hoverinfo="skip",
    )
