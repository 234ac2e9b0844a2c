"""etl.readers.pdf on real PDFs.

Most PDFs here are made the way bureaus make theirs: a .docx (python-docx) printed to PDF
by LibreOffice, once per test session. The PDFs that no word processor writes on purpose
(a font without Unicode mapping, bold faked by overprinting, a scan) are written byte by
byte below. The generated office fixtures are scored against their gold answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from etl.document import Document, Paragraph, Table
from etl.errors import ReadError
from etl.parse import parse_document
from etl.readers import pdf as pdf_reader
from etl.readers.pdf import read

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OFFICE = FIXTURES / "office"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

INDICATOR_ROWS = 40
LONG_NAME = "支持企业数量第{n}项指标的名称较长需要在单元格内换行显示"
NARRATIVE_PARAGRAPHS = 30
NARRATIVE = "第{n}段：" + "本项目全年预算120.5万元，执行110.25万元，预算执行率91.49%。" * 7


# --- building PDFs with LibreOffice ----------------------------------------------------------


def _set_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_number_footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" 页")


def _budget_table(document) -> None:
    table = document.add_table(rows=7, cols=6)
    table.style = "Table Grid"
    rows = [
        ["项目名称", "科技创新券补助", "", "", "", ""],
        ["主管部门", "某市科学技术局", "", "实施单位", "某市科技服务中心", ""],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "预算执行率"],
        ["", "年度资金总额", "100", "120.5", "110.25", "91.49%"],
        ["", "其中：当年财政拨款", "100", "120.5", "110.25", "91.49%"],
        ["", "其他资金", "0", "0", "0", ""],
        ["年度", "", "", "", "", "2022年度"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 5))
    table.cell(1, 1).merge(table.cell(1, 2))
    table.cell(1, 4).merge(table.cell(1, 5))
    table.cell(2, 0).merge(table.cell(5, 0))
    table.cell(6, 0).merge(table.cell(6, 4))
    # A narrow last column wraps 预算执行率 and 2022年度 over several lines.
    _set_widths(table, [3.0, 3.6, 2.4, 2.4, 2.4, 1.3])


def _indicator_table(document) -> None:
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for c, value in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]):
        table.cell(0, c).text = value
    _repeat_as_header(table.rows[0])
    for n in range(1, INDICATOR_ROWS + 1):
        cells = table.add_row().cells
        values = ["产出指标", "数量指标", LONG_NAME.format(n=n), f"≥{n + 10}家", f"{n + 12}家"]
        for c, value in enumerate(values):
            cells[c].text = value
    # One cell holds two numbered items, one a Latin phrase that wraps.
    table.cell(1, 4).text = "1.完成培训120人次"
    table.cell(1, 4).add_paragraph("2.发放资料300份")
    table.cell(2, 3).text = "ISO quality audit passed"
    _set_widths(table, [2.6, 2.6, 5.0, 2.2, 2.6])


def _form_docx(path: Path) -> None:
    document = WordDocument()
    document.styles["Normal"].font.size = Pt(10.5)
    _page_number_footer(document)
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph("（2022年度）")
    _budget_table(document)
    document.add_paragraph("注：本表金额单位为万元。")
    _indicator_table(document)
    document.add_paragraph("填表人：张三")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("一、项目概况")
    document.save(path)


def _narrative_docx(path: Path) -> None:
    document = WordDocument()
    _page_number_footer(document)
    document.add_paragraph("2022年度科技创新券补助项目绩效自评报告")
    document.add_paragraph("一、项目概况")
    for n in range(1, NARRATIVE_PARAGRAPHS + 1):
        document.add_paragraph(NARRATIVE.format(n=n))
    document.save(path)


def _sideways_docx(path: Path) -> None:
    """Two tables whose merged first column is written sideways, one each way."""
    document = WordDocument()
    for label, direction in (("项目资金（万元）", "tbRlV"), ("绩效指标", "btLr")):
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for r in range(3):
            for c in range(1, 3):
                table.cell(r, c).text = f"值{r}{c}"
        merged = table.cell(0, 0).merge(table.cell(2, 0))
        merged.text = label
        turn = OxmlElement("w:textDirection")
        turn.set(qn("w:val"), direction)
        merged._tc.get_or_add_tcPr().append(turn)
        document.add_paragraph(f"{direction} 之后")
    document.save(path)


@pytest.fixture(scope="session")
def made_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """form.pdf (merged cells, a table over several pages), narrative.pdf (text only) and
    sideways.pdf (text turned in a cell)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot print .docx to PDF")
    folder = tmp_path_factory.mktemp("pdf")
    _form_docx(folder / "form.docx")
    _narrative_docx(folder / "narrative.docx")
    _sideways_docx(folder / "sideways.docx")
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "form.docx"),
            str(folder / "narrative.docx"),
            str(folder / "sideways.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: folder / f"{name}.pdf" for name in ("form", "narrative", "sideways")}


@pytest.fixture(scope="session")
def form(made_pdfs: dict[str, Path]) -> Document:
    return read(made_pdfs["form"])


def _texts(table: Table) -> list[list[str | None]]:
    return [[None if cell is None else cell.text for cell in row] for row in table.rows]


# --- tables -----------------------------------------------------------------------------------


def test_merged_cells_keep_text_in_the_anchor_and_none_where_covered(form: Document) -> None:
    grid = _texts(form.tables[0])
    assert grid[0] == ["项目名称", "科技创新券补助", None, None, None, None]
    assert grid[1] == ["主管部门", "某市科学技术局", None, "实施单位", "某市科技服务中心", None]
    # 项目资金（万元） spans four rows: covered below, and a real empty cell beside it.
    assert grid[2][:2] == ["项目资金（万元）", ""]
    assert [row[0] for row in grid[3:6]] == [None, None, None]
    assert grid[5] == [None, "其他资金", "0", "0", "0", ""]
    rows = form.tables[0].rows
    assert rows[0][1] is not None and (rows[0][1].rowspan, rows[0][1].colspan) == (1, 5)
    assert rows[2][0] is not None and (rows[2][0].rowspan, rows[2][0].colspan) == (4, 1)
    assert rows[1][4] is not None and rows[1][4].colspan == 2


def test_wrapped_cell_lines_are_joined_without_a_separator(form: Document) -> None:
    grid = _texts(form.tables[0])
    assert grid[2][5] == "预算执行率"  # printed as 预算 / 执行 / 率
    assert grid[3][5] == "91.49%"  # printed as 91.4 / 9%
    assert grid[4][1] == "其中：当年财政拨款"
    assert grid[6][-1] == "2022年度"  # printed as 202 / 2年 / 度
    assert _texts(form.tables[1])[0][3] == "年度指标值"


def test_real_line_breaks_and_latin_words_inside_cells(form: Document) -> None:
    rows = _texts(form.tables[1])
    assert rows[1][4] == "1.完成培训120人次\n2.发放资料300份"
    assert rows[2][3] == "ISO quality audit passed"
    assert rows[3][2] == LONG_NAME.format(n=3)


def test_text_turned_sideways_in_a_cell_reads_in_order(made_pdfs: dict[str, Path]) -> None:
    document = read(made_pdfs["sideways"])
    assert [_texts(table)[0][0] for table in document.tables] == ["项目资金（万元）", "绩效指标"]
    assert [_texts(table)[1][0] for table in document.tables] == [None, None]


def test_cells_carry_page_table_row_and_column(form: Document) -> None:
    cell = form.tables[0].rows[1][3]
    assert cell is not None
    source = cell.source
    assert (source.page, source.table, source.row, source.col) == (1, 1, 2, 4)
    assert source.file == form.source
    assert form.tables[0].source.table == 1


def test_a_table_over_several_pages_reads_every_row_once_and_the_header_once(
    form: Document,
) -> None:
    indicator_tables = form.tables[1:]
    assert len(indicator_tables) >= 2, "the indicator table should run over a page break"
    pages = [table.source.page for table in indicator_tables]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    rows = [row for table in indicator_tables for row in _texts(table)]
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
    assert sum(1 for row in rows if row[0] == "一级指标") == 1
    names = [row[2] for row in rows[1:]]
    assert names == [LONG_NAME.format(n=n) for n in range(1, INDICATOR_ROWS + 1)]
    assert [row[3] for row in rows[3:]] == [f"≥{n + 10}家" for n in range(3, INDICATOR_ROWS + 1)]


def test_continuation_cells_point_at_their_own_page(form: Document) -> None:
    second = form.tables[2]
    first_cell = second.rows[0][0]
    assert first_cell is not None
    assert first_cell.source.page == second.source.page > 1
    assert first_cell.source.table == 3


# --- text outside tables ----------------------------------------------------------------------


def test_lines_outside_tables_come_in_reading_order(form: Document) -> None:
    order = [
        block.text if isinstance(block, Paragraph) else f"table {block.source.table}"
        for block in form.blocks
    ]
    assert order[:5] == [
        "项目支出绩效自评表",
        "（2022年度）",
        "table 1",
        "注：本表金额单位为万元。",
        "table 2",
    ]
    assert order.index("填表人：张三") > order.index(f"table {len(form.tables)}")
    assert order[-1] == "一、项目概况"


def test_page_numbers_in_the_footer_are_dropped(form: Document) -> None:
    texts = [block.text for block in form.blocks if isinstance(block, Paragraph)]
    assert not any(text.startswith("第") and text.endswith("页") for text in texts)


def test_text_only_pdf_is_paragraphs_rejoined_from_their_lines(made_pdfs: dict[str, Path]) -> None:
    document = read(made_pdfs["narrative"])
    assert document.format == "pdf" and document.source == str(made_pdfs["narrative"])
    assert not document.tables
    texts = [block.text for block in document.blocks]
    assert texts == [
        "2022年度科技创新券补助项目绩效自评报告",
        "一、项目概况",
        *[NARRATIVE.format(n=n) for n in range(1, NARRATIVE_PARAGRAPHS + 1)],
    ]
    sources = [block.source for block in document.blocks]
    assert [(s.page, s.line) for s in sources[:3]] == [(1, 1), (1, 2), (1, 3)]
    # Each paragraph points at the line it starts on; some run over a page break, so
    # a later page's first paragraph starts below its first line.
    pages = sorted({s.page for s in sources})
    assert len(pages) >= 3
    firsts = [next(s.line for s in sources if s.page == page) for page in pages[1:]]
    assert any(line > 1 for line in firsts)


def test_a_wrapped_line_joins_and_a_sentence_end_or_numbered_item_does_not(
    tmp_path: Path,
) -> None:
    # Helvetica's x is 0.5 em and its space 0.278 em: at 10 pt, eleven words of eight x
    # run from x=72 to 540, past the mirror of the left margin (523): the right edge.
    full = " ".join(["xxxxxxxx"] * 11)
    lines = [full, "xxx xxx", full + ".", "xxxx", full, "1. xxxx", "xx", "xx"]
    content = b"\n".join(
        b"BT /F1 10 Tf 72 %d Td (%s) Tj ET" % (760 - 14 * n, text.encode())
        for n, text in enumerate(lines)
    )
    document = read(_write(tmp_path, "wrap.pdf", _pdf([content], HELVETICA)))
    assert [block.text for block in document.blocks] == [
        full + " xxx xxx",
        full + ".",
        "xxxx",
        full,
        "1. xxxx",
        "xx",
        "xx",
    ]
    assert [block.source.line for block in document.blocks] == [1, 3, 4, 5, 6, 7, 8]


def test_the_parser_reads_the_printed_form(form: Document) -> None:
    [report] = parse_document(form)
    assert report.project_name == "科技创新券补助"
    assert report.department == "某市科学技术局"
    assert report.implementing_unit == "某市科技服务中心"
    assert (report.budget_initial, report.budget, report.executed) == (100, 120.5, 110.25)
    assert len(report.indicators) == INDICATOR_ROWS
    assert report.indicators[-1].target == f"≥{INDICATOR_ROWS + 10}家"
    assert report.provenance["budget"].page == 1
    assert report.provenance["budget"].table == 1


# --- PDFs written byte by byte ----------------------------------------------------------------


def _pdf(pages: list[bytes], fonts: dict[str, bytes]) -> bytes:
    """A minimal PDF: each page's content stream, fonts given as object bodies.

    A font body may refer to extra objects as `{next}`, `{next+1}`: they are appended
    after it in `fonts` order (keys starting with "_" are such helper objects).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    font_refs = []
    for name, body in fonts.items():
        number = len(objects) + 1
        add(body.replace(b"{next}", str(number + 1).encode()))
        if not name.startswith("_"):
            font_refs.append(f"/{name} {number} 0 R".encode())
    resources = b"<< /Font << " + b" ".join(font_refs) + b" >> >>"
    kids = []
    for content in pages:
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                + resources
                + b" /Contents %d 0 R >>" % stream
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[tree - 1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % kid for kid in kids)
        + b"] /Count %d >>" % len(kids)
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


HELVETICA = {"F1": b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
# A CID font with Identity-H encoding and no /ToUnicode: its glyph ids map to no text.
CID_FONT = {
    "F1": b"<< /Type /Font /Subtype /Type0 /BaseFont /FakeSong /Encoding /Identity-H"
    b" /DescendantFonts [{next} 0 R] >>",
    "_cid": b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FakeSong /CIDSystemInfo"
    b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _grid_page(cells: list[list[str]]) -> bytes:
    """A ruled table drawn with rectangles, one Helvetica text per cell."""
    ops = []
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            x, y = 72 + 150 * c, 700 - 30 * r
            ops.append(b"%d %d 150 30 re S" % (x, y))
            ops.append(b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x + 8, y + 10, text.encode()))
    return b"\n".join(ops)


def test_overprinted_bold_is_read_once(tmp_path: Path) -> None:
    once = b"BT /F1 12 Tf %.1f 760 Td (Budget report) Tj ET"
    content = once % 72 + b"\n" + once % 72.3  # drawn twice, a hair apart
    document = read(_write(tmp_path, "bold.pdf", _pdf([content], HELVETICA)))
    assert [block.text for block in document.blocks] == ["Budget report"]


def test_ruled_table_drawn_with_rectangles(tmp_path: Path) -> None:
    page = _grid_page([["Name", "Budget"], ["Alpha", "120.5"]])
    page += (
        b"\nBT /F1 10 Tf 72 770 Td (Title above) Tj ET\nBT /F1 10 Tf 72 600 Td (Note below) Tj ET"
    )
    document = read(_write(tmp_path, "grid.pdf", _pdf([page], HELVETICA)))
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    assert _texts(document.tables[0]) == [["Name", "Budget"], ["Alpha", "120.5"]]
    cell = document.tables[0].rows[1][1]
    assert cell is not None
    assert (cell.source.page, cell.source.table, cell.source.row, cell.source.col) == (1, 1, 2, 2)


def test_diagonal_watermark_is_left_out(tmp_path: Path) -> None:
    watermark = b"BT /F1 60 Tf 0.7071 0.7071 -0.7071 0.7071 120 560 Tm (DRAFT COPY) Tj ET"
    page = _grid_page([["Name", "Budget"]]) + b"\n" + watermark
    page += b"\nBT /F1 10 Tf 72 770 Td (Title) Tj ET"
    document = read(_write(tmp_path, "mark.pdf", _pdf([page], HELVETICA)))
    assert [block.text for block in document.blocks if isinstance(block, Paragraph)] == ["Title"]
    assert _texts(document.tables[0]) == [["Name", "Budget"]]
    assert document.warnings == [
        f"{tmp_path / 'mark.pdf'}: page 1: 9 characters of diagonal text (a watermark?) "
        "were left out"
    ]


def test_a_boxed_paragraph_is_not_a_table(tmp_path: Path) -> None:
    page = b"60 740 300 40 re S\nBT /F1 12 Tf 72 755 Td (Framed title) Tj ET"
    document = read(_write(tmp_path, "frame.pdf", _pdf([page], HELVETICA)))
    assert not document.tables
    assert [block.text for block in document.blocks] == ["Framed title"]


def test_repeated_header_on_the_next_page_is_dropped(tmp_path: Path) -> None:
    first = _grid_page([["Level", "Target"], ["Output", "10"]])
    second = _grid_page([["Level", "Target"], ["Effect", "20"]])
    document = read(_write(tmp_path, "two.pdf", _pdf([first, second], HELVETICA)))
    assert [_texts(table) for table in document.tables] == [
        [["Level", "Target"], ["Output", "10"]],
        [["Effect", "20"]],
    ]
    cell = document.tables[1].rows[0][0]
    assert cell is not None and (cell.source.page, cell.source.row) == (2, 2)


def _row_page(rows: list[list[tuple[int, int, str]]]) -> bytes:
    """Ruled rows of cells given as (left x, width, text), 30 pt high, from the top."""
    ops = []
    for r, row in enumerate(rows):
        y = 700 - 30 * r
        for x, width, text in row:
            ops.append(b"%d %d %d 30 re S" % (x, y, width))
            ops.append(b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x + 8, y + 10, text.encode()))
    return b"\n".join(ops)


def test_a_continued_table_keeps_the_columns_of_its_first_part(tmp_path: Path) -> None:
    first = _row_page(
        [
            [(72, 150, "Level"), (222, 150, "Name"), (372, 150, "Score")],
            [(72, 150, "Output"), (222, 150, "Count"), (372, 150, "10")],
        ]
    )
    # On the next page only a merged total row: pdfplumber alone sees two columns there.
    second = _row_page([[(72, 300, "Total"), (372, 150, "90")]])
    document = read(_write(tmp_path, "cont.pdf", _pdf([first, second], HELVETICA)))
    assert [_texts(table) for table in document.tables] == [
        [["Level", "Name", "Score"], ["Output", "Count", "10"]],
        [["Total", None, "90"]],
    ]
    total, _, score = document.tables[1].rows[0]
    assert total is not None and score is not None
    assert (total.colspan, score.colspan, score.source.col, score.source.page) == (2, 1, 3, 2)


def test_rows_full_to_the_border_on_both_sides_of_a_page_break_stay_two_rows(
    tmp_path: Path,
) -> None:
    # Each cell's one line fills it (27 x of 5 pt in 150 pt), as a wrapped line would:
    # only a cell that ended before the break would show the row was split.
    one, two = "x" * 27, "y" * 27
    first = _row_page([[(72, 150, one), (222, 150, one)]])
    second = _row_page([[(72, 150, two), (222, 150, two)]])
    document = read(_write(tmp_path, "full.pdf", _pdf([first, second], HELVETICA)))
    assert [_texts(table) for table in document.tables] == [[[one, one]], [[two, two]]]


def test_fonts_without_unicode_mapping_are_rejected(tmp_path: Path) -> None:
    content = b"BT /F1 12 Tf 72 760 Td <0041004200430044004500460047> Tj ET"
    path = _write(tmp_path, "cid.pdf", _pdf([content], CID_FONT))
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "cannot be decoded (fonts without Unicode mapping)" in caught.value.reason
    assert caught.value.place == "page 1"
    assert caught.value.file == str(path)


def test_a_scanned_pdf_in_which_nothing_is_recognised_is_rejected(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    path = tmp_path / "scan.pdf"
    scan = image.new("RGB", (400, 560), "white")
    scan.save(path, "PDF", resolution=72)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.reason == "scanned PDF: no text was recognised in its page images"
    assert caught.value.place == "whole file"


def test_not_a_pdf_and_truncated_pdf_are_rejected(tmp_path: Path) -> None:
    whole = _pdf([b"BT /F1 12 Tf 72 760 Td (Hello) Tj ET"], HELVETICA)
    for name, data in [
        ("text.pdf", "项目名称 not a pdf".encode()),
        ("cut.pdf", whole[: len(whole) // 2]),
        ("garbage.pdf", b"%PDF-1.4\n" + zlib.compress(b"x" * 500) + b"\n%%EOF\n"),
    ]:
        with pytest.raises(ReadError) as caught:
            read(_write(tmp_path, name, data))
        assert caught.value.reason.startswith("not a valid PDF"), name


@needs_soffice
def test_password_protected_pdf_is_rejected(tmp_path: Path, made_pdfs: dict[str, Path]) -> None:
    options = json.dumps(
        {
            "EncryptFile": {"type": "boolean", "value": "true"},
            "DocumentOpenPassword": {"type": "string", "value": "secret"},
        }
    )
    source = made_pdfs["narrative"].with_suffix(".docx")
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            f"pdf:writer_pdf_Export:{options}",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with pytest.raises(ReadError) as caught:
        read(tmp_path / "narrative.pdf")
    assert caught.value.reason.startswith("password-protected PDF")


def test_pages_beyond_the_cap_are_left_out_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [b"BT /F1 12 Tf 72 400 Td (Page %d) Tj ET" % n for n in (1, 2, 3)]
    path = _write(tmp_path, "long.pdf", _pdf(pages, HELVETICA))
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    document = read(path)
    assert [block.text for block in document.blocks] == ["Page 1", "Page 2"]
    assert document.warnings == [f"{path}: only the first 2 of 3 pages were read"]
