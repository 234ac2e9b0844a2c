"""A reader's `Document` → the parser's cell stream, and positions back to the file.

The parser works on a stream of cells grouped in rows (etl/parse/cells.py). A table row
becomes one row of cells; a position covered by a merged neighbour is dropped, as in a
pipe dump where a merged 一级指标 appears once; a real empty cell stays an empty cell.
Each cell gets a position number in place of a text line number, and `relocate` turns
those numbers back into the file's own positions (sheet, table, row, column, page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from etl.document import Document, Paragraph
from etl.parse.cells import Cell, clean_text, to_cells
from etl.records import Report, SourceRef


def document_cells(document: Document) -> tuple[str, list[Cell], list[SourceRef]]:
    """(layout, cells, positions): `positions[n - 1]` is where cell position n sits.

    A document without tables (a text-only PDF, a page of paragraphs) is read like a
    text dump, so its layout is detected from its lines as for a .txt file.
    """
    if not document.tables:
        # A paragraph may hold line breaks (Word's Shift+Enter): each line is a text line,
        # all of them located at the paragraph.
        lines = [
            (line, block.source)
            for block in document.blocks
            if isinstance(block, Paragraph)
            for line in block.text.split("\n")
        ]
        layout, cells = to_cells([text for text, _ in lines])
        return layout, cells, [source for _, source in lines]
    cells: list[Cell] = []
    positions: list[SourceRef] = []
    row = 0

    def add(text: str, source: SourceRef, col: int | None = None, span: int = 1) -> None:
        positions.append(source)
        cleaned = clean_text(text)
        cells.append(Cell(cleaned, len(positions), row, not cleaned, col, span))

    for block in document.blocks:
        if isinstance(block, Paragraph):
            if clean_text(block.text):
                row += 1
                add(block.text, block.source)
            continue
        for grid_row in block.rows:
            if not any(cell is not None and cell.text.strip() for cell in grid_row):
                continue
            row += 1
            for col, cell in enumerate(grid_row):
                if cell is not None:
                    add(cell.text, cell.source, col, max(1, cell.colspan))
    return "pipe", cells, positions


def relocate(report: Report, positions: Sequence[SourceRef]) -> None:
    """Replace the parser's position numbers in `report` with the file's own positions."""

    def where(source: SourceRef | None) -> SourceRef | None:
        if source is None or source.line is None or not 0 < source.line <= len(positions):
            return source
        return positions[source.line - 1]

    report.provenance = {name: where(ref) or ref for name, ref in report.provenance.items()}
    for indicator in report.indicators:
        indicator.source = where(indicator.source)
    for outcome in report.outcomes:
        outcome.source = where(outcome.source)
    report.notes = [replace(note, source=where(note.source)) for note in report.notes]
    report.stated_figures = [
        replace(figure, source=where(figure.source)) for figure in report.stated_figures
    ]
