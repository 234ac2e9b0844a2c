"""Recompute a report's total score under a profile, with the arithmetic of every line.

Pure functions over plain facts (`ReportFacts`), so the warehouse build, the command line
and the tests share one definition. The rules (domain doc, "Scoring"):

- Budget execution: points = execution rate × the block's points, capped at the points.
- Indicators share the rest (100 − the budget block). A form that states every indicator's
  分值 keeps their proportions; otherwise each category's default points (profile) are split
  evenly among its indicators, scaled so the categories present fill the block.
- A numeric indicator: met → full points; missed → points × completion ratio (for a reverse
  indicator the ratio is target ÷ actual, or the profile's linear convention), two decimals.
- A qualitative judgement: the stated score kept within the band of its judgement (met
  80–100 %, partly 60–80 %, not met below 60 %); without a stated score, the band's top for
  met and its middle otherwise.
- Not judgeable: the stated score is kept (at most the points); without one, the line is
  dropped. Dropped lines (no execution rate, no category, no score) rescale the rest to 100.
- The total may be capped by execution rate (profile), then graded by the profile's bands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from etl.scoring.profiles import Profile
from etl.values import Completion, score_indicator, two_decimals

# Totals within this of the possible points need no rescaling (weights written with decimals).
_FULL_WEIGHT_TOLERANCE = 0.01
STATUS_WORDS = {"met": "达成", "partly_met": "部分达成", "not_met": "未达成"}


@dataclass(frozen=True)
class IndicatorFacts:
    """What scoring needs of one indicator row."""

    name: str
    category: str | None  # level1_category: 产出指标 / 效益指标 / 满意度指标
    weight: float | None  # the form's 分值
    stated_score: float | None  # the form's 得分
    status: str  # completion_status
    ratio: float | None  # completion_ratio (target ÷ actual for reverse indicators)
    reverse: bool
    has_reason: bool = False  # a 偏差原因 is written
    target: str | None = None  # 年度指标值 as written
    actual: str | None = None  # 实际完成值 as written
    target_number: float | None = None
    target_unit: str | None = None


@dataclass(frozen=True)
class ReportFacts:
    """What scoring needs of one report."""

    report_id: str
    execution_rate: float | None  # percent
    stated_score: float | None
    stated_grade: str | None
    indicators: tuple[IndicatorFacts, ...]
    budget: float | None = None  # 万元
    executed: float | None = None
    budget_weight: float | None = None  # the form's 分值 of the budget-execution row


@dataclass(frozen=True)
class ScoreLine:
    """One scored item: the budget block or an indicator. `points` None: dropped."""

    item: str
    weight: float
    points: float | None
    arithmetic: str  # how the points were reached, in Chinese, numbers written out


@dataclass(frozen=True)
class ReportScore:
    """A report's recomputed total beside its stated one."""

    report_id: str
    profile: str
    stated_score: float | None
    stated_grade: str | None
    score: float | None  # None when nothing could be scored
    grade: str | None
    lines: tuple[ScoreLine, ...]
    note: str  # rescaling and capping, in Chinese ("" when neither applied)

    differences: tuple[str, ...] = ()  # SCORE_DIFFERS / GRADE_DIFFERS (see `_differences`)


def indicator_weights(facts: ReportFacts, profile: Profile) -> list[float | None]:
    """Each indicator's points under `profile` (None: no category and no 分值)."""
    block = profile.indicator_weight
    stated = [i.weight for i in facts.indicators]
    if stated and all(w is not None and w > 0 for w in stated):
        total = sum(w for w in stated if w is not None)
        return [(w or 0.0) * block / total for w in stated]
    defaults = dict(profile.category_weights)
    counts = Counter(i.category for i in facts.indicators if i.category in defaults)
    present = sum(defaults[c] for c in counts)
    if not present:
        return [None] * len(facts.indicators)
    return [
        defaults[i.category] / counts[i.category] * block / present
        if i.category in defaults
        else None
        for i in facts.indicators
    ]


def budget_line(rate: float | None, profile: Profile) -> ScoreLine:
    """Points of the budget-execution block."""
    weight = profile.budget_weight
    if rate is None:
        return ScoreLine("预算执行率", weight, None, "未填报执行率：不计分，其余按比例折算")
    points = two_decimals(min(rate, 100.0) / 100.0 * weight)
    return ScoreLine(
        "预算执行率", weight, points, f"执行率 {rate:.2f}%（最高按100%）× {weight:g} = {points:.2f}"
    )


