"""What every figure shares: titles, axis labels with units, number formats, bands."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import theme

MONEY_TICKS = ",.0f"  # 万元 on an axis: thousands separators, no decimals
MONEY_HOVER = ",.2f"  # 万元 in hover text: two decimals, as on the forms


def titled(
    figure: go.Figure,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Apply our template, the title (what the chart shows) and axis titles (with units)."""
    if pio.templates.default == theme.TEMPLATE_NAME:
        # New figures already carry it; re-applying costs ~50 ms of validation per figure.
        figure.update_layout(title_text=title)
    else:
        figure.update_layout(template=theme.plotly_template(), title_text=title)
    if x_title is not None:
        figure.update_xaxes(title_text=x_title)
    if y_title is not None:
        figure.update_yaxes(title_text=y_title)
    if height is not None:
        figure.update_layout(height=height)
    return figure


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
