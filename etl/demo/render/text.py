"""A fixture as plain text, in each layout a report's table reaches us in as text.

Web pages, aggregator sites, PDF extractors and converters flatten the same form in
different ways; each layout here reproduces one class seen in real reports (the corpus
file named beside it), so the parser can be tested on every layout × every form rather
than on the few real files:

* ``cell_lines``: one cell per line, a blank line between cells, a lone space for an
  empty cell, a wrapped label broken over lines (``年初\\n\\n预算数``) (real_10);
* ``pipe``: one row per line, ``| a | b |``, merged cells once (real_01, real_02);
* ``pipe_padded``: pipe rows without spaces, padded with runs of empty cells ``||||`` to
  the table's width (real_12);
* ``space``: one row per line, cells separated by spaces, empty cells gone (real_07);
* ``indented``: space rows indented, multi-line cells broken onto lines of their own,
  level-1 names reduced to their points ``(50分)`` (real_16);
* ``fused``: the whole document on one line with no separators at all, so numbers fuse
  (``202010100.00%10``) (real_11);
* ``page_markers``: the space layout cut every ~200 characters by a viewer's page
  marker ``\\n2、`` that can fall inside a number (real_05);
* ``traditional``: the cell_lines layout in traditional characters (real_15); its gold
  text is converted the same way (`gold_for_layout`).

Every layout keeps the gold answer: only whitespace, separators and script change.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from .model import Block, Fixture, Form, Grid, Para

# Characters of text between two page markers; real viewers cut at about this length.
PAGE_MARKER_EVERY = 200
_LEVEL1_WITH_POINTS = re.compile(r"^[\u4e00-\u9fff]{2,10}指标\s*([(（]\d+(?:\.\d+)?分[)）])$")

Item = tuple[str, list[str]]  # ("para", [text]) or ("row", cell texts in column order)


def items(blocks: list[Block]) -> list[Item]:
    """Paragraphs and table rows in reading order; merged positions appear once, hidden
    rows not at all, a nested table's rows after the row that holds it."""
    out: list[Item] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(("para", [block.text]))
        elif isinstance(block, Form):
            out += _grid_items(block.grid)
    return out


def _grid_items(grid: Grid) -> list[Item]:
    out: list[Item] = []
    for number, row in enumerate(grid.rows()):
        if number in grid.hidden_rows:
            continue
        out.append(("row", [placed.cell.text for placed in row]))
        for placed in row:
            if placed.cell.nested is not None:
                out += _grid_items(placed.cell.nested)
    return out


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def cell_lines(blocks: list[Block]) -> str:
    """One cell per line, blank lines between, a lone space for an empty cell."""
    lines: list[str] = []
    for kind, texts in items(blocks):
        if kind == "para":
            lines.append(_one_line(texts[0]))
            continue
        for text in texts:
            parts = [part.strip() for part in text.split("\n") if part.strip()]
            lines.append("\n\n".join(parts) if parts else " ")
    return "\n\n".join(lines) + "\n"


def pipe(blocks: list[Block]) -> str:
    """One row per line between pipes; merged cells once."""
    lines = []
    for kind, texts in items(blocks):
        if kind == "para":
            lines.append(_one_line(texts[0]))
        else:
            lines.append("| " + " | ".join(_one_line(text) for text in texts) + " |")
    return "\n".join(lines) + "\n"


def pipe_padded(blocks: list[Block]) -> str:
    """Pipe rows with no padding spaces, filled to the widest row with empty cells."""
    rows = items(blocks)
    width = max((len(texts) for kind, texts in rows if kind == "row"), default=0)
    lines = []
    for kind, texts in rows:
        if kind == "para":
            lines.append(_one_line(texts[0]))
            continue
        cells = [_one_line(text) for text in texts] + [""] * (width - len(texts))
        lines.append(" | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _space_rows(blocks: list[Block]) -> list[str]:
    lines = []
    for kind, texts in items(blocks):
        if kind == "para":
            lines.append(_one_line(texts[0]))
        else:
            cells = [_one_line(text).replace(" ", "") for text in texts]
            line = " ".join(cell for cell in cells if cell)
            if line:
                lines.append(line)
    return lines


def space(blocks: list[Block]) -> str:
    """One row per line, cells separated by a space; empty cells vanish."""
    return "\n".join(_space_rows(blocks)) + "\n"


def indented(blocks: list[Block]) -> str:
    """Indented rows; a multi-line cell breaks the row; 产出指标(50分) shows as (50分)."""
    lines: list[str] = []
    for kind, texts in items(blocks):
        if kind == "para":
            lines.append("    " + _one_line(texts[0]))
            continue
        current: list[str] = []
        for text in texts:
            text = _LEVEL1_WITH_POINTS.sub(r"\1", text.strip())
            parts = [part.strip() for part in text.split("\n") if part.strip()]
            if len(parts) > 1:  # the cell wrapped: its lines stand alone
                if current:
                    lines.append("    " + " ".join(current))
                lines += ["    " + part for part in parts]
                current = []
            elif parts:
                current.append(parts[0])
        if current:
            lines.append("    " + " ".join(current))
    return "\n".join(lines) + "\n"


def fused(blocks: list[Block]) -> str:
    """Everything on one line, no separator between cells or rows."""
    out = []
    for _, texts in items(blocks):
        out += [_one_line(text).replace(" ", "") for text in texts]
    return "".join(out) + "\n"


def page_markers(blocks: list[Block]) -> str:
    """The space layout as one text cut into numbered viewer pages (``\\n2、``)."""
    text = " ".join(_space_rows(blocks))
    chunks = [text[i : i + PAGE_MARKER_EVERY] for i in range(0, len(text), PAGE_MARKER_EVERY)]
    return "\n".join(f"{number}、{chunk}" for number, chunk in enumerate(chunks, 1)) + "\n"


def _to_traditional() -> Callable[[str], str]:
    import opencc  # imported here: only this layout needs it

    return opencc.OpenCC("s2t").convert


def traditional(blocks: list[Block]) -> str:
    """The cell_lines layout in traditional characters."""
    return _to_traditional()(cell_lines(blocks))


LAYOUTS: dict[str, Callable[[list[Block]], str]] = {
    "cell_lines": cell_lines,
    "pipe": pipe,
    "pipe_padded": pipe_padded,
    "space": space,
    "indented": indented,
    "fused": fused,
    "page_markers": page_markers,
    "traditional": traditional,
}


def gold_for_layout(gold: dict, layout: str) -> dict:
    """The gold answer of `layout`'s text: the same, but in traditional script for it."""
    if layout != "traditional":
        return gold
    convert = _to_traditional()

    def walk(value: object) -> object:
        if isinstance(value, str):
            return convert(value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    converted = copy.deepcopy(gold)
    converted["reports"] = walk(converted.get("reports") or [])
    return converted


def render_text(fixture: Fixture, layout: str) -> str:
    """The fixture's text in `layout` (one of `LAYOUTS`)."""
    return LAYOUTS[layout](fixture.blocks)
