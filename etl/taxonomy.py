"""Indicator level names: clean the cell text and map spellings to canonical names.

Pure functions, no I/O. The table follows the domain doc ("Indicator taxonomy"): 2020-standard
names are canonical; older spellings (项目完成指标, 效果指标, the 2017 投入/过程/产出/结果目标
groups) map onto them. Unknown names return None rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata

from etl.values import UNITS

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
BUDGET = "预算执行"  # the budget-execution item, not an indicator row
INPUT = "投入指标"  # 2017 forms: 投入目标
PROCESS = "过程指标"  # 2017 forms: 过程目标

LEVEL1_CANONICAL = (OUTPUT, BENEFIT, SATISFACTION, BUDGET, INPUT, PROCESS)
LEVEL2_CANONICAL = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

# The 一级 each standard 二级 sits under (财预〔2020〕10号).
LEVEL1_OF_LEVEL2 = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
}

_Substrings = tuple[tuple[str, str], ...]

# Exact spellings (after `clean_level`).
_LEVEL1_ALIASES = {
    "产出指标": OUTPUT,
    "产出": OUTPUT,
    "产出目标": OUTPUT,
    "项目完成指标": OUTPUT,
    "完成指标": OUTPUT,
    "效益指标": BENEFIT,
    "效益": BENEFIT,
    "效果指标": BENEFIT,
    "项目效果指标": BENEFIT,
    "效益目标": BENEFIT,
    "效果目标": BENEFIT,
    "结果目标": BENEFIT,
    "满意度指标": SATISFACTION,
    "满意度": SATISFACTION,
    "服务对象满意度指标": SATISFACTION,
    "服务对象满意度": SATISFACTION,
    "满意度目标": SATISFACTION,
    "预算执行率": BUDGET,
    "预算执行": BUDGET,
    "预算执行情况": BUDGET,
    "资金使用": BUDGET,
    "资金使用情况": BUDGET,
    "投入指标": INPUT,
    "投入目标": INPUT,
    "投入": INPUT,
    "过程指标": PROCESS,
    "过程目标": PROCESS,
    "过程": PROCESS,
}
# Substring fallbacks, in order: 满意度 first because 服务对象满意度指标 is not an output name,
# 预算执行 before 效益 … because "预算执行率" contains no other key.
_LEVEL1_SUBSTRINGS: _Substrings = (
    ("满意度", SATISFACTION),
    ("预算执行", BUDGET),
    ("资金使用", BUDGET),
    ("产出", OUTPUT),
    ("效益", BENEFIT),
    ("效果", BENEFIT),
    ("投入", INPUT),
    ("过程", PROCESS),
)
# Level-2 substrings, in order: 满意度 and the three 效益 kinds before the bare words; 生态环境效益
# and 环境效益 are spellings of 生态效益.
_LEVEL2_SUBSTRINGS: _Substrings = (
    ("满意度", "服务对象满意度指标"),
    ("经济效益", "经济效益指标"),
    ("社会效益", "社会效益指标"),
    ("生态效益", "生态效益指标"),
    ("生态环境效益", "生态效益指标"),
    ("环境效益", "生态效益指标"),
    ("可持续", "可持续影响指标"),
    ("数量", "数量指标"),
    ("质量", "质量指标"),
    ("时效", "时效指标"),
    ("成本", "成本指标"),
)

_WEIGHT_RE = re.compile(r"[(（]\s*(?:权重|分值)?[:：]?\s*\d+(?:\.\d+)?\s*(?:分|%)?\s*[)）]")
_NUMBERING_RE = re.compile(
    r"^(?:指标\s*\d+\s*[:：]?|[(（]?[0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．:：])"
)
# Cells that only say "nothing here": dots, ellipses, dashes, slashes.
_PLACEHOLDER_RE = re.compile(r"[.…·。\-—–_/／\\]*")


def clean_level(text: str | None) -> str | None:
    """Normalize a level-name cell: drop whitespace and line breaks, weight suffixes
    ("产出指标(50分)"), leading numbering ("指标1：", "1.", "1、", "（一）").

    Returns None for empty cells and placeholders ("……", "指标2：" with nothing after).
    """
    if text is None:
        return None
    cleaned = re.sub(r"\s+", "", text)
    cleaned = _WEIGHT_RE.sub("", cleaned)
    cleaned = _NUMBERING_RE.sub("", cleaned)
    cleaned = cleaned.strip(":：、,，;；")
    if _PLACEHOLDER_RE.fullmatch(cleaned):
        return None
    return cleaned


# A trailing bracket that only restates the unit or the target of the name: "培训人数（人）",
# "满意度(%)", "仓库(≥**平方米)". A bracket saying more ("足额保障率(参保率)") stays.
_UNIT_WORDS = "|".join(sorted(map(re.escape, (*UNITS, "万元", "人/次")), key=len, reverse=True))
_TRAILING_UNIT_RE = re.compile(rf"\((?:(?:单位[:：]?)?(?:{_UNIT_WORDS})|[≥≤><=].*)\)$")


def indicator_key(level3: str | None, level2: str | None = None) -> str | None:
    """The indicator's name as the library knows it: the 三级指标 (the 二级 when a form has
    no third level and the 二级 is not a category such as 数量指标) without numbering,
    spaces, full-width forms or a bracketed unit, so "指标1：培训人次", "培训人次" and
    "培训人次（人次）" are one indicator.

    None when the row names no indicator (a 2018 goal row with only target and actual).
    """
    named_level2 = level2 if canonical_level2(level2) is None else None
    for text in (level3, named_level2):
        name = clean_level(unicodedata.normalize("NFKC", text)) if text else None
        while name and _TRAILING_UNIT_RE.search(name):
            name = _TRAILING_UNIT_RE.sub("", name).rstrip(":：、,，;；")
        if name:
            return name
    return None


def _lookup(
    name: str, aliases: dict[str, str], substrings: tuple[tuple[str, str], ...]
) -> str | None:
    if name in aliases:
        return aliases[name]
    for key, canonical in substrings:
        if key in name:
            return canonical
    return None


def canonical_level1(text: str | None) -> str | None:
    """Canonical 一级指标 for a spelling: 项目完成指标 → 产出指标, 效果指标 → 效益指标,
    服务对象满意度指标 → 满意度指标, 预算执行率 / 资金使用 → 预算执行, 过程目标 → 过程指标.

    None for empty cells and names that match nothing known.
    """
    name = clean_level(text)
    if name is None:
        return None
    return _lookup(name, _LEVEL1_ALIASES, _LEVEL1_SUBSTRINGS)


def canonical_level2(text: str | None) -> str | None:
    """Canonical 二级指标 for a spelling: "社会效益" → 社会效益指标, "满意度指标" and
    "服务对象满意度指标等" → 服务对象满意度指标.

    None for empty cells and names that match nothing known (e.g. the 2017 groups 投入目标).
    """
    name = clean_level(text)
    if name is None:
        return None
    if name in LEVEL2_CANONICAL:
        return name
    return _lookup(name, {}, _LEVEL2_SUBSTRINGS)


def level1_of(level2: str | None) -> str | None:
    """The standard 一级 a 二级 name belongs under (数量指标 → 产出指标), or None."""
    canonical = canonical_level2(level2)
    return LEVEL1_OF_LEVEL2.get(canonical) if canonical else None
