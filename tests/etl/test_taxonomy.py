"""etl.taxonomy: cleaning level-name cells and mapping spellings to canonical names.

Spellings come from the gold fixtures (level1/level2) and the domain doc's taxonomy table.
"""

from __future__ import annotations

import pytest

from etl.taxonomy import (
    LEVEL1_CANONICAL,
    LEVEL2_CANONICAL,
    canonical_level1,
    canonical_level2,
    clean_level,
    indicator_key,
)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("产出指标", "产出指标"),
        ("产出指标(50分)", "产出指标"),
        ("效益指标（30分）", "效益指标"),
        ("社会效益\n指标", "社会效益指标"),
        ("可持续影响\r\n指标", "可持续影响指标"),
        (" 满意度 指标 ", "满意度指标"),
        ("指标1：数量指标", "数量指标"),
        ("1.数量指标", "数量指标"),
        ("1、质量指标", "质量指标"),
        ("（一）产出指标", "产出指标"),
        ("项目绩效实现情况", "项目绩效实现情况"),
        ("指标1：", None),
        ("指标2：", None),
        ("……", None),
        ("...", None),
        ("/", None),
        ("（10分）", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_clean_level(text: str | None, cleaned: str | None) -> None:
    assert clean_level(text) == cleaned


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # gold level1 spellings
        ("产出指标", "产出指标"),
        ("效益指标", "效益指标"),
        ("满意度指标", "满意度指标"),
        ("项目完成指标", "产出指标"),
        ("项目效果指标", "效益指标"),
        ("效果指标", "效益指标"),
        # domain table
        ("产出指标(50分)", "产出指标"),
        ("效益指标(30分)", "效益指标"),
        ("服务对象满意度指标", "满意度指标"),
        ("满意度", "满意度指标"),
        ("预算执行率", "预算执行"),
        ("资金使用", "预算执行"),
        # 2017 groups (real_05 puts them in level2)
        ("投入目标", "投入指标"),
        ("过程目标", "过程指标"),
        ("产出目标", "产出指标"),
        ("结果目标", "效益指标"),
        # obvious substrings
        ("产出指标（50分）\n", "产出指标"),
        ("预算执行率(10分)", "预算执行"),
        # unknown: no guess
        ("项目绩效实现情况", None),
        ("数量指标", None),
        ("一级指标", None),
        ("……", None),
        (None, None),
    ],
)
def test_canonical_level1(text: str | None, canonical: str | None) -> None:
    assert canonical_level1(text) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # gold level2 spellings
        ("数量指标", "数量指标"),
        ("质量指标", "质量指标"),
        ("时效指标", "时效指标"),
        ("成本指标", "成本指标"),
        ("经济效益指标", "经济效益指标"),
        ("社会效益指标", "社会效益指标"),
        ("可持续影响指标", "可持续影响指标"),
        ("服务对象满意度指标", "服务对象满意度指标"),
        ("服务对象满意度指标等", "服务对象满意度指标"),
        ("满意度指标", "服务对象满意度指标"),
        ("社会效益", "社会效益指标"),
        # wrapped, numbered, short forms
        ("社会效益\n指标", "社会效益指标"),
        ("生态效益指标", "生态效益指标"),
        ("生态环境效益", "生态效益指标"),
        ("1、数量", "数量指标"),
        ("可持续影响", "可持续影响指标"),
        # not level-2 names
        ("投入目标", None),
        ("产出指标", None),
        ("效益指标", None),
        ("指标2：", None),
        (None, None),
    ],
)
def test_canonical_level2(text: str | None, canonical: str | None) -> None:
    assert canonical_level2(text) == canonical


def test_canonical_names_map_to_themselves() -> None:
    assert all(canonical_level1(name) == name for name in LEVEL1_CANONICAL)
    assert all(canonical_level2(name) == name for name in LEVEL2_CANONICAL)


@pytest.mark.parametrize(
    ("level3", "level2", "key"),
    [
        ("指标1：培训人次", None, "培训人次"),  # numbering (the issue's own example)
        ("指标1:培训人次", None, "培训人次"),
        ("（一）培训 人次", None, "培训人次"),  # numbering and a stray space
        ("培训人次（人次）", None, "培训人次"),  # a bracket restating the unit
        ("培训人数(单位：人)", None, "培训人数"),
        ("带动社会投入（万元）", None, "带动社会投入"),
        ("满意度(%)", None, "满意度"),
        ("仓库(≥**平方米)", None, "仓库"),  # a bracket holding the target's template
        ("粉碎拌合机(11kw)(≥台)", None, "粉碎拌合机(11kw)"),  # only the last bracket goes
        ("足额保障率（参保率）", None, "足额保障率(参保率)"),  # a bracket saying more stays
        ("ＡＢＣ覆盖率", None, "ABC覆盖率"),  # full-width letters
        (None, "专利申请量", "专利申请量"),  # no third level: the second names it
        (None, "数量指标", None),  # … unless the second is a category
        (None, "服务对象满意度指标等", None),
        ("……", None, None),
        (None, None, None),
    ],
)
def test_indicator_key(level3: str | None, level2: str | None, key: str | None) -> None:
    assert indicator_key(level3, level2) == key
