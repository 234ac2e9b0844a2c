"""The 绩效指标 table: header → columns → rows → Indicator records.

Three ways rows reach us:
* fixed-width chunks: tab dumps and one-cell-per-line dumps keep every cell,
  empty ones included, so each row is exactly as wide as the header;
* row lines: pipe rows and flattened lines lose empty cells, so each row's cells
  are aligned with the header columns by content (a comparator goes to 指标性质,
  a small number to 分值 …), and merged 一级/二级 cells are carried down;
* a stream: a whole table flattened into one line is cut into rows by the
  header's template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.parse.align import best_alignment
from etl.parse.cells import Cell
from etl.parse.grid_columns import grid_rows
from etl.parse.numbers import is_placeholder, nfkc, read_number
from etl.parse.scrambled import scrambled_indicators, scrambled_start
from etl.records import Indicator, SourceRef
from etl.taxonomy import level1_of

COLUMN_PATTERNS: list[tuple[str, str]] = [
    ("l1", r"一级指标"),
    ("l2", r"二级指标"),
    ("l3", r"三级指标|指标名称|绩效指标名称"),
    ("cmp", r"指标性质|^符号$"),
    ("unit", r"度量单位|计量单位|^单位"),
    ("reason", r"偏差原因|未完成原因|原因分析|改进措施"),
    ("actual", r"实际完成|完成值|实际值|实际完成指标值"),
    ("target", r"指标值|目标值|计划值|预期指标"),
    ("weight", r"分值|权重"),
    ("score", r"得分|自评分"),
    ("status", r"完成情况"),
    ("desc", r"指标解释|自评内容|指标说明"),
]
_COLUMN_RES = [(kind, re.compile(pattern)) for kind, pattern in COLUMN_PATTERNS]
END_RE = re.compile(
    r"^(总分|合计|其他需要说明|评价结论|存在问题|项目负责人|填报人|填表人|联系人|审核人|单位负责人|"
    r"财务负责人|说明[:：]|备注|附件|自评结论|评价得分)"
)
LEVEL1_RE = re.compile(
    r"^(产出|效益|效果|满意度|项目完成|项目效果|投入|过程|结果|项目绩效)"
    r"[^，。]{0,6}(指标|目标)?"
)
LEVEL2_RE = re.compile(
    r"(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)(指标)?"
)
COMPARATOR_RE = re.compile(r"^(≥|≤|>=|<=|=>|=<|=|═|≧|≦|>|<|＞|＜|＝)$")
UNIT_RE = re.compile(
    r"^(%|％|[个件项家人次天月年元万元亿元台套头条户篇期所间亩吨场册次米公里平方米立方米小时]{1,4}|"
    r"%?[(（][^)）]{0,6}[)）])$"
)
# "(40分)"; at the end of the name the closing bracket may be missing (OCR drops it).
_WEIGHT_SUFFIX = re.compile(r"[(（]\s*\d+(\.\d+)?\s*分\s*(?:[)）]|$)")
_NUMBERING = re.compile(r"^(指标\s*\d+\s*[:：]|\d+\s*[.、．]\s*(?=\D))")
_GLUED_HEADER = re.compile(r"^(自评分|自评得分)(?=[\u4e00-\u9fff])")
_LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)?(?![\d.%])(?=[\u4e00-\u9fff])")
GROUP_POINTS_RE = re.compile(r"^[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")  # "(30分)" alone
GROUP_RE = re.compile(r"([\u4e00-\u9fff]{2,14}?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
BUDGET_ITEM_RE = re.compile(r"^(预算执行率|资金使用|预算资金执行率)")


@dataclass
class Header:
    columns: list[str]
    start: int  # index of the first header cell
    end: int  # index after the last header cell
    cells: list[Cell]  # the cells, with a glued header word split off


def column_kind(text: str) -> str | None:
    """Which indicator-table column a header cell names, if any."""
    compact = re.sub(r"\s+", "", nfkc(text))
    if len(compact) > 24:
        return None
    for kind, pattern in _COLUMN_RES:
        if pattern.search(compact):
            return kind
    return None


def clean_level(text: str | None) -> str | None:
    """Level name as written, minus line breaks, weight suffixes and 指标1： numbering."""
    if text is None:
        return None
    value = re.sub(r"\s+", "", text)
    value = _WEIGHT_SUFFIX.sub("", value)
    value = _NUMBERING.sub("", value)
    return None if is_placeholder(value) else value


def clean_value(text: str | None) -> str | None:
    """A target/actual cell: joined lines, trimmed, None when it states nothing."""
    if text is None:
        return None
    value = re.sub(r"\s*\n\s*", "", text).strip()
    return None if is_placeholder(value) else (value or None)


def find_header(cells: Sequence[Cell], start: int = 0) -> Header | None:
    """Locate the indicator header (一级指标 二级指标 三级指标 …) at or after `start`."""
    for index in range(start, len(cells)):
        compact = re.sub(r"\s+", "", cells[index].text)
        if "一级指标" not in compact and "指标名称" not in compact:
            continue
        if "一级指标" in compact and len(compact) > 12:
            continue
        columns: list[str] = []
        end = index
        while end < len(cells) and len(columns) < 14:
            text = cells[end].text
            if not text and _header_word_follows(cells, end):
                end += 1  # padding between header words (a pipe row filled with | |)
                continue
            kind = column_kind(text) if text else None
            glued_word = _GLUED_HEADER.match(text)
            if glued_word and len(columns) >= 3 and column_kind(text[glued_word.end() :]) is None:
                kind = None
            if kind is None and len(text) == 1:
                end += 1  # "实际完成 值": the word broke in two
                continue
            if kind is None:
                glued = _GLUED_HEADER.match(text)
                if glued:  # "自评分资金使用合规性": last header word glued to the first cell
                    columns.append(column_kind(glued.group(1)) or "score")
                    cells = [
                        *cells[:end],
                        Cell(glued.group(1), cells[end].line, cells[end].row),
                        Cell(text[glued.end() :], cells[end].line, cells[end].row),
                        *cells[end + 1 :],
                    ]
                    end += 1
                break
            columns.append(kind)
            end += 1
        if len(columns) >= 3 and ("target" in columns or "actual" in columns or "l2" in columns):
            columns = _reorder_subheader(_merge_preheader(cells, index, columns))
            return Header(columns, index, end, list(cells))
    return None


# Empty cells a padded header row may hold before its next header word.
HEADER_PADDING = 12


def _header_word_follows(cells: Sequence[Cell], index: int) -> bool:
    for cell in cells[index + 1 : index + 1 + HEADER_PADDING]:
        if cell.text:
            return column_kind(cell.text) is not None
    return False


def _merge_preheader(cells: Sequence[Cell], index: int, columns: list[str]) -> list[str]:
    """Two-tier headers: 年度指标值 实际完成值 分值 得分 … stand before 一级指标 in some dumps."""
    if "actual" in columns:
        return columns
    before = []
    for cell in reversed(cells[max(0, index - 8) : index]):
        kind = column_kind(cell.text) if cell.text else None
        if kind is None:
            break
        before.insert(0, kind)
    if "actual" not in before:
        return columns
    tail = before[before.index("actual") :]
    if "target" in columns and "cmp" in columns:
        return columns + tail
    return columns + tail


def _reorder_subheader(columns: list[str]) -> list[str]:
    """A second header line (符号 单位 … under 预期指标值) dumped after the first one.

    Its columns really sit inside the first line's; the data rows then read
    levels, explanation, comparator, value, unit, actual, status, points.
    """
    if "cmp" in columns and "actual" in columns and columns.index("cmp") > columns.index("actual"):
        start = columns.index("cmp")
        first, sub = columns[:start], columns[start:]
        if set(sub) <= {"cmp", "target", "unit"} and "target" in first and "status" not in first:
            # 指标性质 / 指标值 / 度量单位 under 年度指标值: they take its place.
            at = first.index("target")
            return [*first[:at], *sub, *first[at + 1 :]]
        levels = [c for c in columns if c in ("l1", "l2", "l3")]
        return [
            *levels,
            "desc",
            "cmp",
            "target",
            "unit",
            "actual",
            "status",
            "weight",
            "score",
            "other",
        ]
    return columns


# --- building rows -------------------------------------------------------------------------


def _table_cells(cells: Sequence[Cell], header: Header) -> list[Cell]:
    out = []
    for cell in cells[header.end :]:
        if cell.text and END_RE.match(re.sub(r"\s+", "", cell.text)):
            break
        if (
            re.search(r"(项\s*目\s*名\s*称|绩效.{0,8}(自评|完成情况)表)", cell.text)
            and len(cell.text) < 40
        ):
            break
        out.append(cell)
    return out


def _chunk_rows(cells: Sequence[Cell], width: int) -> list[list[Cell]]:
    return [list(cells[i : i + width]) for i in range(0, len(cells), width)]


def _line_rows(cells: Sequence[Cell], width: int | None = None) -> list[list[Cell]]:
    """Cells grouped by row, empty ones dropped; but a row exactly as wide as the header
    (`width`), empty cells counted, keeps them: then every cell is in its own column."""
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    out = []
    for whole in rows.values():
        while whole and whole[-1].empty:
            whole = whole[:-1]  # padding to the table's width, not cells of this row
        if width is not None and len(whole) == width and any(c.empty for c in whole):
            out.append(whole)
            continue
        row = [cell for cell in whole if not cell.empty]
        if not row:
            continue
        if len(row) == 1 and len(row[0].text.split()) >= 3:
            parts = row[0].text.split()
            row = [Cell(part, row[0].line, row[0].row) for part in parts]
        out.append(row)
    return out


_FIT_TEXT = {"l3": 2.0, "target": 1.5, "actual": 1.5, "reason": 0.8, "desc": 1.0}
# What leaving a column empty costs.
_SKIP = {
    "l1": 0.1,
    "l2": 0.1,
    "l3": 2.0,
    "target": 1.5,
    "actual": 1.5,
    "cmp": 0.5,
    "unit": 0.5,
    "weight": 1.0,
    "score": 1.0,
    "reason": 0.2,
    "desc": 0.5,
    "status": 0.5,
    "section": 0.0,
}


def _fit(text: str, column: str) -> float:
    if not text:
        return 0.5  # an empty cell kept for its position fits any column
    compact = re.sub(r"\s+", "", nfkc(text))
    number = read_number(compact)
    if column == "l1":
        return 5.0 if LEVEL1_RE.match(compact) and len(compact) <= 14 else -8.0
    if column == "l2":
        if LEVEL2_RE.match(compact) and len(compact) <= 14:
            # 服务对象满意度 without 指标 is as often the 三级 name under that 二级.
            return 5.0 if compact.endswith(("指标", "效益")) else 1.0
        return -8.0 if LEVEL1_RE.match(compact) else -3.0
    if column == "cmp":
        return 4.0 if COMPARATOR_RE.match(compact) else -6.0
    if column == "unit":
        return 3.0 if UNIT_RE.match(compact) else -4.0
    if column in ("weight", "score"):
        return 2.0 if number and not number[1] and 0 <= number[0] <= 100 else -6.0
    if column == "status":
        return 2.0 if compact in ("完成", "未完成", "部分完成", "达成", "未达成") else -2.0
    if column == "l3":
        if number or COMPARATOR_RE.match(compact):
            return -3.0
        # An indicator's name is a phrase; a sentence (。，) is a 2018 form's prose value.
        return -1.0 if re.search(r"[。，；]", compact) else 2.0
    if column == "target" and number:
        return 2.0
    return _FIT_TEXT.get(column, 0.0)


# A form with both 分值 and 得分 fills them on every row, while 指标值/完成值 may be blank
# or text: there, two trailing numbers are the points, so leaving them empty costs more.
_SKIP_WITH_POINTS = {**_SKIP, "target": 1.0, "actual": 1.0, "weight": 2.0, "score": 2.0}


def _after_comparator(texts: Sequence[str], i: int, column: str) -> float:
    """A comparator (≤, =, ≥ …) qualifies the value right after it: that is the target."""
    if i == 0 or not COMPARATOR_RE.match(re.sub(r"\s+", "", nfkc(texts[i - 1]))):
        return 0.0
    return 4.0 if column == "target" else -4.0


def align_row(texts: Sequence[str], columns: Sequence[str]) -> dict[str, str]:
    """Best monotone assignment of a row's cells to header columns."""
    skip = _SKIP_WITH_POINTS if "weight" in columns and "score" in columns else _SKIP
    if len(texts) > len(columns):
        # More cells than columns: the surplus joins the last column.
        last = len(columns) - 1
        texts = [*texts[:last], " ".join(texts[last:])]
    pairs = best_alignment(
        len(texts),
        columns,
        lambda i, column: _fit(texts[i], column) + _after_comparator(texts, i, column),
        lambda column: skip.get(column, 0.5),
    )
    out: dict[str, str] = {}
    for i, j in reversed(pairs):
        out.setdefault(columns[j], texts[i])
    return out


