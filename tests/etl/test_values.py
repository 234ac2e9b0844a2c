"""etl.values: parsing indicator values, judging completion, scoring.

Cases marked "synthetic" are spellings the domain doc lists but the fixtures do not contain;
every other case is copied from tests/fixtures (gold `target`/`actual` or the report text).
"""

from __future__ import annotations

import pytest

from etl.records import ParsedValue
from etl.values import (
    PARTLY_MET_RATIO,
    Completion,
    assess_completion,
    parse_deadline,
    parse_value,
    score_indicator,
)

# (text, comparator, number, unit, qualitative, qualifier)
VALUE_CASES = [
    # real_01: look-alike comparators, unit dropped on the actual
    ("≧735人次", ">=", 735.0, "人次", False, None),
    ("735", None, 735.0, None, False, None),
    ("≧100%", ">=", 100.0, "%", False, None),
    ("═100%", "=", 100.0, "%", False, None),
    ("98%", None, 98.0, "%", False, None),
    ("有效", None, None, None, True, None),
    # real_02: units after the number; a year count that is not a date
    ("≥200平方米", ">=", 200.0, "平方米", False, None),
    ("204.46平方米", None, 204.46, "平方米", False, None),
    ("≥120米", ">=", 120.0, "米", False, None),
    ("≥8400元", ">=", 8400.0, "元", False, None),
    ("≥5个", ">=", 5.0, "个", False, None),
    ("≥15年", ">=", 15.0, "年", False, None),
    # real_02: dates are time limits, never 2023 年
    ("2023年12月", None, None, None, True, None),
    ("2023年10月", None, None, None, True, None),
    # real_03: bare numbers
    ("22.8", None, 22.8, None, False, None),
    ("76.44", None, 76.44, None, False, None),
    # real_05: ASCII "=", qualitative words
    ("=100%", "=", 100.0, "%", False, None),
    ("=98%", "=", 98.0, "%", False, None),
    ("15%", None, 15.0, "%", False, None),
    ("合规", None, None, None, True, None),
    ("好", None, None, None, True, None),
    ("日产日清", None, None, None, True, None),
    ("及时,整 洁", None, None, None, True, None),
    ("提升", None, None, None, True, None),
    ("757万平方米养护全覆盖", None, 757.0, "万平方米", False, None),
    # real_07: unit spelled "%(百分比)", and the three columns joined (">= 98 %(百分比)")
    (">=98%(百分比)", ">=", 98.0, "%", False, None),
    (">= 98 %(百分比)", ">=", 98.0, "%", False, None),
    # seeds
    ("2018年12月底前", "<=", None, None, True, None),
    ("≥95%", ">=", 95.0, "%", False, None),
    ("49家", None, 49.0, "家", False, None),
    ("500人次", None, 500.0, "人次", False, None),
    ("完成500人次以上", ">=", 500.0, "人次", False, "以上"),
    ("100%符合要求", None, 100.0, "%", False, None),
    ("带动社会投入37000万元", None, 37000.0, "万元", False, None),
    ("带动社会投入37590.1万元", None, 37590.1, "万元", False, None),
    ("项目实施单位满意度≥90", ">=", 90.0, None, False, None),
    ("中长期", None, None, None, True, None),
    ("已验收项目均达到预计目标", None, None, None, True, None),
    ("查处假冒专利行为不少于80件", ">=", 80.0, "件", False, None),
    ("新申请发明、实用新型专利共计近400件", None, 400.0, "件", False, "近"),
    ("为企业管理人员、技术人员培训达1100余人次", None, 1100.0, "人次", False, "余"),
    ("年末结转专利资助项目额度76.61万", None, 76.61, "万", False, None),
    ("商品20万余件", None, 20.0, "万件", False, "余"),
    ("检查了超市、商场、药店、专业市场等场所100多家", None, 100.0, "家", False, "多"),
    ("万人发明专利拥有量达到10.51件", ">=", 10.51, "件", False, None),
    # seeds, prose with several quantities: first quantity kept, marked qualitative; the
    # leading "2018年" is a date, not 2018 年
    (
        "2018年，全市申请10486件，已连续三年专利申请稳定在1万件以上，专利授权6651件，"
        "增幅达 40.1%， 全省占比7.6%，发明专利拥有量 5081件，增幅24.6%。",
        None,
        10486.0,
        "件",
        True,
        None,
    ),
    (
        "力争2018年全市新增专利申请量10000件以上、发明专利申请量4000件以上",
        ">=",
        10000.0,
        "件",
        True,
        "以上",
    ),
    # bare numbers in prose are names, not quantities (58同城网)
    ("58同城网、百姓网等电商平台，检查网站（网页）10000多个", None, 10000.0, "个", False, "多"),
    # a leading list mark and a date inside prose are not quantities; "2023年1-6月" is a period
    ("1.2024年度项目资金预算测算相关材料", None, None, None, True, None),
    ("1.完成培训100人；2.建设3个", None, 100.0, "人", True, None),
    ("2023年1-6月", None, None, None, True, None),
    ("12月31日前完成", "<=", None, None, True, None),
    # domain doc examples
    ("215,457.6", None, 215457.6, None, False, None),
    ("10万", None, 10.0, "万", False, None),
    ("≥100百分比", ">=", 100.0, "%", False, None),
    ("专利授权6651件，增幅达 40.1%", None, 6651.0, "件", True, None),
    ("效果明显", None, None, None, True, None),
    ("达成预期指标", None, None, None, True, None),
    ("按时完成", None, None, None, True, None),
    ("合格", None, None, None, True, None),
    # synthetic: the remaining comparator spellings, full-width digits, other units
    ("≤30天", "<=", 30.0, "天", False, None),
    ("≦5%", "<=", 5.0, "%", False, None),
    ("<=10个", "<=", 10.0, "个", False, None),
    ("=<10个", "<=", 10.0, "个", False, None),
    ("=>3项", ">=", 3.0, "项", False, None),
    ("＞90%", ">", 90.0, "%", False, None),
    ("＜5%", "<", 5.0, "%", False, None),
    (">0", ">", 0.0, None, False, None),
    ("<2小时", "<", 2.0, "小时", False, None),
    ("＝１００％", "=", 100.0, "%", False, None),
    ("不低于 95 %", ">=", 95.0, "%", False, None),
    ("不小于3场", ">=", 3.0, "场", False, None),
    ("大于等于90分", ">=", 90.0, "分", False, None),
    ("至少2次", ">=", 2.0, "次", False, None),
    ("不高于5%", "<=", 5.0, "%", False, None),
    ("不超过15个工作日", "<=", 15.0, "工作日", False, None),
    ("不大于3个月", "<=", 3.0, "个月", False, None),
    ("小于等于1.5亿元", "<=", 1.5, "亿元", False, None),
    ("控制在100万元以内", "<=", 100.0, "万元", False, "以内"),
    ("5%以下", "<=", 5.0, "%", False, "以下"),
    ("超过100场", ">", 100.0, "场", False, None),
    ("大于50户", ">", 50.0, "户", False, None),
    ("低于3%", "<", 3.0, "%", False, None),
    ("小于10吨", "<", 10.0, "吨", False, None),
    ("32.63公里", None, 32.63, "公里", False, None),
    ("5km", None, 5.0, "公里", False, None),
    ("1,234,567元", None, 1234567.0, "元", False, None),
]


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit", "qualitative", "qualifier"), VALUE_CASES
)
def test_parse_value(
    text: str,
    comparator: str | None,
    number: float | None,
    unit: str | None,
    qualitative: bool,
    qualifier: str | None,
) -> None:
    parsed = parse_value(text)
    assert parsed == ParsedValue(
        text=text,
        comparator=comparator,
        number=number,
        unit=unit,
        qualitative=qualitative,
        qualifier=qualifier,
    )


