"""Quality checks on reports built from the real seed and corpus figures."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from etl.checks import (
    CHECKS,
    DEFAULT_THRESHOLDS,
    FLAG_CODES,
    CheckThresholds,
    QualityFlag,
    check_report,
    expected_grade,
    is_copy_paste,
)
from etl.contract import CONTRACT_FIELDS
from etl.extract import extract_file
from etl.records import Indicator, Report, SourceRef, StatedFigure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_000 = "000_3d3cd3b106848c44.txt"
REPORT_FIELDS = CONTRACT_FIELDS  # the gold answers hold the contract's fields


def gold_report(path: str, index: int = 0, **overrides: object) -> Report:
    """A Report holding one gold report's figures and indicator texts verbatim."""
    gold = json.loads((FIXTURES / path).read_text(encoding="utf-8"))["reports"][index]
    indicators = [
        Indicator(
            level1=row["level1"],
            level2=row["level2"],
            level3=row["level3"],
            target=row["target"],
            actual=row["actual"],
            weight=row["weight"],
            score=row["score"],
        )
        for row in gold["indicators"]
    ]
    fields = {name: gold.get(name) for name in REPORT_FIELDS}
    return Report(**{**fields, "indicators": indicators, **overrides})


def codes(flags: list[QualityFlag]) -> list[tuple[str, int | None]]:
    return [(flag.code, flag.indicator_index) for flag in flags]


def seed_report_1() -> Report:
    """Seed 000 report 1 as the parser should emit it: table 423.65, text 423.25."""
    return gold_report(
        f"seeds/{SEED_000.replace('.txt', '.gold.json')}",
        0,
        form_kind="form2018",
        provenance={
            "budget": SourceRef(SEED_000, line=12),
            "executed": SourceRef(SEED_000, line=14),
            "execution_rate_stated": SourceRef(SEED_000, line=34),  # only the text states it
        },
        stated_figures=[
            StatedFigure("executed", 423.25, "执行数为423.25万元", SourceRef(SEED_000, line=33)),
            StatedFigure("executed", 423.25, "执行数为423.25万元", SourceRef(SEED_000, line=34)),
            StatedFigure("execution_rate", 100.0, "完成预算的100%", SourceRef(SEED_000, line=33)),
            StatedFigure("execution_rate", 84.68, "完成预算的84.68%", SourceRef(SEED_000, line=34)),
            StatedFigure("budget", 499.86, "全年预算数499.86万元", SourceRef(SEED_000, line=33)),
        ],
    )


def real_01(**overrides: object) -> Report:
    """Corpus real_01: 2020-style form in 元 with 总分 96 and grade 优; budget row 10/10."""
    goal = "确保每一个学生都能享受到国家政策福利,改善学生体质"
    fields = {
        "money_unit": "元",
        "form_kind": "form2020",
        "budget_weight": 10.0,
        "budget_score": 10.0,
        "goal_target": goal,
        "goal_actual": goal,
    }
    return gold_report("corpus/real_01.gold.json", **{**fields, **overrides})


# --- the seed trap ---------------------------------------------------------------------


def test_seed_report_1_flags_exactly_the_conflicts_and_copied_prose():
    flags = check_report(seed_report_1())
    assert codes(flags) == [
        ("CONFLICTING_FIGURE", None),
        ("CONFLICTING_FIGURE", None),
        ("COPY_PASTE_ACTUAL", 1),
        ("COPY_PASTE_ACTUAL", 2),
    ]


def test_seed_conflict_message_names_both_values_and_positions():
    executed, rate = (f for f in check_report(seed_report_1()) if f.code == "CONFLICTING_FIGURE")
    assert executed.severity == "error"
    for text in ("423.65", "423.25", f"{SEED_000}:14", f"{SEED_000}:33", f"{SEED_000}:34"):
        assert text in executed.message
    # The stated 84.68% supports the text figure, not the table one.
    assert "84.68%与文中数字423.25相符" in executed.message
    assert "执行数为423.25万元" in executed.evidence
    assert "100.00%" in rate.message and "84.68%" in rate.message
    assert f"{SEED_000}:33" in rate.message and f"{SEED_000}:34" in rate.message


