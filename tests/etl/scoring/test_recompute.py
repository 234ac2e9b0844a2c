"""Recomputed scores: each rule with a hand-worked example, its arithmetic written out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from etl.scoring.profiles import PROFILES_FILE, ProfileError, get_profile, load_profiles
from etl.scoring.recompute import ReportFacts, recompute
from tests.etl.scoring.facts import indicator, report

NATIONAL = get_profile("national")
PROVINCIAL_20_80 = get_profile("provincial_20_80")
LINEAR = get_profile("provincial_linear")


def points(facts: ReportFacts, profile=NATIONAL) -> list[float | None]:
    return [line.points for line in recompute(facts, profile).lines]


def test_budget_points_are_the_rate_times_the_block_capped_at_the_block() -> None:
    # 83.5 % × 10 = 8.35; 120 % counts as 100 %: 10.
    assert points(report(indicator(weight=90), rate=83.5))[0] == 8.35
    assert points(report(indicator(weight=90), rate=120.0))[0] == 10.0
    # Under the 20 + 80 profile: 83.5 % × 20 = 16.70.
    assert points(report(indicator(weight=80), rate=83.5), PROVINCIAL_20_80)[0] == 16.70


def test_form_weights_keep_their_proportions_within_the_indicator_block() -> None:
    facts = report(indicator(weight=20), indicator(weight=20), indicator(weight=50))
    # National: block 90, form weights sum to 90: kept as they are.
    assert [line.weight for line in recompute(facts, NATIONAL).lines] == [10, 20, 20, 50]
    # 20 + 80: 20 × 80 / 90 = 17.78, 50 × 80 / 90 = 44.44.
    assert [line.weight for line in recompute(facts, PROVINCIAL_20_80).lines] == [
        20, 17.78, 17.78, 44.44
    ]  # fmt: skip


def test_without_form_weights_category_defaults_fill_the_block() -> None:
    # Two 产出 and one 效益, no 满意度: defaults 50 and 30 (80 present) scaled to 90.
    # 产出: 50 / 2 × 90 / 80 = 28.125 → 28.13 each; 效益: 30 × 90 / 80 = 33.75.
    facts = report(indicator(), indicator(), indicator(category="效益指标"))
    assert [line.weight for line in recompute(facts, NATIONAL).lines][1:] == [28.13, 28.13, 33.75]


def test_a_missed_numeric_indicator_scores_points_times_actual_over_target() -> None:
    # 20 points, actual ÷ target = 0.75: 20 × 0.75 = 15.00.
    facts = report(indicator(weight=20, status="partly_met", ratio=0.75), indicator(weight=70))
    assert points(facts)[1] == 15.0


def test_a_missed_reverse_indicator_by_ratio_or_linear() -> None:
    # Cost ceiling 100, actual 125: ratio target ÷ actual = 0.8.
    missed = indicator(weight=10, status="partly_met", ratio=0.8, reverse=True)
    facts = report(missed, indicator(weight=80))
    assert points(facts, NATIONAL)[1] == 8.0  # 10 × 0.8
    assert points(facts, LINEAR)[1] == 7.5  # 10 × (2 − 125/100) = 10 × 0.75


def test_a_qualitative_judgement_keeps_the_stated_score_within_its_band() -> None:
    met_low = indicator(weight=10, ratio=None, stated_score=7.0)  # met: band 8–10 → 8.00
    partly_blank = indicator(weight=10, status="partly_met", ratio=None)  # band 6–8, mid 7.00
    not_met_high = indicator(weight=10, status="not_met", ratio=None, stated_score=9.0)  # 0–6 → 6
    facts = report(met_low, partly_blank, not_met_high, indicator(weight=60))
    assert points(facts)[1:4] == [8.0, 7.0, 6.0]


def test_unjudgeable_keeps_its_stated_score_or_drops_and_rescales() -> None:
    kept = indicator(weight=10, status="not_judgeable", ratio=None, stated_score=9.0)
    dropped = indicator(weight=10, status="not_judgeable", ratio=None)
    result = recompute(report(kept, dropped, indicator(weight=70)), NATIONAL)
    assert [line.points for line in result.lines] == [10.0, 9.0, None, 70.0]
    # 10 + 9 + 70 = 89 of 90 possible points: 89 × 100 ÷ 90 = 98.89.
    assert result.score == 98.89 and "按100分折算" in result.note


def test_no_execution_rate_drops_the_budget_block_and_rescales() -> None:
    # Indicators 90 of 90: 90 × 100 ÷ 90 = 100.
    result = recompute(report(indicator(weight=90), rate=None), NATIONAL)
    assert result.lines[0].points is None and result.score == 100.0


def test_a_low_execution_rate_caps_the_whole_score_under_the_capping_profile() -> None:
    # 20 + 80 profile, rate 65 %: budget 65 % × 20 = 13, indicators 80: total 93,
    # capped at 79 (60–70 %); the national profile has no cap: 6.5 + 90 = 96.5.
    facts = report(indicator(weight=80), rate=65.0)
    assert recompute(facts, PROVINCIAL_20_80).score == 79.0
    assert recompute(facts, NATIONAL).score == 96.5


def test_grades_follow_the_profile_bands() -> None:
    # 10 × 0.5 + 80 = 85: 良 under 90/80/60, 优 under 80/70/60.
    facts = report(indicator(weight=90, status="partly_met", ratio=80 / 90), rate=50.0)
    assert recompute(facts, NATIONAL).score == 85.0
    assert recompute(facts, NATIONAL).grade == "良"
    assert recompute(facts, LINEAR).grade == "优"


def test_a_stated_score_far_from_the_recomputed_one_is_flagged() -> None:
    # Stated 95 (优); recomputed 85 (良): 10 points apart, beyond the 5-point threshold.
    facts = report(
        indicator(weight=90, status="partly_met", ratio=80 / 90),
        rate=50.0,
        stated_score=95.0,
        stated_grade="优",
    )
    result = recompute(facts, NATIONAL)
    assert result.differences == ("SCORE_DIFFERS", "GRADE_DIFFERS")
    close = dataclasses.replace(facts, stated_score=88.0, stated_grade="良")  # 3 points off
    assert recompute(close, NATIONAL).differences == ()


def test_every_line_says_its_arithmetic() -> None:
    facts = report(indicator(weight=20, status="partly_met", ratio=0.75), indicator(weight=70))
    budget, missed, _ = recompute(facts, NATIONAL).lines
    assert budget.arithmetic == "执行率 100.00%（最高按100%）× 10 = 10.00"
    assert missed.arithmetic == "20.00 × 实际/目标 0.7500 = 15.00"


def test_a_bad_profile_file_names_the_file_and_the_profile(tmp_path: Path) -> None:
    text = PROFILES_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "profiles.toml"
    bad.write_text(text.replace('reverse_convention = "linear"', 'reverse_convention = "x"'))
    with pytest.raises(ProfileError, match=r"profiles\.toml: profile 'provincial_linear'"):
        load_profiles(bad)
    with pytest.raises(ProfileError, match="known: national"):
        get_profile("no-such-profile")
