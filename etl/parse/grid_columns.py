"""Indicator rows read by grid column, for tables whose reader knew the grid.

Text dumps lose the columns, so their rows are aligned with the header by content
(indicators.align_row). An office table keeps them: every cell knows its grid column
and span, so a data cell belongs to the header column above it. That is exact where the
content guess is not: an empty 分值 cell stays empty instead of pulling 得分 into it, and
a header cell merged over two columns (项目类别 over 一级 and 二级) names both.

Header shapes handled: one row (一级指标 … 得分); a row above it whose cells span it
(年度指标值 over 指标性质/指标值/度量单位, 实际完成值 merged down two rows); a row below
it that splits a spanned header (符号/数值/单位 under 年度指标值).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from etl.parse.cells import Cell

LEVELS = ("l1", "l2", "l3")
# A header cell naming the level columns as a group: 项目类别, 指标类别, 绩效指标 (over 一级…三级).
_LEVEL_GROUP = re.compile(r"^(项目类别|指标类别|类别|指标层级|考核内容)$")
# Sub-header words under a spanned 指标值 / 实际完成值: they take the parent's kind.
_VALUE_WORDS = re.compile(r"^(数值|值|指标值|目标值|内容|实际值|完成值)$")

ColumnKind = Callable[[str], str | None]


def _rows(cells: Sequence[Cell]) -> list[list[Cell]]:
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    return list(rows.values())


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _header_kind(cell: Cell, column_kind: ColumnKind) -> str | None:
    if not cell.text:
        return None
    if _LEVEL_GROUP.match(_compact(cell.text)):
        return "levels"
    return column_kind(cell.text)


# grid column → (field kind, the grid column of the header cell that named it)
ColumnMap = dict[int, tuple[str, int]]


def _apply(mapping: ColumnMap, cell: Cell, kind: str) -> None:
    start = cell.col or 0
    columns = range(start, start + cell.span)
    if kind == "levels" or (kind in LEVELS and cell.span > 1):
        first = 0 if kind == "levels" else LEVELS.index(kind)
        for offset, column in enumerate(columns):
            mapping[column] = (LEVELS[min(first + offset, len(LEVELS) - 1)], column)
        return
    for column in columns:
        mapping[column] = (kind, start)


def _kinds(row: Sequence[Cell], column_kind: ColumnKind) -> list[tuple[Cell, str]]:
    found = [(cell, _header_kind(cell, column_kind)) for cell in row]
    return [(cell, kind) for cell, kind in found if kind]


def _is_subheader(row: Sequence[Cell], mapping: ColumnMap, column_kind: ColumnKind) -> bool:
    texts = [cell for cell in row if cell.text]
    if not texts or len(texts) > 8:
        return False
    named = sum(
        1
        for cell in texts
        if _header_kind(cell, column_kind) or _VALUE_WORDS.match(_compact(cell.text))
    )
    return named == len(texts) and all(cell.col in mapping for cell in texts)


def column_map(
    header_row: Sequence[Cell],
    above: Sequence[Cell],
    below: Sequence[Cell],
    column_kind: ColumnKind,
) -> tuple[ColumnMap, bool]:
    """(grid column → (field kind, header column), whether `below` was a sub-header row)."""
    mapping: ColumnMap = {}
    if len(_kinds(above, column_kind)) >= 2:
        for cell, kind in _kinds(above, column_kind):
            _apply(mapping, cell, kind)
    for cell, kind in _kinds(header_row, column_kind):
        _apply(mapping, cell, kind)
    if not _is_subheader(below, mapping, column_kind):
        return mapping, False
    for cell in below:
        if not cell.text or cell.col is None:
            continue
        parent = mapping[cell.col][0]
        kind = _header_kind(cell, column_kind)
        if _VALUE_WORDS.match(_compact(cell.text)) or kind in (None, "target", "actual"):
            kind = parent if parent in ("target", "actual") else (kind or parent)
        _apply(mapping, cell, kind)
    return mapping, True


def grid_rows(
    cells: Sequence[Cell],
    header_index: int,
    table: Sequence[Cell],
    column_kind: ColumnKind,
) -> list[tuple[dict[str, str], int]] | None:
    """Rows of `table` as column→text dicts with the line of each row's first cell.

    `cells` is the report's cell stream and `header_index` the header's first cell;
    None when the cells carry no grid positions (a text dump) or the header names too
    few columns to read by.
    """
    header_cell = cells[header_index]
    if header_cell.col is None:
        return None
    rows = _rows(cells)
    position = next(i for i, row in enumerate(rows) if row[0].row == header_cell.row)
    above = rows[position - 1] if position > 0 else []
    below = rows[position + 1] if position + 1 < len(rows) else []
    mapping, has_subheader = column_map(rows[position], above, below, column_kind)
    if len({kind for kind, _ in mapping.values()}) < 3:
        return None
    out: list[tuple[dict[str, str], int]] = []
    skip_through = below[0].row if has_subheader else header_cell.row
    for row in _rows(table):
        if row[0].row <= skip_through:
            continue
        values: dict[str, str] = {}
        named_by: dict[str, int] = {}
        first_line = None
        for cell in row:
            if not cell.text or cell.col is None:
                continue
            found = next(
                (mapping[c] for c in range(cell.col, cell.col + cell.span) if c in mapping), None
            )
            if found is None:
                continue
            kind, header = found
            if kind not in values:
                values[kind], named_by[kind] = cell.text, header
            elif named_by[kind] == header:  # one header over several cells: ≥ | 95 | %
                values[kind] += cell.text
            # else a second column of the same kind (折算得分 beside 得分): the first wins
            first_line = first_line or cell.line
        if values and first_line is not None:
            out.append((values, first_line))
    return out