def _merge_broken_rows(rows: list[list[Cell]], columns: Sequence[str]) -> list[list[Cell]]:
    """Pipe dumps split one row over lines.

    `效益指标 | … | 减轻负担 |`, then `有效 |`, then `有效 | 10 | 10 |` are one row.
    """
    wants_numbers = "weight" in columns or "score" in columns
    merged: list[list[Cell]] = []
    for row in rows:
        if merged and wants_numbers:
            last = merged[-1]
            last_has_numbers = any(read_number(c.text) for c in last[-2:])
            starts_level = (
                LEVEL1_RE.match(row[0].text)
                or LEVEL2_RE.match(row[0].text)
                or GROUP_POINTS_RE.match(row[0].text.strip())
            )
            if not last_has_numbers and not starts_level:
                merged[-1] = last + row
                continue
        merged.append(list(row))
    return merged


# --- rows → indicators ---------------------------------------------------------------------


def _number(text: str | None) -> float | None:
    found = read_number(text) if text else None
    return found[0] if found else None


def _target_text(values: dict[str, str]) -> str | None:
    if "cmp" in values or "unit" in values:
        number = values.get("target", "")
        if not number:
            return None
        return "".join(v for v in (values.get("cmp", ""), number, values.get("unit", "")) if v)
    return clean_value(values.get("target"))


