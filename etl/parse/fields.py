"""Scalar fields of a form: 项目名称, 主管部门, 实施单位, year, 总分, grade, money unit.

Labels are found anywhere in a cell (flattened web text puts several
label/value pairs on one line); the value is the rest of the cell up to the
next known label, or else the next cell.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from etl.parse.cells import Cell, looks_like_prose
from etl.parse.numbers import is_placeholder, nfkc, read_number

_P = r"\s*(?:[(（][^()（）]{0,8}[)）])?\s*"  # optional bracketed note after a label: (盖章)
FIELD_LABELS: dict[str, list[str]] = {
    "project_name": [r"(?<![子各])项\s*目\s*名\s*称", r"(?<![项\w])目名称"],
    "department": [r"项目主管部门" + _P, r"主\s*管\s*部\s*门" + _P, r"预\s*算\s*单\s*位"],
    "implementing_unit": [r"项目实施单位" + _P, r"实\s*施\s*单\s*位" + _P],
    "both_units": [r"实施\s*[(（]主管[)）]\s*单位"],
    "unit_fallback": [r"单位名称", r"(?<![\w])部门(?=\s*[:：])"],
}
# Words that end a value written on the same line as its label.
STOP_WORDS = [
    "项目名称",
    "主管部门",
    "项目主管部门",
    "实施单位",
    "项目实施单位",
    "预算单位",
    "项目年份",
    "是否为专项资金",
    "金额单位",
    "年初预算数",
    "项目类别",
    "项目属性",
    "填报日期",
    "预算执行情况",
    "单位名称",
    "联系人",
    "联系电话",
    "项目负责人",
    "实施(主管)单位",
    "实施（主管）单位",
    "资金投入情况",
    "所属",
    "绩效目标",
    "项目基本情况",
    "年度资金总额",
    "其中:",
    "其中：",
    "上年结转资金",
]
# 项目资金 is a label only before its unit (项目资金（万元）): "科技计划项目资金" is a name.
_STOP_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(STOP_WORDS, key=len, reverse=True))
    + r"|项目资金(?=\s*[(（:：])"
)
_LABEL_RES = {
    key: re.compile("(?:" + "|".join(patterns) + r")\s*[:：]?\s*")
    for key, patterns in FIELD_LABELS.items()
}
ANY_LABEL_RE = re.compile(
    "|".join(p for patterns in FIELD_LABELS.values() for p in patterns) + "|" + _STOP_RE.pattern
)

YEAR_PATTERNS = [
    re.compile(r"[(（]\s*(20\d\d)\s*年\s*度?\s*[)）]"),
    re.compile(r"(?:年度|项目年份|所属年度)\s*[:：]?\s*(20\d\d)"),
    re.compile(r"(20\d\d)\s*年度"),
    re.compile(r"(20\d\d)\s*年"),
]
UNIT_SUFFIX_RE = re.compile(
    r"(局|委员会|委|办公室|办|中心|院|学校|中学|小学|大学|学院|幼儿园|社|联合社|所|站|馆|队|厅|部|会|"
    r"公司|场|园|处|科|署|集团|机关|本级)$"
)
TITLE_RE = re.compile(
    r"^(?P<head>[^,，。《》]{0,30}?)(?P<year>20\d\d)\s*年度?(?P<project>[^,，。《》“”]+?)"
    r"(?:项目支出|支出)?绩效(?:自评|评价|自评价|目标)"
)
# A title without a year: 耒阳市第四中学专项资金绩效自评价报告 (unit, then the project).
TITLE_NO_YEAR_RE = re.compile(
    r"^(?P<head>[\u4e00-\u9fff]{2,20}?(?:局|委员会|中心|学校|中学|小学|大学|学院|馆|院|所|站|队))"
    r"(?P<project>[^,，。《》“”]*?)(?:项目支出|支出)?绩效(?:自评|评价|自评价)"
)
# Project words that name no project: a title saying only 专项资金 gives no name.
GENERIC_PROJECTS = {"项目", "预算项目", "部门预算项目", "专项资金", "专项", "资金", "专项经费"}
# A unit written without its place, as titles shorten it: 县司法局 (紫金县司法局 in the body).
_SHORT_UNIT_RE = re.compile(r"^[县市区镇乡省][\u4e00-\u9fff]{1,8}$")
LEADING_UNIT_RE = re.compile(
    r"^([\u4e00-\u9fff]{2,6}[省市县区州旗][\u4e00-\u9fff]{1,12}?(?:局|委员会|委|中心|院|办公室))"
)
GRADE_RE = re.compile(
    r"^(?:等级|评价等级|自评等级|绩效等级|评定等级)?\s*[:：]?\s*(优秀?|良好?|中|差|合格|不合格)$"
)
TOTAL_LABEL_RE = re.compile(r"^(总分|合计得分|自评总分|综合得分|总得分|合计|总\s*分)\s*[:：]?$")
# The total stated in prose: 自评得分100分, 项目自评分：100分, 自评总分为95.5分.
PROSE_TOTAL_RE = re.compile(
    r"(?:自评总?得?分|自评总分|综合得分)\s*(?:为|是|[:：])?\s*(\d{1,3}(?:\.\d+)?)\s*分"
)


def _cut_at_stop(value: str) -> str:
    match = _STOP_RE.search(value)
    if match and match.start() > 0:
        value = value[: match.start()]
    return value.strip(" :：;；,，|")


def _value_after(cells: Sequence[Cell], index: int, rest: str, tab_layout: bool) -> tuple[str, int]:
    """The value for a label found in cells[index] whose remaining text is `rest`."""
    stop = _STOP_RE.match(rest.strip(" :：;；,，|"))
    if stop:
        return "", index  # another label follows at once: this one's value is empty
    rest = _cut_at_stop(rest)
    if rest:
        return rest, index
    for offset in range(1, 4):
        if index + offset >= len(cells):
            break
        cell = cells[index + offset]
        if cell.empty or is_placeholder(cell.text):
            if tab_layout:
                return "", index + offset  # the form's value cell is really empty
            continue
        if ANY_LABEL_RE.match(cell.text) or read_number(cell.text) is not None:
            # Another label, or a bare figure (no name is one): the name, if any, was
            # printed before the label.
            return _value_before(cells, index)
        return _cut_at_stop(cell.text.replace("\n", "")), index + offset
    return "", index


# A name a scrambled PDF text layer printed before its label, possibly broken over
# cells: 普陀体育中心与委托运营方结 / 算费用 / 项目名称 / 主管部门 …
_NAME_PART = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff（）()、·“”]{1,39}$")
MAX_NAME_PARTS = 3


def _value_before(cells: Sequence[Cell], index: int) -> tuple[str, int]:
    """The value written just before a label that another label follows at once; only
    when the cells before it are bare name parts that no other label claims."""
    parts: list[str] = []
    back = index - 1
    while back >= 0 and len(parts) < MAX_NAME_PARTS:
        text = cells[back].text.replace("\n", "")
        balanced = text.count("(") + text.count("（") == text.count(")") + text.count("）")
        if not _NAME_PART.match(text) or not balanced or ANY_LABEL_RE.search(text):
            break
        parts.insert(0, text)
        back -= 1
    claimed = back >= 0 and ANY_LABEL_RE.search(cells[back].text) is not None
    if not parts or claimed:
        return "", index
    return "".join(parts), index - 1


def find_label(
    cells: Sequence[Cell], key: str, tab_layout: bool, start: int = 0, end: int | None = None
) -> tuple[str, int] | None:
    """First (value, cell index) for a labelled field, searching cells[start:end]."""
    pattern = _LABEL_RES[key]
    for index in range(start, len(cells) if end is None else min(end, len(cells))):
        text = cells[index].text.replace("\n", "")
        match = pattern.search(text)
        if not match or (_is_sentence(text) and match.start() > 0) or "`" in text:
            continue  # a label word inside prose or quoted in markdown labels nothing
        value, where = _value_after(cells, index, text[match.end() :], tab_layout)
        if value and not _is_sentence(value):
            return value, where
    return None


def _is_sentence(text: str) -> bool:
    return looks_like_prose(text)


def find_year(texts: Sequence[str]) -> int | None:
    """The fiscal year: 年度 notes first, then any 20xx年 in the given texts."""
    texts = [*texts, " ".join(texts)]  # "项目年份" and "2017" may be separate cells
    for pattern in YEAR_PATTERNS:
        for text in texts:
            match = pattern.search(nfkc(text))
            if match and 2000 <= int(match.group(1)) <= 2099:
                return int(match.group(1))
    return None


def looks_like_unit(name: str | None) -> bool:
    """A unit name ends in an organisational suffix (局, 中心, 学校 …), not a place."""
    return bool(name) and bool(UNIT_SUFFIX_RE.search(name)) and len(name) >= 3


def parse_title(text: str) -> tuple[str | None, str | None]:
    """(unit, project) from titles like 雅安市名山区林业局2024年度林业草原改革发展资金绩效评价表."""
    match = TITLE_RE.search(text.replace("\n", "")) or TITLE_NO_YEAR_RE.search(
        text.replace("\n", "")
    )
    if not match:
        return None, None
    head = re.sub(r"^[\d\s、.．]+", "", match.group("head")).strip(" ：:")  # "1、 " page marks
    project = match.group("project").strip(" ：:()（）")
    unit = head if looks_like_unit(head) else None
    leading = LEADING_UNIT_RE.match(project)
    if unit is None and leading:
        # "2022年西平县交通运输局财政衔接…项目": the unit opens the project phrase.
        unit, project = leading.group(1), project[leading.end() :]
    if not project or project in GENERIC_PROJECTS or len(project) < 4:
        project = None
    return unit, project


def complete_unit(unit: str | None, texts: Sequence[str]) -> str | None:
    """A unit a title wrote without its place (县司法局) as the body writes it in full
    (紫金县司法局): the completion seen most often; the unit itself when there is none."""
    if not unit or not _SHORT_UNIT_RE.match(unit):
        return unit
    # Place names before 县/市/区 are mostly two characters, some three: count both
    # readings of every occurrence and take the commonest (the shorter on a tie).
    pattern = re.compile(r"([\u4e00-\u9fff]{2,3})" + re.escape(unit))
    counts: dict[str, int] = {}
    for text in texts:
        for found in pattern.finditer(text):
            for size in (2, 3):
                if len(found.group(1)) >= size:
                    place = found.group(1)[-size:]
                    counts[place] = counts.get(place, 0) + 1
    if not counts:
        return unit
    return max(sorted(counts, key=len), key=lambda place: counts[place]) + unit


def find_total_score(cells: Sequence[Cell]) -> tuple[float | None, str | None, int | None]:
    """(总分, grade, cell index) from a 总分/合计 row: `总分 | 100 | 96 | 优`."""
    for index, cell in enumerate(cells):
        if not TOTAL_LABEL_RE.match(nfkc(cell.text)):
            continue
        numbers: list[float] = []
        grade = None
        for follower in cells[index + 1 : index + 6]:
            number = read_number(follower.text)
            if number is not None:
                numbers.append(number[0])
                continue
            found = GRADE_RE.match(nfkc(follower.text))
            if found:
                grade = found.group(1)[0]
            break
        total = None
        if len(numbers) >= 2:
            total = numbers[1] if numbers[0] == 100 else numbers[0]
        elif len(numbers) == 1 and numbers[0] != 100:
            total = numbers[0]
        if total is not None and not 0 <= total <= 100:
            continue  # a 合计 of money (a sub-project list), not the self-score out of 100
        if total is not None or grade:
            return total, grade, index
    for index, cell in enumerate(cells):
        found = PROSE_TOTAL_RE.search(nfkc(cell.text))
        if found and 0 <= float(found.group(1)) <= 100:
            return float(found.group(1)), None, index
    return None, None, None


def find_money_unit(texts: Sequence[str]) -> str:
    """元 when the budget block says so (项目资金（元）, 金额单位: 元), else 万元."""
    pattern = re.compile(
        r"(?:项目资金|预算执行情况|资金投入情况|金额单位|资金情况|单位)\s*[:：]?\s*[(（]?\s*(万元|亿元|元)"
    )
    # A wrapped label ends up in two cells or lines ("项目资金" / "（元）"): try each text
    # joined with the next one too.
    for text, following in itertools.zip_longest(texts, texts[1:], fillvalue=""):
        wrapped = following.strip()[:1] in ("(", "（")
        for candidate in (text, text + following) if wrapped else (text,):
            match = pattern.search(re.sub(r"\s+", "", nfkc(candidate)))
            if match:
                return match.group(1)
    return "万元"
