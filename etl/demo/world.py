"""The demo world: units, recurring projects and one report per (project, year). No I/O.

`build_world(seed)` is deterministic: one seeded `random.Random` drives every draw, in a fixed
order. Each report is a dict in the gold shape the parser is scored against (see
docs/parse-contract.md) plus keys the renderer and the ground truth need: `form`, `format`,
`money_unit`, `budget_initial`, `budget_weight`/`budget_score`, per-indicator
`deviation_reason`, `goal_target`/`goal_actual`, `narrative` (outcome sentences, stated in
`outcomes`), `budget_text` (budget sentence agreeing with the form), `placeholder_rows` (template
rows to write but not in the gold), `flaws` (see etl/demo/flaws.py), `unit_code`,
`project_code` and `stem` (the file name without extension).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from etl.demo import flaws
from etl.demo.narrative import Trend, draw_indicators, make_trend, narrative, outcome_values

YEARS = tuple(range(2017, 2025))
FORM2020_FROM = 2020
GOLD_KEYS = (
    "year", "project_name", "department", "implementing_unit", "budget_initial", "budget",
    "executed", "fiscal_budget", "fiscal_executed", "other_budget", "other_executed",
    "execution_rate_stated", "self_score_total", "grade", "indicators",
)  # fmt: skip
INDICATOR_KEYS = ("level1", "level2", "level3", "target", "actual", "weight", "score")
# File formats in realistic proportions (cumulative draw in this order).
FORMAT_SHARES = (
    ("docx", 0.30), ("xlsx", 0.24), ("pdf", 0.22), ("html", 0.10),
    ("xls", 0.05), ("doc", 0.04), ("txt", 0.05),
)  # fmt: skip
BUDGET_WEIGHT = 10.0
GRADE_BANDS = (("优", 90.0), ("良", 80.0), ("中", 60.0))


@dataclass(frozen=True)
class Unit:
    """A budget unit; `parent` is the supervising unit's name (None at the top)."""

    code: str
    name: str
    level: str  # province | city | centre | county
    parent: str | None
    subject: str  # who the outcomes are attributed to in prose (全市, 本县, 中心…)


@dataclass(frozen=True)
class Project:
    """A recurring project of one unit, filed every year from `first` to `last`."""

    code: str
    unit: Unit
    name: str
    kind: str  # patent | finance | training | enforcement | service | tech
    base_budget: float  # 万元 in the first year
    first: int
    last: int


@dataclass
class World:
    """Everything the demo corpus holds."""

    seed: int
    units: list[Unit]
    projects: list[Project]
    reports: list[dict] = field(default_factory=list)


PROVINCE = "四川省知识产权局"
CITY = "绵阳市科学技术和知识产权局"
# (name, level, parent, subject)
UNIT_TABLE = (
    (PROVINCE, "province", None, "全省"),
    ("四川省知识产权服务促进中心", "centre", PROVINCE, "中心"),
    ("四川省知识产权发展研究中心", "centre", PROVINCE, "中心"),
    (CITY, "city", PROVINCE, "全市"),
    ("绵阳市知识产权保护中心", "centre", CITY, "中心"),
    ("绵阳市生产力促进中心", "centre", CITY, "中心"),
    ("绵阳市科技情报研究所", "centre", CITY, "本所"),
    ("绵阳市知识产权维权援助中心", "centre", CITY, "中心"),
    ("绵阳市涪城区科学技术和知识产权局", "county", CITY, "全区"),
    ("绵阳市游仙区科学技术和知识产权局", "county", CITY, "全区"),
    ("绵阳市安州区科学技术和知识产权局", "county", CITY, "全区"),
    ("江油市科学技术和知识产权局", "county", CITY, "全市"),
    ("三台县科学技术和知识产权局", "county", CITY, "全县"),
    ("盐亭县科学技术和知识产权局", "county", CITY, "全县"),
    ("梓潼县科学技术和知识产权局", "county", CITY, "全县"),
    ("北川羌族自治县科学技术和知识产权局", "county", CITY, "全县"),
    ("平武县科学技术和知识产权局", "county", CITY, "全县"),
)
# Project catalogue by unit level: (name, kind, budget range in 万元).
CATALOGUE = {
    "province": (
        ("知识产权强省建设专项资金", "patent", (1500, 5000)),
        ("专利导航产业发展项目", "service", (300, 1200)),
        ("知识产权质押融资风险补偿", "finance", (800, 3000)),
        ("知识产权人才培训", "training", (80, 300)),
    ),
    "city": (
        ("专利资助与奖励", "patent", (200, 800)),
        ("专利执法", "enforcement", (8, 40)),
        ("科技成果转化引导资金", "tech", (500, 2500)),
        ("科技创新券", "finance", (100, 600)),
        ("知识产权宣传培训", "training", (10, 60)),
    ),
    "centre": (
        ("知识产权公共服务平台运行维护", "service", (30, 200)),
        ("专利快速预审服务", "patent", (40, 250)),
        ("维权援助与纠纷调解", "enforcement", (5, 40)),
        ("企业知识产权贯标辅导", "training", (10, 80)),
    ),
    "county": (
        ("科技计划项目资金", "tech", (50, 400)),
        ("专利资助资金", "patent", (10, 80)),
        ("科技特派员服务", "training", (5, 40)),
        ("知识产权示范企业培育", "service", (10, 100)),
    ),
}


