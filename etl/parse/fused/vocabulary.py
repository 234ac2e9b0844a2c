"""The form's words as a fused run spells them: labels, level names, header words, figures."""

from __future__ import annotations

import re

from etl.parse.budget import HEADER_WORDS, ROW_WORDS, SECTION_WORDS

MAX_POINTS = 100.0  # 分值 and 得分 of one row never exceed the form's total
MAX_BUDGET_POINTS = 30.0  # the budget row's 分值: 10 in the standard form, never a third
MAX_RATE = 200.0  # an 执行率 above this is two figures run together
_FIELD_LABELS = (
    "子项目名称", "项目名称", "项目负责人及电话", "项目负责人", "主管部门", "实施单位", "预算单位",
    "资金情况(万元)", "项目资金(万元)", "项目资金(元)", "资金情况(元)", "预算执行情况(万元)",
    "年度总体目标完成情况综述", "年度总体目标", "年初设定目标", "年度目标完成情况", "预期目标",
    "实际完成情况", "实际完成目标", "绩效指标完成情况", "绩效指标", "总分",
)  # fmt: skip
# Row labels of the budget table (2020 form), or labels of one figure each (2018 form).
ROW_LABELS = tuple(word for words in ROW_WORDS.values() for word in words)
_INDICATOR_HEADER = (
    "项目类别", "指标类别", "指标名称", "一级指标", "二级指标", "三级指标", "年度指标值",
    "预期指标值", "全年实际值", "实际完成值", "实际完成指标值", "分值", "得分",
    "自评得分", "自评分", "未完成原因及拟采取的改进措施", "偏差原因分析及改进措施",
)  # fmt: skip
# The first header word of an indicator table: 一级指标, or 项目类别 / 指标名称 (2017 forms).
TABLE_STARTS = frozenset({"一级指标", "项目类别", "指标类别", "指标名称"})
# A header cell naming the level columns as a group (项目类别 over 一级 and 二级).
LEVEL_GROUP_WORDS = frozenset({"项目类别", "指标类别"})
# A header cell may explain itself: 预期指标值(包含数字及文字描述).
_HEADER_NOTE = r"(?:\([^()]{1,16}\))?"
_LEVELS = (
    r"(?:产出|效益|效果|满意度|项目完成|项目效果)指标(?:[(（]\d+(?:\.\d+)?分[)）])?",
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标等?"
    r"(?!\d{1,2}[:：])",  # 减少项目成本指标2: is a name, then a template's numbering
)
# Marks of a template's rows: its numbering (指标1:, which the parser drops from a cell) and
# its placeholder rows (……); in a fused table they are where rows end.
_ROW_MARK = r"指标\d{1,2}[:：]|…{2,}|\.{4,}"
ROW_MARK_RE = re.compile(_ROW_MARK)
# A 2017 form's group cell with its points: 项目绩效实现情况(80分), 投入目标(28分). (Names
# ending in 指标 are left to _LEVELS: 无效益指标(30分) would take a 偏差原因's 无.)
_GROUP = r"[\u4e00-\u9fff]{2,10}?(?:目标|情况)\(\d+(?:\.\d+)?分\)"
# 项目名称 with its first character lost (seed 000: "(2018年度)目名称"), as the parser
# reads it at the start of a cell.
_DAMAGED_NAME_LABEL = r"(?<![项\w])目名称"
# Budget column headers as fused forms write them: 全年预算数(A), 执行率(B/A) …
BUDGET_HEADER = sorted(
    {
        word + suffix
        for words in HEADER_WORDS.values()
        for word in words
        for suffix in ("", "(A)", "(B)", "(B/A)")
    },
    key=len,
    reverse=True,
)
_PLAIN_LABELS = sorted(
    {*_FIELD_LABELS, *ROW_LABELS, *BUDGET_HEADER, *SECTION_WORDS}, key=len, reverse=True
)
LABEL_RE = re.compile(
    "|".join(
        [
            _ROW_MARK,
            *(re.escape(h) + _HEADER_NOTE for h in sorted(_INDICATOR_HEADER, key=len)[::-1]),
            *_LEVELS,
            _GROUP,
            *map(re.escape, _PLAIN_LABELS),
            _DAMAGED_NAME_LABEL,
        ]
    )
)
VALUE_RE = re.compile(
    r"\d{4}年\d{1,2}月(?:底前|底|前)?"
    r"|(?:>=|<=|[≥≤≧≦＞＜>=<═]|不低于|不少于|不高于|不超过|不大于|不小于|大于等于|小于等于)?"
    r"(?<![\d.])\d[\d,]*(?:\.\d+)*(?![\d,]|\.\d)"
    r"(?:%|％|(?:万|亿)?(?:元|平方米|立方米|公里|千米|亩|吨|人次|人|户)|万"
    r"|厘米|米|个|件|项|家|场|天|日|月|年(?!度)|次|台|套|篇|所|间|头|条)?"
    r"(?![A-Za-z])"  # 11kw inside a name is part of it
)
BARE_FIGURES = re.compile(r"^[\d.]+$")  # one or several figures, no unit or comparator
CENTS_RUN = re.compile(r"(?:\d+\.\d{2}){2,}")
PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d{1,2})?$")
# Labels every form has in one of its versions (2020: 年度资金总额 … 总分; 2018: 预算单位,
# 预算执行情况); prose quotes one or two of them, a form several.
DETECT_LABELS = re.compile(
    r"项目名称|主管部门|实施单位|预算单位|年度资金总额|预算执行情况|一级指标|三级指标|总分"
)
# Labels whose value is a name: what follows them, up to the next label, is one text
# (a project named 2021年科技特派员服务 keeps its year).
NAME_LABELS = {"项目名称", "目名称", "主管部门", "实施单位", "预算单位", "项目负责人"}
# Labels whose value is a unit: a unit's name never ends in 项目, the next label's first
# word (…联合社项目实施单位 is …联合社, then 项目实施单位).
UNIT_LABELS = {"主管部门", "实施单位", "预算单位"}
# A note a name label carries before its value: 实施单位(盖章), 主管部门(单位).
LABEL_NOTE = re.compile(r"^\((?:盖章|单位|公章|签章)\)")
# Characters the form's labels and figures are matched in their ASCII forms; sentence
# punctuation (，；、) stays as written, for the text is kept as the source has it.
KEEP_AS_WRITTEN = frozenset("，；、！？")
LEVEL_RES = {
    "l1": re.compile(_LEVELS[0]),
    "l2": re.compile(_LEVELS[1]),
    "group": re.compile(_GROUP),
}


def is_level_label(text: str, kind: str) -> bool:
    return kind == "label" and any(r.fullmatch(text) for r in LEVEL_RES.values())


POINTS = {"weight", "score"}


def header_name(label: str) -> str:
    """A header label without the note it may carry: 预期指标值(包含数字及文字描述)."""
    return re.sub(r"\([^()]*\)$", "", label)


def budget_kind(label: str) -> str:
    bare = re.sub(r"\([AB/]+\)$", "", label)
    for kind, words in HEADER_WORDS.items():
        if bare in words:
            return kind
    return "other"


MONEY = ("initial", "budget", "executed")
