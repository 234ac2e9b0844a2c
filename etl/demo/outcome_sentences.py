"""Sentences that state outcomes, each with the outcomes a reader should take from it.

For every metric of etl/outcomes/vocabulary.py: the ways reports word an achieved result
(before or after the figure, with 个/名/项 units, with no unit, with 近/余/以上, cumulative),
and the traps around it: targets (力争, 计划, 预计, 目标, 不少于), a total with its parts
(其中 …), parts with no total, a sub-entity beside its jurisdiction, stocks (贷款余额),
subsidies (贷款贴息), rates and shares, and figures that are not outcomes at all (生均标准,
phone and document numbers, years, budget amounts). Like the layout generator of
etl/demo/render/text.py, it turns the few phrasings of real reports into many cases so the
reader is tested on the class, not on the files: tests run a sample,
benchmarks/outcome_sentences.py all of them with precision and recall per metric.

Numbers are drawn from a seeded generator, so a seed gives the same cases every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Expected = tuple[str, float, str]  # (metric, value, scope: "year" or "cumulative")


@dataclass(frozen=True)
class Case:
    """A paragraph and the outcomes it states (in any order)."""

    kind: str  # achieved / target / parts / sub_entity / stock / distractor …
    text: str
    expected: tuple[Expected, ...] = field(default_factory=tuple)


YEARS = (2018, 2019, 2020, 2021, 2022, 2023)
PLACES = ("全市", "全县", "全区", "全省")
INSTITUTES = ("中物院", "市农科院", "西南科技大学", "市农机研究所", "市生产力促进中心", "ABC公司")
QUALIFIED = (("近", ""), ("", "余"), ("", "多"), ("", "以上"))  # (before the figure, after it)


def _n(rng: random.Random, low: int = 12, high: int = 9000) -> int:
    return rng.randint(low, high)


def _money(rng: random.Random) -> float:
    return round(rng.uniform(50, 90000), rng.choice((0, 1, 2)))


# --- achieved results: (template, metric, unit, scope); {n} the figure, {y} a year, {p} a place


ACHIEVED: tuple[tuple[str, str, str, str], ...] = (
    ("{y}年，{p}申请专利{n}件，较上年有所增长。", "patent_applications", "件", "year"),
    ("全年专利申请量达{n}件。", "patent_applications", "件", "year"),
    ("{p}新增专利申请{n}件，其中发明专利申请{m}件。", "patent_applications", "件", None),
    ("本年度共受理专利申请{n}件。", "patent_applications", "件", "year"),
    ("专利授权量{n}件，同比增长12.5%。", "patent_grants", "件", None),
    ("{y}年获得专利授权{n}件。", "patent_grants", "件", "year"),
    ("全年授权专利{n}件。", "patent_grants", "件", "year"),
    ("发明专利申请量{n}件。", "invention_applications", "件", None),
    ("获得发明专利授权{n}件。", "invention_grants", "件", None),
    ("有效发明专利拥有量达{n}件。", "invention_patents_held", "件", None),
    ("{p}发明专利拥有量{n}件，增幅24.6%。", "invention_patents_held", "件", None),
    ("万人发明专利拥有量达到{x}件。", "invention_patents_per_10k", "件", None),
    ("项目共带动社会投入{money}万元。", "funds_leveraged", "万元", "year"),
    ("撬动社会资金{money}万元，放大了财政资金效应。", "funds_leveraged", "万元", "year"),
    ("带动企业投入{yi}亿元。", "funds_leveraged", "亿元", "year"),
    ("累计带动社会投入{money}万元。", "funds_leveraged", "万元", "cumulative"),
    ("举办知识产权培训班8期，培训{n}人次。", "people_trained", "人次", None),
    ("为企业管理人员、技术人员培训达{n}人次。", "people_trained", "人次", None),
    ("共培训企业专利管理人员{n}人。", "people_trained", "人", None),
    ("全年培训学员{n}名。", "people_trained", "名", "year"),
    ("累计培训各类人才{n}人次。", "people_trained", "人次", "cumulative"),
    ("支持企业{n}家开展专利导航。", "enterprises_supported", "家", None),
    ("扶持{n}家科技型中小企业。", "enterprises_supported", "家", None),
    # (the money paid out beside it is not an outcome)
    ("全年资助企业{n}家，兑现资助资金{money}万元。", "enterprises_supported", "家", "year"),
    ("服务企业{n}家，解决技术难题30余项。", "enterprises_supported", "家", None),
    ("共支持项目{n}个。", "projects_supported", "个", None),
    ("实施专利转化项目{n}项。", "projects_supported", "项", None),
    ("资助{n}个知识产权项目，均已通过验收。", "projects_supported", "个", None),
    ("共列入项目计划{n}项。", "projects_supported", "项", None),
    ("{n}家企业通过知识产权管理体系认证。", "certifications", "家", None),
    ("累计已有{n}家企业通过贯标认证。", "certifications", "家", "cumulative"),
    ("办理专利行政执法案件{n}件。", "enforcement_cases", "件", None),
    ("{y}年共查处假冒专利案件{n}件。", "enforcement_cases", "件", "year"),
    ("实现知识产权质押融资{money}万元。", "loans", "万元", None),
    ("专利权质押贷款累计{yi}亿元。", "loans", "亿元", "cumulative"),
    ("帮助企业获得专利权质押贷款{yi}亿元。", "loans", "亿元", None),
    ("开展培训2场，参训人员{n}人。", "people_trained", "人", None),
    ("完成培训{n}人次，受训对象满意度95%。", "people_trained", "人次", None),
    ("带动社会资本投入{money}万元。", "funds_leveraged", "万元", "year"),
    ("惠及企业{n}家。", "enterprises_supported", "家", None),
    ("立项支持{n}个项目。", "projects_supported", "个", None),
    ("完成验收项目{n}个。", "projects_supported", "个", None),
    ("专利申请量为{n}件，专利授权量为{m}件。", "patent_applications", "件", None),
    ("全年新增发明专利授权{n}件。", "invention_grants", "件", "year"),
    ("专利申请量同比增长15.2%，达到{n}件。", "patent_applications", "件", None),
    ("查处专利侵权纠纷案件{n}件，结案率100%。", "enforcement_cases", "件", None),
)

# Counts written without a unit: the noun before says what is counted.
UNITLESS: tuple[tuple[str, str], ...] = (
    ("培训人数：{n}。", "people_trained"),
    ("培训人次为{n}。", "people_trained"),
    ("支持企业数为{n}。", "enterprises_supported"),
    ("项目数：{n}。", "projects_supported"),
)

TARGETS: tuple[str, ...] = (
    "下一步将培训企业人员{n}人次。",
    "年度指标值：培训{n}人次。",
    "目标值为支持企业{n}家。",
    "力争{y}年{p}新增专利申请量{n}件以上、发明专利申请量{m}件以上。",
    "计划培训{n}人次。",
    "年度计划支持企业{n}家。",
    "预计带动社会投入{money}万元。",
    "年度目标：专利申请量{n}件。",
    "目标任务为支持项目{n}个。",
    "专利申请量不少于{n}件。",
    "拟资助{n}个项目。",
    "确保全年培训不低于{n}人次。",
    "预期通过贯标认证企业{n}家。",
)


def _achieved(rng: random.Random) -> Case:
    template, metric, unit, scope = rng.choice(ACHIEVED)
    values = _values(rng)
    text = template.format(**values)
    value = {"万元": values["money"], "亿元": values["yi"]}.get(unit, values["n"])
    if metric == "invention_patents_per_10k":
        value = values["x"]
    expected = [(metric, value, scope or "year")]
    if "发明专利申请{m}" in template:  # 其中发明专利申请{m}件: a part of another metric
        expected.append(("invention_applications", values["m"], scope or "year"))
    elif "专利授权量为{m}" in template:
        expected.append(("patent_grants", values["m"], scope or "year"))
    return Case("achieved", text, tuple(expected))


def _values(rng: random.Random) -> dict:
    n = _n(rng)
    return {
        "n": n,
        "m": rng.randint(2, max(3, n // 3)),
        "x": round(rng.uniform(1, 40), 2),
        "money": _money(rng),
        "yi": round(rng.uniform(0.5, 30), 2),
        "y": rng.choice(YEARS),
        "p": rng.choice(PLACES),
    }


def _qualified(rng: random.Random) -> Case:
    before, after = rng.choice(QUALIFIED)
    n = _n(rng, 20, 3000)
    # 余/多 sit between the number and its unit, 以上 after the unit.
    inner, outer = ("", after) if after == "以上" else (after, "")
    text = rng.choice(
        (
            f"新申请发明、实用新型专利共计{before}{n}{inner}件{outer}。",
            f"培训{before}{n}{inner}人次{outer}。",
        )
    )
    metric = "patent_applications" if "专利" in text else "people_trained"
    return Case("qualified", text, ((metric, n, "year"),))


def _unitless(rng: random.Random) -> Case:
    template, metric = rng.choice(UNITLESS)
    n = _n(rng, 5, 900)
    return Case("unitless", template.format(n=n), ((metric, n, "year"),))


def _target(rng: random.Random) -> Case:
    return Case("target", rng.choice(TARGETS).format(**_values(rng)))


def _total_with_parts(rng: random.Random) -> Case:
    a, b = _n(rng, 20, 900), _n(rng, 20, 900)
    total = a + b + _n(rng, 0, 50)
    text = rng.choice(
        (
            f"全年共培训{total}人次，其中企业管理人员{a}人次、技术人员{b}人次。",
            f"共支持项目{total}项。其中新上项目{a}项，结转项目{b}项。",
            f"全年资助企业{total}家，其中高新技术企业{a}家，科技型中小企业{b}家。",
            f"共列入项目计划{total}项。其中新上项目{a}项；2017年结转项目{b}项。",
        )
    )
    metric = (
        "people_trained"
        if "培训" in text
        else "enterprises_supported"
        if "企业" in text and "项目" not in text
        else "projects_supported"
    )
    return Case("total_with_parts", text, ((metric, total, "year"),))


def _parts_without_total(rng: random.Random) -> Case:
    a, b = _n(rng, 20, 900), _n(rng, 20, 900)
    while b == a:
        b += 1
    text = f"培训企业专利管理人员{a}人次；培训执法人员{b}人次。"
    return Case(
        "parts_without_total", text, (("people_trained", a, "year"), ("people_trained", b, "year"))
    )


def _total_then_cohorts(rng: random.Random) -> Case:
    a, b = _n(rng, 10, 90), _n(rng, 10, 90)
    total = a + b + _n(rng, 0, 30)
    text = (
        f"共列入项目计划{total}项。2017年结转项目{a}项，财政支持资金{_money(rng)}万元；"
        f"2016年结转项目{b}项，本年拨付{_money(rng)}万元。"
    )
    return Case("total_then_cohorts", text, (("projects_supported", total, "year"),))


def _cohorts_without_total(rng: random.Random) -> Case:
    a, b = _n(rng, 10, 90), _n(rng, 10, 90)
    while b == a:
        b += 1
    text = f"2017年结转项目{a}项，财政支持资金{_money(rng)}万元；2016年结转项目{b}项。"
    return Case(
        "cohorts_without_total",
        text,
        (("projects_supported", a, "year"), ("projects_supported", b, "year")),
    )


def _sub_entity(rng: random.Random) -> Case:
    total, part = _n(rng, 3000, 9000), _n(rng, 100, 2000)
    institute = rng.choice(INSTITUTES)
    place = rng.choice(PLACES)
    text = rng.choice(
        (
            f"{place}专利授权{total}件。{institute}专利授权量达{part}件。",
            f"{place}申请专利{total}件；{institute}新增专利申请量{part}件。",
        )
    )
    metric = "patent_grants" if "授权" in text else "patent_applications"
    return Case("sub_entity", text, ((metric, total, "year"),))


def _sub_entity_alone(rng: random.Random) -> Case:
    part = _n(rng, 100, 2000)
    institute = rng.choice(INSTITUTES)
    return Case(
        "sub_entity_alone",
        f"{institute}发明专利授权量达{part}件，起到了示范带动作用。",
        (("invention_grants", part, "year"),),
    )


def _stock(rng: random.Random) -> Case:
    text = rng.choice(
        (
            f"{rng.choice(PLACES)}共有授权专利{_n(rng)}件，拥有专利代理机构15家。",
            f"{rng.choice(PLACES)}现有高新技术企业{_n(rng)}家。",
            f"截止{rng.choice(YEARS)}年底，{rng.choice(PLACES)}科技型企业贷款余额{_money(rng)}亿元，贷款企业{_n(rng)}家。",
            f"落实贷款贴息{_money(rng)}万元，减轻企业融资成本。",
            f"{rng.choice(PLACES)}共有高新技术企业{_n(rng)}家。",
        )
    )
    return Case("stock", text)


def _distractor(rng: random.Random) -> Case:
    text = rng.choice(
        (
            f"按照生均{rng.choice((800, 1000, 1200))}元的标准发放补助。",
            "咨询电话：0838-7211924，13990260322。",
            f"根据川财教〔{rng.choice(YEARS)}〕{_n(rng, 10, 300)}号文件下达资金。",
            f"项目总投资{_money(rng)}万元，财政支持资金{_money(rng)}万元。",
            f"专利申请量增幅达{round(rng.uniform(1, 60), 1)}%，全省占比7.6%。",
            f"资助标准为每件{rng.choice((1000, 2000, 3000))}元。",
            f"该项目共编制{_n(rng, 5, 20)}个绩效目标指标。",
            f"资金于{rng.choice(YEARS)}年12月31日前拨付到位，办理时限3个工作日。",
            "一项专利技术荣获第十九届中国专利金奖。",
        )
    )
    return Case("distractor", text)


GENERATORS: dict[str, Callable[[random.Random], Case]] = {
    "achieved": _achieved,
    "qualified": _qualified,
    "unitless": _unitless,
    "target": _target,
    "total_with_parts": _total_with_parts,
    "parts_without_total": _parts_without_total,
    "total_then_cohorts": _total_then_cohorts,
    "cohorts_without_total": _cohorts_without_total,
    "sub_entity": _sub_entity,
    "sub_entity_alone": _sub_entity_alone,
    "stock": _stock,
    "distractor": _distractor,
}


def cases(count: int, seed: int = 2026) -> Iterator[Case]:
    """`count` cases, every generator in turn, numbers drawn from `seed`."""
    rng = random.Random(seed)
    kinds = list(GENERATORS)
    for index in range(count):
        yield GENERATORS[kinds[index % len(kinds)]](rng)
