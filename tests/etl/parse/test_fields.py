"""etl.parse.fields: year, title, labelled fields, 总分/grade and money unit.

Every string is cut from the fixtures (file and line named beside it); tabs are written as
\\t escapes and full-width spaces as \\u3000.
"""

from __future__ import annotations

import pytest

from etl.parse.cells import Cell, to_cells
from etl.parse.fields import (
    find_label,
    find_money_unit,
    find_total_score,
    find_year,
    looks_like_unit,
    parse_title,
)


def _cells(lines: list[str]) -> list[Cell]:
    return to_cells(lines)[1]


# --- find_year --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        # seeds/000 lines 1-2: the title cell wraps onto "(2018 年度)"
        (["项目支出绩效目标完成情况表（1）\n(2018 年度)"], 2018),
        # seeds/002 lines 76-78
        (["自治区财政项目支出绩效自评表", "（ 2018年度）"], 2018),
        # corpus/real_06 line 7
        (["部门预算项目支出绩效自评表(2023年度)"], 2023),
        # corpus/real_01 line 1
        (["2022年度项目支出绩效自评表", "部门:临沧市永德县明朗中学"], 2022),
        # corpus/real_02 lines 4-5
        (["项目支出绩效自评表", "( 2023年度)"], 2023),
        # corpus/real_07 lines 1 and 3: the 年度 of the title, not the 2021 publication date
        (["成安县民政局2020年度预算项目绩效自评表", "发布日期: 2021.07.14"], 2020),
        # corpus/real_04 line 1: prose, 20xx年 only
        (["为做好2022年财政衔接推进乡村振兴资金项目绩效管理工作"], 2022),
        (["项目名称", "专利资助与奖励"], None),
    ],
)
def test_find_year(texts: list[str], year: int | None) -> None:
    assert find_year(texts) == year


def test_find_year_label_beats_an_earlier_date() -> None:
    # corpus/real_08 lines 5-10: the page's publication date comes first, 年度:2024年 wins
    assert find_year(["发布时间:", "2025年05月28日", "年度:2024年"]) == 2024


def test_find_year_label_and_year_in_separate_cells() -> None:
    # corpus/real_05 after explode: 项目年份 | 2017项目主管部门(单位)
    assert find_year(["项目年份", "2017项目主管部门(单位)"]) == 2017


# --- parse_title / looks_like_unit ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "unit", "project"),
    [
        # corpus/real_08 line 1
        (
            "雅安市名山区林业局2024年度林业草原改革发展资金绩效评价表",
            "雅安市名山区林业局",
            "林业草原改革发展资金",
        ),
        # corpus/real_09 line 6: a county is a place, not a unit
        (
            "彭水自治县2024年度中央对地方转移支付计划生育服务项目绩效自评表",
            None,
            "中央对地方转移支付计划生育服务项目",
        ),
        # corpus/real_04 line 1: the unit opens the project phrase
        (
            "2022年西平县交通运输局财政衔接推进乡村振兴资金项目绩效自评总结报告",
            "西平县交通运输局",
            "财政衔接推进乡村振兴资金项目",
        ),
        # corpus/real_07 line 1: "预算项目" names no project
        ("成安县民政局2020年度预算项目绩效自评表", "成安县民政局", None),
        # corpus/real_03 line 11: a generic form title
        ("2022年度项目支出绩效自评表", None, None),
    ],
)
def test_parse_title(title: str, unit: str | None, project: str | None) -> None:
    assert parse_title(title) == (unit, project)


def test_parse_title_of_no_title() -> None:
    assert parse_title("项目名称") == (None, None)


@pytest.mark.parametrize(
    ("name", "is_unit"),
    [
        ("雅安市名山区林业局", True),
        ("青神县发展和改革局本级", True),  # corpus/real_06
        ("昌宁县供销合作社联合社", True),  # corpus/real_03
        ("彭水自治县", False),
        ("", False),
        (None, False),
    ],
)
def test_looks_like_unit(name: str | None, is_unit: bool) -> None:
    assert looks_like_unit(name) is is_unit


# --- find_label -------------------------------------------------------------------------------


def test_find_label_typo_label_in_tab_form() -> None:
    # seeds/000 lines 172-176: 目名称 for 项目名称
    cells = _cells(
        [
            "\t目名称",
            "\t科技金融信息服务平台运行维护及科技金融对接经费",
            "",
            "\t预算单位",
            "\t绵阳科技城“两金”管理中心",
        ]
    )
    assert find_label(cells, "project_name", True) == (
        "科技金融信息服务平台运行维护及科技金融对接经费",
        1,
    )
    assert find_label(cells, "department", True) == ("绵阳科技城“两金”管理中心", 3)
    assert find_label(cells, "implementing_unit", True) is None