def _group_points(text: str | None) -> float | None:
    found = _WEIGHT_SUFFIX.search(text or "")
    return float(re.sub(r"[^\d.]", "", found.group(0))) if found else None


def _exhausted(room: float | None) -> bool:
    return room is not None and room <= 1e-6


def rows_to_indicators(
    rows: Sequence[dict[str, str]], lines: Sequence[int], source: str
) -> list[Indicator]:
    """Typed indicators from column→text rows, carrying merged 一级/二级 cells down."""
    indicators: list[Indicator] = []
    level1 = level2 = None
    has_level1 = any("l1" in values for values in rows)
    inferred = False
    # Points a carried-down level label still has room for: "结果目标(16分)" covers the rows
    # whose 分值 add up to 16, so a later row without its own label is outside the group.
    room: dict[str, float | None] = {"l1": None, "l2": None}
    for values, line in zip(rows, lines, strict=True):
        texts = [text for text in values.values() if text]
        if len(texts) == 1 and GROUP_POINTS_RE.match(texts[0].strip()):
            level1, level2, inferred = None, None, True  # a 一级 cell whose name was lost
            continue
        own1 = clean_level(values.get("l1"))
        own2 = clean_level(values.get("l2"))
        level3 = clean_level(values.get("l3"))
        target = _target_text(values)
        actual = clean_value(values.get("actual"))
        if own1:
            level1, level2, inferred = own1, own2, False
            room = {"l1": _group_points(values.get("l1")), "l2": _group_points(values.get("l2"))}
        elif own2:
            level2 = own2
            room["l2"] = _group_points(values.get("l2"))
        if own1 and BUDGET_ITEM_RE.match(own1):
            continue  # the budget-execution item, not an indicator
        if not (target or actual) and (not level3 or values.get("weight") is None):
            continue  # placeholder rows (指标2：, ……), empty level rows, cut-off rows
        weight = _number(values.get("weight"))
        if not own1 and _exhausted(room["l1"]):
            level1 = level2 = None
        elif not own2 and _exhausted(room["l2"]):
            level2 = None
        for key in room:
            if room[key] is not None and weight is not None:
                room[key] = room[key] - weight
        if has_level1 and (level1 is None or inferred):
            # A 一级 column whose names the dump lost (only "(50分)" left): the standard
            # 一级 of the row's 二级, row by row.
            level1, inferred = level1_of(level2), True
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2 if (own2 or not own1) else None,
                level3=level3,
                target=target,
                actual=actual,
                weight=weight,
                score=_number(values.get("score")),
                deviation_reason=clean_value(values.get("reason")),
                source=SourceRef(source, line=line),
            )
        )
    return indicators