def _units() -> list[Unit]:
    return [
        Unit(f"u{i:02d}", name, level, parent, subject)
        for i, (name, level, parent, subject) in enumerate(UNIT_TABLE, 1)
    ]


def _projects(rng: random.Random, units: list[Unit]) -> list[Project]:
    """Two to four recurring projects per unit; most span all years, some start or end."""
    projects = []
    for unit in units:
        catalogue = CATALOGUE[unit.level]
        count = rng.randint(2, min(4, len(catalogue)))
        for j, (name, kind, (low, high)) in enumerate(rng.sample(catalogue, count), 1):
            first, last = YEARS[0], YEARS[-1]
            if rng.random() < 0.3:
                first = rng.choice(YEARS[1:5])
            elif rng.random() < 0.15:
                last = rng.choice(YEARS[4:-1])
            budget = math.exp(rng.uniform(math.log(low), math.log(high)))
            code = f"{unit.code}p{j}"
            projects.append(Project(code, unit, name, kind, budget, first, last))
    return projects


def _draw_format(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for fmt, share in FORMAT_SHARES:
        total += share
        if roll < total:
            return fmt
    return FORMAT_SHARES[0][0]


def _execution_rate(rng: random.Random) -> float:
    """Mostly 85–100%, a fifth exactly 100, some laggards (< 60, 60–85), a few above 100."""
    roll = rng.random()
    if roll < 0.2:
        return 100.0
    if roll < 0.80:
        return rng.uniform(85, 99.9)
    if roll < 0.90:
        return rng.uniform(60, 85)
    if roll < 0.96:
        return rng.uniform(25, 60)
    return rng.uniform(100.5, 108)


def grade_for(total: float) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (domain default bands)."""
    for grade, lowest in GRADE_BANDS:
        if total >= lowest:
            return grade
    return "差"


def _project_name(rng: random.Random, project: Project, year: int) -> str:
    """The name as filed: occasionally with the year in front or a 项目 suffix."""
    roll = rng.random()
    if roll < 0.12:
        return f"{year}年{project.name}"
    if roll < 0.2 and not project.name.endswith(("资金", "项目")):
        return project.name + "项目"
    return project.name


def _money(rng: random.Random, project: Project, year: int, unit_factor: float) -> dict:
    """Budget rows (in the document's unit), execution and the stated rate."""
    years_in = year - YEARS[0]
    budget = project.base_budget * (1.06**years_in) * rng.uniform(0.85, 1.15)
    budget = round(budget, 2)
    other = round(budget * rng.uniform(0.05, 0.3), 2) if rng.random() < 0.25 else 0.0
    rate = _execution_rate(rng)
    executed = round(budget * rate / 100, 2)
    other_executed = round(min(other, executed) * rng.uniform(0.9, 1.0), 2) if other else 0.0
    initial = budget if rng.random() < 0.6 else round(budget * rng.uniform(0.7, 1.0), 2)

    def scaled(value: float) -> float:
        return round(value * unit_factor, 2)

    computed = executed / budget * 100
    return {
        "budget_initial": scaled(initial),
        "budget": scaled(budget),
        "executed": scaled(executed),
        "fiscal_budget": scaled(budget - other),
        "fiscal_executed": scaled(executed - other_executed),
        "other_budget": scaled(other),
        "other_executed": scaled(other_executed),
        "execution_rate_stated": round(computed, 2),
    }


def _report(rng: random.Random, project: Project, year: int, trend: Trend) -> dict:
    unit = project.unit
    form = "form2020" if year >= FORM2020_FROM else "form2018"
    money_unit = "元" if form == "form2020" and rng.random() < 0.06 else "万元"
    report: dict = {
        "year": year,
        "project_name": _project_name(rng, project, year),
        # 主管部门: a centre answers to its bureau; a bureau is its own supervising department.
        "department": unit.parent if form == "form2020" and unit.level == "centre" else unit.name,
        "implementing_unit": unit.name if form == "form2020" else None,
    }
    report.update(_money(rng, project, year, 10000.0 if money_unit == "元" else 1.0))
    values = outcome_values(rng, trend, year - YEARS[0])
    goal_target, goal_actual, indicators = draw_indicators(
        rng, project, year, form, values, report["executed"] / report["budget"] * 100
    )
    prose, outcomes = narrative(rng, project.kind, year, unit.subject, values)
    if form == "form2018":
        report["budget_initial"] = None
        if rng.random() < 0.5:
            report["execution_rate_stated"] = None
    report.update(
        self_score_total=None,
        grade=None,
        indicators=indicators,
        form=form,
        format=_draw_format(rng),
        money_unit=money_unit,
        unit_code=unit.code,
        project_code=project.code,
        budget_weight=BUDGET_WEIGHT if form == "form2020" else None,
        budget_score=None,
        goal_target=goal_target,
        goal_actual=goal_actual,
        narrative=prose,
        outcomes=outcomes,
        placeholder_rows=[],
        flaws=[],
    )
    if form == "form2020":
        rate = report["executed"] / report["budget"] * 100
        report["budget_score"] = round(min(rate, 100.0) / 100 * BUDGET_WEIGHT, 2)
    flaws.inject(rng, report)
    if form == "form2020":
        total = sum(ind["score"] for ind in indicators) + (report["budget_score"] or 0.0)
        report["self_score_total"] = round(total, 2)
        report["grade"] = grade_for(total)
    report["budget_text"] = budget_text(report)
    report["stem"] = f"demo_{year}_{project.code}"
    return report


def _figure(value: float) -> str:
    return f"{value:,.2f}" if value >= 100000 else f"{value:.2f}"


def budget_text(report: dict) -> str:
    """The budget sentence of the narrative, stating only what the form states.

    Figures agree with the form (a blank executed cell is not stated; the rate appears only
    where the form states one), so the text raises no CONFLICTING_FIGURE.
    """
    unit = report["money_unit"]
    text = f"该项目全年预算{_figure(report['budget'])}{unit}"
    if report["executed"] is not None:
        text += f"，实际执行{_figure(report['executed'])}{unit}"
    if report["execution_rate_stated"] is not None:
        text += f"，预算执行率{report['execution_rate_stated']:.2f}%"
    return text + "。"


def build_world(seed: int = 2024) -> World:
    """Build the whole demo world deterministically from `seed`."""
    rng = random.Random(seed)
    units = _units()
    projects = _projects(rng, units)
    trends = {unit.code: make_trend(rng, unit.level) for unit in units}
    world = World(seed, units, projects)
    for project in projects:
        for year in range(project.first, project.last + 1):
            world.reports.append(_report(rng, project, year, trends[project.unit.code]))
    return world


def gold(report: dict) -> dict:
    """The report in exactly the gold shape (parse-contract keys only)."""
    out = {key: report[key] for key in GOLD_KEYS if key != "indicators"}
    out["indicators"] = [{key: ind[key] for key in INDICATOR_KEYS} for ind in report["indicators"]]
    return out


def expected_flags(report: dict) -> list[str]:
    """Quality-flag codes etl/checks.py should raise: injected ones plus natural ones."""
    codes = {code for code in report["flaws"] if code.isupper()}
    budget, executed = report["budget"], report["executed"]
    if budget and executed is not None:
        rate = executed / budget * 100
        if executed - budget > 0.005:
            codes.add("OVER_EXECUTION")
        if rate < 80:
            codes.add("LOW_EXECUTION")
        if rate < 80:
            codes.add("UNSPENT_SHARE")
    return sorted(codes)


def ground_truth(world: World) -> dict:
    """JSON-ready description of every report: stem, figures, indicator count, flaws."""
    reports = []
    for report in world.reports:
        entry = {"stem": report["stem"], "format": report["format"], "form": report["form"]}
        entry.update(gold(report))
        entry.update(
            unit=next(u.name for u in world.units if u.code == report["unit_code"]),
            money_unit=report["money_unit"],
            indicator_count=len(report["indicators"]),
            outcomes=report["outcomes"],
            flaws=list(report["flaws"]),
            expected_flags=expected_flags(report),
        )
        reports.append(entry)
    units = [
        {"code": u.code, "name": u.name, "level": u.level, "parent": u.parent} for u in world.units
    ]
    projects = [
        {"code": p.code, "unit": p.unit.code, "name": p.name, "first": p.first, "last": p.last}
        for p in world.projects
    ]
    return {
        "seed": world.seed,
        "units": units,
        "projects": projects,
        "report_count": len(reports),
        "reports": reports,
    }
