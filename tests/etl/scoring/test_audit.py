"""Indicator-design audit: each rule with a worked example."""

from __future__ import annotations

from etl.scoring.audit import audit
from tests.etl.scoring.facts import indicator, report


def rules(facts) -> list[tuple[str, int | None]]:
    return [(f.rule, f.indicator_index) for f in audit(facts)]


def complete(**kw: object):
    """Three indicators, one per category, numeric targets: nothing to find."""
    return report(
        indicator("培训人次", target="≥100人次", actual="120人次", target_number=100.0,
                  target_unit="人次", weight=50.0),
        indicator("带动投入", category="效益指标", target="≥50万元", actual="60万元",
                  target_number=50.0, target_unit="万元", weight=30.0),
        indicator("满意度", category="满意度指标", target="≥90%", actual="95%",
                  target_number=90.0, target_unit="%", weight=10.0),
        **{"budget_weight": 10.0, **kw},
    )  # fmt: skip


def test_a_well_designed_report_has_no_findings() -> None:
    assert rules(complete()) == []


def test_few_numeric_targets_and_missing_categories() -> None:
    # 1 of 3 targets numeric: 33 % < 50 %; no 效益, no 满意度 indicator.
    facts = report(
        indicator("培训", target="≥100人次", target_number=100.0),
        indicator("质量", target="符合要求"),
        indicator("时效", target="按时完成"),
    )
    assert rules(facts) == [("LOW_QUANTIFIED", None), ("MISSING_EFFECT", None),
                            ("MISSING_SATISFACTION", None)]  # fmt: skip


def test_vague_words_in_a_target() -> None:
    facts = complete()
    vague = indicator("服务水平", category="效益指标", target="服务水平有所提高")
    facts = report(*facts.indicators, vague, budget_weight=None)
    assert ("VAGUE_TARGET", 3) in rules(facts)


def test_every_actual_copied_from_its_target() -> None:
    copied = [indicator(f"指标{n}", target="完成", actual=" 完成") for n in range(3)]
    assert ("TARGET_EQUALS_ACTUAL", None) in rules(report(*copied))


def test_weights_must_add_up_to_100() -> None:
    # 10 + 50 + 30 + 10 = 100: fine; with budget row 20: 110.
    assert rules(complete()) == []
    assert rules(complete(budget_weight=20.0)) == [("WEIGHTS_NOT_100", None)]


def test_a_satisfaction_target_below_80_percent() -> None:
    low = indicator("满意度", category="满意度指标", target="≥70%", target_number=70.0,
                    target_unit="%")  # fmt: skip
    facts = complete()
    facts = report(*facts.indicators[:2], low)
    assert rules(facts) == [("LOW_SATISFACTION_TARGET", 2)]