# How the rows of an indicator table were rebuilt, as `reports.row_builder` records it (the
# quality page shows the share of reports per builder; Chinese names in dashboard/theme.py).
ROW_BUILDERS = {
    "grid": "by grid column, as the office or fused reader placed each cell",
    "cell_levels": "a cell-per-line stream: optional 一级/二级, the 三级 name, one cell per column",
    "groups": "a 2017 stream cut by the header's template, groups by their points",
    "segments": "one cell per line, rows cut at level names and after the points",
    "chunks": "fixed-width chunks of the header's width (word-processor dumps)",
    "one_line": "a whole table on one line, cut at its level names",
    "lines": "one row per line, cells aligned to the header by content",
    "scrambled": "a PDF text layer that lost its order, rebuilt by order",
}


def read_indicators(
    cells: Sequence[Cell], layout: str, source: str
) -> tuple[list[Indicator], int | None, str | None]:
    """Indicators of one report's cells, the index where the table header starts, and the
    `ROW_BUILDERS` key of how its rows were rebuilt (None without a table)."""
    header = find_header(cells)
    if header is None:
        indicators, start = _scrambled(cells, source)
        return indicators, start, "scrambled" if start is not None else None
    table = _table_cells(header.cells, header)
    columns = header.columns
    single = sum(1 for c in table if c.text) and _mostly_single_cell_rows(table)
    by_grid = grid_rows(header.cells, header.start, table, column_kind)
    if by_grid is not None:
        rows, builder = by_grid, "grid"
    elif layout == "cells" and "l3" in columns and any(c.raw_empty for c in table):
        rows, builder = _level_rows(table, columns), "cell_levels"
    elif layout in ("lines", "cells", "pipe") and _grouped_without_levels(table, columns):
        # 2017 forms: 投入目标(28分)-style group cells and no 一级/二级 columns: the stream
        # is cut by the header's template, groups assigned by their points.
        return _stream_indicators(table, columns, source), header.start, "groups"
    elif layout in ("lines", "cells") and single:
        line_rows = _segment_rows([c for c in table if c.text], columns)
        rows = [(align_row([c.text for c in row], columns), row[0].line) for row in line_rows]
        builder = "segments"
    elif layout == "tab" or single:
        width = len(columns)
        if (
            layout == "tab"
            and header.start > 0
            and cells[header.start - 1].row == cells[header.start].row
        ):
            columns = ["section", *columns]  # the row's first cell names the block
            width += 1
        rows = [
            (dict(zip(columns, (c.text for c in chunk), strict=False)), chunk[0].line)
            for chunk in _chunk_rows(table, width)
            if any(c.text for c in chunk)
        ]
        builder = "chunks"
    elif len({c.row for c in table}) <= 2 and (
        len(table) > 3 * len(columns) or _names_levels(table, columns)
    ):
        if not _names_levels(table, columns):
            return _stream_indicators(table, columns, source), header.start, "groups"
        # A whole table on one line that names its 一级/二级: rows cut at the level names
        # and where text follows a row's points, then aligned like one-cell-per-line rows.
        stream = _segment_rows([c for c in table if c.text], columns)
        rows = [(align_row([c.text for c in row], columns), row[0].line) for row in stream]
        builder = "one_line"
    else:
        line_rows = _merge_broken_rows(_line_rows(table, len(columns)), columns)
        rows = [(align_row([c.text for c in row], columns), row[0].line) for row in line_rows]
        builder = "lines"
    runs_to_end = header.end + len(table) >= len(header.cells)  # no 总分 row closed it
    rows = _without_cut_off_row(rows, columns, runs_to_end)
    return (
        rows_to_indicators([r for r, _ in rows], [line for _, line in rows], source),
        header.start,
        builder,
    )


