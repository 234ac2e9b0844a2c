"""etl.parse.indicators: level names, header columns, row alignment, the table reader.

Snippets are cut from the fixtures (file and lines named above each); tabs are written as
\\t escapes, full-width spaces as \\u3000 and trailing spaces as \\x20, long lines are
continued with a backslash; everything else is as in the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parse.cells import join_numbered_lines, to_cells
from etl.parse.indicators import (
    align_row,
    clean_level,
    column_kind,
    find_header,
    read_indicators,
    rows_to_indicators,
)
from etl.records import Indicator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# corpus/real_01.txt lines 15-33: pipe rows; the header's first tier (年度指标值 … 偏差原因)
# stands before 一级指标 on the same merged line; 一级 cells are merged down the table.
REAL_01_TABLE = """\
| — | 年度 总体 目标 | 预期目标 | 实际完成情况 | 确保每一个学生都能享受到国家政策福利,改善学生体\
质 | 确保每一个学生都能享受到国家政策福利,改善学生体质 | 绩效指标 | 年度指标值 | 实际完成值 | 分\
值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单\
位 | 产出指标 | 数量指标 | 学生受资助人数 | ≧ | 735 | 人次 | 735 | 10 | 10 |
| 质量指标 | 营养改善计划覆盖率 | ≧ | 100 | % | 100% | 10 | 10 |
| 时效指标 | 资金到位及时率 | ≧ | 100 | % | 100% | 10 | 7 |
| 成本指标 | 生均补助标准达标率 | ═ | 100 | % | 100% | 10 | 10 |
| 效益指标 | 经济效益 指标 | 减轻贫困学生家庭经济负担 |
| 有效 |
| 有效 | 10 | 10 |
| 社会效益 指标 | 政策知晓率 | ═ | 100 | % | 98% | 10 | 9 |
| 生态效益 指标 |
|
|
|
|
|
|
|
| 可持续影响 指标 | 促进学校教育事业健康发展 | ≧ | 100 | % | 100% | 10 | 10 |
| 满意度指标 | 服务对象满意度指标等 | 学生满意度 | ≧ | 95 | % | 100% | 10 | 10 |
| 家长满意度 | ≧ | 95 | % | 100% | 10 | 10 |"""

# corpus/real_02.txt lines 17-26: the last row is cut off in the file.
REAL_02_TABLE = """\
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析\
及改进措施 |
|
产出指标 | 数量指标 | 野生动物收容所 | ≥200平方米 | 204.46平方米 | 10 | 10 | 无 |
数量指标 | 钢结构圈养围栏 | ≥120米 | 121.5米 | 10 | 10 | 无 |
时效指标 | 项目完工时限 | 2023年12月 | 2023年10月 | 15 | 15 | 无 |
质量指标 | 项目竣工验收率 | 100% | 100% | 15 | 15 | 无 |
效益指标 | 经济效益指标 | 务工人员年人均增收 | ≥8400元 | 8400元 | 10 | 10 | 无 |
社会效益指标 | 提供务工岗位 | ≥5个 | 5个 | 10 | 10 | 无 |
可持续影响指标 | 项目建成后可持续影响年限 | ≥15年 | 15年 | 10 | 10 | 无 |
满意度指标 | 服务对象满意度指标 | 受益农户满意度\x20"""

# corpus/real_07.txt lines 15-21: a two-tier header (符号 / 单位 sit under 预期指标值), rows
# flattened onto one line each, and the 预算执行率 row at the end.
REAL_07_TABLE = """\
四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项\
指标完成情况 自评得分
符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分
产出指标 质量指标 符合条件申报对象覆盖率 享受补贴政策人数占符合条件申报对象总数的比例 >= 98 %(百\
分比) 100% 完成 25.00 25.00 6.25
时效指标 完成率 按照要求每月及时完成符合条件对象审批的比例(百分比) >= 99 %(百分比) 100% 完成 25.\
00 25.00 6.25
效果指标 社会效益指标 补贴发放率 高龄补贴发放完成率 >= 75 %(百分比) 100% 完成 30.00 30.00 9.00
满意度指标 服务对象满意度指标 服务对象满意度 享受高龄津贴的对象对老龄工作的满意程度 >= 95 %(百分\
比) 100% 完成 10.00 10.00 1.00
预算执行率 预算执行率\x20\x20\x20\x20\x20\x20\x20"""

# seeds/002_78a807617c647145.txt lines 126-184: template placeholders (指标2：, ……).
SEED_2_TABLE = """\
\t年度
绩效
指标
完成
情况
\t一级指标
\t二级指标
\t三级指标
\t预期指标值（包含数字及文字描述）
\t实际完成指标值（包含数字及文字描述）

