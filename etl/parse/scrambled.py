"""An indicator table whose text layer lost its reading order (some PDF extractors).

The cells come out by drawing order, not by row: all the figures first, row after row,
then the names (二级, 三级) in table order, with long names broken in two and vertical
labels (绩效指标) split into single characters. Rows are rebuilt by order: the n-th run of
figures belongs to the n-th 三级 name; the 二级 names go one per row when there are as
many as rows (else they are left out: nothing is guessed), and each row's 一级 follows
from its 二级 (etl.taxonomy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.parse.cells import Cell
from etl.records import Indicator, SourceRef
from etl.taxonomy import level1_of

# A run of at least this many figures, before any name, is what such a table looks like.
MIN_FIGURE_RUN = 8
_FIGURE = re.compile(r"^(?:>=|<=|[≥≤=<>≧≦＞＜═])?-?\d[\d.,]*%?$")
_SHORT_WORD = 3  # a qualitative value inside the figures (及时, 合格) is this short
_LEVEL1 = re.compile(r"^(?:产出|效益|效果|满意度)指标$")
_LEVEL2 = re.compile(
    r"^(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)指标$"
)
_HEADER_OR_NOISE = re.compile(
    r"^(?:一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|指标值|完成值|年度|实际"
    r"|绩效指标|偏差原因.*|改进措施|原因分析.*|-\d+-)$"
)
_END = re.compile(r"^(?:总分|合计)$")


def scrambled_start(cells: Sequence[Cell], header_at: int) -> int | None:
    """Where the run of figures starts, when the table after `header_at` is scrambled."""
    run = figures = 0
    for index in range(header_at, min(len(cells), header_at + 40)):
        text = cells[index].text
        if _FIGURE.match(text) or (0 < len(text) <= _SHORT_WORD and run):
            run += 1
            figures += bool(_FIGURE.match(text))
            if figures >= MIN_FIGURE_RUN:
                return index - run + 1
        elif text:
            run = figures = 0
    return None


def scrambled_indicators(
    cells: Sequence[Cell], header_at: int, start: int, columns: Sequence[str], source: str
) -> list[Indicator]:
    """Rows of a scrambled table: figures by the header's value columns, names by order."""
    template = [c for c in columns if c in ("target", "actual", "weight", "score")]
    if len(template) < 2:
        return []
    figures: list[Cell] = []
    index = start
    while index < len(cells) and (
        _FIGURE.match(cells[index].text) or 0 < len(cells[index].text) <= _SHORT_WORD
    ):
        if len(cells[index].text) > 1 or _FIGURE.match(cells[index].text):
            figures.append(cells[index])
        index += 1
    rows = [figures[i : i + len(template)] for i in range(0, len(figures), len(template))]
    rows = [row for row in rows if len(row) == len(template)]
    names, level2s = _names(cells, header_at, index)
    if len(rows) > len(names):  # the last figures are the 总分 row's
        rows = rows[: len(names)]
    if len(rows) != len(names):
        return []
    by_row = level2s if len(level2s) == len(rows) else [None] * len(rows)
    indicators = []
    for row, name, level2 in zip(rows, names, by_row, strict=True):
        values = dict(zip(template, (c.text for c in row), strict=True))
        indicators.append(
            Indicator(
                level1=level1_of(level2),
                level2=level2,
                level3=name,
                target=values.get("target"),
                actual=values.get("actual"),
                weight=_number(values.get("weight")),
                score=_number(values.get("score")),
                source=SourceRef(source, line=row[0].line),
            )
        )
    return indicators


def _names(cells: Sequence[Cell], header_at: int, after: int) -> tuple[list[str], list[str]]:
    """(三级 names, 二级 names) in table order, from the header to 总分; a one-character
    fragment joins the name before it, runs of single characters are a vertical label."""
    names: list[str] = []
    level2s: list[str] = []
    singles: list[str] = []
    for index in range(header_at, len(cells)):
        text = cells[index].text
        if _FIGURE.match(text):
            continue
        if _END.match(text):
            break
        if len(text) == 1 and re.match(r"[\u4e00-\u9fff]", text):
            singles.append(text)
            continue
        if len(singles) == 1 and names:
            names[-1] += singles[0]  # 与委托运营方结算完成 / 率
        singles = []
        if not text or _HEADER_OR_NOISE.match(text) or _LEVEL1.match(text):
            continue
        if _LEVEL2.match(text):
            level2s.append(text)
        elif index < after and len(text) <= _SHORT_WORD:
            continue  # a qualitative figure
        else:
            names.append(text)
    if len(singles) == 1 and names:
        names[-1] += singles[0]
    return names, level2s


def _number(text: str | None) -> float | None:
    found = re.fullmatch(r"\d+(?:\.\d+)?", text or "")
    return float(found.group()) if found else None
