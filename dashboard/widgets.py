"""Small Streamlit building blocks the pages share: page header, KPI cards, charts, tables.

Layout only: they receive values computed by `dashboard.queries` and figures built by
`dashboard.charts`. Charts and tables come with download buttons whose files are built
only when clicked (callables given to st.download_button), never on every page run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard import cache, catalogue, db, i18n, navigation, theme
from dashboard.escape import markdown
from dashboard.export import images
from dashboard.export.tables import (
    EXPORT_KINDS,
    MIME_TYPES,
    Column,
    ColumnKind,
    Table,
    to_csv_bytes,
)
from dashboard.filters import UNITS_KEY, YEARS_KEY, Filters
from dashboard.i18n import t
from dashboard.queries import quality
from dashboard.sidebar import apply_chart_click, current_filters

# Column types whose cells are not data to hand on: links to our own pages, sparklines
# (lists of numbers) and images.
NOT_EXPORTED_TYPES = frozenset({"link", "bar_chart", "line_chart", "area_chart", "image"})
SCORE_WORDS = ("得分", "分值", "自评分")
INT_FORMAT = re.compile(r"%[-+ 0#,]*\d*d")  # printf integer: "%d", "%,d", "%+d"


# The text of a `link` column's cells, per language.
LINK_TEXT = {"zh": "查看详情", "en": "Open"}


def catalogue_config(keys: Iterable[str], lang: catalogue.Language | None = None) -> dict[str, Any]:
    """st.column_config entries of the catalogue keys among `keys` (others are skipped):
    header, help text, width and number format as the catalogue defines them."""
    lang = lang or i18n.current()
    return {
        key: column_setting(catalogue.CATALOGUE[key], lang)
        for key in keys
        if key in catalogue.CATALOGUE
    }


def column_setting(
    spec: catalogue.Field, lang: catalogue.Language | None = None, header: str | None = None
) -> Any:
    """The st.column_config entry of one catalogue field; `header` replaces its label
    (a year-prefixed column of 同比分析, say)."""
    lang = lang or i18n.current()
    label = header or spec.header(lang)
    common: dict[str, Any] = {"help": spec.help(lang), "width": spec.width}
    if spec.kind == "link":
        return st.column_config.LinkColumn(label, display_text=LINK_TEXT[lang], **common)
    if spec.kind in catalogue.SCREEN_FORMATS:
        return st.column_config.NumberColumn(
            label, format=catalogue.SCREEN_FORMATS[spec.kind], **common
        )
    return st.column_config.TextColumn(label, **common)


def report_links(report_ids: pd.Series, filters: Filters | None = None) -> pd.Series:
    """Links to 报告详情 for a `link` column, carrying the current filters so the analyst
    arrives (in the new tab the link opens) with the same scope."""
    scope = urlencode((filters or current_filters()).query_params(), doseq=True)
    suffix = f"&{scope}" if scope else ""
    return f"{navigation.DETAIL.name}?{navigation.REPORT_KEY}=" + report_ids.astype(str) + suffix


@dataclass(frozen=True)
class Kpi:
    """One KPI card: a label, the formatted value and an optional change against last year."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    # "normal": up is good; "inverse": up is bad (e.g. quality flags); "off": neutral.
    delta_color: str = "normal"


def metric(key: str, value: float | None, **kwargs: Any) -> Kpi:
    """A KPI card of a catalogue metric: its label, format and (unless `help` is given)
    its definition as the help text."""
    spec = catalogue.field(key)
    kwargs.setdefault("help", spec.help(i18n.current()))
    return Kpi(spec.label(i18n.current()), spec.format(value, i18n.current()), **kwargs)


def start_page(title: str, caption: str | None = None) -> Filters:
    """Title the page and return the global filters; stop with a notice if there is no data."""
    st.title(t(title))
    try:
        db.check_available()
    except db.WarehouseUnavailable as err:
        st.info(str(err), icon=":material/info:")
        st.stop()
    filters = current_filters()
    prefix = t(caption) + "　" if caption else ""
    st.caption(prefix + t("范围：{scope}", scope=markdown(filters.describe(i18n.current()))))
    loaded = cache.run(quality.last_loaded)
    if loaded is not None:
        st.caption(t("数据更新于 {time}（UTC）", time=f"{loaded:%Y-%m-%d %H:%M}"))
    _print_button()
    return filters


# The browser's own print dialog prints the page as the print CSS lays it out (theme.PAGE_CSS)
# and saves it as PDF: the page, its filters and its language, with nothing to install.
_PRINT_BUTTON = """<button onclick="window.parent.print()" title="{hint}" style="
  font: 14px sans-serif; padding: 4px 12px; border: 1px solid #c9ced6; border-radius: 6px;
  background: #fff; color: #1f2937; cursor: pointer;">{label}</button>"""