def indicator_line(facts: IndicatorFacts, weight: float | None, profile: Profile) -> ScoreLine:
    """Points of one indicator of `weight` points."""
    if weight is None:
        return ScoreLine(facts.name, 0.0, None, "无指标类别、无分值：不计分")
    w = two_decimals(weight)
    if facts.ratio is not None and facts.status != "not_judgeable":
        completion = Completion(facts.status, facts.ratio, facts.reverse)  # type: ignore[arg-type]
        points = score_indicator(w, completion, profile.reverse_convention)
        return ScoreLine(facts.name, w, points, _numeric_arithmetic(facts, w, points, profile))
    band = profile.band(facts.status)
    if band is not None:
        low, high = two_decimals(w * band[0]), two_decimals(w * band[1])
        word = STATUS_WORDS[facts.status]
        if facts.stated_score is None:
            points = high if facts.status == "met" else two_decimals((low + high) / 2)
            how = f"定性{word}，区间 {low:.2f}–{high:.2f}，未填自评分 → {points:.2f}"
        else:
            points = min(max(facts.stated_score, low), high)
            how = (
                f"定性{word}，区间 {low:.2f}–{high:.2f}，自评 {facts.stated_score:g} → {points:.2f}"
            )
        return ScoreLine(facts.name, w, points, how)
    if facts.stated_score is not None:
        points = min(facts.stated_score, w)
        return ScoreLine(facts.name, w, points, f"无法判断完成情况：沿用自评 {points:.2f}")
    return ScoreLine(facts.name, w, None, "无法判断完成情况且无自评分：不计分，其余按比例折算")


def _numeric_arithmetic(
    facts: IndicatorFacts, w: float, points: float | None, profile: Profile
) -> str:
    ratio = facts.ratio or 0.0
    if facts.status == "met":
        return f"已达成：满分 {w:.2f}"
    if facts.reverse and profile.reverse_convention == "linear":
        over = 1 / ratio if ratio else float("inf")
        return f"反向指标线性扣分：{w:.2f} × (2 − 实际/目标 {over:.4f}) = {points:.2f}"
    what = "目标/实际" if facts.reverse else "实际/目标"
    return f"{w:.2f} × {what} {min(ratio, 1.0):.4f} = {points:.2f}"


def recompute(facts: ReportFacts, profile: Profile) -> ReportScore:
    """The report's total and grade under `profile`, with every line's arithmetic."""
    weights = indicator_weights(facts, profile)
    lines = [budget_line(facts.execution_rate, profile)] + [
        indicator_line(indicator, weight, profile)
        for indicator, weight in zip(facts.indicators, weights, strict=True)
    ]
    scored = [line for line in lines if line.points is not None]
    possible = sum(line.weight for line in scored)
    if not scored or possible <= 0:
        return ReportScore(facts.report_id, profile.key, facts.stated_score, facts.stated_grade,
                           None, None, tuple(lines), "没有可计分的项目")  # fmt: skip
    total = sum(line.points or 0.0 for line in scored)
    notes = []
    if abs(possible - 100.0) > _FULL_WEIGHT_TOLERANCE:
        rescaled = total * 100.0 / possible
        scaled = f"{total:.2f} × 100 ÷ {possible:.2f} = {rescaled:.2f}"
        notes.append(f"可计分项目合计 {possible:.2f} 分，按100分折算：{scaled}")
        total = rescaled
    total = two_decimals(total)
    cap = _cap(facts.execution_rate, profile)
    if cap is not None and total > cap[1]:
        notes.append(f"执行率低于 {cap[0]:g}%，总分封顶 {cap[1]:g}")
        total = cap[1]
    grade = profile.grade(total)
    return ReportScore(
        facts.report_id,
        profile.key,
        facts.stated_score,
        facts.stated_grade,
        total,
        grade,
        tuple(lines),
        "；".join(notes),
        _differences(facts, total, grade, profile.difference_threshold),
    )


def _differences(facts: ReportFacts, total: float, grade: str, threshold: float) -> tuple[str, ...]:
    """How the recomputed result departs from the stated one: a total more than
    `threshold` points away, another grade."""
    found = []
    if facts.stated_score is not None and abs(total - facts.stated_score) > threshold:
        found.append("SCORE_DIFFERS")
    if facts.stated_grade and grade != facts.stated_grade:
        found.append("GRADE_DIFFERS")
    return tuple(found)


def _cap(rate: float | None, profile: Profile) -> tuple[float, float] | None:
    """The first (rate below, cap) of the profile the execution rate falls under."""
    if rate is None:
        return None
    return next(((below, cap) for below, cap in profile.score_cap if rate < below), None)
