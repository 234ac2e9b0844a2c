"""Red and yellow warnings on a report, each rule stated in words (`RULES`).

Pure functions over `ReportFacts`; thresholds from profiles.toml's [warnings] table. A
report with no warning is green. The rules, as monitoring systems apply them:

- EXECUTION_LOW: execution rate below 60 % red, below 80 % yellow.
- COMPLETION_AHEAD: indicator completion (met ÷ judged) more than 5 points above the
  execution rate: results claimed without the money spent (yellow).
- UNSPENT: more than 20 % of the budget left unspent (yellow).
- TARGET_TOO_LOW: a forward indicator's actual at 130 % of its target or more: the target
  was set too low (yellow).
- QUALITATIVE_OUT_OF_BAND: a qualitative judgement's stated score outside its band (达成
  80–100 %, 部分达成 60–80 %, 未达成 below 60 % of the points) (yellow).
- MARKED_DOWN_NO_REASON: a met indicator scored below its points with no 偏差原因 (yellow).
- MISSED_NO_REASON: an indicator partly met or not met with no 偏差原因 (red).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.scoring.profiles import Profile, WarningThresholds
from etl.scoring.recompute import IndicatorFacts, ReportFacts

LEVELS = ("red", "yellow", "green")  # worst first
RULES = {
    "EXECUTION_LOW": "预算执行率低于{red:g}%为红色，低于{yellow:g}%为黄色",
    "COMPLETION_AHEAD": "指标完成率高于预算执行率{points:g}个百分点以上：钱未花完而目标称已完成",
    "UNSPENT": "结余超过预算的{share:g}%",
    "TARGET_TOO_LOW": "实际完成值达到指标值的{ratio:.0%}以上：目标可能定得过低",
    "QUALITATIVE_OUT_OF_BAND": "定性指标的自评分不在其判断对应的区间内",
    "MARKED_DOWN_NO_REASON": "指标已完成却未得满分，且未说明原因",
    "MISSED_NO_REASON": "指标未完成或部分完成，未填写偏差原因",
}

# The level each rule raises, in words (EXECUTION_LOW is red or yellow by the rate).
RULE_LEVELS = {
    "EXECUTION_LOW": "红色/黄色",
    "COMPLETION_AHEAD": "黄色",
    "UNSPENT": "黄色",
    "TARGET_TOO_LOW": "黄色",
    "QUALITATIVE_OUT_OF_BAND": "黄色",
    "MARKED_DOWN_NO_REASON": "黄色",
    "MISSED_NO_REASON": "红色",
}


@dataclass(frozen=True)
class ReportWarning:
    """One warning on a report (or one of its indicators)."""

    rule: str
    level: str  # "red" | "yellow"
    message: str  # the finding with its figures, in Chinese
    indicator_index: int | None = None


def rule_values(thresholds: WarningThresholds) -> dict[str, float]:
    """The thresholds by the names the `RULES` texts give them."""
    return {
        "red": thresholds.execution_red_below,
        "yellow": thresholds.execution_yellow_below,
        "points": thresholds.completion_ahead_points,
        "share": thresholds.unspent_share,
        "ratio": thresholds.target_too_low_ratio,
    }


def rule_text(rule: str, thresholds: WarningThresholds) -> str:
    """The rule `rule` in words, with its thresholds filled in."""
    return RULES[rule].format(**rule_values(thresholds))


def status(warnings: list[ReportWarning]) -> str:
    """The report's colour: its worst warning's level, green without any."""
    levels = {w.level for w in warnings}
    return next((level for level in LEVELS if level in levels), "green")


def report_warnings(
    facts: ReportFacts, thresholds: WarningThresholds, profile: Profile
) -> list[ReportWarning]:
    """Every warning on the report, report-level rules first, then by indicator."""
    found = _report_level(facts, thresholds)
    for index, indicator in enumerate(facts.indicators):
        found += _indicator_level(index, indicator, thresholds, profile)
    return found


def completion_rate(facts: ReportFacts) -> float | None:
    """Met ÷ judged (met, partly met, not met) × 100; None when nothing was judged."""
    judged = [i for i in facts.indicators if i.status in ("met", "partly_met", "not_met")]
    if not judged:
        return None
    return 100.0 * sum(i.status == "met" for i in judged) / len(judged)


def _report_level(facts: ReportFacts, t: WarningThresholds) -> list[ReportWarning]:
    found = []
    rate = facts.execution_rate
    if rate is not None and rate < t.execution_yellow_below:
        level = "red" if rate < t.execution_red_below else "yellow"
        found.append(ReportWarning("EXECUTION_LOW", level, f"预算执行率 {rate:.2f}%"))
    completion = completion_rate(facts)
    if rate is not None and completion is not None:
        ahead = completion - rate
        if ahead > t.completion_ahead_points:
            found.append(
                ReportWarning(
                    "COMPLETION_AHEAD",
                    "yellow",
                    f"指标完成率 {completion:.2f}% − 预算执行率 {rate:.2f}% = {ahead:.2f} 个百分点",
                )
            )
    if facts.budget and facts.executed is not None and facts.budget > 0:
        unspent = 100.0 * (facts.budget - facts.executed) / facts.budget
        if unspent > t.unspent_share:
            found.append(
                ReportWarning(
                    "UNSPENT",
                    "yellow",
                    f"结余 ({facts.budget:g} − {facts.executed:g}) ÷ {facts.budget:g}"
                    f" = {unspent:.2f}%",
                )
            )
    return found


def _indicator_level(
    index: int, indicator: IndicatorFacts, t: WarningThresholds, profile: Profile
) -> list[ReportWarning]:
    found = []
    name = indicator.name
    ratio = indicator.ratio
    if ratio is not None and not indicator.reverse and ratio >= t.target_too_low_ratio:
        message = f"“{name}”实际/目标 = {ratio:.2f}"
        found.append(ReportWarning("TARGET_TOO_LOW", "yellow", message, index))
    band = profile.band(indicator.status)
    weight, score = indicator.weight, indicator.stated_score
    if ratio is None and band and weight and score is not None:
        low, high = weight * band[0], weight * band[1]
        if not low <= score <= high:
            message = f"“{name}”自评 {score:g} 分，应在 {low:.2f}–{high:.2f} 分之间"
            found.append(ReportWarning("QUALITATIVE_OUT_OF_BAND", "yellow", message, index))
    if not indicator.has_reason:
        if indicator.status == "met" and weight and score is not None and score < weight:
            message = f"“{name}”已完成，得 {score:g} 分（满分 {weight:g}），未说明原因"
            found.append(ReportWarning("MARKED_DOWN_NO_REASON", "yellow", message, index))
        if indicator.status in ("partly_met", "not_met"):
            message = f"“{name}”未完成，未填写偏差原因"
            found.append(ReportWarning("MISSED_NO_REASON", "red", message, index))
    return found