def _print_button() -> None:
    """A small button opening the browser's print dialog (print, or save as PDF)."""
    # Our own fixed markup (labels escaped), so an iframe that runs its script is safe.
    st.iframe(
        _PRINT_BUTTON.format(
            label=html.escape(t("打印 / 存为 PDF")),
            hint=html.escape(t("按当前筛选条件打印本页，或在打印对话框中选择“另存为 PDF”")),
        ),
        height=40,
        width="content",
    )


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


# What a click on a chart point filters to, as filter widget values (key → value).
ClickFilter = Callable[[Mapping[str, Any]], dict[str, object]]


def unit_of_point(point: Mapping[str, Any]) -> dict[str, object]:
    """A click on a unit's bar: that unit."""
    return {UNITS_KEY: [str(point["y"])]}


def unit_year_of_point(point: Mapping[str, Any]) -> dict[str, object]:
    """A click on a unit × year cell: that unit in that year."""
    year = int(point["x"])
    return {UNITS_KEY: [str(point["y"])], YEARS_KEY: (year, year)}


def chart(figure: go.Figure, name: str, on_click: ClickFilter | None = None) -> None:
    """Show a plotly figure with our template, with PNG (2×) and PDF downloads named `name`.

    The files are rendered on the server by `dashboard.export.images` when a button is
    clicked. Without chromium there are no buttons; the toolbar's camera button still
    saves a 2× PNG drawn by the user's browser. With `on_click`, clicking a point narrows
    the sidebar filters to what it maps the point to (the sidebar offers the way back).
    """
    key = f"chart_{name}"
    selection: dict[str, Any] = {}
    if on_click is not None:
        selection = {
            "on_select": lambda: _filter_to_click(key, on_click),
            "selection_mode": "points",
        }
    st.plotly_chart(
        i18n.localized_figure(figure),
        theme=None,
        key=key,
        config={
            "displaylogo": False,
            # plotly's toolbar speaks English only (its locales are not in Streamlit's
            # bundle): hidden where our PNG/PDF buttons stand in for its camera. Drag to
            # zoom and double-click to reset work without it.
            "displayModeBar": False if images.available() else "hover",
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name},
        },
        **selection,
    )
    if images.available():
        _download_row(
            name,
            [
                ("PNG", lambda: images.to_png(figure, scale=2), f"{name}.png", MIME_TYPES["png"]),
                ("PDF", lambda: images.to_pdf(figure), f"{name}.pdf", MIME_TYPES["pdf"]),
            ],
        )


def _filter_to_click(key: str, on_click: ClickFilter) -> None:
    points = st.session_state[key]["selection"]["points"]
    if points:
        apply_chart_click(on_click(points[0]))


def table(
    frame: pd.DataFrame | Styler,
    name: str,
    *,
    column_config: Mapping[str, Any] | None = None,
    column_order: Sequence[str] | None = None,
    report_ids: pd.Series | None = None,
    all_rows: Callable[[], pd.DataFrame] | None = None,
    **kwargs: Any,
) -> Any:
    """st.dataframe with CSV and Excel downloads of the shown columns, named `name`.

    With `report_ids` (the report of each row, in row order) a clicked row opens its
    report on 报告详情 in this tab, which links back here with the same filters, and a
    first column (`link`) opens it in a new tab.

    Columns named by a catalogue key get the catalogue's header, format and help text;
    `column_config` adds or overrides entries (keys the catalogue does not hold).
    `name` (short, Chinese) is the file stem and the sheet name. The files hold the
    displayed columns in display order under their Chinese labels; link and sparkline
    columns are left out; with `all_rows` (a page of a longer table) they hold the rows
    it returns, fetched only when a button is clicked. Returns what st.dataframe returns
    (the selection event when `on_select` is given).
    """
    if report_ids is not None:
        frame, column_order = _with_report_links(frame, report_ids, column_order)
        kwargs.update(on_select="rerun", selection_mode="single-row")
        kwargs.setdefault("key", f"table_{name}")
    data = frame.data if isinstance(frame, Styler) else frame
    column_config = {**catalogue_config(data.columns), **(column_config or {})}
    shown = frame if isinstance(frame, Styler) else i18n.localized_frame(frame)
    # (the grid would draw a missing value, number or text, as the English word "None")
    kwargs.setdefault("placeholder", theme.MISSING)
    event = st.dataframe(shown, column_config=column_config, column_order=column_order, **kwargs)
    if report_ids is not None and event.selection.rows:
        navigation.open_report(str(report_ids.iloc[event.selection.rows[0]]))

    def export() -> Table:
        rows = all_rows() if all_rows is not None else data
        return export_table(rows, name, column_config, column_order)

    _download_row(
        name,
        [
            ("CSV", lambda: to_csv_bytes(export()), f"{name}.csv", MIME_TYPES["csv"]),
            ("Excel", lambda: _xlsx_bytes(export()), f"{name}.xlsx", MIME_TYPES["xlsx"]),
        ],
    )
    return event


