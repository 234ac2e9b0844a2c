"""One look for the whole dashboard: colours, fonts and number formats.

The colours and font live in `.streamlit/config.toml` ([theme]), which Streamlit reads
for its own chrome; this module reads the same table and builds the plotly template from
it, so charts on screen and exported charts match the page. Number formats follow
Chinese usage: money in 万元 with thousands separators, large sums in 亿元, rates in %.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

CONFIG_FILE = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
TEMPLATE_NAME = "jixiao"

# Execution-rate bands (percent): ≥ 90 good, 80–90 warning, < 80 bad, > 100 over-execution.
BAND_GOOD = 90.0
BAND_WARNING = 80.0
BAND_OVER = 100.0
COLOR_GOOD = "#2e7d32"
COLOR_WARNING = "#f9a825"
COLOR_BAD = "#c62828"
COLOR_OVER = "#6a1b9a"
BAND_LABELS = {"good": "良好(≥90%)", "warning": "关注(80–90%)", "bad": "偏低(<80%)",
               "over": "超支(>100%)"}  # fmt: skip
BAND_COLORS = {"good": COLOR_GOOD, "warning": COLOR_WARNING, "bad": COLOR_BAD,
               "over": COLOR_OVER}  # fmt: skip

# How the ETL's form_kind codes read on screen.
FORM_KIND_LABELS = {
    "form2018": "绩效目标完成情况表(2018式)",
    "form2020": "项目支出绩效自评表(2020式)",
    "narrative": "自评报告",
    "form_other": "其他表式",
}
# Chinese names of the text layouts the parser tells apart (keys: etl.parse.cells.LAYOUTS).
LAYOUT_LABELS = {
    "grid": "表格（Office/网页）",
    "tab": "制表符逐格",
    "pipe": "竖线分隔",
    "cells": "一格一行",
    "lines": "逐行/段落",
    "fused": "无分隔连排",
}
# Chinese names of how an indicator table's rows were rebuilt (keys: etl.parse.indicators
# ROW_BUILDERS).
ROW_BUILDER_LABELS = {
    "grid": "按表格列",
    "cell_levels": "一格一行按层级",
    "groups": "按分组模板切分",
    "segments": "一格一行按层级名与分值切分",
    "chunks": "按表头列数等宽切分",
    "one_line": "整表一行按层级名切分",
    "lines": "逐行按内容对齐表头",
    "scrambled": "乱序文本按次序重建",
}
COMPLETION_LABELS = {
    "met": "已完成",
    "partly_met": "部分完成",
    "not_met": "未完成",
    "not_judgeable": "无法判断",
}
COMPLETION_COLORS = {
    "met": COLOR_GOOD,
    "partly_met": COLOR_WARNING,
    "not_met": COLOR_BAD,
    "not_judgeable": "#b0bec5",
}
# How an outcome figure counts (keys: outcomes.scope) and whether the report contradicts it.
OUTCOME_SCOPE_LABELS = {"year": "当年", "cumulative": "累计"}
CONFLICT_LABELS = {True: "前后不一", False: ""}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
# How a metric moved between two years (dashboard/queries/yoy.py `trend`).
TREND_LABELS = {"up": "改善", "flat": "持平", "down": "下降"}
# A report's warning colour (etl/scoring/warnings.py): its worst warning, green without.
WARNING_LEVEL_LABELS = {"red": "红色预警", "yellow": "黄色预警", "green": "无预警"}
# Rectification statuses (dashboard.rectification.STATUSES), in their order of progress.
RECTIFICATION_LABELS = {"open": "待整改", "in_progress": "整改中", "done": "已整改"}
WHOLE_REPORT_LABEL = "整份报告"  # a rectification item about the report, not one indicator


# Streamlit's metric values are large and cut long Chinese amounts ("8,848.…万元") in
# narrow columns; a slightly smaller size keeps six cards per row readable at 1400 px.
#
# The print view (browser print, or "save as PDF"): the page as a document. Streamlit
# scrolls inside its own containers, which print only their first screen; in print they
# grow to their content, the sidebar, toolbar and download buttons go, and a chart or a
# KPI card is never cut across two sheets.
PAGE_CSS = """<style>
[data-testid="stMetricValue"] { font-size: clamp(1.05rem, 1.55vw, 1.6rem); }
/* A KPI's label, value and change wrap rather than end in "…" on a laptop (1366 px) or a
   tablet (1024 px): "未完成及部分完成" and "−4.70个百分点" must be read whole. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere;
}
/* A row of KPI cards wraps to the next line rather than squeeze a card below 9.5rem. */
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
  flex-wrap: wrap;
}
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has([data-testid="stMetric"]) {
  min-width: 9.5rem;
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stIFrame"], iframe,
  [data-testid="stSidebarCollapsedControl"] { display: none !important; }
  [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important;
    max-width: none !important; padding-top: 0 !important;
  }
  .js-plotly-plot, [data-testid="stMetric"], [data-testid="stVerticalBlockBorderWrapper"] {
    break-inside: avoid;
  }
}
</style>"""


@cache
def streamlit_theme() -> dict[str, Any]:
    """The [theme] table of .streamlit/config.toml."""
    with CONFIG_FILE.open("rb") as handle:
        return tomllib.load(handle)["theme"]


def palette() -> list[str]:
    """Categorical colours, in order."""
    return list(streamlit_theme()["chartCategoricalColors"])


def distinct_colors(count: int) -> list[str]:
    """`count` colours no two alike: the theme's categorical ones, then evenly spaced hues
    (a chart with more series than the palette would otherwise repeat its colours)."""
    colors = palette()[:count]
    extra = count - len(colors)
    for index in range(extra):
        hue = round(360 * (index + 0.5) / extra)
        colors.append(f"hsl({hue}, 55%, 45%)")
    return colors


def sequential_scale() -> list[str]:
    """Light-to-dark colours for magnitudes (heatmaps)."""
    return list(streamlit_theme()["chartSequentialColors"])


def font_family() -> str:
    """The CSS font stack; the first family is a CJK font that Debian's fonts-noto-cjk has."""
    return str(streamlit_theme()["font"])


