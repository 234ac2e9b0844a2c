"""Saved web pages (.html/.htm, and .mht/.mhtml single-file archives) → `Document`.

Government sites publish self-evaluation forms as HTML pages: CMS article pages whose
form sits among navigation and footers, Word/Excel "save as web page" exports, and old
pages laid out with nested tables. The reader decodes the bytes (BOM, then the declared
charset, then detection), drops what a reader of the page would not read as content,
and walks the rest in document order: text outside tables becomes paragraphs, each data
table becomes a grid, and a table that only lays out the page is opened up instead.
"""

from __future__ import annotations

import codecs
import email.parser
import email.policy
import re
from pathlib import Path

import lxml.etree
import lxml.html

from etl.document import Block, Document, Paragraph, Table, TableCell
from etl.errors import ReadError
from etl.readers.files import read_bytes
from etl.readers.html_grid import (
    CELL_TAGS,
    SECTION_TAGS,
    Placed,
    compact_columns,
    is_hidden,
    place_cells,
)
from etl.readers.limits import check_grid
from etl.readers.text import BOMS, Decoded, decode_bytes, decode_with_bom
from etl.records import SourceDamage, SourceRef

_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Pages labelled gb2312 routinely hold GBK characters; GB18030 decodes all of them.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "big5": "big5hkscs",
}
# A Chinese page labelled Latin-1 is a server default, not a statement about the bytes.
_WESTERN_CHARSETS = {"ascii", "us-ascii", "iso-8859-1", "latin1", "latin-1", "windows-1252"}
_MHT_SUFFIXES = {".mht", ".mhtml"}
_MULTIPART_RE = re.compile(rb"^content-type:\s*multipart/", re.MULTILINE)
_MIME_STARTS = (b"mime-version:", b"from:", b"content-type:", b"subject:", b"date:")
_SNIFF_BYTES = 4096
# A saved page ends with </body></html>; a download or copy cut short does not (HTML lets
# an author leave both out, which pages written by hand seldom do and generators never).
# A fragment without an <html> element counts as cut when it leaves a <table> open.
_HTML_OPEN_RE = re.compile(r"<html[\s>]", re.IGNORECASE)
_PAGE_END_RE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_TABLE_OPEN_RE = re.compile(r"<table[\s>]", re.IGNORECASE)
_TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.IGNORECASE)

_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "head",
    "template",
    "iframe",
    "object",
    "svg",
    "select",
    "button",
)
_CHROME_TAGS = ("nav", "header", "footer", "aside")
_CHROME_NAME_RE = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|foot|header|sidebar|share|copyright", re.IGNORECASE
)
_FORM_WORDS = ("项目名称", "自评", "绩效目标", "绩效指标")
_TITLE_RE = re.compile(r"绩效.{0,12}(表|报告)")  # 绩效评价报告, 绩效目标完成情况表 …
_CHROME_LINE_RE = re.compile(
    r"^\s*(当前位置|您的位置|您现在的位置|您当前的位置|当前所在位置|所在位置)\s*[:：]"
    r"|^\s*首\s*页\s*[>＞»›/]"
    r"|版权所有|copyright|©|ICP\s*备|公网安备|网站标识码|技术支持\s*[:：]"
    r"|^\s*[【\[]?\s*(打印本页|打印|关闭窗口|关闭|返回顶部|字体|字号)\s*([:：】\]]|$|\s)"
    r"|^\s*扫一扫"
    r"|(浏览次数|点击率|点击数|阅读次数|访问量|浏览量)\s*[:：]"
    r"|^\s*分享到\s*[:：]?",
    re.IGNORECASE,
)
_CHROME_LINE_MAX = 150
_LABEL_MAX = 40  # characters of a form label cell beside a nested table

