"""etl.readers.html on hand-made saved pages and on the generated office fixtures.

Hand-made pages (tests/fixtures/readers/html/) carry the content of corpus reports whose
gold answers are checked by hand, so a page read right must score like its text dump:
a CMS article page (UTF-8, chrome around the form), an old CMS page laid out with nested
tables (gb2312 bytes), and a Word "single file web page" (.mht, quoted-printable).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from etl.document import Document, Paragraph, Table
from etl.errors import ReadError
from etl.parse import parse_document
from etl.readers.html import decode_html, read
from etl.readers.text import Decoded
from etl.records import ParseResult, SourceRef
from tests.scoring import contract_reports, score_reports

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HTML = FIXTURES / "readers" / "html"
CORPUS = FIXTURES / "corpus"
OFFICE = FIXTURES / "office"
CORRUPT = FIXTURES / "corrupt"


def _texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def _grid_texts(table: Table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.rows]


def _accuracy(raw: Path, gold_path: Path) -> tuple[float, str]:
    """Field accuracy the way tests/tools/score_parse.py scores a file."""
    document = read(raw)
    result = ParseResult(source=str(raw), format=document.format, encoding=document.encoding)
    result.reports = parse_document(document)
    score = score_reports(gold_path, contract_reports(result))
    return score.accuracy, score.misses


# --- whole pages scored against gold -------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "gold", "floor"),
    [
        ("cms_utf8_form.html", "real_01", 1.0),  # 72/72
        ("gb2312_layout_form.html", "real_02", 1.0),  # 56/56
        ("nested_form.html", "real_02", 1.0),  # 56/56
        ("word_export.mht", "real_06", 1.0),  # 18/18 since rows are read by grid column
    ],
)
def test_hand_made_pages_score_like_their_gold(page: str, gold: str, floor: float) -> None:
    accuracy, misses = _accuracy(HTML / page, CORPUS / f"{gold}.gold.json")
    assert accuracy >= floor, misses


# --- decoding ------------------------------------------------------------------------------


def test_gb2312_page_decodes_gbk_characters_through_gb18030() -> None:
    data = (HTML / "gb2312_layout_form.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # 喆 is GBK, not GB2312: the label understates the bytes
    document = read(HTML / "gb2312_layout_form.html")
    assert document.encoding == "gb18030"
    assert "责任编辑：王喆" in _texts(document)


def test_bom_beats_the_declared_charset() -> None:
    data = b"\xef\xbb\xbf<meta charset='gbk'><p>\xe9\xa1\xb9\xe7\x9b\xae</p>"
    assert decode_html(data, "x.html") == Decoded("<meta charset='gbk'><p>项目</p>", "utf-8-sig")


def test_declared_utf8_that_does_not_decode_falls_back_to_detection() -> None:
    data = '<meta charset="utf-8"><p>项目名称</p>'.encode("gbk")
    decoded = decode_html(data, "x.html")
    assert "项目名称" in decoded.text
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize("label", ["gb2312", "iso-8859-1", "no-such-charset"])
def test_utf8_bytes_under_a_wrong_label_are_read_as_utf8(label: str) -> None:
    data = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    data = (data + "<p>绩效自评表</p>").encode("utf-8")
    assert decode_html(data, "x.html") == Decoded(data.decode("utf-8"), "utf-8")


def test_a_wrong_charset_label_is_reported_as_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "mislabelled.html"
    page.write_bytes('<meta charset="utf-8"><p>项目名称</p>'.encode("gbk"))
    document = read(page)
    assert _texts(document) == ["项目名称"]
    assert document.warnings == ["the page declares charset utf-8; read as gb18030"]
    assert read(HTML / "gb2312_layout_form.html").warnings == []
    spelled = tmp_path / "utf8.html"
    spelled.write_bytes('<meta charset="UTF8"><p>项目名称</p>'.encode())
    assert read(spelled).warnings == []


def test_xml_declaration_with_legacy_encoding_is_parsed(tmp_path: Path) -> None:
    page = tmp_path / "xhtml.html"
    page.write_bytes(
        '<?xml version="1.0" encoding="gb2312"?>\n<html><body><p>项目名称</p></body></html>'.encode(
            "gb2312"
        )
    )
    document = read(page)
    assert document.encoding == "gb18030"
    assert _texts(document) == ["项目名称"]


# --- what is dropped -----------------------------------------------------------------------


def test_page_chrome_scripts_and_footers_are_dropped() -> None:
    document = read(HTML / "cms_utf8_form.html")
    text = document.text()
    for chrome in (
        "政务公开",
        "机构概况",
        "当前位置",
        "统计代码",
        "分享到",
        "版权所有",
        "网站标识码",
    ):
        assert chrome not in text, chrome
    # The title sits in a wrapper whose class says "header": it is content, not chrome.
    assert _texts(document)[0] == "2022年度项目支出绩效自评表"
    assert _texts(document)[-1] == "填报人：张 三 联系电话：0883-1234567"


def test_a_report_title_in_a_header_wrapper_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "title.html"
    page.write_text(
        "<div id='header'><h1>XX市人民政府</h1></div>"
        "<div class='art-header'><h2>XX局2019年度项目支出绩效评价报告</h2></div>"
        "<div class='left-nav'>绩效评价</div><p>一、项目概况</p>",
        encoding="utf-8",
    )
    assert _texts(read(page)) == ["XX局2019年度项目支出绩效评价报告", "一、项目概况"]


def test_plain_text_breadcrumbs_and_footer_lines_are_dropped() -> None:
    document = read(HTML / "gb2312_layout_form.html")
    text = document.text()
    for chrome in ("您现在的位置", "打印本页", "版权所有", "ICP备"):
        assert chrome not in text, chrome
    assert "2023年马鹿坑国有林场新建野生动物收容所建设项目支出绩效自评表" in _texts(document)


def test_hidden_elements_and_comments_are_dropped(tmp_path: Path) -> None:
    page = tmp_path / "hidden.html"
    page.write_text(
        "<body><p>可见</p><div style='display: none'>隐藏</div><!-- 注释 -->"
        "<p hidden>也隐藏</p><noscript>请启用脚本</noscript>"
        "<p>打印本页 关闭窗口</p><p>【字体：大 中 小】</p>"
        "<select><option>部门网站</option></select>"
        "</body>",
        encoding="utf-8",
    )
    assert _texts(read(page)) == ["可见"]


# --- tables --------------------------------------------------------------------------------


def test_spans_are_laid_out_as_a_true_grid() -> None:
    document = read(HTML / "spans_and_sections.html")
    [table] = document.tables
    assert _grid_texts(table) == [
        # colspan=1000 clamped to the table's real width; thead first, tfoot last
        ["一级指标", None, None],
        # rowspan=0 reaches the end of its tbody, not into the next one
        ["产出指标", "数量指标", "10"],
        [None, "质量指标", "20"],
        # rowspan=9 clipped at the table's end; bad colspan values read as 1
        ["效益指标", "社会效益 指标", "5"],
        [None, "第一段\n第二段\n第三\n行", ""],
        ["合计", "30", None],
    ]


def test_cells_and_paragraphs_carry_their_positions() -> None:
    document = read(HTML / "spans_and_sections.html")
    path = str(HTML / "spans_and_sections.html")
    assert document.source == path
    assert document.format == "html"
    [table] = document.tables
    assert table.source == SourceRef(path, table=1)
    assert table.rows[4][1].source == SourceRef(path, table=1, row=5, col=2)
    assert table.rows[5][1].source == SourceRef(path, table=1, row=6, col=2)
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    assert [p.source.line for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert all(p.source.file == path for p in paragraphs)


def test_caption_and_text_around_tables_keep_document_order() -> None:
    document = read(HTML / "spans_and_sections.html")
    kinds = [block.text if isinstance(block, Paragraph) else "<table>" for block in document.blocks]
    # A table whose every row holds one cell is a frame for text, not a grid.
    assert kinds == [
        "表格跨行跨列",
        "附表1 合并单元格",
        "<table>",
        "表后说明",
        "单列表格的第一行",
        "单列表格的第二行",
    ]


def test_layout_tables_are_opened_up_and_only_the_form_is_a_grid() -> None:
    document = read(HTML / "gb2312_layout_form.html")
    [form] = document.tables
    assert form.source.table == 1
    assert _grid_texts(form)[2][:3] == [
        "项目名称",
        None,
        "2023年马鹿坑国有林场新建野生动物收容所建设项目",
    ]
    assert len(form.rows) == 19
    assert {len(row) for row in form.rows} == {9}


def test_hidden_rows_and_columns_of_an_excel_export_take_no_place() -> None:
    document = read(HTML / "excel_export.html")
    [table] = document.tables
    # Excel writes hidden rows and columns with display:none, and a zero-height
    # supportMisalignedColumns row: none of them is shown, none is in the grid.
    assert _grid_texts(table) == [
        ["项目资金（万元）", None, None, None],
        ["年度资金总额", "120.50", "100.00", "82.99%"],
        ["其中：财政拨款", "120.50", "100.00", ""],
    ]
    assert _texts(document) == []


def test_one_column_table_inside_a_cell_is_that_cell_s_text(tmp_path: Path) -> None:
    page = tmp_path / "boxed.html"
    page.write_text(
        "<table><tr><td>项目名称</td><td><table><tr><td>专利\u200b资助</td></tr>"
        "<tr><td>与奖励</td></tr></table></td></tr>"
        "<tr><td>预算单位</td><td>绵阳市知识产权局</td></tr></table>",
        encoding="utf-8",
    )
    [table] = read(page).tables
    assert _grid_texts(table) == [
        ["项目名称", "专利资助\n与奖励"],
        ["预算单位", "绵阳市知识产权局"],
    ]


def test_layout_cells_named_as_chrome_are_skipped() -> None:
    text = read(HTML / "gb2312_layout_form.html").text()
    # <td class="nav_bg"> and <td class="left_menu"> in the page's frame table
    assert "政务公开" not in text
    assert "信息公开目录" not in text


def test_form_with_a_nested_indicator_table_keeps_its_grids() -> None:
    document = read(HTML / "nested_form.html")
    kinds = [
        f"table {len(block.rows)}x{len(block.rows[0])}" if isinstance(block, Table) else block.text
        for block in document.blocks
    ]
    # The outer form's rows above and below the nested table stay grids; the row that
    # frames the nested table is opened up around it.
    assert kinds == ["table 11x9", "绩效指标", "table 8x8", "table 1x9"]
    assert [table.source.table for table in document.tables] == [1, 2, 3]
    inner = document.tables[1]
    assert _grid_texts(inner)[0][:3] == ["一级指标", "二级指标", "三级指标"]
    assert inner.rows[1][2].source == SourceRef(
        str(HTML / "nested_form.html"), table=2, row=2, col=3
    )


def test_parsed_values_point_back_into_the_page() -> None:
    path = HTML / "cms_utf8_form.html"
    [report] = parse_document(read(path))
    first = report.indicators[0]
    assert first.level3 == "学生受资助人数"
    assert first.source == SourceRef(str(path), table=1, row=13, col=2)
    assert report.provenance["budget"] == SourceRef(str(path), table=1, row=5, col=6)


# --- web archives --------------------------------------------------------------------------


def test_word_mht_archive_is_read_from_its_html_part() -> None:
    document = read(HTML / "word_export.mht")
    assert document.format == "html"
    assert document.encoding == "gb18030"
    [table] = document.tables
    grid = _grid_texts(table)
    # Word wraps its source lines inside words; the break between two Chinese
    # characters is no space.
    assert grid[11][1:4] == ["产出指标", "数量指标", "发放(缴纳)覆盖率"]
    assert grid[3][6] == "实施单位\n(盖章)"
    # Word's document properties sit in a conditional comment: not page text.
    assert "青神县发改局" not in document.text()


def test_browser_mht_with_base64_part_is_read(tmp_path: Path) -> None:
    page = "<html><body><table><tr><td>项目名称</td><td>专利执法</td></tr></table></body></html>"
    archive = tmp_path / "saved.mhtml"
    archive.write_bytes(
        b"From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="--b--"\r\n\r\n'
        b"----b--\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(page.encode("utf-8"))
        + b"\r\n----b----\r\n"
    )
    [table] = read(archive).tables
    assert _grid_texts(table) == [["项目名称", "专利执法"]]


def test_mht_that_is_plain_html_is_read_as_html(tmp_path: Path) -> None:
    page = tmp_path / "report.mht"
    page.write_text("<html><body><p>项目名称：专利执法</p></body></html>", encoding="utf-8")
    assert _texts(read(page)) == ["项目名称：专利执法"]


def test_archive_without_html_part_is_rejected(tmp_path: Path) -> None:
    archive = tmp_path / "images.mht"
    archive.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n"
    )
    with pytest.raises(ReadError, match="without an HTML part"):
        read(archive)


# --- what cannot be read -------------------------------------------------------------------


def test_page_without_form_is_still_returned(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text("<p>今天天气很好。</p>", encoding="utf-8")
    document = read(page)
    assert document.tables == []
    assert _texts(document) == ["今天天气很好。"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"  \r\n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_unreadable_files_raise_read_error(tmp_path: Path, content: bytes, reason: str) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(content)
    with pytest.raises(ReadError, match=reason) as caught:
        read(page)
    assert caught.value.file == str(page)


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot open"):
        read(tmp_path / "gone.html")


def _corrupt_pages() -> list[Path]:
    if not CORRUPT.is_dir():
        return []
    return sorted(p for p in CORRUPT.iterdir() if p.suffix.lower() in {".html", ".htm", ".mht"})


@pytest.mark.parametrize("page", _corrupt_pages(), ids=lambda p: p.name)
def test_corrupt_pages_never_escape_as_raw_exceptions(page: Path) -> None:
    try:
        read(page)
    except ReadError as error:
        assert error.file == str(page)
        assert error.reason
