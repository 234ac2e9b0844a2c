"""Small Streamlit building blocks the pages share: page header, KPI cards, charts, notes.

Layout only: they receive values computed by `dashboard.queries` and figures built by
`dashboard.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from dashboard import db
from dashboard.filters import Filters
from dashboard.sidebar import current_filters


@dataclass(frozen=True)
class Kpi:
    """One KPI card: a label, the formatted value and an optional change against last year."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    # "normal": up is good; "inverse": up is bad (e.g. quality flags); "off": neutral.
    delta_color: str = "normal"


def start_page(title: str, caption: str | None = None) -> Filters:
    """Title the page and return the global filters; stop with a notice if there is no data."""
    st.title(title)
    try:
        db.get_connection()
    except db.WarehouseUnavailable as err:
        st.info(str(err), icon=":material/info:")
        st.stop()
    filters = current_filters()
    st.caption(f"{caption + '　' if caption else ''}范围：{filters.describe()}")
    return filters


def kpi_row(kpis: Sequence[Kpi], per_row: int = 5) -> None:
    """KPI cards in rows of `per_row`."""
    for start in range(0, len(kpis), per_row):
        columns = st.columns(per_row)
        for column, kpi in zip(columns, kpis[start : start + per_row], strict=False):
            column.metric(
                kpi.label,
                kpi.value,
                delta=kpi.delta,
                delta_color=kpi.delta_color,
                help=kpi.help,
                border=True,
            )


def chart(figure: go.Figure, name: str) -> None:
    """Show a plotly figure with our template; the toolbar saves it as a 2× PNG named `name`."""
    st.plotly_chart(
        figure,
        theme=None,
        key=f"chart_{name}",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name},
        },
    )


def empty(message: str = "当前筛选条件下没有数据。请放宽年度范围或单位等筛选条件。") -> None:
    """The notice shown instead of a chart or table that has nothing to show."""
    st.info(message, icon=":material/filter_alt_off:")