def test_seed_rate_within_tolerance_is_not_a_rate_mismatch():
    report = seed_report_1()
    assert report.execution_rate == 84.75
    assert "RATE_MISMATCH" not in {flag.code for flag in check_report(report)}


# --- clean reports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "index"),
    [
        (f"seeds/{SEED_000.replace('.txt', '.gold.json')}", 2),  # ≥95% / 2018年12月底前 repeated
        (f"seeds/{SEED_000.replace('.txt', '.gold.json')}", 3),
        (f"seeds/{SEED_000.replace('.txt', '.gold.json')}", 4),
        ("corpus/real_02.gold.json", 0),  # stated 97.8 vs computed 97.81: truncation
        ("corpus/real_04.gold.json", 0),
        ("corpus/real_06.gold.json", 0),  # weights without scores
        ("corpus/real_07.gold.json", 0),
    ],
)
def test_clean_reports_have_no_flags(path: str, index: int):
    assert check_report(gold_report(path, index)) == []


# --- one finding each, on real figures -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("corpus/real_05.gold.json", [("RATE_MISMATCH", None)]),  # 98 stated, 94.54 computed
        ("corpus/real_03.gold.json", [("UNSPENT_SHARE", None), ("LOW_EXECUTION", None)]),
        ("corpus/real_08.gold.json", [("UNSPENT_SHARE", None), ("LOW_EXECUTION", None)]),
        ("corpus/real_09.gold.json", [("MISSING_FIGURE", None)]),  # executed blank
    ],
)
def test_corpus_reports_flag_exactly(path: str, expected: list[tuple[str, int | None]]):
    assert codes(check_report(gold_report(path))) == expected


def test_rate_mismatch_message_shows_both_rates():
    (flag,) = check_report(gold_report("corpus/real_05.gold.json"))
    assert "98.00%" in flag.message and "94.54%" in flag.message
    assert flag.severity == "error"


def test_real_01_copied_goal_and_unexplained_lost_points():
    flags = check_report(real_01())
    assert codes(flags) == [
        ("MISSING_DEVIATION_REASON", 2),  # 资金到位及时率 7/10
        ("MISSING_DEVIATION_REASON", 5),  # 政策知晓率 9/10
        ("COPY_PASTE_ACTUAL", None),  # 年度总体目标 copied
    ]
    assert {flag.severity for flag in flags[:2]} == {"info"}
    assert "资金到位及时率" in flags[0].message


def test_deviation_reason_silences_missing_reason():
    report = real_01(goal_actual="已完成")
    report.indicators[2].deviation_reason = "资金下达滞后，已督促及时拨付"
    report.indicators[5].deviation_reason = "无"  # a placeholder is not a reason
    assert codes(check_report(report)) == [("MISSING_DEVIATION_REASON", 5)]


@pytest.mark.parametrize(
    ("total", "grade", "expected"),
    [
        (96, "优", []),
        (95, "优", ["SCORE_SUM_MISMATCH"]),  # parts add to 96
        (96, "良", ["GRADE_MISMATCH"]),
        (96, "优秀", []),
        (96, "合格", []),  # another grading system: nothing to compare
    ],
)
def test_real_01_total_and_grade(total: float, grade: str, expected: list[str]):
    report = real_01(goal_actual="已完成", self_score_total=total, grade=grade)
    for indicator in report.indicators:
        indicator.deviation_reason = "见说明"
    assert [flag.code for flag in check_report(report)] == expected


