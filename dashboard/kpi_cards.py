"""The headline KPI cards: which figures, in what order, and which way is good.

Shared by the 总览 page and the briefing exports (deck, Word report, workbook summary), so
a number reads the same on screen and on paper. Labels, definitions and formats are the
catalogue's (`dashboard.catalogue.METRICS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import catalogue
from dashboard.catalogue import DEFAULT_LANGUAGE, Language
from dashboard.queries.overview import LatestKpis


@dataclass(frozen=True)
class KpiCard:
    """One card: the catalogue metric it shows and which way its change is good."""

    key: str
    delta_color: str  # "normal": up is good; "inverse": up is bad; "off": neutral


@dataclass(frozen=True)
class KpiText:
    """A card's figures as text, ready for a page, a slide or a paragraph."""

    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str


# How the money is spent.
MONEY_CARDS = (
    KpiCard("budget_total", "off"),
    KpiCard("executed_total", "off"),
    KpiCard("execution_rate", "normal"),
)
# Are goals met, where are the problems, and the scale.
OTHER_CARDS = (
    KpiCard("completion_rate", "normal"),
    KpiCard("average_self_score", "normal"),
    KpiCard("quality_flag_count", "inverse"),
    KpiCard("report_count", "off"),
    KpiCard("project_count", "off"),
    KpiCard("unit_count", "off"),
)
ALL_CARDS = MONEY_CARDS + OTHER_CARDS


def card_text(card: KpiCard, latest: LatestKpis, lang: Language = DEFAULT_LANGUAGE) -> KpiText:
    """The card's value for the latest year and its change against the previous one."""
    spec = catalogue.field(card.key)
    value = latest.values[card.key]
    delta = None if value.delta is None else catalogue.format_change(spec.kind, value.delta, lang)
    return KpiText(
        spec.label(lang),
        spec.format(value.current, lang),
        delta,
        card.delta_color,
        spec.help(lang) or "",
    )


def period_caption(latest: LatestKpis, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Which year the cards show and what their arrows compare with."""
    if lang == "en":
        if latest.previous_year is None:
            return f"Figures for {latest.year} (one year in scope: no change shown)."
        return f"Figures for {latest.year}; arrows compare with {latest.previous_year}."
    if latest.previous_year is None:
        return f"以下指标为{latest.year}年数据（范围内只有一个年度，不显示同比变化）。"
    return f"以下指标为{latest.year}年数据，箭头为较{latest.previous_year}年的变化。"