def _scrambled(cells: Sequence[Cell], source: str) -> tuple[list[Indicator], int | None]:
    """A table whose header words and figures lost their order (etl/parse/scrambled.py)."""
    for index, cell in enumerate(cells):
        if re.sub(r"\s+", "", cell.text) != "一级指标":
            continue
        start = scrambled_start(cells, index)
        if start is None:
            continue
        window = cells[index:start]
        columns = [kind for c in window if c.text and (kind := column_kind(c.text))]
        return scrambled_indicators(cells, index, start, columns, source), index
    return [], None


def _without_cut_off_row(rows: list, columns: Sequence[str], runs_to_end: bool) -> list:
    """Drop a last row that stops before its 完成值/分值/得分 when the rows above have
    points or the text ends inside the table: the page ended inside the row (a target
    alone is not an indicator's record)."""
    if not rows or not {"weight", "score"} & set(columns):
        return rows
    last = rows[-1][0]
    others_scored = any(values.get("weight") or values.get("score") for values, _ in rows[:-1])
    if (others_scored or runs_to_end) and not any(
        last.get(key) for key in ("actual", "weight", "score")
    ):
        return rows[:-1]
    return rows


def _level_rows(cells: Sequence[Cell], columns: Sequence[str]) -> list[tuple[dict, int]]:
    """Rows of a cell stream that keeps every cell but names no row ends (a cell-per-line
    dump): a row is an optional 一级 and 二级 name (merged cells, written once per group),
    the 三级 name, then one cell per column after it. A stray empty cell where a row should
    start is skipped, and a level name cuts the row before it: both resynchronise the
    stream after a merged cell the dump wrote out once too often."""
    l3 = columns.index("l3")
    after = columns[l3 + 1 :]
    rows: list[tuple[dict, int]] = []
    levels: dict[str, str] = {}
    index = 0
    while index < len(cells):
        cell = cells[index]
        level = _level_kind(cell.text, columns)
        if level == "l2" and _bare_name_before_value(cells, index):
            level = None  # 服务对象满意度 then 不低于90%: the 三级 name, not a 二级
        if level and level not in levels and not (level == "l1" and "l2" in levels):
            levels[level] = cell.text
            index += 1
            continue
        index += 1
        if cell.empty and not levels:
            continue  # a stray empty cell between rows
        if cell.empty and "l2" in columns and "l2" not in levels:
            levels["l2"] = ""  # the row's 二级 cell, left empty (2018 forms fill only 一级)
            continue
        values = {**levels, "l3": cell.text}
        for column in after:
            if index >= len(cells) or _level_kind(cells[index].text, columns):
                break
            values[column] = cells[index].text
            index += 1
        rows.append(({k: v for k, v in values.items() if v}, cell.line))
        levels = {}
    return rows