@pytest.mark.parametrize("text", [None, "", "  ", "/", "／", "—", "——", "-", "无", "……", "…"])
def test_placeholders_are_none(text: str | None) -> None:
    assert parse_value(text) is None


def test_text_is_kept_verbatim() -> None:
    text = " ≥ 95％\n"
    parsed = parse_value(text)
    assert parsed is not None
    assert parsed.text == text
    assert (parsed.comparator, parsed.number, parsed.unit) == (">=", 95.0, "%")


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("2018年12月底前", (2018, 12)),
        ("2023年12月", (2023, 12)),
        ("2023年10月", (2023, 10)),
        ("2018年度", (2018, 12)),
        ("2023-06-30前", (2023, 6)),
        ("2023年1月-2023年6月", (2023, 6)),
        ("2023年1-6月", (2023, 6)),
        ("12月底前", None),
        ("≥15年", None),
        ("有效", None),
        (None, None),
    ],
)
def test_parse_deadline(text: str | None, deadline: tuple[int, int] | None) -> None:
    assert parse_deadline(text) == deadline


# (target, actual, status, ratio, reverse)
COMPLETION_CASES = [
    # real_01: unit missing on the actual; "=" target missed by a little
    ("≧735人次", "735", "met", 1.0, False),
    ("═100%", "98%", "partly_met", 0.98, False),
    ("≧95%", "100%", "met", 1.0526, False),
    # real_02: same units; deadline met early
    ("≥200平方米", "204.46平方米", "met", 1.0223, False),
    ("2023年12月", "2023年10月", "met", None, True),
    # real_05: qualitative actual 好; "95%" against "=98%"
    ("合规", "好", "met", None, False),
    ("95%", "=98%", "met", 1.0316, False),
    # real_07
    (">=75%(百分比)", "100%", "met", 1.3333, False),
    # seeds
    ("2018年12月底前", "2018年12月底前", "met", None, True),
    ("≥95%", "≥95%", "met", 1.0, False),
    ("500人次", "完成500人次以上", "met", 1.0, False),
    ("项目实施单位满意度≥90", "≥90", "met", 1.0, False),
    ("带动社会投入37000万元", "带动社会投入37590.1万元", "met", 1.0159, False),
    ("按合同签订的完成项目执行期间产值稳步提升", "已验收项目均达到预计目标", "met", None, False),
    ("提升自治区企业自主创新能力", "中长期", "not_judgeable", None, False),
    ("项目执行期在有效时间内", "按合同项目进度安排表逐步推进", "not_judgeable", None, False),
    # seeds: a long prose actual is not judged by the words it happens to contain (有效)
    (
        "召开不同形式的对接会，促进科技型企业融资",
        "全年召开大型投融资对接会5场，组织科技型企业参加了市外组织的各类投融资对接会3场，"
        "科技型企业融资难、融资贵、融资慢等问题得到有效缓解。",
        "not_judgeable",
        None,
        False,
    ),
    # synthetic: not met, strict comparator, reverse indicators, unit conversion
    ("≥95%", "50%", "not_met", 0.5263, False),
    ("≥10个", "6个", "partly_met", 0.6, False),
    (">90%", "90%", "partly_met", 1.0, False),
    ("=1个", "2个", "met", 2.0, False),
    ("≤30天", "25天", "met", 1.2, True),
    ("≤30天", "30", "met", 1.0, True),
    ("≤30天", "45天", "partly_met", 0.6667, True),
    ("≤30天", "90天", "not_met", 0.3333, True),
    ("<5%", "5%", "partly_met", 1.0, True),
    ("控制在100万元以内", "950000元", "met", 1.0526, True),
    ("≥1亿元", "8000万元", "partly_met", 0.8, False),
    ("≥5公里", "5000米", "met", 1.0, False),
    ("≥5个", "5%", "not_judgeable", None, False),
    ("≥400件", "近400件", "partly_met", 1.0, False),
    ("≤400件", "400余件", "partly_met", 1.0, True),
    ("2023年6月底前", "2023年10月", "not_met", None, True),
    ("≥95%", "完成", "met", None, False),
    ("按时完成", "未完成", "not_met", None, False),
    ("合格", "否", "not_met", None, False),
    ("效果明显", "基本完成", "partly_met", None, False),
    ("达成预期指标", "是", "met", None, False),
]