def test_score_sum_counts_budget_score():
    report = real_01(goal_actual="已完成", budget_score=None)
    for indicator in report.indicators:
        indicator.deviation_reason = "见说明"
    (flag,) = check_report(report)
    assert flag.code == "SCORE_SUM_MISMATCH"
    assert "86.00" in flag.message and "96.00" in flag.message


def test_score_above_weight_per_indicator_and_budget_row():
    report = gold_report("corpus/real_07.gold.json", budget_weight=10.0, budget_score=12.0)
    report.indicators[1].score = 27.0  # weight 25
    report.indicators[1].source = SourceRef("real_07.txt", line=18)
    flags = check_report(report)
    assert codes(flags) == [("SCORE_ABOVE_WEIGHT", 1), ("SCORE_ABOVE_WEIGHT", None)]
    assert "完成率" in flags[0].message and "27.00" in flags[0].message
    assert "real_07.txt:18" in flags[0].evidence


def test_over_execution():
    report = gold_report(f"seeds/{SEED_000.replace('.txt', '.gold.json')}", 1, executed=12.0)
    report.indicators = []
    report.provenance = {"executed": SourceRef(SEED_000, line=40)}
    (flag,) = check_report(report)
    assert (flag.code, flag.severity) == ("OVER_EXECUTION", "error")
    assert "12.00万元" in flag.message and f"{SEED_000}:40" in flag.evidence


@pytest.mark.parametrize(
    ("missing", "severity"),
    [("project_name", "error"), ("budget", "error"), ("executed", "error"), ("year", "warning")],
)
def test_missing_figure_severity(missing: str, severity: str):
    report = gold_report("corpus/real_02.gold.json", **{missing: None})
    flags = [flag for flag in check_report(report) if flag.code == "MISSING_FIGURE"]
    assert [(flag.severity, missing in flag.evidence) for flag in flags] == [(severity, True)]


# --- thresholds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "expected"),
    [
        (30.8, [("UNSPENT_SHARE", "warning"), ("LOW_EXECUTION", "warning")]),  # 58.33%: red
        (36.96, [("UNSPENT_SHARE", "warning"), ("LOW_EXECUTION", "info")]),  # 70%: yellow
        (42.24, []),  # exactly 80%: green, 20% unspent is not more than 20%
    ],
)
def test_execution_bands(executed: float, expected: list[tuple[str, str]]):
    report = gold_report("corpus/real_08.gold.json", executed=executed, execution_rate_stated=None)
    assert [(flag.code, flag.severity) for flag in check_report(report)] == expected


def test_thresholds_are_configurable():
    report = gold_report("corpus/real_08.gold.json", executed=36.96, execution_rate_stated=None)
    lenient = CheckThresholds(unspent_share=40.0, low_execution_red=50.0, low_execution_yellow=65.0)
    assert check_report(report, lenient) == []
    strict_rate = replace(DEFAULT_THRESHOLDS, rate_tolerance=0.005)
    truncated = gold_report("corpus/real_02.gold.json")  # 97.8 vs 97.81
    assert codes(check_report(truncated, strict_rate)) == [("RATE_MISMATCH", None)]


@pytest.mark.parametrize(
    ("total", "default", "old_bands"),
    [(96, "优", "优"), (90, "优", "优"), (89.99, "良", "优"), (75, "中", "良"), (59.5, "差", "差")],
)
def test_grade_bands(total: float, default: str, old_bands: str):
    old = CheckThresholds(grade_bands=(("优", 80.0), ("良", 70.0), ("中", 60.0)))
    assert expected_grade(total, DEFAULT_THRESHOLDS) == default
    assert expected_grade(total, old) == old_bands


@pytest.mark.parametrize(
    ("target", "actual", "copied"),
    [
        ("100%", "100%", False),
        ("≥95%", "≥95%", False),
        ("2018年12月底前", "2018年12月底前", False),  # a deadline met, not copied prose
        ("维护良好", "维护良好", False),  # too short to tell
        ("有效减少项目成本", "有效减少项目成本", True),
        ("有效减少项目成本。", " 有效减少 项目成本", True),  # punctuation and spaces ignored
        ("有效减少项目成本", "通过网上专家评审减少项目成本", False),
        (None, "有效减少项目成本", False),
    ],
)
def test_copy_paste_rule(target: str | None, actual: str | None, copied: bool):
    assert is_copy_paste(target, actual, DEFAULT_THRESHOLDS) is copied


