"""The demo world's content model: deterministic, in range, flawed only where it says so."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from etl.checks import DEFAULT_THRESHOLDS, check_report, is_copy_paste
from etl.demo.flaws import FLAW_CODES
from etl.demo.world import GOLD_KEYS, INDICATOR_KEYS, build_world, gold, ground_truth
from etl.linking import cluster_units
from etl.outcomes import extract_outcomes
from etl.parse.cells import Cell
from etl.parse.narrative import stated_figures
from etl.records import Indicator, Report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def world():
    return build_world()


def _rate(report: dict) -> float:
    return report["executed"] / report["budget"] * 100


def test_same_seed_same_ground_truth_other_seed_differs():
    first = json.dumps(ground_truth(build_world(7)), ensure_ascii=False, sort_keys=True)
    second = json.dumps(ground_truth(build_world(7)), ensure_ascii=False, sort_keys=True)
    assert first == second
    assert first != json.dumps(ground_truth(build_world(8)), ensure_ascii=False, sort_keys=True)


def test_ground_truth_is_json_ready_and_complete(world):
    truth = json.loads(json.dumps(ground_truth(world), ensure_ascii=False))
    assert truth["report_count"] == len(world.reports)
    stems = [entry["stem"] for entry in truth["reports"]]
    assert len(set(stems)) == len(stems)
    entry = truth["reports"][0]
    for key in ("stem", "format", "budget", "executed", "indicator_count", "flaws"):
        assert key in entry


def test_counts_in_issue_ranges(world):
    years = {r["year"] for r in world.reports}
    assert set(range(2017, 2025)) <= years
    assert len(world.units) >= 15
    assert {u.level for u in world.units} >= {"province", "city", "centre", "county"}
    names = {u.name for u in world.units}
    assert all(u.parent is None or u.parent in names for u in world.units)
    assert 200 <= len(world.reports) <= 400
    per_project = Counter(r["project_code"] for r in world.reports)
    assert all(count >= 3 for count in per_project.values())
    per_unit = Counter(p.unit.code for p in world.projects)
    assert all(count >= 2 for count in per_unit.values())


def test_forms_by_year_and_formats(world):
    for report in world.reports:
        assert report["form"] == ("form2020" if report["year"] >= 2020 else "form2018")
    formats = Counter(r["format"] for r in world.reports)
    assert set(formats) == {"docx", "xlsx", "pdf", "html", "xls", "doc", "txt"}
    main = formats["docx"] + formats["xlsx"] + formats["pdf"]
    assert main / len(world.reports) > 0.65


def test_budgets_and_execution_distribution(world):
    budgets = [r["budget"] for r in world.reports if r["money_unit"] == "万元"]
    assert min(budgets) >= 5 and max(budgets) <= 5000
    assert math.log10(max(budgets) / min(budgets)) >= 2.5
    rates = [_rate(r) for r in world.reports if r["executed"] is not None]
    assert sum(85 <= rate <= 100 for rate in rates) / len(rates) > 0.7
    assert sum(rate < 60 for rate in rates) >= 5
    assert 3 <= sum(rate > 100 for rate in rates) <= 0.08 * len(rates)


def test_indicator_categories_and_deviations(world):
    level2 = Counter(i["level2"] for r in world.reports for i in r["indicators"])
    for name in ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                 "生态效益指标", "可持续影响指标", "服务对象满意度指标"):  # fmt: skip
        assert level2[name] > 0, name
    indicators = [i for r in world.reports for i in r["indicators"]]
    assert any(i["target"][:1] in "≥≧≤≦=═不" for i in indicators)
    assert any(not any(c.isdigit() for c in i["target"]) for i in indicators)
    missed = [
        i
        for r in world.reports
        if "MISSING_DEVIATION_REASON" not in r["flaws"]
        for i in r["indicators"]
        if i["score"] is not None and i["score"] < i["weight"]
    ]
    assert missed and all(i["deviation_reason"] for i in missed)


def test_scores_within_weights_and_grades(world):
    for report in world.reports:
        if report["form"] == "form2018":
            assert report["self_score_total"] is None and report["grade"] is None
            continue
        above = [i for i in report["indicators"] if i["score"] > i["weight"]]
        assert bool(above) == ("SCORE_ABOVE_WEIGHT" in report["flaws"]), report["stem"]
        assert sum(i["weight"] for i in report["indicators"]) + report["budget_weight"] == 100
        parts = sum(i["score"] for i in report["indicators"]) + (report["budget_score"] or 0)
        assert abs(parts - report["self_score_total"]) < 0.01
    assert len({r["grade"] for r in world.reports} - {None}) >= 3


def test_flaws_low_rate_every_code_present(world):
    codes = Counter(code for r in world.reports for code in r["flaws"])
    assert set(codes) == set(FLAW_CODES)
    for code, count in codes.items():
        assert count / len(world.reports) <= 0.06, code
    assert sum(1 for r in world.reports if r["flaws"]) / len(world.reports) <= 0.25


def test_unit_typos_fold_back(world):
    canonical = {u.name for u in world.units}
    departments = [r["department"] for r in world.reports]
    typos = [r["department"] for r in world.reports if "unit_typo" in r["flaws"]]
    assert typos and all(t not in canonical for t in typos)
    mapping = cluster_units(departments)
    assert all(mapping[t] in canonical for t in typos)


def test_copy_paste_only_where_injected(world):
    for report in world.reports:
        pasted = is_copy_paste(report["goal_target"], report["goal_actual"], DEFAULT_THRESHOLDS)
        pasted |= any(
            is_copy_paste(i["target"], i["actual"], DEFAULT_THRESHOLDS)
            for i in report["indicators"]
        )
        assert pasted == ("COPY_PASTE_ACTUAL" in report["flaws"]), report["stem"]


def _as_report(report: dict) -> Report:
    fields = {key: report[key] for key in GOLD_KEYS if key != "indicators"}
    indicators = [
        Indicator(**{key: i[key] for key in (*INDICATOR_KEYS, "deviation_reason")})
        for i in report["indicators"]
    ]
    return Report(**fields, indicators=indicators, budget_weight=report["budget_weight"],
                  budget_score=report["budget_score"], money_unit=report["money_unit"],
                  form_kind=report["form"], goal_target=report["goal_target"],
                  goal_actual=report["goal_actual"])  # fmt: skip


def test_checks_raise_exactly_the_expected_flags(world):
    """The form's figures plus the text's budget sentence raise the ground truth's flags."""
    truth = {entry["stem"]: entry for entry in ground_truth(world)["reports"]}
    for report in world.reports:
        parsed = _as_report(report)
        text = report["budget_text"] + report["narrative"]
        parsed.stated_figures = stated_figures([Cell(text, 1, 1)], report["stem"])
        raised = {flag.code for flag in check_report(parsed)}
        assert raised == set(truth[report["stem"]]["expected_flags"]), report["stem"]


