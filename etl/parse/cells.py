"""Text lines → a stream of cells, whatever the dump layout.

Reports reach us as text in three layouts (see docs/domain.md):

* ``tab``: word-processor table dumps, one cell per line with a tab prefix; an
  unindented line continues the previous cell (the cell wrapped), and blank
  lines separate rows but also occur inside a row;
* ``pipe``: one table row per line, cells separated by ``|``, with merged-cell
  leftovers (empty cells, rows split over lines);
* ``cells``: web-page text copied cell by cell: one cell per line, one blank line
  between cells, a lone space for an empty cell, a wrapped label split over two
  cells (``年初`` / ``预算数``); nothing marks where a row ends;
* ``lines``: web-page or PDF text, one line per cell or a whole row flattened
  onto one line separated by spaces, narrative paragraphs.

* ``fused``: a whole form run together without any separator (etl/parse/fused/).

Every cell keeps its 1-based line number so each figure can name its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every layout the parser tells apart, as `python -m etl show` and the quality page name
# them; `grid` is an office reader's table (etl/parse/grid.py).
LAYOUTS = {
    "grid": "table cells from an office or web reader",
    "tab": "word-processor dump, one tab-indented cell per line",
    "pipe": "one row per line, cells between | bars",
    "cells": "one cell per line, blank line between cells, no row ends",
    "lines": "rows flattened onto lines with spaces, or running prose",
    "fused": "a whole form run together without separators",
}
# Word-processor artefacts that are never part of a value.
_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]|\[page \d+\]|\u200b|\ufeff")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


@dataclass(frozen=True)
class Cell:
    """One table cell or paragraph of the document."""

    text: str
    line: int  # 1-based line where the cell starts
    row: int  # row counter: cells of one table row share it
    raw_empty: bool = False  # an explicitly empty cell (a tab line with nothing on it)
    col: int | None = None  # 0-based grid column, when the reader knew the table's grid
    span: int = 1  # grid columns the cell covers
    note: str | None = None  # what a reader could not read here (becomes a quality flag)

    @property
    def empty(self) -> bool:
        return not self.text


def looks_like_prose(text: str) -> bool:
    """Sentences (narrative, goal text) rather than form labels, values or flattened rows.

    Flattened table rows are long too, but they are full of spaces and have no 。.
    """
    if "。" in text:
        return True
    commas = sum(text.count(mark) for mark in "，,；;")
    return len(text) > 40 and commas >= 2 and text.count(" ") < len(text) / 20


def clean_text(text: str) -> str:
    """Drop artefacts, collapse runs of spaces, trim; keep line breaks inside cells."""
    text = _ARTEFACTS.sub("", text)
    lines = [_SPACES.sub(" ", part).strip() for part in text.split("\n")]
    return "\n".join(part for part in lines if part)


# A cell-per-line dump: this share of its cells is followed by exactly one empty line,
# and at least this many cells are lone spaces (empty cells written out).
CELL_LINE_SEPARATED = 0.8
CELL_LINE_EMPTY_CELLS = 3


def detect_layout(lines: list[str]) -> str:
    """Guess the dump layout from how lines start and what separates cells."""
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return "lines"
    tabbed = sum(1 for line in nonblank if line.startswith("\t"))
    piped = sum(1 for line in nonblank if _piped(line))
    if tabbed >= 0.4 * len(nonblank):
        return "tab"
    if piped >= 0.4 * len(nonblank) or piped >= MIXED_PIPE_ROWS:
        return "pipe"  # a narrative with a pipe table in it reads its prose line by line
    if _cell_per_line(lines):
        return "cells"
    from etl.parse.fused import is_fused  # imported here: etl.parse.fused reads the budget words

    if any(is_fused(line) for line in lines):
        return "fused"
    return "lines"


def _cell_per_line(lines: list[str]) -> bool:
    cells = [i for i, line in enumerate(lines) if line != ""]  # a lone space is a cell
    if len(cells) < 20:
        return False
    lone_spaces = sum(1 for i in cells if not lines[i].strip())
    separated = sum(
        1 for i in cells[:-1] if i + 2 < len(lines) and lines[i + 1] == "" and lines[i + 2] != ""
    )
    return lone_spaces >= CELL_LINE_EMPTY_CELLS and separated >= CELL_LINE_SEPARATED * (
        len(cells) - 1
    )


# A label the form wraps inside its cell reaches text split in two: 年初 / 预算数 (one cell
# per line), 年度绩效指标完成情况 一级 / 指标, 可持续影 / 响指标 (indented rows). The halves are
# joined when together, not alone, they make one of these labels.
_LABEL_WORDS = re.compile(
    r"^(?:一级指标|二级指标|三级指标|年度指标值|实际完成值|年初预算数|全年预算数|全年执行数"
    r"|(?:产出|效益|效果|满意度)指标"
    r"|(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标)$"
)
_POINTS_ONLY = re.compile(r"^[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")
_WRAP_TAIL_CHARS = 6  # the second half of a wrapped label is short


def glue_wrapped_labels(cells: list[Cell]) -> list[Cell]:
    """Re-join labels split over two cells; a level name's points on their own line
    (满意度指标 / (10分)) join it too."""
    out: list[Cell] = []
    for cell in cells:
        previous = out[-1] if out else None
        if previous is None or not cell.text or " " in cell.text:
            out.append(cell)
            continue
        head, _, last = previous.text.rpartition(" ")
        joined = last + cell.text
        if (
            len(cell.text) <= _WRAP_TAIL_CHARS
            and _LABEL_WORDS.match(joined)
            and not _LABEL_WORDS.match(last)
        ):
            out.pop()
            if head:
                out.append(Cell(head, previous.line, previous.row))
            out.append(Cell(joined, previous.line, previous.row))
        elif _POINTS_ONLY.match(cell.text) and _LABEL_WORDS.match(previous.text):
            out[-1] = Cell(previous.text + cell.text, previous.line, previous.row)
        else:
            out.append(cell)
    return out


def _cell_line_cells(lines: list[str]) -> list[Cell]:
    """Every non-empty line a cell (a lone space an empty one), labels re-joined; each cell
    its own row, since the dump does not say where rows end."""
    cells = [
        Cell(clean_text(line), number, number, raw_empty=not line.strip())
        for number, line in enumerate(lines, 1)
        if line != ""
    ]
    return glue_wrapped_labels(cells)


def _tab_cells(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    row = 0
    current: list[str] | None = None
    start = 0

    def flush() -> None:
        nonlocal current
        if current is not None:
            text = clean_text("\n".join(current).replace("\t", " "))
            cells.append(Cell(text, start, row, raw_empty=not text))
        current = None

    previous_blank = True
    tabbed = False  # whether the open cell started with a tab (only those wrap)
    for number, line in enumerate(lines, 1):
        if not line.strip() and not line.startswith("\t"):
            flush()
            if not previous_blank:
                row += 1
            previous_blank = True
            continue
        if line.startswith("\t"):
            flush()
            current, start, tabbed = [line[1:]], number, True
        elif current is not None and tabbed and not previous_blank:
            current.append(line)  # the cell wrapped onto an unindented line
        else:
            flush()
            current, start, tabbed = [line], number, False
        previous_blank = False
    flush()
    return cells


# A document with at least this many pipe rows holds a pipe table, whatever the prose
# around it; its other lines are read as in the line layout.
MIXED_PIPE_ROWS = 5


def _piped(line: str) -> bool:
    return line.rstrip().endswith("|") or " | " in line


def _pipe_cells(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if not _piped(line):
            cells.extend(Cell(part, number, number) for part in explode(clean_text(line)))
            continue
        parts = line.split("|")
        # Leading/trailing pipes frame the row; they do not make empty cells.
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        if not parts:
            cells.append(Cell("", number, number, raw_empty=True))
        for part in parts:
            text = clean_text(part)
            cells.append(Cell(text, number, number, raw_empty=not text))
    return cells


def _blank_runs(lines: list[str]) -> list[int]:
    runs, current = [], 0
    for line in lines:
        if line.strip():
            if current:
                runs.append(current)
            current = 0
        else:
            current += 1
    return runs


def _line_cells(lines: list[str]) -> list[Cell]:
    # Some dumps put one cell per line with a blank line between cells and a long
    # run of blank lines between rows: then the runs, not the lines, mark rows.
    block_rows = sum(1 for run in _blank_runs(lines) if run >= 3) >= 3
    cells: list[Cell] = []
    row, blank = 0, 0
    for number, line in enumerate(lines, 1):
        text = clean_text(line)
        if not text:
            blank += 1
            continue
        if not block_rows or blank >= 3:
            row += 1
        blank = 0
        cells.extend(Cell(part, number, row) for part in explode(text))
    return glue_wrapped_labels(cells)


_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
# A number glued to the next cell's words ("2.8财务制度健全性"), unless the words are its unit.
_GLUED = re.compile(
    r"(?<![\d.])(\d+\.\d+%?)(?=[\u4e00-\u9fff])(?![万个件项家人次天月年元台套头条户篇期所间亩吨场册米公平立分])"
)
_PERCENT_THEN_DIGIT = re.compile(r"(\d%)(?=\d)")


# Labels of the form itself: a line holding several of them, and many space-separated
# cells, is a whole form flattened onto one line, prose cells and all.
_FORM_LABELS = re.compile(
    r"项目名称|主管部门|实施单位|年度资金总额|一级指标|二级指标|三级指标|总分"
)
FLATTENED_FORM_LABELS = 3
FLATTENED_FORM_TOKENS = 20


def _whole_form_on_one_line(text: str, tokens: int) -> bool:
    return (
        tokens >= FLATTENED_FORM_TOKENS
        and len(set(_FORM_LABELS.findall(text))) >= FLATTENED_FORM_LABELS
    )


def explode(text: str) -> list[str]:
    """Split a flattened table row (cells joined by spaces) into its cells.

    Prose and short label/value lines stay whole.
    """
    tokens = len(text.split())
    if tokens < 3 or (looks_like_prose(text) and not _whole_form_on_one_line(text, tokens)):
        return [text]
    text = _POINTS.sub(r"(\1分)", text)
    text = _PERCENT_THEN_DIGIT.sub(r"\1 ", text)
    text = _GLUED.sub(r"\1 ", text)
    return text.split()


_NUMBERED = re.compile(r"^(\d{1,3})、")


def join_numbered_lines(lines: list[str]) -> list[str]:
    """Undo extraction that cut a long text into lines prefixed 1、 2、 3、 mid-word.

    Such lines are long and consecutively numbered; the number is an artefact and
    the break can fall inside a number ("201" / "2、7 年"), so they are joined bare.
    """
    nonblank = [line for line in lines if line.strip()]
    numbered = [_NUMBERED.match(line) for line in nonblank]
    if len(nonblank) < 3 or not all(numbered):
        return lines
    numbers = [int(m.group(1)) for m in numbered if m]
    average = sum(len(line) for line in nonblank) / len(nonblank)
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))) or average < 150:
        return lines
    return ["".join(_NUMBERED.sub("", line, count=1) for line in nonblank)]


def to_cells(lines: list[str]) -> tuple[str, list[Cell]]:
    """Return (layout, cells) for the lines of one text document."""
    layout = detect_layout(lines)
    if layout == "tab":
        return layout, _tab_cells(lines)
    if layout == "pipe":
        return layout, _pipe_cells(lines)
    if layout == "cells":
        return layout, _cell_line_cells(lines)
    if layout == "fused":
        return layout, _fused_cells(lines)
    return layout, _line_cells(lines)


def _fused_cells(lines: list[str]) -> list[Cell]:
    """A fused line as its labels, figures and text (etl/parse/fused/); other lines as
    in the line layout."""
    from etl.parse.fused import fused_pieces, is_fused

    cells: list[Cell] = []
    row = 0
    for number, line in enumerate(lines, 1):
        if not is_fused(line):
            for cell in _line_cells([line]):
                row += 1
                cells.append(Cell(cell.text, number, row))
            continue
        first = row
        for piece in fused_pieces(clean_text(line)):
            row = first + piece.row + 1
            cells.append(
                Cell(piece.text, number, row, col=piece.col, span=piece.span, note=piece.note)
            )
    return cells