_VALUE_START = re.compile(r"^(?:[≥≤=<>≧≦＞＜═]|不低于|不少于|不高于|不超过|\d)")


def _bare_name_before_value(cells: Sequence[Cell], index: int) -> bool:
    """A 二级-like name without 指标 (服务对象满意度) directly followed by a value."""
    if re.sub(r"\s+", "", cells[index].text).endswith(("指标", "效益")):
        return False
    following = next((c.text for c in cells[index + 1 :] if c.text), "")
    return bool(_VALUE_START.match(re.sub(r"\s+", "", nfkc(following))))


def _level_kind(text: str, columns: Sequence[str]) -> str | None:
    """ "l1" or "l2" when `text` is a level name the header has a column for."""
    compact = re.sub(r"\s+", "", text)
    if len(compact) > 14:
        return None
    if "l1" in columns and LEVEL1_RE.match(compact):
        return "l1"
    if "l2" in columns and LEVEL2_RE.match(compact):
        return "l2"
    return None


def _grouped_without_levels(cells: Sequence[Cell], columns: Sequence[str]) -> bool:
    """A table with group cells that state points (投入目标(28分)) and no level columns."""
    return (
        "l1" not in columns and "l2" not in columns and any(GROUP_RE.search(c.text) for c in cells)
    )