_BLOCK_TAG_NAMES = (
    "address article blockquote center dd details dialog dir div dl dt fieldset figcaption "
    "figure form h1 h2 h3 h4 h5 h6 hr legend li main menu ol p pre section summary table "
    "caption thead tbody tfoot tr td th ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
# CSS drops a line break of the source between two East Asian wide characters, and Word's
# HTML export wraps long Chinese lines in the middle of words.
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_BREAK_RE = re.compile(rf"(?<=[{_WIDE}])[ \t]*[\r\n][ \t\r\n]*(?=[{_WIDE}])")
_SPACE_RE = re.compile(r"[ \t\r\n\f\v\xa0\u2000-\u200a\u202f\u205f]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\xad]")


def read(path: Path) -> Document:
    """Read a saved web page into paragraphs and table grids, in reading order."""
    name = str(path)
    data = read_bytes(path)
    declared = None
    if _is_web_archive(data, path.suffix.lower()):
        data, declared = _html_part(data, name)
    decoded = decode_html(data, name, declared)
    text = decoded.text
    if "\x00" in text:
        raise ReadError(name, "binary content (NUL bytes), not a web page")
    # Control characters are not allowed in XML text; libxml2 keeps some in the tree,
    # and lxml then refuses them when text is moved (a damaged page holds a few).
    root = _parse(_CONTROL_CHARS.sub("", text), name)
    document = Document(source=name, format="html", encoding=decoded.encoding)
    document.damage = decoded.damage() + truncation(text, len(data))
    warning = _charset_warning(data, declared, decoded.encoding)
    if warning:
        document.warnings.append(warning)
    try:
        _remove_noise(root)
        document.blocks = _Walker(name).blocks(root)
    except RecursionError as error:
        raise ReadError(name, "the page is nested too deeply to read") from error
    return document


def truncation(text: str, size: int) -> list[SourceDamage]:
    """The finding for a page that stops before its end (see `_PAGE_END_RE`), if it does."""
    if _HTML_OPEN_RE.search(text):
        cut, missing = _PAGE_END_RE.search(text) is None, "</html>"
    else:
        opened, closed = len(_TABLE_OPEN_RE.findall(text)), len(_TABLE_CLOSE_RE.findall(text))
        cut, missing = opened > closed, "</table>"
    if not cut:
        return []
    message = (
        f"网页文件没有正常结尾（缺少 {missing}），可能在下载或复制时被截断，"
        "其后的表格行和文字没有读到"
    )
    return [SourceDamage("TRUNCATED_FILE", message, f"byte {size} (end of file)")]


def decode_html(data: bytes, name: str, declared: str | None = None) -> Decoded:
    """A BOM wins, then the declared charset if it decodes, then detection.

    `declared` is a charset from outside the page (an MHT part header); without it the
    <meta> or XML declaration in the first 4 KB is used.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return decode_with_bom(data, bom, encoding)
    charset = _normalise_charset(declared or _sniff_charset(data))
    if charset and not _prefer_utf8(data, charset):
        try:
            return Decoded(data.decode(charset), charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(data, name)


def _charset_warning(data: bytes, declared: str | None, encoding: str) -> str | None:
    """Say so when the page's own charset label was not what its bytes are."""
    label = declared or _sniff_charset(data)
    if not label or data.startswith(tuple(bom for bom, _ in BOMS)):
        return None
    if _codec_name(_normalise_charset(label)) == _codec_name(encoding):
        return None
    return f"the page declares charset {label}; read as {encoding}"


def _codec_name(charset: str | None) -> str | None:
    try:
        return codecs.lookup(charset).name if charset else None
    except LookupError:
        return charset


def _sniff_charset(data: bytes) -> str | None:
    found = _META_CHARSET_RE.search(data[:_SNIFF_BYTES])
    if not found:
        return None
    return (found.group(1) or found.group(2)).decode("ascii").lower()


def _normalise_charset(charset: str | None) -> str | None:
    if not charset:
        return None
    charset = charset.strip().lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        return _CHARSET_ALIASES.get(charset)
    return _CHARSET_ALIASES.get(charset, charset)


def _prefer_utf8(data: bytes, charset: str) -> bool:
    """Valid UTF-8 with non-ASCII bytes is UTF-8 whatever a stale label says; bytes that
    are not UTF-8 under a Latin label (a server default) go to detection too."""
    if charset.replace("_", "-") in ("utf-8", "utf8") or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return charset in _WESTERN_CHARSETS
    return True


def _is_web_archive(data: bytes, suffix: str) -> bool:
    """A MIME multipart archive; a file named .mht that holds plain HTML is read as HTML."""
    head = data[:4096].lower()
    if not _MULTIPART_RE.search(head):
        return False
    return suffix in _MHT_SUFFIXES or head.lstrip().startswith(_MIME_STARTS)


def _html_part(data: bytes, name: str) -> tuple[bytes, str | None]:
    """The text/html part of a MIME web archive, transfer-decoded, and its charset."""
    try:
        message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload, part.get_content_charset()
    except Exception as error:  # the email package raises many kinds on broken archives
        raise ReadError(name, f"broken web archive (MHT): {error}") from error
    raise ReadError(name, "web archive (MHT) without an HTML part")


def _parse(text: str, name: str) -> lxml.html.HtmlElement:
    if not text.strip():
        raise ReadError(name, "the file is empty (no HTML content)")
    # Bytes with an explicit parser encoding: lxml refuses str input that still carries
    # an <?xml encoding=…?> declaration, and the <meta> charset must not re-decode it.
    # huge_tree: without it libxml2 silently drops text nodes over 10 MB and deep nesting.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ReadError(name, f"not a readable HTML page: {error}") from error


def _remove_noise(root: lxml.html.HtmlElement) -> None:
    """Drop scripts, styles, hidden elements and page chrome (navigation, footers …)."""
    for element in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(element)
    for element in list(root.iter(*_DROPPED_TAGS)):
        _drop(element)
    page_size = len(_squeeze(root.text_content()))
    for element in list(root.iter()):
        if element.getparent() is None or not isinstance(element.tag, str):
            continue
        if _is_chrome(element) and not _holds_content(element, page_size):
            _drop(element)


def _drop(element: lxml.etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    """Chrome or hidden, and safe to remove: table parts are judged by the walker instead,
    because removing a cell would shift the grid of a form."""
    tag = element.tag.lower()
    if tag in ("html", "body", "table", "caption", *SECTION_TAGS, "tr", *CELL_TAGS):
        return False
    if tag in _CHROME_TAGS:
        return True
    return is_hidden(element) or _named_chrome(element)


def _named_chrome(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('id', '')} {element.get('class', '')}"
    return bool(_CHROME_NAME_RE.search(names))


def _holds_content(element: lxml.html.HtmlElement, page_size: int) -> bool:
    """A wrapper named like chrome that really holds the form, its title or most of the page."""
    text = _squeeze(element.text_content())
    if any(word in text for word in _FORM_WORDS) or _TITLE_RE.search(text):
        return True
    return len(text) > 500 and len(text) * 2 > page_size


def _squeeze(text: str) -> str:
    return _SPACE_RE.sub("", text)


def _clean_line(raw: str) -> str:
    text = _CJK_BREAK_RE.sub("", _INVISIBLE_RE.sub("", raw))
    return _SPACE_RE.sub(" ", text).strip()


class _Lines:
    """Text of a run of inline content, cut into lines at block edges and <br>."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.done: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def cut(self) -> None:
        line = _clean_line("".join(self.parts))
        self.parts = []
        if line:
            self.done.append(line)

    def take(self) -> list[str]:
        self.cut()
        lines, self.done = self.done, []
        return lines


def _inline_text(element: lxml.html.HtmlElement, lines: _Lines) -> None:
    """Feed `element`'s text into `lines`, breaking at blocks, <br> and <pre> line ends."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "br":
        lines.cut()
        return
    if tag in _BLOCK_TAGS:
        lines.cut()
    if tag == "pre":
        _pre_text(element, lines)
    else:
        lines.add(element.text)
        for child in element:
            _inline_text(child, lines)
            lines.add(child.tail)
    if tag in _BLOCK_TAGS:
        lines.cut()


def _pre_text(element: lxml.html.HtmlElement, lines: _Lines) -> None:
    for index, piece in enumerate(element.text_content().split("\n")):
        if index:
            lines.cut()
        lines.add(piece)


class _Walker:
    """Walks a cleaned page and emits paragraphs and tables in document order."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.out: list[Block] = []
        self.lines = _Lines()
        self.paragraphs = 0
        self.tables = 0
        self.page_size = 0

    def blocks(self, root: lxml.html.HtmlElement) -> list[Block]:
        body = root.find("body")
        start = body if body is not None else root
        self.page_size = len(_squeeze(start.text_content()))
        self._walk(start)
        self._flush()
        return self.out

    def _walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "table":
            self._flush()
            self._table(element)
            return
        if tag == "br":
            self.lines.cut()
            return
        if tag == "pre" or not element.xpath(".//table"):
            # No table below: the shared inline walk cuts lines exactly as in cells.
            _inline_text(element, self.lines)
            return
        if tag in _BLOCK_TAGS:
            self.lines.cut()
        self._walk_children(element)
        if tag in _BLOCK_TAGS:
            self.lines.cut()

    def _walk_children(self, element: lxml.html.HtmlElement) -> None:
        self.lines.add(element.text)
        for child in element:
            self._walk(child)
            self.lines.add(child.tail)

    def _flush(self) -> None:
        for line in self.lines.take():
            self._add_paragraph(line)

    def _add_paragraph(self, text: str) -> None:
        if not text or (len(text) <= _CHROME_LINE_MAX and _CHROME_LINE_RE.search(text)):
            return
        self.paragraphs += 1
        self.out.append(Paragraph(text, SourceRef(self.file, line=self.paragraphs)))

    def _table(self, table: lxml.html.HtmlElement) -> None:
        for caption in table.iterchildren("caption"):
            _inline_text(caption, self.lines)
        self._flush()
        row_count, placed = place_cells(table)
        if not placed:
            return
        if _single_column(placed):
            self._open_cells(placed)
            return
        width = compact_columns(placed)
        framing = {item.top for item in placed if _holds_grid(item.cell)}
        if not framing:
            self._emit_grid(placed, width, (0, row_count))
            return
        # Rows holding a nested table frame other content and are opened up; the rows
        # between them may still be a form (a form with its indicator table nested in a
        # cell), so a run of them that looks like a grid stays one.
        for start, end in _row_runs(row_count, framing):
            run = [item for item in placed if start <= item.top < end]
            if start in framing:
                self._open_cells(run, framing=True)
            elif not _looks_like_grid(run):
                self._open_cells(run)
            else:
                self._emit_grid(run, width, (start, end))

    def _open_cells(self, placed: list[Placed], framing: bool = False) -> None:
        """Cells of a table that lays out the page: their contents, in order, as blocks.

        In a row that frames a nested grid, a short cell beside it is a label of the
        form (项目资金\n（万元）): it stays one paragraph, as it was one cell.
        """
        for item in placed:
            if self._is_chrome_cell(item.cell):
                continue
            self.lines.cut()
            if framing and _is_label(item.cell):
                self._flush()
                self._add_paragraph("\n".join(_cell_lines(item.cell)))
                continue
            self._walk_children(item.cell)
            self._flush()

    def _is_chrome_cell(self, cell: lxml.html.HtmlElement) -> bool:
        row = cell.getparent()
        named = _named_chrome(cell) or (row is not None and _named_chrome(row))
        return named and not _holds_content(cell, self.page_size)

    def _emit_grid(self, placed: list[Placed], width: int, rows: tuple[int, int]) -> None:
        """Rows [start, end) of a table as one grid; `placed` are the cells anchored there."""
        start, end = rows
        self.tables += 1
        number = self.tables
        check_grid(self.file, f"table {number}", end - start, width)
        grid: list[list[TableCell | None]] = [[None] * width for _ in range(end - start)]
        for item in placed:
            row = item.top - start
            source = SourceRef(self.file, table=number, row=row + 1, col=item.left + 1)
            rowspan = (end - item.top) if item.rowspan == 0 else item.rowspan
            grid[row][item.left] = TableCell(
                "\n".join(_cell_lines(item.cell)),
                source,
                max(1, min(rowspan, end - item.top)),
                max(1, item.right - item.left),
            )
        self.out.append(Table(grid, SourceRef(self.file, table=number)))


def _cell_lines(cell: lxml.html.HtmlElement) -> list[str]:
    lines = _Lines()
    _inline_text(cell, lines)
    return lines.take()


def _is_label(cell: lxml.html.HtmlElement) -> bool:
    return not cell.xpath(".//table") and len(_squeeze(cell.text_content())) <= _LABEL_MAX


def _holds_grid(cell: lxml.html.HtmlElement) -> bool:
    """A cell holding a table with two cells side by side somewhere.

    A one-column table inside a cell only stacks lines (a boxed value, a signature
    block) and is read as the cell's text.
    """
    for table in cell.iter("table"):
        for tr in table.iter("tr"):
            if sum(1 for child in tr if child.tag in CELL_TAGS) >= 2:
                return True
    return False


def _single_column(placed: list[Placed]) -> bool:
    """Every row holds one cell: a frame around content, not a grid of data."""
    rows = [item.top for item in placed]
    return len(rows) == len(set(rows))


def _row_runs(row_count: int, framing: set[int]) -> list[tuple[int, int]]:
    """[start, end) runs: each framing row alone, and the rows between them together."""
    runs: list[tuple[int, int]] = []
    start = 0
    for row in range(row_count):
        if row in framing:
            if start < row:
                runs.append((start, row))
            runs.append((row, row + 1))
            start = row + 1
    if start < row_count:
        runs.append((start, row_count))
    return runs


def _looks_like_grid(placed: list[Placed]) -> bool:
    """Some row holds two cells with text: data side by side, not a frame."""
    filled: dict[int, int] = {}
    for item in placed:
        if item.cell.text_content().strip():
            filled[item.top] = filled.get(item.top, 0) + 1
    return any(count >= 2 for count in filled.values())