\t
\t项目完成指标
\t数量指标
\t 指标1：支持专利实施项目
\t\u300049家
\t49家\u3000

\t
\t
\t
\t 指标2：培训从事知识产权工作人员
\t500人次
\t完成500人次以上

\t
\t
\t
\t ……
\t\u3000
\t\u3000

\t
\t
\t质量指标
\t 指标1：所选项目承担单位符合条件
\t\u3000100%符合要求
\t\u3000选择符合国家和自治区产业政策、科技含量高、创新性强、经济效益好、有市场前景的专利技术产品\
开发并形成产业规模的专利项目。项目申报、评审、公示、批复程序符合相关管理办法要求

\t
\t
\t
\t 指标2：
\t\u3000
\t\u3000

\t
\t
\t
\t ……
\t\u3000
\t\u3000

\t
\t
\t时效指标
\t 指标1：项目执行时间
\t\u3000项目执行期在有效时间内
\t\u3000按合同项目进度安排表逐步推进"""


def _read(snippet: str) -> list[Indicator]:
    layout, cells = to_cells(snippet.split("\n"))
    indicators, _, _ = read_indicators(cells, layout, "snippet.txt")
    return indicators


def _header_columns(snippet: str) -> list[str]:
    _, cells = to_cells(snippet.split("\n"))
    header = find_header(cells)
    assert header is not None
    return header.columns


# --- clean_level ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("社会效益\n指标", "社会效益指标"),  # seeds/000 line 371-372: wrapped cell
        ("经济效益\n指标", "经济效益指标"),  # seeds/002 lines 230-231
        ("满意度\n指标", "满意度指标"),  # seeds/002 lines 324-325
        ("产出指标(40分)", "产出指标"),  # corpus/real_03 line 139
        ("经济效益 指标", "经济效益指标"),  # corpus/real_01 line 19
        ("指标1：支持专利实施项目", "支持专利实施项目"),  # seeds/002 line 140
        ("指标1： 带来经济产值", "带来经济产值"),  # seeds/002
        ("指标2：培训从事知识产权工作人员", "培训从事知识产权工作人员"),  # seeds/002 line 147
        ("公猪舍(≥**平方米)", "公猪舍(≥**平方米)"),  # corpus/real_03: a bracket that is no weight
        ("19名百岁老人高龄津贴", "19名百岁老人高龄津贴"),  # a leading number that is no numbering
        ("指标2：", None),  # seeds/002 line 168: placeholder
        ("……", None),  # seeds/002 line 154
        ("\u3000", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_level(raw: str | None, clean: str | None) -> None:
    assert clean_level(raw) == clean


# --- column_kind ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("一级指标", "l1"),
        ("二级指标", "l2"),
        ("三级指标", "l3"),
        ("指标名称", "l3"),  # corpus/real_05
        ("年度指标值", "target"),  # corpus/real_01, real_02
        ("预期指标值（包含数字及文字描述）", "target"),  # seeds/002
        ("预期指标值(包含数字及文字描述)", "target"),  # seeds/000
        ("年初目标值(A)", "target"),  # corpus/real_03
        ("目标值", "target"),  # corpus/real_05
        ("指标值", "target"),  # corpus/real_01
        ("实际完成值", "actual"),
        ("实际完成指标值(包含数字及文字描述)", "actual"),  # seeds/000
        ("实际完成值(B)", "actual"),  # corpus/real_03
        ("单项指标实际完成值", "actual"),  # corpus/real_07
        ("实际完成", "actual"),  # corpus/real_05 ("实际完成 值" broken in two)
        ("分值", "weight"),
        ("指标分值", "weight"),  # corpus/real_07
        ("权重", "weight"),  # corpus/real_05
        ("得分", "score"),
        ("自评得分", "score"),  # corpus/real_07
        ("偏差原因分析及改进措施", "reason"),
        ("指标性质", "cmp"),  # corpus/real_01
        ("符号", "cmp"),  # corpus/real_07 sub-header
        ("度量单位", "unit"),  # corpus/real_01
        ("单位(文字描述)", "unit"),  # corpus/real_07 sub-header
        ("单项指标完成情况", "status"),  # corpus/real_07
        ("自评内容", "desc"),  # corpus/real_09
        ("指标解释", "desc"),  # corpus/real_09
        ("绩效指标", None),
        ("项目名称", None),
        ("产出指标", None),
        ("学生受资助人数", None),
    ],
)
def test_column_kind(word: str, kind: str | None) -> None:
    assert column_kind(word) == kind


def test_column_kind_ignores_long_text() -> None:
    # seeds/000: a prose cell that mentions 指标值 is no header
    assert (
        column_kind(
            "促进专利权人获权、用权，积极引导企业进行专利实施及专利运营，增加企业效益和税收"
        )
        is None
    )


# --- headers ----------------------------------------------------------------------------------


def test_header_real_01_first_tier_merged_in() -> None:
    assert _header_columns(REAL_01_TABLE) == [
        "l1",
        "l2",
        "l3",
        "cmp",
        "target",
        "unit",
        "actual",
        "weight",
        "score",
        "reason",
    ]


def test_header_real_02() -> None:
    assert _header_columns(REAL_02_TABLE) == [
        "l1",
        "l2",
        "l3",
        "target",
        "actual",
        "weight",
        "score",
        "reason",
    ]


def test_header_real_07_two_tiers() -> None:
    """符号 / 单位(文字描述) are dumped after the first tier but sit inside 预期指标值."""
    assert _header_columns(REAL_07_TABLE) == [
        "l1",
        "l2",
        "l3",
        "desc",
        "cmp",
        "target",
        "unit",
        "actual",
        "status",
        "weight",
        "score",
        "other",
    ]


# --- align_row --------------------------------------------------------------------------------

REAL_01_COLUMNS = ["l1", "l2", "l3", "cmp", "target", "unit", "actual", "weight", "score", "reason"]
REAL_02_COLUMNS = ["l1", "l2", "l3", "target", "actual", "weight", "score", "reason"]


def test_align_row_real_01_full_row() -> None:
    # corpus/real_01.txt line 15 (its last cells)
    row = ["产出指标", "数量指标", "学生受资助人数", "≧", "735", "人次", "735", "10", "10"]
    assert align_row(row, REAL_01_COLUMNS) == {
        "l1": "产出指标",
        "l2": "数量指标",
        "l3": "学生受资助人数",
        "cmp": "≧",
        "target": "735",
        "unit": "人次",
        "actual": "735",
        "weight": "10",
        "score": "10",
    }


def test_align_row_real_01_merged_level1_left_out() -> None:
    # corpus/real_01.txt line 17: the row starts at 二级 (一级 is merged from above)
    row = ["时效指标", "资金到位及时率", "≧", "100", "%", "100%", "10", "7"]
    assert align_row(row, REAL_01_COLUMNS) == {
        "l2": "时效指标",
        "l3": "资金到位及时率",
        "cmp": "≧",
        "target": "100",
        "unit": "%",
        "actual": "100%",
        "weight": "10",
        "score": "7",
    }


def test_align_row_real_01_merged_level1_and_level2_left_out() -> None:
    # corpus/real_01.txt line 33
    row = ["家长满意度", "≧", "95", "%", "100%", "10", "10"]
    aligned = align_row(row, REAL_01_COLUMNS)
    assert "l1" not in aligned and "l2" not in aligned
    assert aligned["l3"] == "家长满意度"
    assert (aligned["target"], aligned["actual"], aligned["score"]) == ("95", "100%", "10")


def test_align_row_real_02_rows() -> None:
    # corpus/real_02.txt lines 20 and 24
    row = ["数量指标", "钢结构圈养围栏", "≥120米", "121.5米", "10", "10", "无"]
    assert align_row(row, REAL_02_COLUMNS) == {
        "l2": "数量指标",
        "l3": "钢结构圈养围栏",
        "target": "≥120米",
        "actual": "121.5米",
        "weight": "10",
        "score": "10",
        "reason": "无",
    }
    row = ["社会效益指标", "提供务工岗位", "≥5个", "5个", "10", "10", "无"]
    aligned = align_row(row, REAL_02_COLUMNS)
    assert (aligned["l2"], aligned["l3"], aligned["target"]) == (
        "社会效益指标",
        "提供务工岗位",
        "≥5个",
    )


def test_align_row_real_02_date_targets_are_text_not_points() -> None:
    # corpus/real_02.txt line 21: 2023年12月 looks like a number but is the target
    row = ["时效指标", "项目完工时限", "2023年12月", "2023年10月", "15", "15", "无"]
    aligned = align_row(row, REAL_02_COLUMNS)
    assert (aligned["target"], aligned["actual"]) == ("2023年12月", "2023年10月")
    assert (aligned["weight"], aligned["score"]) == ("15", "15")


# --- whole tables -----------------------------------------------------------------------------


def test_read_real_01_carries_merged_levels_down() -> None:
    indicators = _read(REAL_01_TABLE)
    assert [(i.level1, i.level2, i.level3) for i in indicators] == [
        ("产出指标", "数量指标", "学生受资助人数"),
        ("产出指标", "质量指标", "营养改善计划覆盖率"),
        ("产出指标", "时效指标", "资金到位及时率"),
        ("产出指标", "成本指标", "生均补助标准达标率"),
        ("效益指标", "经济效益指标", "减轻贫困学生家庭经济负担"),
        ("效益指标", "社会效益指标", "政策知晓率"),
        # the empty 生态效益 指标 row is no indicator
        ("效益指标", "可持续影响指标", "促进学校教育事业健康发展"),
        ("满意度指标", "服务对象满意度指标等", "学生满意度"),
        ("满意度指标", "服务对象满意度指标等", "家长满意度"),
    ]
    first = indicators[0]
    # comparator, value and unit columns make one target, as written
    assert (first.target, first.actual, first.weight, first.score) == ("≧735人次", "735", 10, 10)
    assert indicators[2].score == 7
    assert indicators[5].target == "═100%"


def test_read_real_01_row_split_over_lines_is_merged() -> None:
    # `效益指标 | 经济效益 指标 | 减轻… |`, `有效 |`, `有效 | 10 | 10 |` are one row
    indicators = _read(REAL_01_TABLE)
    row = indicators[4]
    assert (row.target, row.actual, row.weight, row.score) == ("有效", "有效", 10, 10)


def test_read_real_02() -> None:
    indicators = _read(REAL_02_TABLE)
    assert len(indicators) == 7  # the cut-off 满意度 row has no values
    assert [(i.level1, i.level2) for i in indicators[:4]] == [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "质量指标"),
    ]
    assert indicators[4].level1 == "效益指标"
    assert indicators[1].deviation_reason == "无"
    assert indicators[1].source is not None and indicators[1].source.line == 4


def test_read_real_07_two_tier_rows() -> None:
    indicators = [i for i in _read(REAL_07_TABLE) if i.level1]
    assert [(i.level1, i.level2, i.level3) for i in indicators] == [
        ("产出指标", "质量指标", "符合条件申报对象覆盖率"),
        ("产出指标", "时效指标", "完成率"),
        ("效果指标", "社会效益指标", "补贴发放率"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度"),
    ]
    assert [i.target for i in indicators] == [
        ">=98%(百分比)",
        ">=99%(百分比)",
        ">=75%(百分比)",
        ">=95%(百分比)",
    ]
    assert [(i.actual, i.weight, i.score) for i in indicators] == [
        ("100%", 25, 25),
        ("100%", 25, 25),
        ("100%", 30, 30),
        ("100%", 10, 10),
    ]


def test_read_real_07_budget_row_is_no_indicator() -> None:
    levels = [(i.level1, i.level2, i.level3) for i in _read(REAL_07_TABLE)]
    assert not any("预算执行率" in (level or "") for row in levels for level in row)


def test_read_real_07_invents_no_indicator_from_the_sub_header() -> None:
    assert all(i.level1 for i in _read(REAL_07_TABLE))


def test_read_seed_2_drops_placeholders() -> None:
    indicators = _read(SEED_2_TABLE)
    assert [(i.level1, i.level2, i.level3) for i in indicators] == [
        ("项目完成指标", "数量指标", "支持专利实施项目"),
        ("项目完成指标", "数量指标", "培训从事知识产权工作人员"),
        ("项目完成指标", "质量指标", "所选项目承担单位符合条件"),
        ("项目完成指标", "时效指标", "项目执行时间"),
    ]
    assert [(i.target, i.actual) for i in indicators[:2]] == [
        ("49家", "49家"),
        ("500人次", "完成500人次以上"),
    ]


def test_read_tab_table_with_blank_lines_inside_rows() -> None:
    # seeds/000_3d3cd3b106848c44.txt lines 352-364 (first row; long texts as in the file)
    snippet = "\n".join(
        [
            *["\t绩效指标完成情况", "\t一级指标", "\t二级指标", "\t三级指标"],
            *["\t预期指标值(包含数字及文字描述)", "\t实际完成指标值(包含数字及文字描述)"],
            *["", "\t", "\t项目完成指标", "", "", "", "\t社会效益指标"],
            "\t加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流合作",
            "\t加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流，"
            "推进与国家自主创新示范区、高新区、等合作。",
            "\t加强了与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流，"
            "推进与北京中关村、甘肃兰白国家自主创新示范区、成都高新区、广西柳州、浙江衢州科技局等合作。",
        ]
    )
    (indicator,) = _read(snippet)
    assert (indicator.level1, indicator.level2) == ("项目完成指标", "社会效益指标")
    assert indicator.level3 == "加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流合作"
    assert indicator.actual is not None and indicator.actual.startswith("加强了与京津冀")
    assert indicator.weight is None and indicator.score is None  # the 2018 form has no points


# --- rows_to_indicators -----------------------------------------------------------------------


def test_budget_execution_row_at_level1_is_skipped() -> None:
    """The 2020 form's budget item (words of real_07 line 21, figures of real_06 lines 27-36)."""
    rows = [
        {
            "l1": "满意度指标",
            "l2": "服务对象满意度指标",
            "l3": "服务对象满意度",
            "target": ">=95%",
            "actual": "100%",
            "weight": "10.00",
            "score": "10.00",
        },
        {
            "l1": "预算执行率",
            "l3": "预算执行率",
            "target": "100%",
            "actual": "100.00%",
            "weight": "10",
            "score": "10",
        },
    ]
    indicators = rows_to_indicators(rows, [20, 21], "real_07.txt")
    assert [i.level3 for i in indicators] == ["服务对象满意度"]
    assert indicators[0].source is not None and indicators[0].source.label() == "real_07.txt:20"