def _names_levels(cells: Sequence[Cell], columns: Sequence[str]) -> bool:
    """Whether the table's cells carry level names the header has a column for (a 2018
    form may name only its 一级)."""
    return any(_level_kind(c.text, columns) for c in cells)


def _segment_rows(cells: Sequence[Cell], columns: Sequence[str]) -> list[list[Cell]]:
    """One cell per line with empty cells dropped: cut rows where a level name starts one,
    or where text follows the row's last points figure (分值/得分 filled); a form without
    points columns (the 2018 form: 三级, 预期, 实际) has rows exactly that wide."""
    numeric_slots = sum(1 for c in columns if c in ("weight", "score"))
    width = sum(1 for c in columns if c not in ("l1", "l2", "section"))
    reason_last = bool(columns) and columns[-1] == "reason"
    rows: list[list[Cell]] = []
    trailing_numbers = filled = 0
    closed = False  # the row took its 偏差原因: whatever follows starts the next one
    for position, cell in enumerate(cells):
        compact = re.sub(r"\s+", "", cell.text)
        level = _level_kind(compact, columns) or (
            "l1" if LEVEL1_RE.match(compact) and len(compact) <= 14 else None
        )
        if level == "l2" and _bare_name_before_value(cells, position):
            level = None  # a 三级 name such as 服务对象满意度
        number = _plain(compact)
        done = numeric_slots and trailing_numbers >= numeric_slots and number is None
        full = not numeric_slots and filled >= width
        if done and reason_last and not level and not closed and re.search(r"[。，；]", compact):
            rows[-1].append(cell)  # a sentence right after the points is the 偏差原因
            closed = True
            continue
        if not rows or closed or (level and filled) or done or (full and not level):
            rows.append([])
            trailing_numbers = filled = 0
            closed = False
        rows[-1].append(cell)
        filled += 0 if level else 1
        trailing_numbers = trailing_numbers + 1 if number is not None else 0
    return rows


def _plain(text: str) -> float | None:
    found = read_number(text)
    return found[0] if found and not found[1] else None


def _mostly_single_cell_rows(cells: Sequence[Cell]) -> bool:
    counts: dict[int, int] = {}
    for cell in cells:
        counts[cell.row] = counts.get(cell.row, 0) + 1
    single = sum(1 for n in counts.values() if n == 1)
    long_lines = sum(1 for c in cells if len(c.text.split()) >= 3)
    return single >= 0.8 * len(counts) and long_lines < 0.3 * max(1, len(cells))


# --- a whole table flattened into one line -------------------------------------------------


@dataclass
class _Group:
    name: str
    points: float
    row: int  # rows read before the label appeared


def _plain_number(text: str) -> float | None:
    found = read_number(text)
    return found[0] if found and not found[1] else None


