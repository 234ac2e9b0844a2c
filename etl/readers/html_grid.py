"""The HTML table model: <tr>/<td> elements → cells placed on a grid.

Browsers place each cell in the first column its row leaves free after the rowspans
from above; a span never reaches past its row group (thead, each tbody, tfoot), and
rowspan="0" reaches to the end of it. Hidden rows and cells take no place at all.
"""

from __future__ import annotations

import bisect
import re

import lxml.html

CELL_TAGS = ("td", "th")
SECTION_TAGS = ("thead", "tbody", "tfoot")
_MAX_COLSPAN = 1000  # what browsers clamp to
_MAX_ROWSPAN = 65534
_HIDDEN_STYLE_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE
)


def is_hidden(element: lxml.html.HtmlElement) -> bool:
    """Hidden by the `hidden` attribute or an inline style (display:none, mso-hide)."""
    return element.get("hidden") is not None or bool(
        _HIDDEN_STYLE_RE.search(element.get("style", ""))
    )


def _own_rows(table: lxml.html.HtmlElement) -> list[tuple[int, lxml.html.HtmlElement]]:
    """(row group number, <tr>) of this table, not of nested ones: thead, bodies, tfoot."""
    head: list[lxml.html.HtmlElement] = []
    bodies: list[list[lxml.html.HtmlElement]] = []
    foot: list[lxml.html.HtmlElement] = []
    loose: list[lxml.html.HtmlElement] = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        # A hidden row or cell takes no place in the table, as in a browser (Excel's
        # "save as web page" writes hidden rows and columns that way).
        rows = [
            tr
            for tr in child
            if isinstance(tr.tag, str) and tr.tag.lower() == "tr" and not is_hidden(tr)
        ]
        if tag == "thead":
            head.extend(rows)
        elif tag == "tfoot":
            foot.extend(rows)
        elif tag == "tbody":
            if loose:
                bodies.append(loose)
                loose = []
            bodies.append(rows)
        elif tag == "tr" and not is_hidden(child):
            loose.append(child)
    if loose:
        bodies.append(loose)
    groups = [head, *bodies, foot]
    return [(number, tr) for number, group in enumerate(groups) for tr in group]


def _span(element: lxml.html.HtmlElement, attribute: str, limit: int) -> int:
    """A span attribute as browsers read it: leading digits, 0 kept for rowspan."""
    found = re.match(r"\s*(\d+)", element.get(attribute, "") or "")
    if not found:
        return 1
    value = int(found.group(1))
    if value == 0 and attribute == "colspan":
        return 1
    return min(value, limit)


class Placed:
    """One <td>/<th> placed in the grid: rows [top, bottom), columns [left, right)."""

    def __init__(self, cell: lxml.html.HtmlElement, top: int, left: int, rowspan: int) -> None:
        self.cell = cell
        self.top = top
        self.left = left
        self.right = left + _span(cell, "colspan", _MAX_COLSPAN)
        self.rowspan = rowspan  # 0: to the end of its row group
        self.bottom = top + 1


def place_cells(table: lxml.html.HtmlElement) -> tuple[int, list[Placed]]:
    """(row count, placed cells) by the HTML table model, spans clipped to the row group."""
    rows = _own_rows(table)
    group_ends: dict[int, int] = {}
    for index, (group, _tr) in enumerate(rows):
        group_ends[group] = index + 1
    placed: list[Placed] = []
    carried: list[Placed] = []  # cells whose rowspan reaches the current row
    for index, (group, tr) in enumerate(rows):
        carried = [p for p in carried if p.bottom > index]
        column = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in CELL_TAGS:
                continue
            if is_hidden(cell):
                continue
            column = _free_column(column, carried)
            rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
            item = Placed(cell, index, column, rowspan)
            end = group_ends[group] if rowspan == 0 else index + rowspan
            item.bottom = max(index + 1, min(end, group_ends[group]))
            placed.append(item)
            carried.append(item)
            column = item.right
    return len(rows), placed


def _free_column(column: int, carried: list[Placed]) -> int:
    moved = True
    while moved:
        moved = False
        for item in carried:
            if item.left <= column < item.right:
                column = item.right
                moved = True
    return column


def compact_columns(placed: list[Placed]) -> int:
    """Renumber columns so that every column starts some cell; returns the width.

    A column where no cell starts exists only inside spans (colspan=1000 on a title row,
    a stray over-wide merge): dropping it loses no text and keeps the grid the table's
    real width.
    """
    starts = sorted({item.left for item in placed})
    for item in placed:
        left = bisect.bisect_left(starts, item.left)
        item.left, item.right = left, bisect.bisect_left(starts, item.right)
    return len(starts)