def test_placeholder_rows_are_skipped() -> None:
    # seeds/002: 指标2： with full-width spaces for values, a …… row, an empty level row
    rows = [
        {"l1": "项目完成指标", "l2": "数量指标", "l3": "指标1：支持专利实施项目"}
        | {"target": "\u300049家", "actual": "49家\u3000"},
        {"l1": "", "l2": "", "l3": " 指标2：", "target": "\u3000", "actual": "\u3000"},
        {"l1": "", "l2": "", "l3": " ……", "target": "\u3000", "actual": "\u3000"},
        {"l1": "", "l2": "……", "l3": "\u3000", "target": "\u3000"},
    ]
    indicators = rows_to_indicators(rows, [140, 168, 175, 223], "002.txt")
    assert len(indicators) == 1
    assert (indicators[0].level3, indicators[0].target, indicators[0].actual) == (
        "支持专利实施项目",
        "49家",
        "49家",
    )


def test_level2_is_not_carried_into_a_new_level1() -> None:
    # corpus/real_05: rows after a new 一级 without their own 二级 get none
    rows = [
        {
            "l1": "效益指标",
            "l2": "社会效益指标",
            "l3": "政策知晓率",
            "target": "═100%",
            "actual": "98%",
        },
        {"l1": "满意度指标", "l3": "学生满意度", "target": "≧95%", "actual": "100%"},
    ]
    indicators = rows_to_indicators(rows, [1, 2], "x")
    assert [(i.level1, i.level2) for i in indicators] == [
        ("效益指标", "社会效益指标"),
        ("满意度指标", None),
    ]