def _stream_tokens(table: Sequence[Cell]) -> list[tuple[str, int]]:
    """Cell texts with group labels (投入目标(28分)) cut out as marked tokens."""
    tokens: list[tuple[str, int]] = []
    for cell in table:
        points = GROUP_POINTS_RE.match(cell.text.strip())
        if points and tokens and re.fullmatch(r"[\u4e00-\u9fff]{2,14}", tokens[-1][0]):
            # 项目绩效实现情况 / (80 分): a group label whose points went to the next line.
            name, line = tokens.pop()
            value = re.sub(r"[^\d.]", "", points.group(0))
            tokens.append(("\x00" + name + "\x00" + value, line))
            continue
        position = 0
        for match in GROUP_RE.finditer(cell.text):
            if cell.text[position : match.start()]:
                tokens.append((cell.text[position : match.start()], cell.line))
            tokens.append(("\x00" + match.group(1) + "\x00" + match.group(2), cell.line))
            position = match.end()
        if cell.text[position:]:
            tokens.append((cell.text[position:], cell.line))
    return tokens


def _stream_indicators(
    table: Sequence[Cell], columns: Sequence[str], source: str
) -> list[Indicator]:
    """Cut a flattened table into rows by the header's template (l3 target 权重 actual 得分).

    Merged group cells (投入目标(28 分)) land mid-stream, where the PDF centred
    them; rows are assigned to groups by adding up weights to each group's points.
    """
    template = [c for c in columns if c not in ("l1", "l2", "section")]
    groups: list[_Group] = []
    rows: list[tuple[dict[str, list[str]], int]] = []
    current: dict[str, list[str]] = {}
    slot, line = 0, 0
    pending = _stream_tokens(table)
    pending.reverse()
    while pending:
        text, token_line = pending.pop()
        if template[slot] in ("weight", "score") or (
            slot + 1 < len(template) and template[slot + 1] in ("weight", "score")
        ):
            glued = _LEADING_NUMBER.match(text)
            if glued and glued.end() < len(text):  # "2.8项目日常进度管理情况"
                pending.append((text[glued.end() :], token_line))
                text = glued.group(0)
        if text.startswith("\x00"):
            _, name, points = text.split("\x00")
            groups.append(_Group(name, float(points), len(rows)))
            continue
        column = template[slot]
        if not current:
            line = token_line
        number = _plain_number(text)
        if column in ("weight", "score"):
            if number is None:
                previous = template[slot - 1] if slot else "l3"
                current.setdefault(previous, []).append(text)
                continue
            current[column] = [text]
            slot += 1
        elif (
            number is not None
            and slot + 1 < len(template)
            and template[slot + 1] in ("weight", "score")
            and current.get(column)
        ):
            current[template[slot + 1]] = [text]
            slot += 2
        else:
            current.setdefault(column, []).append(text)
            if column == "l3":
                slot += 1
        if slot >= len(template):
            rows.append((current, line))
            current, slot = {}, 0
    values = [{k: " ".join(v) for k, v in row.items()} for row, _ in rows]
    _assign_groups(values, groups)
    return rows_to_indicators(values, [line for _, line in rows], source)


def _assign_groups(rows: list[dict[str, str]], groups: list[_Group]) -> None:
    """Give each row its 一级/二级 from group labels and their points."""
    if not groups:
        return
    weights = [_number(row.get("weight")) or 0.0 for row in rows]
    top = max(groups, key=lambda g: g.points)
    rest = [g for g in groups if g is not top]
    if rest and top.points >= sum(g.points for g in rest) - 0.01:
        for row in rows:
            row["l1"] = top.name
    else:
        rest = groups
    index, total = 0, 0.0
    for row, weight in zip(rows, weights, strict=True):
        if index >= len(rest):
            row["l2"] = ""
            continue
        row["l2"] = rest[index].name
        total += weight
        if total >= rest[index].points - 0.01:
            index, total = index + 1, 0.0
