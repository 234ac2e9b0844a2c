"""Reader documents → parser cells, and parser positions → file positions, on real files."""

from __future__ import annotations

from pathlib import Path

from etl.document import Document, Paragraph, Table, TableCell
from etl.extract import read_document
from etl.parse import parse_document
from etl.parse.grid import document_cells
from etl.records import SourceRef

OFFICE = Path("tests/fixtures/office")


def test_covered_positions_are_dropped_and_empty_cells_kept() -> None:
    here = SourceRef("f.docx", table=1, row=1, col=1)
    table = Table(
        [
            [TableCell("项目名称", here), TableCell("某项目", here, colspan=2), None],
            [TableCell("", here), TableCell("100", here), TableCell("90", here)],
        ],
        SourceRef("f.docx", table=1),
    )
    document = Document("f.docx", "docx", [Paragraph("标题", here), table])
    layout, cells, positions = document_cells(document)
    assert layout == "pipe"
    assert [c.text for c in cells] == ["标题", "项目名称", "某项目", "", "100", "90"]
    assert [c.col for c in cells] == [None, 0, 1, 0, 1, 2]
    assert cells[2].span == 2 and cells[3].raw_empty
    assert len({c.row for c in cells[1:3]}) == 1 and cells[3].row != cells[1].row
    assert len(positions) == len(cells)


def test_every_indicator_points_at_its_row_in_the_workbook() -> None:
    path = OFFICE / "real_01.xlsx"
    reports = parse_document(read_document(path))
    sources = [indicator.source for indicator in reports[0].indicators]
    assert all(s is not None and s.sheet and s.row and s.col for s in sources)
    rows = [s.row for s in sources if s is not None]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)
    assert reports[0].provenance["budget"].sheet is not None


def test_text_only_pdf_is_read_like_a_text_dump() -> None:
    document = read_document(OFFICE / "seed002_text.pdf")
    assert not document.tables
    layout, cells, positions = document_cells(document)
    assert layout in ("lines", "tab", "pipe")
    assert all(p.page for p in positions)
    assert cells


def test_a_readme_that_mentions_figures_is_not_a_report() -> None:
    from etl.extract import extract_file

    assert extract_file(OFFICE / "README.md").reports == []


def test_line_breaks_inside_paragraphs_of_a_table_free_document_are_text_lines() -> None:
    seed = Path("tests/fixtures/seeds/002_78a807617c647145.txt")
    lines = seed.read_text(encoding="utf-8").splitlines()
    here = SourceRef("seed.docx", line=1)
    # Ten text lines per Word paragraph, joined by line breaks.
    paragraphs = [Paragraph("\n".join(lines[i : i + 10]), here) for i in range(0, len(lines), 10)]
    from_paragraphs = parse_document(Document("seed.docx", "docx", paragraphs))
    from etl.parse import parse_lines

    from_lines = parse_lines(lines, "seed.txt")
    assert [r.project_name for r in from_paragraphs] == [r.project_name for r in from_lines]
    assert [len(r.indicators) for r in from_paragraphs] == [len(r.indicators) for r in from_lines]
    assert from_paragraphs[0].budget == from_lines[0].budget
