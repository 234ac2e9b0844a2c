"""Red/yellow warnings: each rule with a hand-worked example, its arithmetic written out."""

from __future__ import annotations

from etl.scoring.profiles import get_profile, load_warning_thresholds
from etl.scoring.warnings import report_warnings, rule_text, status
from tests.etl.scoring.facts import indicator, report

THRESHOLDS = load_warning_thresholds()
NATIONAL = get_profile("national")


def rules(facts) -> list[tuple[str, str, int | None]]:
    return [(w.rule, w.level, w.indicator_index)
            for w in report_warnings(facts, THRESHOLDS, NATIONAL)]  # fmt: skip


def test_execution_rate_bands() -> None:
    # 55 % < 60: red; 75 % < 80: yellow; 85 %: none (green).
    assert rules(report(rate=55.0)) == [("EXECUTION_LOW", "red", None)]
    assert rules(report(rate=75.0)) == [("EXECUTION_LOW", "yellow", None)]
    assert rules(report(rate=85.0)) == []
    assert status(report_warnings(report(rate=85.0), THRESHOLDS, NATIONAL)) == "green"


def test_completion_running_ahead_of_execution() -> None:
    # Two of two judged indicators met: completion 100 %; execution 90 %: 10 > 5 points.
    facts = report(indicator(), indicator(), rate=90.0)
    assert rules(facts) == [("COMPLETION_AHEAD", "yellow", None)]
    # Execution 96 %: 100 − 96 = 4 points, within 5.
    assert rules(report(indicator(), indicator(), rate=96.0)) == []


def test_more_than_a_fifth_of_the_budget_unspent() -> None:
    # (100 − 75) ÷ 100 = 25 % > 20 %; (100 − 85) ÷ 100 = 15 %: none.
    assert ("UNSPENT", "yellow", None) in rules(report(rate=None, budget=100.0, executed=75.0))
    assert rules(report(rate=None, budget=100.0, executed=85.0)) == []


def test_a_target_far_exceeded_was_set_too_low() -> None:
    # actual ÷ target = 1.35 ≥ 1.3 on a forward indicator; a reverse one is not judged so.
    facts = report(indicator(ratio=1.35), indicator(ratio=1.35, reverse=True), rate=100.0)
    assert rules(facts) == [("TARGET_TOO_LOW", "yellow", 0)]


def test_a_qualitative_score_outside_its_band() -> None:
    # Met, 10 points: band 8–10; stated 7 is outside. Partly met: 6–8; stated 7 inside.
    facts = report(
        indicator(weight=10, ratio=None, stated_score=7.0, has_reason=True),
        indicator(weight=10, ratio=None, status="partly_met", stated_score=7.0, has_reason=True),
    )
    assert rules(facts) == [("QUALITATIVE_OUT_OF_BAND", "yellow", 0)]


def test_marked_down_or_missed_without_a_reason() -> None:
    # Met but 9 of 10 points, no reason: yellow. Partly met, no reason: red.
    facts = report(
        indicator(weight=10, stated_score=9.0),
        indicator(weight=10, status="partly_met", ratio=0.7),
        indicator(weight=10, status="partly_met", ratio=0.7, has_reason=True),
    )
    assert rules(facts) == [("MARKED_DOWN_NO_REASON", "yellow", 0), ("MISSED_NO_REASON", "red", 1)]
    assert status(report_warnings(facts, THRESHOLDS, NATIONAL)) == "red"


def test_every_rule_reads_with_its_thresholds() -> None:
    assert rule_text("EXECUTION_LOW", THRESHOLDS) == "预算执行率低于60%为红色，低于80%为黄色"
    assert rule_text("TARGET_TOO_LOW", THRESHOLDS).startswith("实际完成值达到指标值的130%以上")
