"""Narrative outcomes of the demo corpus: per-unit trend series and the prose that states them.

Pure functions on a seeded `random.Random`. Each unit has a base level of activity (patent
applications, trainees …) that grows year over year with noise; a report states two to four
of that year's figures in a few Chinese sentences, and returns them as structured values too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.demo.world import Project

# Outcome key → (Chinese label, unit). Keys are stable: the ground truth uses them.
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "patent_applications": ("专利申请量", "件"),
    "invention_applications": ("发明专利申请量", "件"),
    "patent_grants": ("专利授权量", "件"),
    "invention_grants": ("发明专利授权量", "件"),
    "funds_leveraged": ("带动社会投入", "万元"),
    "people_trained": ("培训", "人次"),
    "enterprises_supported": ("支持企业", "家"),
    "enforcement_cases": ("办理执法案件", "件"),
}

# Activity scale by unit level: a province files far more than a county.
LEVEL_SCALE = {"province": 6.0, "city": 2.5, "centre": 0.8, "county": 0.35}


@dataclass(frozen=True)
class Trend:
    """A unit's outcome baseline in the first year and its yearly growth."""

    base: dict[str, float]
    growth: float  # yearly growth factor, e.g. 1.08


def make_trend(rng: random.Random, level: str) -> Trend:
    """Draw a unit's baseline outcomes (first demo year) and growth rate."""
    scale = LEVEL_SCALE[level] * rng.uniform(0.7, 1.3)
    applications = 1800 * scale
    base = {
        "patent_applications": applications,
        "invention_applications": applications * rng.uniform(0.3, 0.42),
        "patent_grants": applications * rng.uniform(0.5, 0.65),
        "invention_grants": applications * rng.uniform(0.12, 0.2),
        "funds_leveraged": 900 * scale * rng.uniform(0.8, 1.2),
        "people_trained": 600 * scale * rng.uniform(0.8, 1.2),
        "enterprises_supported": 60 * scale * rng.uniform(0.8, 1.2),
        "enforcement_cases": 120 * scale * rng.uniform(0.8, 1.2),
    }
    return Trend(base=base, growth=rng.uniform(1.04, 1.14))


def outcome_values(rng: random.Random, trend: Trend, years_in: int) -> dict[str, float]:
    """This year's figures: the baseline grown `years_in` years, with ±6% noise (2020 dip)."""
    values = {}
    for key, base in trend.base.items():
        value = base * trend.growth**years_in * rng.uniform(0.94, 1.06)
        if key == "people_trained" and years_in == 3:  # 2020: training moved online, fewer sessions
            value *= 0.7
        values[key] = max(1.0, value)
    return values


def _format_value(key: str, value: float) -> tuple[str, float, str]:
    """Text, stated value and unit of one figure (large money written in 亿元)."""
    label_unit = OUTCOME_LABELS[key][1]
    if key == "funds_leveraged" and value >= 10000:
        stated = round(value / 10000, 2)
        return f"{stated:g}亿元", stated, "亿元"
    stated = round(value, 0) if key != "funds_leveraged" else round(value, 1)
    stated = int(stated) if float(stated).is_integer() else stated
    return f"{stated}{label_unit}", float(stated), label_unit


# Which outcomes a project of each kind talks about.
KIND_OUTCOMES = {
    "patent": (
        "patent_applications",
        "invention_applications",
        "patent_grants",
        "invention_grants",
    ),
    "finance": ("funds_leveraged", "enterprises_supported"),
    "training": ("people_trained", "enterprises_supported"),
    "enforcement": ("enforcement_cases", "people_trained"),
    "service": ("enterprises_supported", "patent_applications", "people_trained"),
    "tech": ("enterprises_supported", "funds_leveraged", "patent_applications"),
}


def narrative(
    rng: random.Random, kind: str, year: int, subject: str, values: dict[str, float]
) -> tuple[str, dict[str, dict[str, object]]]:
    """A few sentences stating this year's outcomes, and the figures as structured values.

    `subject` is who achieved them (全市, 本县, the unit); figures may carry the qualifiers
    余 / 以上 (more than), kept beside the number in the structured value.
    """
    keys = list(KIND_OUTCOMES[kind])
    count = min(len(keys), rng.randint(2, 4))
    chosen = keys[:count]
    outcomes: dict[str, dict[str, object]] = {}
    parts = []
    for key in chosen:
        text, stated, unit = _format_value(key, values[key])
        qualifier = None
        if key in ("people_trained", "enterprises_supported") and rng.random() < 0.3:
            qualifier = "余"
            text = text.replace(unit, f"余{unit}", 1)
        label = OUTCOME_LABELS[key][0]
        outcomes[key] = {"label": label, "value": stated, "unit": unit, "qualifier": qualifier}
        parts.append(f"{label}{text}" if key != "people_trained" else f"培训{text}")
    opening = rng.choice(["全年", f"{year}年", "项目实施以来，全年"])
    sentence = f"{opening}{subject}" + "，".join(parts) + "。"
    closing = rng.choice(
        [
            "项目实施取得了良好的经济和社会效益。",
            "有力支撑了区域创新发展。",
            "知识产权创造、运用、保护水平进一步提升。",
        ]
    )
    return sentence + closing, outcomes


