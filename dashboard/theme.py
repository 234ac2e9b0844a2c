"""One place for the dashboard's colours and number formats.

Kept deliberately small; charts and exports will read the same constants.
"""

from __future__ import annotations

# Semantic colours for execution-rate bands (good / warning / bad) and the base palette.
COLOR_GOOD = "#2e7d32"
COLOR_WARNING = "#f9a825"
COLOR_BAD = "#c62828"
PALETTE = ("#1f4e79", "#2e86c1", "#48c9b0", "#f5b041", "#af7ac5", "#85929e")

# Chinese glyphs need a CJK font; browsers fall back through this list.
FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'

# printf-style formats understood by st.column_config.NumberColumn.
WAN_YUAN_FORMAT = "%.2f"  # money is stored in 万元; two decimals as on the forms
PERCENT_FORMAT = "%.2f%%"  # rates are stored as percent values (84.68 means 84.68 %)
SCORE_FORMAT = "%.2f"


def format_wan_yuan(value: float | None) -> str:
    """Format an amount in 万元 with thousands separators and two decimals; '—' if unknown."""
    return "—" if value is None else f"{value:,.2f}"


def format_percent(value: float | None) -> str:
    """Format a percent value (84.68 → '84.68%'); '—' if unknown."""
    return "—" if value is None else f"{value:.2f}%"


# How the ETL's form_kind codes read on screen.
FORM_KIND_LABELS = {
    "form2018": "绩效目标完成情况表(2018式)",
    "form2020": "项目支出绩效自评表(2020式)",
    "narrative": "自评报告",
    "form_other": "其他表式",
}


def form_kind_label(code: str | None) -> str | None:
    """The Chinese name of a form_kind code; unknown codes are shown as they are."""
    return FORM_KIND_LABELS.get(code, code) if code is not None else None
