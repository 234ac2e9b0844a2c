"""What every reader produces: a document as an ordered run of paragraphs and tables.

Readers (etl/readers/) turn a file of any format into a `Document`; the parser
(etl/parse/) turns a `Document` into reports. Nothing here does I/O.

A table is a grid: `rows[r][c]` is the cell at that position. A merged range keeps its
text in the top-left (anchor) position and `None` in every position it covers, the way
pdfplumber reports spanned cells; an empty cell that really exists is `""`. Every
anchor carries its own `SourceRef` (file, sheet or table, row, column, page).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from etl.records import SourceDamage, SourceRef


@dataclass(frozen=True)
class Paragraph:
    """A line or paragraph of running text outside any table."""

    text: str
    source: SourceRef


@dataclass(frozen=True)
class TableCell:
    """The anchor position of a cell; `source` is where it sits in the file.

    `rowspan`/`colspan` say how many grid rows/columns a merged cell covers; the parser
    maps data cells to header columns by grid column, so readers fill them in.
    """

    text: str
    source: SourceRef
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A grid of cells; `None` marks a position covered by a merged neighbour."""

    rows: list[list[TableCell | None]]
    source: SourceRef  # the table as a whole (sheet, table number, first page)


Block = Paragraph | Table


@dataclass
class Document:
    """One file's content in reading order."""

    source: str  # the file's path, as given
    format: str  # docx / xlsx / xls / doc / pdf / html / txt
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None  # for text-based formats (html)
    warnings: list[str] = field(default_factory=list)
    damage: list[SourceDamage] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def text(self) -> str:
        """All text, paragraphs and cells, for quick checks (is there a form at all?)."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend(cell.text for row in block.rows for cell in row if cell)
        return "\n".join(parts)


def render(document: Document) -> str:
    """The document as plain text for a person: paragraphs, then tables as pipe rows
    (· marks a position covered by a merged cell), each block with its position."""
    out = [f"{document.source}  [{document.format}]"]
    out += [f"warning: {warning}" for warning in document.warnings]
    out += [f"damage: {d.code} at {d.place}: {d.message}" for d in document.damage]
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.append(f"{block.source.label()}  {block.text}")
            continue
        out.append(f"-- {block.source.label()}: {len(block.rows)} rows")
        for row in block.rows:
            out.append(" | ".join("·" if c is None else c.text.replace("\n", "⏎") for c in row))
    return "\n".join(out)


def relabel(document: Document, source: str, fmt: str) -> Document:
    """The same document attributed to another file: a converted copy reports the original."""

    def moved(ref: SourceRef) -> SourceRef:
        return replace(ref, file=source)

    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(block.text, moved(block.source)))
            continue
        rows = [
            [None if c is None else replace(c, source=moved(c.source)) for c in row]
            for row in block.rows
        ]
        blocks.append(Table(rows, moved(block.source)))
    return Document(
        source, fmt, blocks, document.encoding, list(document.warnings), list(document.damage)
    )
