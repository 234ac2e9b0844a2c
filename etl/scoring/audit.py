"""Indicator-design audit of a report: are its targets measurable, complete and honest?

Pure functions over `ReportFacts`. Each finding names its rule (`RULES`, in words):

- LOW_QUANTIFIED: fewer than half of the targets are numbers.
- MISSING_EFFECT / MISSING_SATISFACTION: no 效益 or no 满意度 indicator.
- VAGUE_TARGET: a target in words that cannot be checked (效果明显, 有所提高, 进一步…).
- TARGET_EQUALS_ACTUAL: every actual copies its target word for word (three or more).
- WEIGHTS_NOT_100: the budget row's and the indicators' 分值 do not add up to 100.
- LOW_SATISFACTION_TARGET: a satisfaction target below 80 %.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.scoring.recompute import ReportFacts

# Below this share of numeric targets a report's goals are mostly unmeasurable.
MIN_QUANTIFIED_SHARE = 0.5
# Satisfaction targets under this percentage promise too little.
MIN_SATISFACTION_TARGET = 80.0
# Weights within this of 100 add up (forms write one or two decimals).
WEIGHT_TOLERANCE = 0.5
# Identical target and actual on this many indicators or more is a copied table.
MIN_COPIED = 3
# Words of a target nobody can check: improvement without a measure.
VAGUE_TARGET = re.compile(
    r"效果明显|效果显著|有所(?:提高|提升|改善|增加|增强)|进一步|明显(?:提高|提升|改善)|"
    r"不断(?:提高|提升|完善)|逐步(?:提高|提升|完善)|较好|良好|稳步"
)
RULES = {
    "LOW_QUANTIFIED": f"量化指标少于{MIN_QUANTIFIED_SHARE:.0%}",
    "MISSING_EFFECT": "没有效益指标",
    "MISSING_SATISFACTION": "没有满意度指标",
    "VAGUE_TARGET": "指标值用“效果明显”“有所提高”“进一步”等无法核验的词表述",
    "TARGET_EQUALS_ACTUAL": f"{MIN_COPIED}个及以上指标的实际完成值与指标值逐字相同",
    "WEIGHTS_NOT_100": "预算执行与各指标分值合计不等于100",
    "LOW_SATISFACTION_TARGET": f"满意度指标值低于{MIN_SATISFACTION_TARGET:g}%",
}


@dataclass(frozen=True)
class DesignFinding:
    """One weakness of a report's indicator design."""

    rule: str
    message: str  # with the figures or the words found, in Chinese
    indicator_index: int | None = None


def audit(facts: ReportFacts) -> list[DesignFinding]:
    """Every design finding of the report, report-level first, then by indicator."""
    indicators = facts.indicators
    if not indicators:
        return []
    found = []
    quantified = sum(i.target_number is not None for i in indicators)
    share = quantified / len(indicators)
    if share < MIN_QUANTIFIED_SHARE:
        found.append(DesignFinding(
            "LOW_QUANTIFIED", f"量化指标 {quantified} / {len(indicators)} = {share:.0%}"
        ))  # fmt: skip
    categories = {i.category for i in indicators}
    if "效益指标" not in categories:
        found.append(DesignFinding("MISSING_EFFECT", RULES["MISSING_EFFECT"]))
    if "满意度指标" not in categories:
        found.append(DesignFinding("MISSING_SATISFACTION", RULES["MISSING_SATISFACTION"]))
    both = [i for i in indicators if i.target and i.actual]
    if len(both) >= MIN_COPIED and all(_same(i.target, i.actual) for i in both):
        found.append(DesignFinding(
            "TARGET_EQUALS_ACTUAL", f"{len(both)} 个指标的实际完成值均与指标值相同"
        ))  # fmt: skip
    weights = [i.weight for i in indicators]
    if facts.budget_weight is not None and all(w is not None for w in weights):
        total = facts.budget_weight + sum(w or 0.0 for w in weights)
        if abs(total - 100.0) > WEIGHT_TOLERANCE:
            found.append(DesignFinding("WEIGHTS_NOT_100", f"分值合计 {total:g}"))
    for index, indicator in enumerate(indicators):
        vague = VAGUE_TARGET.search(indicator.target or "")
        if vague and indicator.target_number is None:
            message = f"“{indicator.name}”指标值“{indicator.target}”"
            found.append(DesignFinding("VAGUE_TARGET", message, index))
        number = indicator.target_number
        if (
            indicator.category == "满意度指标"
            and indicator.target_unit == "%"
            and number is not None
            and number < MIN_SATISFACTION_TARGET
        ):
            message = f"“{indicator.name}”指标值 {number:g}%"
            found.append(DesignFinding("LOW_SATISFACTION_TARGET", message, index))
    return found


def _same(target: str | None, actual: str | None) -> bool:
    return re.sub(r"\s+", "", target or "") == re.sub(r"\s+", "", actual or "")