# --- indicators ---------------------------------------------------------------------------

# (level1, level2, level3, kind, unit, target source). kind: ge | eq | le | qual.
# A target source is an outcome key (target drawn below this year's figure), a number, or a
# (target, met actual, partial actual) triple of texts for qualitative rows. Qualitative
# targets are short or differ from the actual, so only the injected flaw looks copy-pasted.
OUTPUT, EFFECT, SATISFACTION = "产出指标", "效益指标", "满意度指标"
TEMPLATES: dict[str, tuple[tuple, ...]] = {
    "数量指标": (
        (OUTPUT, "数量指标", "资助专利件数", "ge", "件", "patent_grants"),
        (OUTPUT, "数量指标", "培训人次", "ge", "人次", "people_trained"),
        (OUTPUT, "数量指标", "支持企业数量", "ge", "家", "enterprises_supported"),
        (OUTPUT, "数量指标", "办理执法案件数", "ge", "件", "enforcement_cases"),
        (OUTPUT, "数量指标", "举办宣传活动场次", "ge", "场", 12),
    ),
    "质量指标": (
        (OUTPUT, "质量指标", "资金发放准确率", "eq", "%", 100),
        (OUTPUT, "质量指标", "项目验收合格率", "ge", "%", 95),
        (OUTPUT, "质量指标", "发明专利占比", "ge", "%", 30),
    ),
    "时效指标": (
        (OUTPUT, "时效指标", "资金拨付及时率", "ge", "%", 95),
        (
            OUTPUT,
            "时效指标",
            "项目完成时间",
            "qual",
            "",
            ("{year}年12月底前", "按时完成", "延期完成"),
        ),
    ),
    "成本指标": (
        (OUTPUT, "成本指标", "项目成本控制", "le", "万元", "budget"),
        (OUTPUT, "成本指标", "单件专利资助标准", "le", "元", 3000),
    ),
    "经济效益指标": (
        (EFFECT, "经济效益指标", "带动社会投入", "ge", "万元", "funds_leveraged"),
        (
            EFFECT,
            "经济效益指标",
            "促进企业增收",
            "qual",
            "",
            ("效果明显", "企业效益明显增加", "部分达成"),
        ),
    ),
    "社会效益指标": (
        (
            EFFECT,
            "社会效益指标",
            "知识产权保护意识",
            "qual",
            "",
            ("明显提升", "社会公众保护意识显著增强", "有所提升"),
        ),
        (EFFECT, "社会效益指标", "专利申请量增长率", "ge", "%", 5),
    ),
    "生态效益指标": (
        (EFFECT, "生态效益指标", "绿色技术专利占比", "ge", "%", 8),
        (
            EFFECT,
            "生态效益指标",
            "对生态环境的影响",
            "qual",
            "",
            ("无负面影响", "未产生负面影响", "影响较小"),
        ),
    ),
    "可持续影响指标": (
        (
            EFFECT,
            "可持续影响指标",
            "项目持续影响期限",
            "qual",
            "",
            ("中长期", "长期持续发挥作用", "短期"),
        ),
        (
            EFFECT,
            "可持续影响指标",
            "服务体系长效机制",
            "qual",
            "",
            ("有效", "机制基本建立并运行", "初步建立"),
        ),
    ),
    "服务对象满意度指标": (
        (SATISFACTION, "服务对象满意度指标", "服务对象满意度", "ge", "%", 90),
        (SATISFACTION, "服务对象满意度指标", "企业满意度", "ge", "%", 85),
    ),
}
GE_SIGNS = ("≥", "≥", "≧", "不低于", ">=")
REASONS = (
    "受疫情影响，部分活动延期举办，下一步将加快实施进度。",
    "项目申报数量少于预期，已加强政策宣传。",
    "资金下达较晚，部分支出未能在年内完成，将加强预算执行管理。",
    "指标设置偏高，今后将科学合理设定绩效目标。",
    "部分企业未按期完成验收，将督促整改。",
)


def _weights(total: int, count: int) -> list[int]:
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _number(value: float, unit: str) -> float:
    return round(value, 1) if unit in ("%", "万元") else float(round(value))


def _text(value: float) -> str:
    return f"{value:g}"