@pytest.mark.parametrize(("target", "actual", "status", "ratio", "reverse"), COMPLETION_CASES)
def test_assess_completion(
    target: str, actual: str, status: str, ratio: float | None, reverse: bool
) -> None:
    completion = assess_completion(parse_value(target), parse_value(actual))
    assert completion.status == status
    assert completion.reverse is reverse
    if ratio is None:
        assert completion.ratio is None
    else:
        assert completion.ratio == pytest.approx(ratio, abs=1e-4)


@pytest.mark.parametrize(("target", "actual"), [(None, "100%"), ("=100%", None), (None, None)])
def test_missing_side_is_not_judgeable(target: str | None, actual: str | None) -> None:
    completion = assess_completion(parse_value(target), parse_value(actual))
    assert completion == Completion("not_judgeable")


def test_partly_met_threshold_is_the_module_constant() -> None:
    just_below = assess_completion(parse_value("≥100个"), parse_value("59个"))
    at = assess_completion(parse_value("≥100个"), parse_value("60个"))
    assert PARTLY_MET_RATIO == 0.6
    assert (just_below.status, at.status) == ("not_met", "partly_met")


@pytest.mark.parametrize(
    ("weight", "completion", "convention", "points"),
    [
        (10, Completion("met", 1.3333), "ratio", 10.0),
        (10, Completion("partly_met", 0.98), "ratio", 9.8),
        (10, Completion("not_met", 0.5263), "ratio", 5.26),
        (15, Completion("met", None, reverse=True), "ratio", 15.0),
        (10, Completion("partly_met", 0.6667, reverse=True), "ratio", 6.67),
        # linear: full at the target, zero at twice it; 45 against ≤30 is 1.5× → half
        (10, Completion("partly_met", 30 / 45, reverse=True), "linear", 5.0),
        (10, Completion("not_met", 0.4, reverse=True), "linear", 0.0),
        # linear leaves forward indicators on the ratio
        (10, Completion("partly_met", 0.8), "linear", 8.0),
        # half-up, not banker's rounding: 2.5 × 0.125 = 0.3125 → 0.31; 5 × 0.333 = 1.665 → 1.67
        (5, Completion("not_met", 0.333), "ratio", 1.67),
        (10, Completion("not_met", None), "ratio", None),
        (10, Completion("not_judgeable"), "ratio", None),
        (None, Completion("met", 1.0), "ratio", None),
    ],
)
def test_score_indicator(
    weight: float | None, completion: Completion, convention: str, points: float | None
) -> None:
    assert score_indicator(weight, completion, convention) == points


def test_score_indicator_rejects_unknown_convention() -> None:
    with pytest.raises(ValueError, match="convention"):
        score_indicator(10, Completion("partly_met", 0.8), "bands")
