"""Figures of budget execution: rate ranking, unit × year heatmap, budget vs executed, funds.

Inputs are the frames of `dashboard.queries.execution` (money in 万元, rates in percent).
Rates are coloured by the theme's bands (≥ 90 % good, 80–90 % warning, < 80 % bad,
> 100 % over-execution) so every page reads the same colours the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.base import (
    MONEY_HOVER,
    band_colors,
    band_lines,
    money_axis,
    percent_axis,
    titled,
    wrap_category_labels,
)

# The heatmap draws band indices (0 bad … 3 over) through a stepped scale of band colours.
_BAND_INDEX = {"bad": 0, "warning": 1, "good": 2, "over": 3}
_ROW_HEIGHT = 30  # px per bar of a horizontal ranking (room for a two-line name)
_LOG_SPREAD = 50  # budget scatter: largest ÷ smallest amount above which axes go log


def period_label(years: Iterable[int]) -> str:
    """'2017–2024年', '2024年', or '' for no years: the span a chart covers, for its title."""
    present = sorted({int(year) for year in years})
    if not present:
        return ""
    if present[0] == present[-1]:
        return f"{present[0]}年"
    return f"{present[0]}–{present[-1]}年"


def in_title(period: str) -> str:
    """'（2017–2024年）' to append to a chart title; '' when there is no period."""
    return f"（{period}）" if period else ""


def ranking_bar(rates: pd.DataFrame, entity: str = "单位", period: str = "") -> go.Figure:
    """Horizontal bars of execution rate, lowest at the top, coloured by band.

    Args:
        rates: an `execution_ranking`/`execution_by_unit` frame (needs `label` or
            `unit_name`, `execution_rate`, `budget`, `executed`, `report_count`).
        entity: what a bar is ("单位" or "项目"), for the title and hover.
        period: the years covered, e.g. '2017–2024年'.
    """
    rated = rates.dropna(subset=["execution_rate"])
    labels = rated["label"] if "label" in rated else rated["unit_name"]
    figure = go.Figure(
        go.Bar(
            x=rated["execution_rate"],
            y=labels,
            orientation="h",
            marker_color=band_colors(list(rated["execution_rate"])),
            text=[theme.format_percent(rate, 1) for rate in rated["execution_rate"]],
            textposition="outside",
            cliponaxis=False,
            customdata=rated[["budget", "executed", "report_count"]].to_numpy(),
            hovertemplate=(
                f"{entity}：%{{y}}<br>执行率：%{{x:.2f}}%"
                f"<br>预算数：%{{customdata[0]:{MONEY_HOVER}}}万元"
                f"<br>执行数：%{{customdata[1]:{MONEY_HOVER}}}万元"
                "<br>报告数：%{customdata[2]}份<extra></extra>"
            ),
        )
    )
    band_lines(figure, axis="x")
    wrap_category_labels(figure, labels)
    # Lowest rate first in the frame → at the top of the chart.
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(range=[0, max(110.0, float(rated["execution_rate"].max() or 0) + 12)])
    percent_axis(figure, axis="x")
    return titled(
        figure,
        f"各{entity}预算执行率排名{in_title(period)}",
        x_title="预算执行率（%）",
        y_title=entity,
        height=max(320, _ROW_HEIGHT * len(rated) + 140),
    )


def rate_heatmap(cells: pd.DataFrame) -> go.Figure:
    """Unit × year heatmap of execution rates, each cell coloured by its band.

    Args:
        cells: an `execution_by_unit_year` frame (long form). Units are ordered by their
            overall rate over the shown years, lowest at the top.
    """
    order = _units_lowest_first(cells)
    years = sorted(cells["year"].unique())

    def wide(column: str) -> pd.DataFrame:
        return cells.pivot(index="unit_name", columns="year", values=column).reindex(
            index=order, columns=years
        )

    rate = wide("execution_rate")
    band_index = rate.map(lambda value: _BAND_INDEX.get(theme.rate_band(value) or ""))
    text = rate.map(lambda value: theme.format_percent(value, 1) if pd.notna(value) else "")
    figure = go.Figure(
        go.Heatmap(
            z=band_index.to_numpy(dtype=float),
            x=[str(year) for year in years],
            y=order,
            text=text.to_numpy().tolist(),
            texttemplate="%{text}",
            hoverinfo="skip",  # the cell targets on top hover and take the clicks
            colorscale=_band_scale(),
            zmin=-0.5,
            zmax=3.5,
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": "执行率区间"},
                "tickvals": list(_BAND_INDEX.values()),
                "ticktext": [theme.BAND_LABELS[band] for band in _BAND_INDEX],
            },
        )
    )
    _add_cell_targets(figure, cells, text)
    wrap_category_labels(figure, order)
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(type="category")
    return titled(
        figure,
        f"各单位分年度预算执行率{in_title(period_label(years))}",
        x_title="年度（年）",
        y_title="单位",
        height=max(320, _ROW_HEIGHT * len(order) + 160),
    )


def _add_cell_targets(figure: go.Figure, cells: pd.DataFrame, text: pd.DataFrame) -> None:
    """An invisible square on each filled cell carrying the cell's hover text: a click on
    it is a selectable point (Streamlit reports clicks on markers and bars, not on heatmap
    cells), which lets a cell filter the page to its unit and year."""
    shown = cells.dropna(subset=["execution_rate"])
    rates = [
        text.at[unit, year] for unit, year in zip(shown["unit_name"], shown["year"], strict=True)
    ]
    figure.add_scatter(
        x=shown["year"].astype(str),
        y=shown["unit_name"],
        mode="markers",
        # Nearly transparent: plotly draws and hit-tests it, the reader sees the cell.
        marker={"size": _ROW_HEIGHT - 4, "opacity": 0.01, "symbol": "square"},
        text=rates,
        customdata=shown[["budget", "executed", "report_count"]].to_numpy(),
        hovertemplate=(
            "单位：%{y}<br>年度：%{x}年<br>执行率：%{text}"
            f"<br>预算数：%{{customdata[0]:{MONEY_HOVER}}}万元"
            f"<br>执行数：%{{customdata[1]:{MONEY_HOVER}}}万元"
            "<br>报告数：%{customdata[2]}份<extra></extra>"
        ),
        showlegend=False,
        name="",
    )


def budget_vs_executed(rates: pd.DataFrame, entity: str = "单位", period: str = "") -> go.Figure:
    """Scatter of budget against executed per unit (万元) with the 100 % diagonal.

    Points below the diagonal spent less than their budget; the dotted 90 % and 80 % lines
    mark the band limits. Point colour is the band of the unit's rate. When the amounts
    span more than `_LOG_SPREAD`× (one large unit would squash the rest into a corner) and
    are all positive, both axes are logarithmic; the diagonals stay straight lines.
    """
    rated = rates.dropna(subset=["execution_rate"])
    labels = rated["label"] if "label" in rated else rated["unit_name"]
    low, top, log = _money_span(rated)
    figure = go.Figure()
    for share, color, name in (
        (1.0, theme.COLOR_OVER, "执行率100%"),
        (theme.BAND_GOOD / 100, theme.COLOR_WARNING, "执行率90%"),
        (theme.BAND_WARNING / 100, theme.COLOR_BAD, "执行率80%"),
    ):
        figure.add_trace(
            go.Scatter(
                x=[low, top],
                y=[low * share, top * share],
                mode="lines",
                line={"dash": "dot", "color": color, "width": 1},
                name=name,
                hoverinfo="skip",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=rated["budget"],
            y=rated["executed"],
            mode="markers",
            name=entity,
            marker={
                "color": band_colors(list(rated["execution_rate"])),
                "size": 11,
                "line": {"width": 1, "color": "#ffffff"},
            },
            text=labels,
            customdata=rated[["execution_rate", "report_count"]].to_numpy(),
            hovertemplate=(
                f"{entity}：%{{text}}<br>预算数：%{{x:{MONEY_HOVER}}}万元"
                f"<br>执行数：%{{y:{MONEY_HOVER}}}万元<br>执行率：%{{customdata[0]:.2f}}%"
                "<br>报告数：%{customdata[1]}份<extra></extra>"
            ),
        )
    )
    money_axis(figure, "x")
    money_axis(figure, "y")
    if log:  # one tick per power of ten: finer log ticks crowd a half-width chart
        figure.update_xaxes(type="log", dtick=1)
        figure.update_yaxes(type="log", dtick=1)
    else:
        figure.update_xaxes(rangemode="tozero")
        figure.update_yaxes(rangemode="tozero")
    return titled(
        figure,
        f"各{entity}预算数与执行数{in_title(period)}",
        x_title="预算数（万元）",
        y_title="执行数（万元）",
        height=480,
    )


def funds_by_year(funds: pd.DataFrame) -> go.Figure:
    """Stacked bars per year: the budget's 财政拨款 and 其他资金 parts (万元).

    A third part, 未分列来源, appears only when some reports state a total budget without
    splitting it, so that every bar reaches the stated budget.
    """
    years = [str(year) for year in funds["year"]]
    parts = [("fiscal_budget", "财政拨款", theme.palette()[0]),
             ("other_budget", "其他资金", theme.palette()[3])]  # fmt: skip
    if funds["unsplit_budget"].fillna(0).gt(0.005).any():
        parts.append(("unsplit_budget", "未分列来源", "#b0bec5"))
    total = funds[[column for column, _, _ in parts]].sum(axis=1, min_count=1)
    figure = go.Figure()
    for column, name, color in parts:
        share = (100 * funds[column] / total.where(total > 0)).to_numpy()
        figure.add_trace(
            go.Bar(
                x=years,
                y=funds[column],
                name=name,
                marker_color=color,
                customdata=share,
                hovertemplate=(
                    f"%{{x}}年 {name}<br>预算数：%{{y:{MONEY_HOVER}}}万元"
                    "<br>占比：%{customdata:.1f}%<extra></extra>"
                ),
            )
        )
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_xaxes(type="category")
    money_axis(figure)
    return titled(
        figure,
        f"财政拨款与其他资金预算构成{in_title(period_label(funds['year']))}",
        x_title="年度（年）",
        y_title="预算数（万元）",
    )


def _money_span(rated: pd.DataFrame) -> tuple[float, float, bool]:
    """(low end, high end, use log axes) of the budget/executed values of a scatter."""
    values = pd.concat([rated["budget"], rated["executed"]]).dropna()
    if values.empty or values.max() <= 0:
        return 0.0, 1.0, False
    top = float(values.max()) * 1.05
    if values.min() > 0 and values.max() / values.min() > _LOG_SPREAD:
        return float(values.min()) * 0.8, top, True
    return 0.0, top, False


def _units_lowest_first(cells: pd.DataFrame) -> list[str]:
    """Units ordered by Σexecuted/Σbudget over all their cells, lowest first."""
    totals = cells.groupby("unit_name")[["budget", "executed"]].sum()
    overall = (totals["executed"] / totals["budget"].where(totals["budget"] > 0)).fillna(-1)
    return list(overall.sort_values(kind="stable").index)


def _band_scale() -> list[list]:
    """A stepped colour scale: each band index (0–3 over zmin −0.5 … zmax 3.5) one colour."""
    scale: list[list] = []
    for index, band in enumerate(_BAND_INDEX):
        color = theme.BAND_COLORS[band]
        scale += [[index / 4, color], [(index + 1) / 4, color]]
    return scale
