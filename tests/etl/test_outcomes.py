"""Outcome figures read from real report prose (seeds 000 and 002, corpus real_01 and real_04)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.outcomes import METRICS, extract_outcomes
from etl.records import Outcome, SourceRef

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_000 = FIXTURES / "seeds" / "000_3d3cd3b106848c44.txt"
SEED_002 = FIXTURES / "seeds" / "002_78a807617c647145.txt"

Row = tuple[str, float, str | None, str | None, str | None, str | None]


def rows(outcomes: list[Outcome]) -> list[Row]:
    """(metric, value, unit, qualifier, entity, scope) of each outcome, in order."""
    return [(o.metric, o.value, o.unit, o.qualifier, o.entity, o.scope) for o in outcomes]


def read_one(text: str) -> list[Row]:
    return rows(extract_outcomes([(text, None)]))


# Each sentence is copied verbatim from a fixture; the expected list is complete, so a
# false positive fails the case as surely as a miss.
REAL_CASES: list[tuple[str, str, list[Row]]] = [
    (
        "000 city figures with growth rates",
        "2018年，全市申请10486件，已连续三年专利申请稳定在1万件以上，专利授权6651件，"
        "增幅达 40.1%， 全省占比7.6%，发明专利拥有量 5081件，增幅24.6%。",
        [
            ("patent_applications", 10486, "件", None, None, "year"),
            ("patent_grants", 6651, "件", None, None, "year"),
            ("patent_grants_growth", 40.1, "%", None, None, "year"),
            ("invention_patents_held", 5081, "件", None, None, "year"),
            ("invention_patents_held_growth", 24.6, "%", None, None, "year"),
        ],
    ),
    (
        "000 per-10k beats held (10.51)",
        "万人发明专利拥有量达到10.51件。",
        [("invention_patents_per_10k", 10.51, "件", None, None, None)],
    ),
    (
        "000 per-10k with 有效 and no 量 (10.54)",
        "2018年全市万人有效发明专利拥有达10.54件，专利事业实现又好又快发展。",
        [("invention_patents_per_10k", 10.54, "件", None, None, "year")],
    ),
    (
        "000 中物院 attribution carries across ；",
        "2018年，中物院新增专利申请量1389件，其中发明专利申请量986件；专利授权量达969件，"
        "其中发明专利授权量达499件，专利数量大、质量优，起到了积极的示范带动作用。",
        [
            ("patent_applications", 1389, "件", None, "中物院", "year"),
            ("invention_applications", 986, "件", None, "中物院", "year"),
            ("patent_grants", 969, "件", None, "中物院", "year"),
            ("invention_grants", 499, "件", None, "中物院", "year"),
        ],
    ),
    (
        "000 institutes named without figures",
        "国防科研院所申请专利积极性大幅提高，中国工程物理研究院、中国空气动力研究与发展中心、"
        "西南自动化研究所等机构专利申请、授权量大幅增长。",
        [],
    ),
    (
        "000 target sentence (力争) is not an outcome",
        "力争2018年全市新增专利申请量10000件以上、发明专利申请量4000件以上、"
        "专利授权量5000件以上、全市万人发明专利拥有量突破9件。",
        [],
    ),
    (
        "000 enforcement: only the case count, not staff or goods",
        "2018年共办理专利行政执法案件994件，有力打击了知识产权侵权、假冒行为出动专利行政执法"
        "人员60多人次，先后检查了超市、商场、药店、专业市场等场所100多家，检查各类商品20000余件，"
        "登记专利标识产品200多件，发放专利保护宣传资料1200余份。",
        [("enforcement_cases", 994, "件", None, None, "year")],
    ),
    (
        "000 comparators mark targets",
        "执法检查每月1-3次，查处假冒专利行为不少于80件，办理电商等专利侵权纠纷案件不少于100件；"
        "培训人次不少于8人。",
        [],
    ),
    (
        "000 phone number 12330",
        "24小时开通知识产权维权援助与举报投诉公益服务电话12330，接收处理知识产权举报投诉、"
        "咨询和专利维权援助。",
        [],
    ),
    (
        "000 loans: the city's loan balance and the borrowers are context; pledge loans are not",
        "截止2018年底，全市科技型企业贷款余额319.4亿元，贷款企业1465家，专利权质押贷款累计4.58亿元。",
        [("loans", 4.58, "亿元", None, None, "cumulative")],
    ),
    (
        "000 counts with no metric trigger",
        "全年召开大型投融资对接会5场，组织科技型企业参加了市外组织的各类投融资对接会3场。",
        [],
    ),
    ("000 date", "2018年12月底前", []),
    (
        "000 enterprises supported (扶持…家)",
        "扶持10家文化科技创新型企业，推动5家“绵阳市文化和科技融合示范园区”建设。",
        [("enterprises_supported", 10, "家", None, None, None)],
    ),
    (
        "002 projects (parts, with no total in the text given); money beside 支持 is not a count",
        "其中新上项目49项，项目总投资38925.1万元，财政支持资金1335万元，本年拨付160万元；"
        "结转项目共计120项，财政支持资金3626万元，本年拨付1040万元，带动社会投入37590.1万元。",
        [
            ("projects_supported", 49, "项", None, None, None),
            ("projects_supported", 120, "项", None, None, None),
            ("funds_leveraged", 37590.1, "万元", None, None, "year"),
        ],
    ),
    (
        "002 cumulative funds",
        "累计带动社会投入83553.61万元。",
        [("funds_leveraged", 83553.61, "万元", None, None, "cumulative")],
    ),
    (
        "002 qualifiers 近 and 余, certification after the figure",
        "累计带动社会投入83553.61万元；新申请发明、实用新型专利共计近400件；为企业管理人员、"
        "技术人员培训达1100余人次；累计已有20家企业通过国家《企业知识产权管理规范》标准认证；"
        "同时新疆福克油品有限公司转化实施的一项专利技术荣获第十九届中国专利金奖。",
        [
            ("funds_leveraged", 83553.61, "万元", None, None, "cumulative"),
            ("patent_applications", 400, "件", "近", None, None),
            ("people_trained", 1100, "人次", "余", None, None),
            ("certifications", 20, "家", None, None, "cumulative"),
        ],
    ),
    (
        "002 certification without 累计",
        "有20家企业通过国家《企业知识产权管理规范》标准认证。",
        [("certifications", 20, "家", None, None, None)],
    ),
    (
        "002 table cell: funds leveraged",
        "带动社会投入37590.1万元",
        [("funds_leveraged", 37590.1, "万元", None, None, "year")],
    ),
    (
        "002 document number 〔2011〕167号",
        "按照自治区财政厅与原自治区知识产权局联合制定的《新疆维吾尔自治区专利实施资金和项目"
        "管理办法》（新财建〔2011〕167号）要求",
        [],
    ),
    (
        "002 list numbering and document number",
        "3.关于印发《新疆维吾尔自治区专利实施资金和项目管理办法》的通知（新财建[2011]167号文件）；",
        [],
    ),
    (
        "002 a fall (降幅) in money is not a growth outcome",
        "而我区2018年度的“自治区专利实施资金”由2000万元缩减至1200万元，降幅高达40%，"
        "已经影响到相关工作的进展。",
        [],
    ),
    (
        "002 no digits: Chinese numerals are not read",
        "其中支持新疆福克油品有限公司转化实施的一项专利技术荣获第十九届中国专利金奖。",
        [],
    ),
    (
        "real_01 fused table row with 100%",
        "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |",
        [],
    ),
    (
        "real_04 people counted but not trained",
        "项目实施后,能有效解决西平县15个乡镇(街道办事处)33个行政村26113户97401人出行难问题",
        [],
    ),
    (
        "real_04 dates",
        "于2022年12月6日至8日,对该项目的各项绩效指标完成情况进行了调查。",
        [],
    ),
    (
        "real_05 year glued to 项目 in flattened text",
        "项目名称 市管绿地养护 项目年份 2017项目主管部门(单位) 苏州市园林和绿化管理局",
        [],
    ),
]

# Not in any fixture: written to pin syntax domain.md describes (thousands separators,
# per-head amounts, 册次) that the fixtures do not contain next to a trigger.
CONSTRUCTED_CASES: list[tuple[str, str, list[Row]]] = [
    (
        "thousands separator",
        "带动社会投入215,457.6万元。",
        [("funds_leveraged", 215457.6, "万元", None, None, "year")],
    ),
    (
        "growth with its base in the same clause, full-width ％",
        "全市专利申请量同比增长15.2％。",
        [("patent_applications_growth", 15.2, "%", None, None, None)],
    ),
    ("per-head money and 册次 are not outcomes", "生均1000元，图书借阅116559册次。", []),
    (
        "以上 qualifier",
        "培训从事知识产权工作人员500人次以上。",
        [("people_trained", 500, "人次", "以上", None, None)],
    ),
    (
        "全市 after a sub-entity resets the entity",
        "中物院新增专利申请量1389件，全市专利授权6651件。",
        [
            ("patent_applications", 1389, "件", None, "中物院", None),
            ("patent_grants", 6651, "件", None, None, None),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in REAL_CASES],
)
def test_real_sentences(text: str, expected: list[Row]) -> None:
    assert read_one(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in CONSTRUCTED_CASES],
)
def test_constructed_sentences(text: str, expected: list[Row]) -> None:
    assert read_one(text) == expected


def test_outcome_keeps_its_sentence_piece_and_source() -> None:
    source = SourceRef("000.txt", line=55)
    text = "2018年，中物院新增专利申请量1389件，其中发明专利申请量986件；专利授权量达969件。"
    outcomes = extract_outcomes([(text, source)])
    assert outcomes[0].sentence == "2018年，中物院新增专利申请量1389件，其中发明专利申请量986件"
    assert outcomes[-1].sentence == "专利授权量达969件"
    assert {o.source for o in outcomes} == {source}


def test_repeated_cells_are_kept_once_with_the_first_source() -> None:
    cell = "带动社会投入37590.1万元"
    first, second = SourceRef("a.txt", line=3), SourceRef("a.txt", line=9)
    outcomes = extract_outcomes([(cell, first), (cell, second)])
    assert len(outcomes) == 1
    assert outcomes[0].source == first


def test_same_metric_with_two_values_is_kept_twice() -> None:
    # Seed 000 states 万人发明专利拥有量 as 10.51 and 10.54: both must survive for the check.
    outcomes = extract_outcomes(
        [("万人发明专利拥有量达到10.51件。", None), ("全市万人有效发明专利拥有达10.54件。", None)]
    )
    assert [o.value for o in outcomes] == [10.51, 10.54]


def test_every_metric_has_a_label_units_and_a_trigger() -> None:
    for key, spec in METRICS.items():
        assert spec.label and spec.units and (spec.before or spec.after), key
        assert not key.endswith("_growth"), key


def fixture_lines(path: Path) -> list[tuple[str, SourceRef]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(line, SourceRef(path.name, line=n)) for n, line in enumerate(lines, start=1)]


def find(outcomes: list[Outcome], metric: str, value: float) -> Outcome:
    found = [o for o in outcomes if o.metric == metric and o.value == value]
    assert found, f"{metric} {value} not found in {rows(outcomes)}"
    return found[0]


def test_seed_002_narrative_outcomes_from_gold_notes() -> None:
    outcomes = extract_outcomes(fixture_lines(SEED_002))

    year_funds = find(outcomes, "funds_leveraged", 37590.1)
    assert (year_funds.unit, year_funds.scope, year_funds.source.line) == ("万元", "year", 12)
    total_funds = find(outcomes, "funds_leveraged", 83553.61)
    assert (total_funds.unit, total_funds.scope, total_funds.source.line) == (
        "万元",
        "cumulative",
        12,
    )
    patents = find(outcomes, "patent_applications", 400)
    assert (patents.unit, patents.qualifier) == ("件", "近")
    trained = find(outcomes, "people_trained", 1100)
    assert (trained.unit, trained.qualifier) == ("人次", "余")
    certified = find(outcomes, "certifications", 20)
    assert (certified.unit, certified.scope) == ("家", "cumulative")
    # 共列入项目计划169项 is the total; 其中新上项目49项 … and the cohorts 2017年结转项目50项 …
    # are its parts.
    assert find(outcomes, "projects_supported", 169).unit == "项"
    assert [o.value for o in outcomes if o.metric == "projects_supported"] == [169]
    assert not [o for o in outcomes if o.metric == "enterprises_supported"]

    # 37000 is the target cell of the appended table: the module cannot tell target cells
    # from actual ones, the caller must. No budget figure (1200, 2000万元) leaks in.
    funds = {o.value for o in outcomes if o.metric == "funds_leveraged"}
    assert funds == {37590.1, 83553.61, 37000.0}
    assert not [o for o in outcomes if o.unit == "%"]
    assert all(o.entity is None for o in outcomes)


def test_seed_000_attributes_sub_entity_and_skips_traps() -> None:
    outcomes = extract_outcomes(fixture_lines(SEED_000))
    by_entity = {(o.metric, o.value): o.entity for o in outcomes}

    # 中物院's figures are parts of the city's where the city states the metric (申请 10486,
    # 授权 6651); its invention figures, which the city does not state, are kept as its own.
    assert ("patent_applications", 1389) not in by_entity
    assert ("patent_grants", 969) not in by_entity
    assert by_entity[("invention_applications", 986)] == "中物院"
    assert by_entity[("invention_grants", 499)] == "中物院"
    assert by_entity[("patent_applications", 10486)] is None
    assert by_entity[("patent_grants", 6651)] is None
    assert find(outcomes, "patent_grants_growth", 40.1).unit == "%"
    assert find(outcomes, "invention_patents_held", 5081).scope == "year"
    assert {o.value for o in outcomes if o.metric == "invention_patents_per_10k"} == {10.51, 10.54}
    # The repeated target/actual cells give each city figure once.
    assert len([o for o in outcomes if o.metric == "patent_grants" and o.value == 6651]) == 1
    values = {o.value for o in outcomes}
    assert not values & {12330, 80, 100, 8, 10000, 4000, 5000, 9}