@pytest.mark.xfail(
    strict=True,
    reason="bug: the stream reader splits the leading number off 757万平方米养护全覆盖 "
    "(_LEADING_NUMBER before a weight column) and joins the parts back with a space",
)
def test_stream_target_keeps_text_as_written() -> None:
    # corpus/real_05.txt line 3: 养护面积 757万平方米养护全覆盖 5.6 好 5.6
    lines = (FIXTURES / "corpus" / "real_05.txt").read_text(encoding="utf-8").splitlines()
    layout, cells = to_cells(join_numbered_lines(lines))
    indicators, _, builder = read_indicators(cells, layout, "real_05.txt")
    assert builder == "groups"  # a 2017 stream cut by its template
    area = next(i for i in indicators if i.level3 == "养护面积")
    assert area.target == "757万平方米养护全覆盖"


def test_a_weighted_group_label_stops_carrying_once_its_points_are_used() -> None:
    # real_05's 结果目标(16 分) covers four 4-point rows; the 2-point rows after it are outside.
    rows = [
        {
            "l1": "项目绩效实现情况(80 分)",
            "l2": "结果目标(16 分)",
            "l3": "相关投诉处理率",
            "target": "=100%",
            "weight": "4",
        },
        *({"l3": name, "target": "95%", "weight": "4"} for name in ("树木", "垃圾", "绿地")),
        {"l3": "整体景观效果", "target": "提升", "weight": "2"},
    ]
    found = rows_to_indicators(rows, list(range(len(rows))), "real_05")
    assert [i.level2 for i in found] == ["结果目标"] * 4 + [None]
    assert {i.level1 for i in found} == {"项目绩效实现情况"}


def test_a_level_label_without_points_carries_down_to_the_end() -> None:
    rows = [
        {
            "l1": "产出指标",
            "l2": "数量指标",
            "l3": "覆盖人数",
            "target": "≥735人次",
            "weight": "10",
        },
        {"l3": "覆盖率", "target": "≥100%", "weight": "10"},
    ]
    found = rows_to_indicators(rows, [1, 2], "real_01")
    assert [(i.level1, i.level2) for i in found] == [("产出指标", "数量指标")] * 2


@pytest.mark.parametrize(
    ("name", "builder"),
    [
        ("real_01.txt", "lines"),  # pipe rows aligned by content
        ("real_10.txt", "cell_levels"),  # one cell per line
        ("real_11.txt", "grid"),  # fused: rebuilt as a grid
        ("real_14.txt", "scrambled"),  # a PDF text layer out of order
    ],
)
def test_the_row_builder_is_recorded_on_the_report(name: str, builder: str) -> None:
    from etl.extract import extract_file
    from etl.parse.indicators import ROW_BUILDERS

    report = extract_file(FIXTURES / "corpus" / name).reports[0]
    assert report.row_builder == builder and builder in ROW_BUILDERS
