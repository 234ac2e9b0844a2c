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


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。;；") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。;；") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