@cache
def plotly_template() -> go.layout.Template:
    """The plotly template: theme colours and font, Chinese-friendly number separators."""
    theme = streamlit_theme()
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font={"family": font_family(), "color": theme["textColor"], "size": 13},
        colorway=palette(),
        colorscale={"sequential": sequential_scale()},
        separators=".,",
        # The title at the top edge, the legend (when there is one) in the band between
        # it and the plot: `charts.base.titled` widens that band for a legend.
        title={
            "font": {"size": 16},
            "x": 0,
            "xanchor": "left",
            "pad": {"l": 12, "t": 10},
            "y": 1,
            "yref": "container",
            "yanchor": "top",
        },
        hoverlabel={"font": {"family": font_family()}},
        # Across the figure's full width, not the plot's (long axis labels narrow the plot);
        # its height above the plot is set per figure by `charts.base.titled`.
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "yanchor": "top",
            "y": 1,
        },
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        paper_bgcolor=theme["backgroundColor"],
        plot_bgcolor=theme["backgroundColor"],
    )
    return template


def register_plotly_template() -> None:
    """Make the template plotly's default (idempotent)."""
    pio.templates[TEMPLATE_NAME] = plotly_template()
    pio.templates.default = TEMPLATE_NAME


def rate_band(rate: float | None) -> str | None:
    """The band key of an execution rate in percent; None when unknown."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return None
    if rate > BAND_OVER:
        return "over"
    if rate >= BAND_GOOD:
        return "good"
    if rate >= BAND_WARNING:
        return "warning"
    return "bad"


# How an unknown value reads everywhere: cards, table cells, exports.
MISSING = "—"


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_wan_yuan(value: float | None) -> str:
    """Format an amount in 万元 with thousands separators and two decimals; '—' if unknown."""
    return MISSING if is_missing(value) else f"{value:,.2f}"


def format_amount(value: float | None) -> str:
    """An amount given in 万元, written the Chinese way: '1.23亿元' or '4,567.89万元'."""
    if is_missing(value):
        return MISSING
    if abs(value) >= 10000:
        return f"{value / 10000:,.2f}亿元"
    return f"{value:,.2f}万元"


def format_percent(value: float | None, digits: int = 2) -> str:
    """Format a percent value (84.68 → '84.68%'); '—' if unknown."""
    return MISSING if is_missing(value) else f"{value:.{digits}f}%"


def format_count(value: float | None) -> str:
    """A count in Chinese style: 8,765 below ten thousand, then '7.52万'; '—' if unknown."""
    if is_missing(value):
        return MISSING
    if abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.2f}亿"
    if abs(value) >= 10000:
        return f"{value / 10000:,.2f}万"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def format_score(value: float | None) -> str:
    """A self-evaluation score with two decimals; '—' if unknown."""
    return MISSING if is_missing(value) else f"{value:.2f}"


def form_kind_label(code: str | None) -> str | None:
    """The Chinese name of a form_kind code; unknown codes are shown as they are."""
    return FORM_KIND_LABELS.get(code, code) if code is not None else None
