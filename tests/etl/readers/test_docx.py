"""etl.readers.docx on hand-made packages and on a document python-docx writes.

The hand-made fixtures are written by tests/fixtures/readers/docx/make_fixtures.py; each one
holds on purpose the constructs named in its test (merges, skipped grid columns, tracked
changes, content controls, text boxes, nested tables, the strict namespace, broken packages).
"""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest

from etl.document import Document, Paragraph, TableCell
from etl.errors import ReadError
from etl.parse import parse_document
from etl.readers.docx import read
from etl.records import SourceRef

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers" / "docx"


def texts(row: list[TableCell | None]) -> list[str | None]:
    """A grid row as anchor texts, None where a position is covered or absent."""
    return [None if cell is None else cell.text for cell in row]


def shape(document: Document) -> list[str]:
    """Block kinds in order: "P:<text>" for paragraphs, "T<number>" for tables."""
    return [
        f"P:{block.text}" if isinstance(block, Paragraph) else f"T{block.source.table}"
        for block in document.blocks
    ]


@pytest.fixture(scope="module")
def merges() -> Document:
    return read(FIXTURES / "merges.docx")


@pytest.fixture(scope="module")
def inline() -> Document:
    return read(FIXTURES / "inline.docx")


def test_document_names_its_file_and_format(merges: Document) -> None:
    assert merges.source == str(FIXTURES / "merges.docx")
    assert merges.format == "docx"
    assert shape(merges) == ["P:项目支出绩效自评表", "T1", "P:表后说明"]


def test_horizontal_span_keeps_text_in_the_anchor(merges: Document) -> None:
    rows = merges.tables[0].rows
    assert texts(rows[0]) == ["（2020年度）", None, None, None, None, None]
    assert texts(rows[1]) == ["项目名称", "专利资助与奖励", None, None, None, None]


def test_vertical_merge_covers_the_positions_below(merges: Document) -> None:
    rows = merges.tables[0].rows
    assert texts(rows[2])[0] == "项目资金（万元）"
    assert texts(rows[3]) == [None, "499.86", "499.86", "423.65", "10", ""]


def test_a_real_empty_cell_is_empty_text_not_none(merges: Document) -> None:
    last = merges.tables[0].rows[3][5]
    assert last is not None
    assert last.text == ""


def test_grid_before_and_after_are_absent_positions(merges: Document) -> None:
    row = merges.tables[0].rows[4]
    assert texts(row) == [None, "跳过前一列", "跳过后两列", None, "C", None]
    assert row[4] is not None and row[4].source.col == 5


def test_short_row_is_padded_with_absent_positions(merges: Document) -> None:
    assert texts(merges.tables[0].rows[5]) == ["短行", "只有两格", None, None, None, None]


def test_legacy_hmerge_continuation_is_covered(merges: Document) -> None:
    assert texts(merges.tables[0].rows[6]) == ["旧式横向合并", None, "X", "Y", "Z", "W"]


def test_tracked_row_deletion_is_dropped(merges: Document) -> None:
    assert "删除的行" not in merges.text()
    assert len(merges.tables[0].rows) == 9


def test_cell_paragraphs_and_breaks_become_lines(merges: Document) -> None:
    row = merges.tables[0].rows[7]
    # Empty paragraphs and padding go; the text of a merge continuation joins its anchor.
    assert texts(row) == ["产出指标\n续写", None, "第一段\n第二段\n第三行", None, None, None]
    assert texts(merges.tables[0].rows[8]) == [None, None, "数量指标", None, None, None]


def test_anchors_know_how_far_their_merge_reaches(merges: Document) -> None:
    spans = {
        cell.text: (cell.rowspan, cell.colspan)
        for row in merges.tables[0].rows
        for cell in row
        if cell is not None and cell.text
    }
    assert spans["（2020年度）"] == (1, 6)
    assert spans["专利资助与奖励"] == (1, 5)
    assert spans["项目资金（万元）"] == (2, 1)
    assert spans["跳过后两列"] == (1, 2)
    assert spans["旧式横向合并"] == (1, 2)
    assert spans["产出指标\n续写"] == (2, 2)
    assert spans["数量指标"] == (1, 4)
    assert spans["短行"] == spans["499.86"] == (1, 1)


