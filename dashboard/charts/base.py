"""What every figure shares: titles, axis labels with units, number formats, bands."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import theme
from dashboard.escape import plotly_text

# Room above the plot (pixels) for the title and the rows of a top legend; without it a
# long title and the legend share one line and overprint (seen at 1366 and 1024 px). Rows
# are counted for a half-width chart on a 1024 px screen.
# A category name longer than this is drawn on two lines beside its bar or heatmap row.
LABEL_LINE_CHARS = 10
TITLE_BAND = 40
LEGEND_ROW = 22
LEGEND_WIDTH_PX = 320
DEFAULT_HEIGHT = 450  # plotly's, which Streamlit keeps when a figure sets none
LEGEND_ITEM_PX = 45  # a legend entry's symbol and gaps
MONEY_TICKS = ",.0f"  # 万元 on an axis: thousands separators, no decimals
MONEY_HOVER = ",.2f"  # 万元 in hover text: two decimals, as on the forms
# Trace properties whose strings come from the data (names, labels, hover columns) and
# that plotly draws as markup; templates (hovertemplate, texttemplate) are ours and stay.
DATA_TEXT_PROPERTIES = ("x", "y", "text", "hovertext", "customdata", "labels", "parents", "ids",
                        "name")  # fmt: skip


def titled(
    figure: go.Figure,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Apply our template, the title (what the chart shows) and axis titles (with units).

    Every chart function ends here, so this is also where the text that came from reports
    is made inert for plotly's label markup (`escape_data_text`); the titles are escaped
    too, since they may quote a unit or a name from the data.
    """
    escape_data_text(figure)
    title = plotly_text(title)
    if pio.templates.default == theme.TEMPLATE_NAME:
        # New figures already carry it; re-applying costs ~50 ms of validation per figure.
        figure.update_layout(title_text=title)
    else:
        figure.update_layout(template=theme.plotly_template(), title_text=title)
    if x_title is not None:
        figure.update_xaxes(title_text=plotly_text(x_title))
    if y_title is not None:
        figure.update_yaxes(title_text=plotly_text(y_title))
    if height is not None:
        figure.update_layout(height=height)
    rows = _legend_rows(figure)
    if rows:
        # The legend hangs from just under the title (container coordinates), and the
        # plot starts under its last row.
        height = figure.layout.height or DEFAULT_HEIGHT
        figure.update_layout(
            legend_y=1 - TITLE_BAND / height, margin_t=TITLE_BAND + rows * LEGEND_ROW + 10
        )
    return figure


def _legend_rows(figure: go.Figure) -> int:
    """How many rows the legend above the plot takes in a half-width chart; 0 when plotly
    draws none (fewer than two named traces, or hidden)."""
    if figure.layout.showlegend is False:
        return 0
    names = [str(t.name) for t in figure.data if t.name and t.showlegend is not False]
    if len(names) < 2:
        return 0
    widths = [LEGEND_ITEM_PX + sum(13 if ord(c) > 0x2E80 else 7 for c in n) for n in names]
    rows, used = 1, 0
    for width in widths:
        if used and used + width > LEGEND_WIDTH_PX:
            rows, used = rows + 1, 0
        used += width
    return rows


def wrap_category_labels(figure: go.Figure, names: Iterable[object]) -> None:
    """Draw long names on the y axis (unit names run to 15–20 characters) on two balanced
    lines, so the labels leave the bars or cells room on a laptop and on a phone. The
    points keep the full names (hover text, click filters)."""
    names = list(dict.fromkeys(str(name) for name in names))
    if all(len(name) <= LABEL_LINE_CHARS for name in names):
        return
    figure.update_yaxes(
        tickvals=names, ticktext=[_two_lines(name) for name in names], tickfont_size=11
    )


def _two_lines(name: str) -> str:
    if len(name) <= LABEL_LINE_CHARS:
        return plotly_text(name)
    cut = math.ceil(len(name) / 2)
    return plotly_text(name[:cut]) + "<br>" + plotly_text(name[cut:])


def escape_data_text(figure: go.Figure) -> go.Figure:
    """Escape the strings of every trace's data and of the annotations (subplot titles).

    A property is reassigned only when one of its strings holds ``&``, ``<`` or ``>``, so
    the usual figure pays no extra validation.
    """
    for trace in figure.data:
        for name in DATA_TEXT_PROPERTIES:
            if name in trace and _needs_escape(trace[name]):
                trace[name] = _escape_values(trace[name])
    for annotation in figure.layout.annotations:
        if annotation.text and _needs_escape(annotation.text):
            annotation.text = plotly_text(annotation.text)
    return figure


def _needs_escape(value: Any) -> bool:
    if isinstance(value, str):
        return any(char in value for char in "&<>")
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "OU" and any(_needs_escape(v) for v in value.ravel())
    if isinstance(value, list | tuple):
        return any(_needs_escape(v) for v in value)
    return False


def _escape_values(value: Any) -> Any:
    if isinstance(value, str):
        return plotly_text(value)
    if isinstance(value, np.ndarray):
        return np.vectorize(_escape_values, otypes=[object])(value)
    if isinstance(value, list | tuple):
        return type(value)(_escape_values(v) for v in value)
    return value


def percent_axis(figure: go.Figure, axis: str = "y") -> go.Figure:
    """Show an axis holding percent values (84.5 = 84.5 %) with a % suffix."""
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(ticksuffix="%")
    return figure


def money_axis(figure: go.Figure, axis: str = "y") -> go.Figure:
    """Show an axis holding 万元 with thousands separators."""
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(tickformat=MONEY_TICKS)
    return figure


def band_lines(figure: go.Figure, axis: str = "y") -> go.Figure:
    """Dotted reference lines at the execution-rate band limits (80 %, 90 %, 100 %)."""
    add = figure.add_hline if axis == "y" else figure.add_vline
    for limit, color in (
        (theme.BAND_WARNING, theme.COLOR_BAD),
        (theme.BAND_GOOD, theme.COLOR_WARNING),
        (theme.BAND_OVER, theme.COLOR_OVER),
    ):
        add(limit, line_dash="dot", line_color=color, line_width=1, opacity=0.7)
    return figure


def band_colors(rates: list[float | None]) -> list[str]:
    """The band colour of each execution rate (grey when unknown)."""
    return [theme.BAND_COLORS.get(theme.rate_band(rate) or "", "#b0bec5") for rate in rates]
