"""The headline KPI cards: which figures, how they are written, what they mean.

Shared by the 总览 page and the briefing exports (deck, Word report, workbook summary), so
a number reads the same on screen and on paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard import theme
from dashboard.queries.overview import LatestKpis


@dataclass(frozen=True)
class KpiCard:
    """One card: label, KPI column, value and change formatters, delta colour, definition."""

    label: str
    key: str
    show: Callable[[float | None], str]
    show_delta: Callable[[float], str]
    delta_color: str  # "normal": up is good; "inverse": up is bad; "off": neutral
    help: str


@dataclass(frozen=True)
class KpiText:
    """A card's figures as text, ready for a page, a slide or a paragraph."""

    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str


def _signed_amount(delta: float) -> str:
    return ("+" if delta >= 0 else "") + theme.format_amount(delta)


_COUNT = (theme.format_count, lambda d: f"{d:+,.0f}")
_MONEY = (theme.format_amount, _signed_amount)
_RATE = (theme.format_percent, lambda d: f"{d:+.2f}个百分点")
_SCORE = (theme.format_score, lambda d: f"{d:+.2f}分")

# How the money is spent.
MONEY_CARDS = (
    KpiCard("预算总额", "budget_total", *_MONEY, "off", "全年预算数合计"),
    KpiCard("执行总额", "executed_total", *_MONEY, "off", "全年执行数合计"),
    KpiCard("总体执行率", "execution_rate", *_RATE, "normal",
            "执行数合计 ÷ 预算数合计，只计同时填报预算数和执行数的报告（不是各报告执行率的平均）"),
)  # fmt: skip
# Are goals met, where are the problems, and the scale.
OTHER_CARDS = (
    KpiCard("指标完成率", "indicator_completion_rate", *_RATE, "normal",
            "已完成指标 ÷（已完成 + 部分完成 + 未完成）；无法判断完成情况的指标不计入"),
    KpiCard("平均自评分", "average_self_score", *_SCORE, "normal",
            "填报了自评总分的报告的平均分"),
    KpiCard("质量问题", "quality_flag_count", *_COUNT, "inverse",
            "数据质量检查发现的“错误”和“警告”条数（不含“提示”）"),
    KpiCard("报告数", "report_count", *_COUNT, "off", "本年度纳入统计的自评报告份数"),
    KpiCard("项目数", "project_count", *_COUNT, "off", "跨年度识别为同一项目的只计一次"),
    KpiCard("单位数", "unit_count", *_COUNT, "off", "填报报告的实施单位（或预算单位）数"),
)  # fmt: skip
ALL_CARDS = MONEY_CARDS + OTHER_CARDS


def card_text(card: KpiCard, latest: LatestKpis) -> KpiText:
    """The card's value for the latest year and its change against the previous one."""
    value = latest.values[card.key]
    delta = None if value.delta is None else card.show_delta(value.delta)
    return KpiText(card.label, card.show(value.current), delta, card.delta_color, card.help)


def period_caption(latest: LatestKpis) -> str:
    """Which year the cards show and what their arrows compare with."""
    if latest.previous_year is None:
        return f"以下指标为{latest.year}年数据（范围内只有一个年度，不显示同比变化）。"
    return f"以下指标为{latest.year}年数据，箭头为较{latest.previous_year}年的变化。"