def test_every_anchor_carries_its_grid_position(merges: Document) -> None:
    file = str(FIXTURES / "merges.docx")
    for r, row in enumerate(merges.tables[0].rows, 1):
        for c, cell in enumerate(row, 1):
            if cell is not None:
                assert cell.source == SourceRef(file, table=1, row=r, col=c)
    assert merges.tables[0].source == SourceRef(file, table=1)


def test_paragraphs_are_numbered_in_order(inline: Document) -> None:
    lines = [b.source.line for b in inline.blocks if isinstance(b, Paragraph)]
    assert lines == list(range(1, len(lines) + 1))
    assert all(b.source.file == str(FIXTURES / "inline.docx") for b in inline.blocks)


def test_text_box_follows_its_host_paragraph_once(inline: Document) -> None:
    assert shape(inline)[:2] == ["P:宿主段落", "P:2020年度项目支出绩效自评表"]
    assert inline.text().count("2020年度项目支出绩效自评表") == 1


@pytest.mark.parametrize(
    ("expected", "what"),
    [
        ("绩效自评表", "tracked insertion kept, tracked deletion dropped"),
        ("A B\nCDE", "tab is a space, break a new line, soft hyphens removed"),
        ("可见不隐藏", "hidden run dropped, run with vanish off kept"),
        ("第3页", "field result kept, field code dropped"),
        ("≥90%", "w:sym in the Symbol font"),
        ("≤5天", "private-use character in a Symbol-font run, as LibreOffice writes it"),
        ("行内控件链接", "run-level content control and hyperlink text"),
        ("注音拼", "ruby base text kept, its phonetic guide dropped"),
        ("自定义XML中的段落", "paragraph inside w:customXml"),
    ],
)
def test_paragraph_text(inline: Document, expected: str, what: str) -> None:
    assert f"P:{expected}" in shape(inline), what


def test_block_content_control_is_read_in_place(inline: Document) -> None:
    blocks = shape(inline)
    at = blocks.index("P:内容控件中的段落")
    assert blocks[at + 1] == "T1"
    assert texts(inline.tables[0].rows[0]) == ["项目名称", "控件中的表格"]


def test_placeholder_and_empty_paragraphs_are_skipped(inline: Document) -> None:
    assert "单击或点击此处输入文字" not in inline.text()
    assert all(block.text.strip() for block in inline.blocks if isinstance(block, Paragraph))


def test_nested_table_follows_the_row_that_holds_it() -> None:
    document = read(FIXTURES / "nested.docx")
    assert shape(document) == ["P:一、项目概况", "T1", "T2", "T1", "P:二、说明", "T3"]
    before, inner, after, last = document.tables
    assert texts(before.rows[-1]) == ["绩效指标", "见下表"]
    assert texts(inner.rows[1]) == ["产出指标", "数量指标"]
    assert inner.rows[1][0] is not None
    assert inner.rows[1][0].source.table == 2
    assert inner.rows[1][0].source.row == 2
    assert texts(after.rows[0]) == ["总分", "95"]
    assert after.rows[0][0] is not None and after.rows[0][0].source.row == 3
    assert texts(last.rows[0]) == ["备注", "无"]


def test_unread_embedded_content_is_a_warning() -> None:
    document = read(FIXTURES / "embedded.docx")
    assert shape(document) == ["P:附表如下"]
    assert document.warnings == [
        "an embedded object (e.g. a pasted Excel sheet) was not read",
        "an embedded document (w:altChunk) was not read",
    ]