def test_find_label_value_with_full_width_spaces() -> None:
    # seeds/002 lines 88-92
    cells = _cells(
        [
            "\t项目名称",
            "\t\u3000自治区专利实施计划项目",
            "",
            "\t预算单位",
            "\t自治区知识产权局\u3000",
        ]
    )
    assert find_label(cells, "project_name", True) == ("自治区专利实施计划项目", 1)
    assert find_label(cells, "department", True) == ("自治区知识产权局", 3)


def test_find_label_several_pairs_on_one_line() -> None:
    # corpus/real_07 line 7
    cells = _cells(
        [
            "一、基本情况 项目名称: 19名百岁老人高龄津贴 是否为专项资金: 实施(主管)单位 "
            "314002-成安县民政局机关 金额单位: 万元  "
        ]
    )
    assert find_label(cells, "project_name", False) == ("19名百岁老人高龄津贴", 2)
    assert find_label(cells, "both_units", False) == ("314002-成安县民政局机关", 5)
    assert find_label(cells, "department", False) is None


def test_find_label_line_per_cell() -> None:
    # corpus/real_03 lines 13-34 (the blank-line runs do not matter here)
    lines = [
        "单位名称:昌宁县供销合作社联合社 填报日期:2023年4月15日",
        "",
        "项目名称",
        "",
        "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目",
        *[""] * 10,
        "主管部门",
        "",
        "昌宁县供销合作社联合社",
        "",
        "项目实施单位",
        "",
        "昌宁县昌龙鸿运牧业专业合作社",
    ]
    cells = _cells(lines)
    found = {
        key: find_label(cells, key, False)
        for key in ("project_name", "department", "implementing_unit", "unit_fallback")
    }
    assert {key: value[0] if value else None for key, value in found.items()} == {
        "project_name": "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目",
        "department": "昌宁县供销合作社联合社",
        "implementing_unit": "昌宁县昌龙鸿运牧业专业合作社",
        "unit_fallback": "昌宁县供销合作社联合社",  # cut at 填报日期
    }


def test_find_label_skips_label_words_inside_prose() -> None:
    # seeds/002 line 31: 项目实施单位 inside a sentence labels nothing
    text = (
        "通过专利实施项目，提升优势企业的知识产权创造、管理、保护和运用能力。"
        "在项目实施单位开展企事业单位人才培训，搭建专利技术转化实施平台。"
    )
    assert find_label(_cells([text]), "implementing_unit", False) is None


# --- find_total_score -------------------------------------------------------------------------


def test_find_total_score_with_grade() -> None:
    # corpus/real_01 line 34
    cells = _cells(["| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |"])
    assert find_total_score(cells) == (96, "优", 2)


def test_find_total_score_blank() -> None:
    # corpus/real_06 lines 98-101: 合计 100 with the score left blank
    assert find_total_score(_cells(["合计 |", "100 |", "|", "|"])) == (None, None, None)
    assert find_total_score(_cells(["合计 | 100 | | |"])) == (None, None, None)


# --- find_money_unit --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "unit"),
    [
        (["公开14表", "项目名称", "项目资金 (元)"], "元"),  # corpus/real_01 line 6
        (["项目资金 (万元)"], "万元"),  # corpus/real_02 line 8
        (["预算执行情况(万元)"], "万元"),  # seeds/000 line 10
        (["金额单位:", "万元"], "万元"),  # corpus/real_07 line 7, after explode
        (["年度预算数(万元)"], "万元"),  # corpus/real_06 line 23: no rule, the default
        (["项目名称", "专利资助与奖励"], "万元"),
    ],
)
def test_find_money_unit(texts: list[str], unit: str) -> None:
    assert find_money_unit(texts) == unit


def test_a_project_name_ending_in_xiangmu_zijin_is_kept_whole() -> None:
    from etl.parse.cells import Cell
    from etl.parse.fields import find_label

    cells = [Cell("项目名称", 1, 1), Cell("科技计划项目资金", 1, 1), Cell("项目资金（万元）", 2, 2)]
    assert find_label(cells, "project_name", False)[0] == "科技计划项目资金"
    glued = [Cell("项目名称：科技计划 项目资金（万元）", 1, 1)]
    assert find_label(glued, "project_name", False)[0] == "科技计划"


def test_money_unit_label_wrapped_over_two_lines() -> None:
    from etl.parse.fields import find_money_unit

    assert find_money_unit(["项目名称", "项目资金", "（元）", "年初预算数"]) == "元"
    assert find_money_unit(["实施单位", "元宝山区科技局"]) == "万元"