def _row(
    rng: random.Random,
    template: tuple,
    year: int,
    values: dict[str, float],
    budget: float,
    weight: int | None,
    met_rate: float,
) -> dict:
    level1, level2, level3, kind, unit, source = template
    met = rng.random() < met_rate
    if kind == "qual":
        target, met_text, partial = source
        target = target.format(year=year)
        actual = met_text if met else partial
        ratio = 1.0 if met else rng.choice([0.6, 0.7, 0.8])
    else:
        if isinstance(source, str):
            base = budget if source == "budget" else values[source] * rng.uniform(0.8, 0.95)
        else:
            base = float(source)
        target_value = _number(base, unit)
        if kind == "le":
            sign = rng.choice(["≤", "≦", "不超过"])
            actual_value = target_value * (
                rng.uniform(0.85, 1.0) if met else rng.uniform(1.03, 1.3)
            )
        elif kind == "eq" or (unit == "%" and target_value >= 100):
            sign = rng.choice(["=", "═"])
            actual_value = target_value if met else rng.uniform(96, 99.5)
        else:
            sign = rng.choice(GE_SIGNS)
            actual_value = target_value * (
                rng.uniform(1.0, 1.25) if met else rng.uniform(0.6, 0.97)
            )
        if unit == "%":
            actual_value = min(actual_value, 100.0)
        actual_value = _number(actual_value, unit)
        target = f"{sign}{_text(target_value)}{unit}"
        actual = _text(actual_value) + (unit if rng.random() < 0.7 else "")
        if kind == "le":
            ratio = min(1.0, target_value / actual_value) if actual_value else 1.0
        else:
            ratio = min(1.0, actual_value / target_value) if target_value else 1.0
    score = None
    if weight is not None:
        score = round(weight * ratio, 2)
        score = int(score) if float(score).is_integer() else score
    reason = None
    if ratio < 1.0:
        reason = rng.choice(REASONS)
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "actual": actual,
        "weight": weight,
        "score": score,
        "deviation_reason": reason,
    }


def _prose_rows(rng: random.Random, year: int, values: dict[str, float]) -> list[dict]:
    """2018-style rows: only 一级 filled, targets and actuals in prose."""
    label1 = rng.choice(["项目完成指标", OUTPUT])
    apps, grants = values["patent_applications"], values["patent_grants"]
    rows = [
        (
            label1,
            f"力争{year}年新增专利申请量{_text(_number(apps * 0.9, '件'))}件以上。",
            f"{year}年，专利申请量{_text(_number(apps, '件'))}件，"
            f"专利授权量{_text(_number(grants, '件'))}件。",
        ),
        (
            EFFECT,
            "引导创新主体加强知识产权保护，促进产业转型升级。",
            "创新主体知识产权意识明显增强，专利数量和质量同步提升。",
        ),
        (
            SATISFACTION,
            "服务对象满意度达到90%以上。",
            f"经问卷调查，服务对象满意度为{rng.randint(91, 99)}%。",
        ),
    ]
    return [
        {
            "level1": a,
            "level2": None,
            "level3": None,
            "target": t,
            "actual": x,
            "weight": None,
            "score": None,
            "deviation_reason": None,
        }
        for a, t, x in rows
    ]


def draw_indicators(
    rng: random.Random,
    project: Project,
    year: int,
    form: str,
    values: dict[str, float],
    execution_rate: float = 100.0,
) -> tuple[str, str, list[dict]]:
    """The overall goal texts and the indicator rows of one report.

    form2020 rows carry 分值/得分 (产出 50, 效益 30, 满意度 10) scored by the domain rules;
    form2018 rows have none, and half of them are prose rows with only 一级 filled.
    Projects that spent little also miss more of their targets.
    """
    met_rate = 0.9 if execution_rate >= 85 else 0.7 if execution_rate >= 60 else 0.45
    goal_target = f"围绕{project.name}，完成年度各项任务，推动知识产权创造、运用和保护水平提升。"
    goal_actual = f"{year}年度{project.name}各项任务已按计划实施，年度绩效目标基本实现。"
    if form == "form2018" and rng.random() < 0.5:
        return goal_target, goal_actual, _prose_rows(rng, year, values)
    output = ["数量指标", "数量指标", "质量指标", "时效指标", "成本指标"]
    output = output[: rng.randint(3, 5)]
    effect = rng.sample(
        ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"], rng.randint(2, 3)
    )
    if "生态效益指标" in effect and rng.random() < 0.5:
        effect.remove("生态效益指标")
    satisfaction = ["服务对象满意度指标"] * rng.randint(1, 2)
    budget = project.base_budget * 1.06 ** (year - 2017)
    rows: list[dict] = []
    for group, total in ((output, 50), (effect, 30), (satisfaction, 10)):
        weights = _weights(total, len(group)) if form == "form2020" else [None] * len(group)
        used: set[str] = set()
        for level2, weight in zip(group, weights, strict=True):
            choices = [t for t in TEMPLATES[level2] if t[2] not in used]
            template = rng.choice(choices)
            used.add(template[2])
            rows.append(_row(rng, template, year, values, budget, weight, met_rate))
    return goal_target, goal_actual, rows