def test_strict_namespace_is_read() -> None:
    document = read(FIXTURES / "strict.docx")
    assert shape(document) == ["P:严格格式", "T1"]
    assert texts(document.tables[0].rows[0]) == ["项目名称", "严格命名空间"]


@pytest.mark.parametrize(
    ("name", "reason", "place"),
    [
        ("not_a_zip.docx", "not a valid .docx: not a readable zip package", "whole file"),
        ("no_document.docx", "not a valid .docx: the package has no word/document.xml", None),
        ("broken_xml.docx", "not a valid .docx: broken XML", "word/document.xml, line"),
        ("images_only.docx", "no text, only pictures (a scanned form cannot be read)", None),
        ("alt_chunk_only.docx", "only content is an embedded document (w:altChunk)", None),
        ("ole2.docx", "a password-protected .docx or a Word 97-2003 .doc renamed", None),
        ("missing.docx", "no such file", None),
    ],
)
def test_unreadable_files_raise_read_error(name: str, reason: str, place: str | None) -> None:
    with pytest.raises(ReadError) as caught:
        read(FIXTURES / name)
    assert caught.value.file == str(FIXTURES / name)
    assert reason in caught.value.reason
    if place:
        assert caught.value.place.startswith(place)


def test_oversized_main_part_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.readers.docx as docx_reader

    monkeypatch.setattr(docx_reader, "_MAX_PART_BYTES", 1000)  # merges.docx's part is larger
    with pytest.raises(ReadError, match=r"too large: word/document\.xml unpacks to more than"):
        read(FIXTURES / "merges.docx")


def test_spreadsheet_renamed_docx_is_rejected(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "sheet.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError, match="the main part is <workbook>"):
        read(path)


def test_python_docx_form_parses_into_a_report(tmp_path: Path) -> None:
    """A form written by another producer (python-docx's merge()), read and parsed end to end."""
    path = tmp_path / "form.docx"
    writer = python_docx.Document()
    writer.add_paragraph("项目支出绩效自评表")
    writer.add_paragraph("（2020年度）")
    table = writer.add_table(rows=4, cols=5)
    table.cell(0, 1).merge(table.cell(0, 4)).text = "专利资助与奖励"
    table.cell(0, 0).text = "项目名称"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "项目资金（万元）"
    for col, label in enumerate(["全年预算数", "全年执行数", "执行率", "得分"], 1):
        table.cell(1, col).text = label
    for col, value in enumerate(["100", "80", "80%", "8"], 1):
        table.cell(2, col).text = value
    table.cell(3, 0).text = "主管部门"
    table.cell(3, 1).merge(table.cell(3, 4)).text = "绵阳市知识产权局"
    writer.save(path)

    document = read(path)
    assert texts(document.tables[0].rows[2]) == [None, "100", "80", "80%", "8"]
    [report] = parse_document(document)
    assert report.project_name == "专利资助与奖励"
    assert report.department == "绵阳市知识产权局"
    assert (report.year, report.budget, report.executed) == (2020, 100, 80)
    assert report.provenance["budget"] == SourceRef(str(path), table=1, row=3, col=2)


# The generated office fixtures (tests/fixtures/office); their scores against the gold are
# tested for every format in tests/etl/parse/test_gold.py.
OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
OFFICE_FILES = sorted(
    p for p in OFFICE.glob("*.docx") if p.with_name(f"{p.stem}.gold.json").exists()
)


@pytest.mark.parametrize("path", OFFICE_FILES[:3], ids=lambda p: p.name)
def test_office_fixture_cells_name_their_table_row_and_column(path: Path) -> None:
    document = read(path)
    seen = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row:
                if cell is not None:
                    assert cell.source.file == str(path)
                    assert None not in (cell.source.table, cell.source.row, cell.source.col)
                    key = (cell.source.table, cell.source.row, cell.source.col)
                    assert key not in seen, "two anchors at one grid position"
                    seen.add(key)
    assert seen