def test_every_report_has_the_gold_shape(world):
    sample = json.loads((FIXTURES / "seeds" / "000_3d3cd3b106848c44.gold.json").read_text())
    seed_keys = set(sample["reports"][0]) - {"execution_rate_computed"}
    seed_indicator_keys = set(sample["reports"][0]["indicators"][0])
    for report in world.reports:
        shaped = gold(report)
        assert set(shaped) == seed_keys == set(GOLD_KEYS)
        assert isinstance(shaped["year"], int) and shaped["project_name"]
        for ind in shaped["indicators"]:
            assert set(ind) == seed_indicator_keys
            assert ind["target"] and ind["actual"]


def test_narrative_states_its_outcomes(world):
    for report in world.reports:
        assert report["outcomes"]
        for outcome in report["outcomes"].values():
            assert outcome["label"] in report["narrative"]
    # Outcomes trend upward: a unit's patent applications grow from first to last year.
    series: dict[str, dict[int, float]] = {}
    for report in world.reports:
        if "patent_applications" in report["outcomes"]:
            value = report["outcomes"]["patent_applications"]["value"]
            series.setdefault(report["unit_code"], {})[report["year"]] = value
    rising = [s[max(s)] > s[min(s)] for s in series.values() if len(s) >= 4]
    assert rising and sum(rising) / len(rising) > 0.8


def test_outcome_extractor_reads_every_narrative(world):
    for report in world.reports:
        found = extract_outcomes([(report["narrative"], None)])
        got = {(o.metric, o.value, o.unit, o.qualifier) for o in found}
        expected = {
            (k, v["value"], v["unit"], v["qualifier"]) for k, v in report["outcomes"].items()
        }
        assert got == expected, report["narrative"]


def test_budget_text_agrees_with_the_form(world):
    for report in world.reports:
        text = report["budget_text"]
        assert ("实际执行" in text) == (report["executed"] is not None)
        assert ("执行率" in text) == (report["execution_rate_stated"] is not None)