def _with_report_links(
    frame: pd.DataFrame | Styler, report_ids: pd.Series, column_order: Sequence[str] | None
) -> tuple[pd.DataFrame | Styler, Sequence[str] | None]:
    """The frame with a first column of links to each row's report."""
    if isinstance(frame, Styler):
        raise TypeError("report links need a plain DataFrame")
    links = report_links(report_ids).to_numpy()
    frame = frame.drop(columns="link", errors="ignore")
    frame.insert(0, "link", links)
    if column_order is not None:
        column_order = ["link", *(c for c in column_order if c != "link")]
    return frame, column_order


def export_table(
    frame: pd.DataFrame,
    name: str,
    column_config: Mapping[str, Any] | None = None,
    column_order: Sequence[str] | None = None,
) -> Table:
    """The `Table` a st.dataframe call shows: its columns, labels and kinds from the config.

    Kinds are the catalogue's; a column the catalogue does not hold gets one from its
    displayed format: "%…%%" is a percent, a label with 万元 is money, "%d" or an integer
    column an integer, a label naming a score (得分/分值) a score.
    """
    config = column_config or {}
    keys = column_order if column_order is not None else list(frame.columns)
    columns: list[Column] = []
    headers: set[str] = set()
    for key in keys:
        if key not in frame.columns or (key in config and config[key] is None):
            continue  # st.dataframe skips unknown names; None hides a column
        setting = _as_config(config.get(key))
        if setting.get("type_config", {}).get("type") in NOT_EXPORTED_TYPES:
            continue
        header = str(setting.get("label") or key)
        # Two columns under one label would merge in the exported frame.
        header = f"{header}（{key}）" if header in headers else header
        headers.add(header)
        columns.append(Column(key, header, _kind(key, frame[key], header, setting)))
    shown = pd.DataFrame({c.key: _export_values(frame[c.key]) for c in columns})
    return Table(name=name, title=name, frame=shown, columns=tuple(columns))


def _as_config(setting: object) -> dict[str, Any]:
    """A column_config entry as a dict: a bare string is just the label."""
    if isinstance(setting, str):
        return {"label": setting}
    return dict(setting) if isinstance(setting, Mapping) else {}


def _kind(key: str, values: pd.Series, header: str, setting: Mapping[str, Any]) -> ColumnKind:
    spec = catalogue.CATALOGUE.get(key)
    if spec is not None and spec.kind in EXPORT_KINDS:
        return cast(ColumnKind, spec.kind)
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return "text"
    number_format = str(setting.get("type_config", {}).get("format") or "")
    if number_format.endswith("%%"):
        return "percent"
    if "万元" in header:
        return "money"
    if INT_FORMAT.fullmatch(number_format) or pd.api.types.is_integer_dtype(values):
        return "int"
    if any(word in header for word in SCORE_WORDS):
        return "score"
    return "number"


def _export_values(values: pd.Series) -> pd.Series:
    """Cells as a spreadsheet takes them: dates as text (no time-zone objects), lists joined."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d %H:%M:%S")
    if values.dtype == object:
        return values.map(_cell)
    return values


def _cell(value: object) -> object:
    if isinstance(value, np.ndarray):  # list columns come back from DuckDB as arrays
        value = value.tolist()
    if isinstance(value, list | tuple):
        return "；".join(str(item) for item in value)
    return value


def _xlsx_bytes(export: Table) -> bytes:
    # Imported on click: openpyxl is only needed when someone downloads a workbook.
    from dashboard.export.workbook import table_xlsx_bytes

    return table_xlsx_bytes(export)


def _download_row(name: str, buttons: Sequence[tuple[str, Callable[[], bytes], str, str]]) -> None:
    """Small download buttons in one row under an element; each builds its file on click."""
    with st.container(horizontal=True, horizontal_alignment="right", gap="small"):
        for label, build, file_name, mime in buttons:
            st.download_button(
                label,
                build,
                file_name=file_name,
                mime=mime,
                key=f"download_{name}_{label}",
                on_click="ignore",  # a download needs no rerun of the page
                type="tertiary",
                icon=":material/download:",
            )


def empty(message: str = "当前筛选条件下没有数据。请放宽年度范围或单位等筛选条件。") -> None:
    """The notice shown instead of a chart or table that has nothing to show (in the
    session's language: `message` is the Chinese source text)."""
    st.info(t(message), icon=":material/filter_alt_off:")
