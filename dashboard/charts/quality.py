"""Figures of the 数据质量 page: flags by code, year and unit, and parse coverage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.base import percent_axis, titled

SEVERITY_COLORS = {"error": theme.COLOR_BAD, "warning": theme.COLOR_WARNING, "info": "#78909c"}
_BAR_HEIGHT = 28  # pixels per category row in horizontal bar charts


def _rows_height(n_rows: int, minimum: int = 320) -> int:
    return max(minimum, 120 + _BAR_HEIGHT * n_rows)


def flags_by_code_chart(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of flag counts per check, stacked by severity (a `flags_by_code` frame).

    Each bar is labelled with the check's Chinese description; most frequent at the top.
    """
    figure = go.Figure()
    # Categories bottom-to-top in plotly: reverse so the biggest bar is on top.
    order = list(dict.fromkeys(counts["description"]))[::-1]
    for severity in ("error", "warning", "info"):
        part = counts[counts["severity"] == severity]
        if part.empty:
            continue
        label = theme.SEVERITY_LABELS.get(severity, severity)
        figure.add_bar(
            y=part["description"],
            x=part["n_flags"],
            orientation="h",
            name=label,
            marker_color=SEVERITY_COLORS.get(severity),
            customdata=part[["n_reports"]].to_numpy(),
            hovertemplate=(
                "%{y}<br>" + label + "：%{x:,}件<br>涉及报告：%{customdata[0]:,}份<extra></extra>"
            ),
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(categoryorder="array", categoryarray=order)
    return titled(
        figure, "各类质量问题数量（按严重程度）", "问题数（件）", None, _rows_height(len(order))
    )


def flags_by_year_chart(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars of flag counts per year, one colour per check (a `flags_by_year` frame)."""
    figure = go.Figure()
    groups = list(counts.groupby("description", sort=True))
    for (description, part), color in zip(groups, theme.distinct_colors(len(groups)), strict=True):
        figure.add_bar(
            x=part["year"].astype(str),
            y=part["n_flags"],
            name=str(description),
            marker_color=color,
            hovertemplate=f"%{{x}}年<br>{description}：%{{y:,}}件<extra></extra>",
        )
    # Many checks: the legend goes below the plot, where it cannot cover the title.
    figure.update_layout(
        barmode="stack", legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0}
    )
    years = sorted(counts["year"].astype(str).unique())
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=years)
    return titled(figure, "各年度质量问题数量（按问题类型）", "年度", "问题数（件）", 520)


def flags_heatmap(counts: pd.DataFrame) -> go.Figure:
    """Units × years heatmap of flag counts (a `flags_by_unit_year` frame); blank = none."""
    grid = counts.pivot_table(index="unit_name", columns="year", values="n_flags", aggfunc="sum")
    reports = counts.pivot_table(
        index="unit_name", columns="year", values="n_reports", aggfunc="sum"
    ).reindex_like(grid)
    # Units with most flags on top (plotly draws the first row at the bottom).
    grid = grid.loc[grid.sum(axis=1).sort_values().index]
    reports = reports.loc[grid.index]
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[str(year) for year in grid.columns],
            y=list(grid.index),
            customdata=reports.to_numpy(),
            colorscale=theme.sequential_scale(),
            colorbar={"title": {"text": "件"}},
            hoverongaps=False,
            hovertemplate=(
                "%{y}<br>%{x}年：%{z:,}件问题<br>涉及报告：%{customdata:,}份<extra></extra>"
            ),
        )
    )
    figure.update_xaxes(type="category")
    return titled(figure, "各单位各年度质量问题数量", "年度", "单位", _rows_height(len(grid), 360))


def coverage_chart(coverage: pd.DataFrame) -> go.Figure:
    """Horizontal bars: share of reports carrying each key field (the 'all' rows of `coverage`)."""
    overall = coverage[coverage["dimension"] == "all"].iloc[::-1]
    figure = go.Figure(
        go.Bar(
            y=overall["field_label"],
            x=overall["share"],
            orientation="h",
            marker_color=theme.palette()[0],
            customdata=overall[["n_present", "n_reports"]].to_numpy(),
            text=[theme.format_percent(v, 1) for v in overall["share"]],
            textposition="auto",
            hovertemplate=(
                "%{y}：%{x:.1f}%<br>%{customdata[0]:,} / %{customdata[1]:,}份报告<extra></extra>"
            ),
        )
    )
    figure.update_xaxes(range=[0, 105])
    percent_axis(figure, "x")
    return titled(
        figure, "关键字段解析覆盖率", "含该字段的报告占比（%）", None, _rows_height(len(overall))
    )


# Chinese names of the groups of a coverage dimension given as parser codes.
_GROUP_LABELS = {"layout": theme.LAYOUT_LABELS, "row_builder": theme.ROW_BUILDER_LABELS}


def coverage_heatmap(coverage: pd.DataFrame, dimension: str, group_title: str) -> go.Figure:
    """Groups × fields heatmap of coverage (percent) for one `dimension` of `coverage`.

    `group_title` names the grouping on the axis (文件格式, 表式); form kinds are shown by
    their Chinese names.
    """
    part = coverage[coverage["dimension"] == dimension]
    if dimension == "form_kind":
        part = part.assign(group_name=part["group_name"].map(theme.form_kind_label))
    elif dimension in _GROUP_LABELS:
        names = _GROUP_LABELS[dimension]
        part = part.assign(group_name=part["group_name"].map(lambda code: names.get(code, code)))
    labels = list(dict.fromkeys(part["field_label"]))
    share = part.pivot(index="group_name", columns="field_label", values="share")[labels]
    counts = part.pivot(index="group_name", columns="field_label", values="n_reports")[labels]
    figure = go.Figure(
        go.Heatmap(
            z=share.to_numpy(),
            x=labels,
            y=list(share.index),
            customdata=counts.to_numpy(),
            zmin=0,
            zmax=100,
            colorscale=[[0, theme.COLOR_BAD], [0.8, theme.COLOR_WARNING], [1, theme.COLOR_GOOD]],
            colorbar={"title": {"text": "%"}, "ticksuffix": "%"},
            text=[[theme.format_percent(v, 0) for v in row] for row in share.to_numpy()],
            texttemplate="%{text}",
            hovertemplate=(
                group_title
                + "：%{y}<br>%{x}：%{z:.1f}%<br>报告数：%{customdata:,}份<extra></extra>"
            ),
        )
    )
    return titled(
        figure,
        f"各{group_title}的关键字段解析覆盖率",
        "字段",
        group_title,
        _rows_height(len(share), 300),
    )
