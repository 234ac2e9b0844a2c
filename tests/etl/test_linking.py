"""Unit-name clustering and project linking on names from the seeds and the corpus."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from etl.linking import (
    admin_prefix,
    cluster_units,
    link_projects,
    normalize_name,
    project_key,
    same_unit,
    unit_id,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Seed 000's five reports, in file order: report 4 misspells report 5's unit.
SEED_000_UNITS = [
    "绵阳市知识产权局",
    "绵阳市知识产权局",
    "绵阳科技城“两金”管理中心",
    "绵阳市科学技和知识产权局",
    "绵阳市科学技术和知识产权局",
]


def gold_unit_names() -> list[str]:
    """Every department and implementing unit named in the seed and corpus gold files."""
    names = []
    for path in sorted(FIXTURES.glob("*/*.gold.json")):
        for report in json.loads(path.read_text(encoding="utf-8"))["reports"]:
            names += [report[k] for k in ("department", "implementing_unit") if report[k]]
    return names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("绵阳市知识产权局（盖章）", "绵阳市知识产权局"),
        ("绵阳市知识产权局(单位盖章)", "绵阳市知识产权局"),
        ("绵阳市知识产权局【公章】", "绵阳市知识产权局"),
        ("  绵阳市 知识产权局\u3000", "绵阳市知识产权局"),
        ("绵阳市知识产权局（本级）", "绵阳市知识产权局(本级)"),  # brackets unified, kept
        ("314002-成安县民政局机关", "成安县民政局机关"),  # budget-system code dropped
        ("ＡＢＣ科技有限公司", "ABC科技有限公司"),  # full-width letters folded
        ("临沧市临翔区林业和草原局", "临沧市临翔区林业和草原局"),
    ],
)
def test_normalize_name(raw: str, expected: str):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("绵阳市科学技术和知识产权局", "绵阳市"),
        ("临沧市临翔区林业和草原局", "临沧市临翔区"),
        ("绵阳市市场监督管理局", "绵阳市"),  # 市场 is not a second 市
        ("自治区知识产权局", "自治区"),
        ("苏州市园林和绿化管理局", "苏州市"),  # 州 is part of the name here
        ("凉山州林业局", "凉山州"),
        ("成都市高新技术产业开发区民政局", "成都市高新技术产业开发区"),
        ("绵阳科技城“两金”管理中心", ""),
    ],
)
def test_admin_prefix(name: str, prefix: str):
    assert admin_prefix(name) == prefix


def test_seed_typo_joins_the_full_name():
    mapping = cluster_units(SEED_000_UNITS)
    assert mapping == {
        "绵阳市知识产权局": "绵阳市知识产权局",
        "绵阳科技城“两金”管理中心": "绵阳科技城“两金”管理中心",
        "绵阳市科学技和知识产权局": "绵阳市科学技术和知识产权局",
        "绵阳市科学技术和知识产权局": "绵阳市科学技术和知识产权局",
    }


def test_clustering_ignores_input_order():
    names = SEED_000_UNITS + gold_unit_names() + ["德阳市知识产权局", "成安县民政局"]
    expected = cluster_units(names)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = names[:]
        rng.shuffle(shuffled)
        assert cluster_units(shuffled) == expected


def test_most_frequent_spelling_wins_over_the_longer_one():
    names = ["绵阳市科学技和知识产权局"] * 3 + ["绵阳市科学技术和知识产权局"]
    assert set(cluster_units(names).values()) == {"绵阳市科学技和知识产权局"}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("绵阳市知识产权局", "德阳市知识产权局"),  # different cities
        ("苏州市园林和绿化管理局", "扬州市园林和绿化管理局"),
        ("绵阳市民政局", "绵阳市财政局"),  # one char, but a different bureau
        ("成都市高新技术产业开发区民政局", "成都市高新技术产业开发区财政局"),
        ("绵阳市科学技术和知识产权局", "绵阳市科学技术和知识产权处"),  # edit in the type tail
        ("临沧市临翔区林业和草原局", "临沧市临沧区林业和草原局"),  # different districts
        ("绵阳市第一中学", "绵阳市第二中学"),  # numerals carry meaning
        ("绵阳市知识产权局", "绵阳市知识产权中心"),  # a bureau is not a centre
        ("绵阳科技城“两金”管理中心", "德阳科技城“两金”管理中心"),  # no 市, still a place
        ("永德县教育体育局", "永德县明朗中学"),
        ("昌宁县供销合作社联合社", "昌宁县昌龙鸿运牧业专业合作社"),
    ],
)
def test_different_units_stay_apart(left: str, right: str):
    mapping = cluster_units([left, right])
    assert mapping[left] != mapping[right]


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("绵阳市科学技和知识产权局", "绵阳市科学技术和知识产权局"),  # dropped char
        ("绵阳市科学技木和知识产权局", "绵阳市科学技术和知识产权局"),  # changed char
        ("青神县发展和改革局本级", "青神县发展和改革局"),  # 本级 = the bureau itself
        ("314002-成安县民政局机关", "成安县民政局"),  # 机关 = the bureau itself
        ("绵阳市知识产权局（本级）", "绵阳市知识产权局"),
        ("绵阳市知识产权局（盖章）", "绵阳市知识产权局"),
    ],
)
def test_variants_join_the_canonical_unit(variant: str, canonical: str):
    # The canonical spelling is seen twice: frequency decides (a substitution typo is as
    # long as the real name, so length alone could not).
    mapping = cluster_units([canonical, variant, canonical])
    assert mapping == {variant: canonical, canonical: canonical}


def test_corpus_units_are_not_merged_with_each_other():
    mapping = cluster_units(gold_unit_names())
    assert sorted(set(mapping.values())) == sorted(
        {
            "绵阳市知识产权局",
            "绵阳科技城“两金”管理中心",
            "绵阳市科学技术和知识产权局",
            "自治区知识产权局",
            "永德县教育体育局",
            "永德县明朗中学",
            "临沧市临翔区林业和草原局",
            "昌宁县供销合作社联合社",
            "昌宁县昌龙鸿运牧业专业合作社",
            "西平县交通运输局",
            "苏州市园林和绿化管理局",
            "青神县发展和改革局",  # 青神县发展和改革局本级 joins it
            "成安县民政局机关",
            "雅安市名山区林业局",
            # real_10 … real_17
            "上海市普陀区体育事业管理中心",
            "上海市普陀区体育局",  # its centre above is a unit of its own
            "中江县水利局",
            "司法局公律股",
            "大英县司法局",
            "大英县司法局部门",  # kept apart: "部门" is not folded like "本级" (yet)
            "天长市水利局",
            "廊坊市发改委",
            "廊坊市食品工程学校",
            "紫金县司法局",
            "耒阳市第四中学",
            "黃岡市檔案館",
        }
    )


def test_same_unit_is_symmetric_on_corpus_names():
    keys = sorted({normalize_name(n) for n in gold_unit_names()})
    for left in keys:
        for right in keys:
            assert same_unit(left, right) == same_unit(right, left)


def test_unit_id_is_stable_and_short():
    canonical = "绵阳市科学技术和知识产权局"
    assert re.fullmatch(r"u_[0-9a-f]{10}", unit_id(canonical))
    assert unit_id(canonical) == unit_id(" 绵阳市科学技术和知识产权局（盖章）")
    assert unit_id(canonical) != unit_id("绵阳市知识产权局")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("2023年马鹿坑国有林场新建野生动物收容所建设项目", "马鹿坑国有林场新建野生动物收容所建设"),
        ("2022年度专利资助与奖励经费", "专利资助与奖励"),
        ("专利资助与奖励（2019年）", "专利资助与奖励"),
        ("义务教育营养改善计划专项资金", "义务教育营养改善计划"),
        ("科技活动交流工作经费", "科技活动交流工作"),
        ("51000021R000000019951-工资性支出", "工资性支出"),
        ("19名百岁老人高龄津贴", "19名百岁老人高龄津贴"),
        ("经费", "经费"),  # nothing would be left: the name stays whole
    ],
)
def test_project_key(name: str, key: str):
    assert project_key(name) == key


UNIT = "绵阳市知识产权局"


def test_recurring_project_shares_one_id_across_years():
    rows = [
        (UNIT, "专利资助与奖励", 2018),
        (UNIT, "2019年专利资助与奖励项目", 2019),
        (UNIT, "2020年度专利资助与奖励经费", 2020),
        (UNIT, "专利执法", 2018),
        ("绵阳市科学技术和知识产权局", "专利资助与奖励", 2018),  # another unit: another project
    ]
    ids = link_projects(rows)
    assert len(ids) == 5
    assert ids[(UNIT, "专利资助与奖励")] == ids[(UNIT, "2019年专利资助与奖励项目")]
    assert ids[(UNIT, "专利资助与奖励")] == ids[(UNIT, "2020年度专利资助与奖励经费")]
    assert ids[(UNIT, "专利资助与奖励")] != ids[(UNIT, "专利执法")]
    assert ids[(UNIT, "专利资助与奖励")] != ids[("绵阳市科学技术和知识产权局", "专利资助与奖励")]
    assert all(re.fullmatch(r"p_[0-9a-f]{10}", pid) for pid in ids.values())


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("义务教育营养改善计划专项资金", "义务教育学生营养改善计划"),  # a word inserted
        ("科技金融信息服务平台运行维护", "科技金融信息服务平台运行维护费"),  # a char appended
    ],
)
def test_near_same_project_name_links_across_years(earlier: str, later: str):
    unit = "永德县明朗中学"
    ids = link_projects([(unit, earlier, 2022), (unit, later, 2023)])
    assert len(set(ids.values())) == 1


@pytest.mark.parametrize(
    "rows",
    [
        # Phases are different projects, even a year apart.
        [
            ("西平县交通运输局", "农村公路一期工程", 2022),
            ("西平县交通运输局", "农村公路二期工程", 2023),
        ],
        # Two near names filed in the same year are two projects.
        [
            ("西平县交通运输局", "农村公路通村道路建设项目", 2022),
            ("西平县交通运输局", "农村公路通组道路建设项目", 2022),
        ],
    ],
)
def test_distinct_projects_keep_distinct_ids(rows: list[tuple[str, str, int]]):
    assert len(set(link_projects(rows).values())) == 2


def test_project_ids_ignore_input_order():
    rows = [
        (UNIT, "专利资助与奖励", 2018),
        (UNIT, "2019年专利资助与奖励项目", 2019),
        (UNIT, "专利执法", 2018),
        (UNIT, "专利执法经费", 2019),
        ("永德县明朗中学", "义务教育营养改善计划专项资金", 2022),
        ("永德县明朗中学", "义务教育学生营养改善计划", 2023),
        ("临沧市临翔区林业和草原局", "2023年马鹿坑国有林场新建野生动物收容所建设项目", 2023),
    ]
    expected = link_projects(rows)
    assert len(set(expected.values())) == 4
    rng = random.Random(11)
    for _ in range(20):
        shuffled = rows[:]
        rng.shuffle(shuffled)
        assert link_projects(shuffled) == expected