def test_every_check_has_a_unique_registered_code():
    assert tuple(CHECKS) == FLAG_CODES
    assert set(FLAG_CODES) == {
        "MISSING_FIGURE",
        "RATE_MISMATCH",
        "OVER_EXECUTION",
        "UNSPENT_SHARE",
        "LOW_EXECUTION",
        "CONFLICTING_FIGURE",
        "OUTCOME_CONFLICT",
        "SCORE_ABOVE_WEIGHT",
        "SCORE_SUM_MISMATCH",
        "GRADE_MISMATCH",
        "MISSING_DEVIATION_REASON",
        "COPY_PASTE_ACTUAL",
        "LOW_OCR_CONFIDENCE",
    }


def test_an_outcome_stated_with_two_values_is_flagged_not_resolved():
    # Seed 000 states the city's 万人发明专利拥有量 as 10.51 and, later, 10.54.
    path = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "000_3d3cd3b106848c44.txt"
    report = extract_file(path).reports[0]
    per_10k = [o for o in report.outcomes if o.metric == "invention_patents_per_10k"]
    assert sorted(o.value for o in per_10k) == [10.51, 10.54]
    assert all(o.conflict for o in per_10k)
    (flag,) = [f for f in check_report(report) if f.code == "OUTCOME_CONFLICT"]
    assert "万人发明专利拥有量前后不一" in flag.message and "10.51" in flag.message
    assert "10.54" in flag.message


def test_the_checks_warn_and_grade_by_the_scoring_file() -> None:
    from etl.scoring.profiles import get_profile, load_warning_thresholds

    warnings = load_warning_thresholds()
    assert (
        DEFAULT_THRESHOLDS.low_execution_red,
        DEFAULT_THRESHOLDS.low_execution_yellow,
        DEFAULT_THRESHOLDS.unspent_share,
    ) == (warnings.execution_red_below, warnings.execution_yellow_below, warnings.unspent_share)
    national = get_profile()
    assert DEFAULT_THRESHOLDS.grade_bands == national.grade_bands
    assert DEFAULT_THRESHOLDS.lowest_grade == national.lowest_grade


def test_a_figure_read_from_a_scan_with_a_low_score_is_flagged_for_checking():
    sure = SourceRef("form.pdf", table=1, row=4, col=5, page=1, confidence=0.99)
    unsure = SourceRef("form.pdf", table=1, row=4, col=6, page=1, confidence=0.55)
    typed = SourceRef("form.docx", table=1, row=4, col=6)  # no OCR: no score at all
    report = Report(budget=32.4, executed=31.69, year=2023, project_name="收容所建设")
    report.provenance = {"budget": sure, "executed": unsure}
    report.indicators = [Indicator(level3="钢结构圈养围栏", target="≥120米", source=unsure),
                         Indicator(level3="收容所", target="≥200平方米", source=typed)]  # fmt: skip
    flags = [f for f in check_report(report) if f.code == "LOW_OCR_CONFIDENCE"]
    assert [(f.message, f.indicator_index) for f in flags] == [
        ("执行数从扫描件识别，可信度55%，请对照原件核对", None),
        ("指标“钢结构圈养围栏”从扫描件识别，可信度55%，请对照原件核对", 0),
    ]
    assert "executed=31.69 @ form.pdf p.1 table 1 R4C6" in flags[0].evidence
    assert not [f for f in check_report(report, CheckThresholds(ocr_confidence=0.5))
                if f.code == "LOW_OCR_CONFIDENCE"]  # fmt: skip
