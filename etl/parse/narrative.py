"""Figures stated in running text: 预算 …万元, 执行数为 …万元, 执行率 …%.

They serve twice: as the report's figures when a narrative report has no form,
and as evidence when the text and the table disagree (one figure, two values).
Only unambiguous phrasings are read: 本年拨付 in a tranche list is not the
year's execution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.parse.cells import Cell, looks_like_prose
from etl.parse.numbers import nfkc
from etl.records import SourceRef, StatedFigure

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "budget",
        re.compile(r"(?:全年|年度|项目)?预算(?:数|资金|总额)?(?:为|是|共计?)?" + _NUM + r"\s*万元"),
    ),
    ("budget", re.compile(r"项目资金共(?:计)?" + _NUM + r"\s*万元")),
    ("budget", re.compile(r"计划(?:总)?投资" + _NUM + r"\s*万元")),
    ("executed", re.compile(r"执行数(?:为|是)?" + _NUM + r"\s*万")),
    (
        "executed",
        re.compile(
            r"(?:已完成拨付|实际支出|实际执行|已支付|已执行|累计支出|共支出)(?:资金)?(?:为|了)?"
            + _NUM
            + r"\s*万元"
        ),
    ),
    ("execution_rate", re.compile(r"执行率(?:为|达到?|是)?" + _NUM + r"\s*%")),
    ("execution_rate", re.compile(r"完成预算的" + _NUM + r"\s*%")),
]


def is_prose(text: str) -> bool:
    """A sentence-like cell (narrative or goal text) rather than a form label/value."""
    return looks_like_prose(text) or (len(text) >= 20 and any(m in text for m in "。，；"))


def stated_figures(cells: Sequence[Cell], source: str) -> list[StatedFigure]:
    """Budget figures that prose cells state, in reading order."""
    found: list[StatedFigure] = []
    for cell in cells:
        text = nfkc(cell.text.replace("\n", ""))
        if not is_prose(text):
            continue
        for field_name, pattern in PATTERNS:
            for match in pattern.finditer(text):
                value = float(match.group(1).replace(",", ""))
                found.append(
                    StatedFigure(
                        field=field_name,
                        value=value,
                        text=_sentence_around(text, match.start(), match.end()),
                        source=SourceRef(source, line=cell.line),
                    )
                )
    return found


# Prose money in the report's own words, when no phrase above matched: each 万元 figure
# is judged by the nearest money word before it in its sentence. Components (其中 …) and
# per-head standards (生均1000元) are not totals.
_MONEY_FIGURE = re.compile(_NUM + r"\s*万元")
_SENTENCE_END = "。；;！!？?\n"
_EXECUTED_WORDS = ("执行", "支出", "拨付", "支付", "使用", "实际到位", "花费", "兑付", "发放")
_BUDGET_WORDS = (
    "预算", "指标金额", "下达", "安排", "资金总额", "总投资", "计划投资", "项目资金", "核定",
    "批复", "拨款总额", "资金规模", "总额",
)  # fmt: skip
_COMPONENT_WORDS = ("其中", "上级资金", "本级资金", "本级", "上级", "中央", "省级", "市级", "县级")
_NOT_MONEY_BEFORE = re.compile(r"(生均|人均|户均|每人|每户|每生|标准为?|按)\s*$")
# How far back (characters) a money word may stand from its figure.
MONEY_WORD_REACH = 30


def classified_figures(cells: Sequence[Cell], source: str) -> list[StatedFigure]:
    """Every 万元 figure of the prose cells whose sentence says it is the budget or the
    spending, in reading order (a fallback for narratives phrased in their own way)."""
    found: list[StatedFigure] = []
    for cell in cells:
        text = nfkc(cell.text.replace("\n", ""))
        if not is_prose(text):
            continue
        for match in _MONEY_FIGURE.finditer(text):
            start = max(text.rfind(mark, 0, match.start()) for mark in _SENTENCE_END) + 1
            before = text[max(start, match.start() - MONEY_WORD_REACH) : match.start()]
            field_name = _money_field(before)
            if field_name is None:
                continue
            found.append(
                StatedFigure(
                    field=field_name,
                    value=float(match.group(1).replace(",", "")),
                    text=_sentence_around(text, match.start(), match.end()),
                    source=SourceRef(source, line=cell.line),
                )
            )
    return found


def _money_field(before: str) -> str | None:
    """ "budget" / "executed" by the money word nearest to the figure, or None."""
    clause = re.split(r"[,，:：]", before)[-1]
    if _NOT_MONEY_BEFORE.search(clause) or any(word in clause for word in _COMPONENT_WORDS):
        return None
    nearest, field_name = -1, None
    for words, name in ((_EXECUTED_WORDS, "executed"), (_BUDGET_WORDS, "budget")):
        for word in words:
            at = before.rfind(word)
            if at > nearest:
                nearest, field_name = at, name
    return field_name


# A narrative naming its project in a sentence: 项目为一个：生均公用经费项目, 项目名称为…
_PROJECT_IN_PROSE = re.compile(
    r"(?:项目名称(?:为|是)|项目为(?:一个|一项)?[:：])\s*([\u4e00-\u9fff（）()、]{2,30}?项目)"
    r"(?=[(（,，。;；]|$)"
)
# …or as the subject of its budget sentence: 我县2022年农村公路通村道路建设项目计划投资2179万元.
_PROJECT_WITH_BUDGET = re.compile(
    r"20\d\d\s*年度?([\u4e00-\u9fff（）()]{4,30}?项目)(?:计划)?(?:总)?(?:投资|预算)(?:为|共计?|是)?\d"
)
# The unit a narrative says carried the project out: 由司法局公律股按…组织实施.
_IMPLEMENTER = re.compile(
    r"由([\u4e00-\u9fff]{2,20}(?:股|科|室|处|局|中心|站|所|队|办))"
    r"[^。，,；;]{0,16}?(?:组织实施|负责实施|具体实施|实施)"
)


def project_in_prose(cells: Sequence[Cell]) -> str | None:
    """The project a narrative names in a sentence, if it does: outright, else as the
    subject of its budget sentence (a title often names only the fund)."""
    for pattern in (_PROJECT_IN_PROSE, _PROJECT_WITH_BUDGET):
        for cell in cells:
            found = pattern.search(nfkc(cell.text.replace("\n", "")))
            if found:
                return found.group(1)
    return None


def implementer_in_prose(cells: Sequence[Cell]) -> str | None:
    """The unit a narrative says carried the project out, if it says so."""
    for cell in cells:
        found = _IMPLEMENTER.search(nfkc(cell.text.replace("\n", "")))
        if found:
            return found.group(1)
    return None


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。;；") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。;；") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
