"""What the deck and the Word report share: the East-Asian font slot, cells, chart pictures.

Office picks a run's font per script: Latin letters from the Latin slot, Chinese from the
East-Asian slot (PPTX `a:ea`, DOCX `w:eastAsia`). Setting only the Latin name (what
python-pptx and python-docx do) leaves Chinese to the viewer's default, which differs per
machine, so both writers fill both slots with the dashboard's CJK family.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn as w_qn
from docx.shared import Pt
from lxml import etree
from pptx.oxml.ns import qn as a_qn

from dashboard import theme
from dashboard.export import images
from dashboard.export.tables import ColumnKind, Table

if TYPE_CHECKING:
    from dashboard.export.briefing import Briefing, Problem

PngRenderer = Callable[[go.Figure], bytes]
LANGUAGE = "zh-CN"
# DOCX styles that Chinese text is set in; the default template gives them theme fonts.
DOCX_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption")
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# A column needing at most this share of the table's width is kept on one line.
SHORT_COLUMN_SHARE = 0.2
# Wording both documents use.
APP_NAME = "绩效看板"
KPI_TITLE = "主要指标"
EMPTY_TEXT = "当前筛选条件下没有数据"
NO_FLAGS_TEXT = "范围内没有需要关注的数据质量问题。"
NO_YOY_TEXT = "范围内只有一个年度，无法与上年比较。"
PROBLEMS_TITLE = "存在问题与建议"
SCORING_TITLE = "评分复核、预警与整改"
APPENDIX_TITLE = "附录：数据质量"
APPENDIX_TEXT = "以下为自评报告填报与解析的数据质量情况，供核对数据时参考。"
# Said in place of a chart when this machine cannot draw images (no Chromium).
CHART_MISSING = "图表无法生成（导出环境缺少图表绘制组件 Chromium），要点见上。"


def data_date_line(briefing: Briefing) -> str:
    """'数据截至2026年12月7日　范围：…': when the data was loaded, and what it covers."""
    loaded = briefing.data_as_of
    when = f"数据截至{chinese_date(loaded.date())}　" if loaded else ""
    return f"{when}范围：{briefing.scope}"


def problem_line(number: int, problem: Problem) -> str:
    """'1. 执行数超过预算数（17条，涉及17份报告）'."""
    return f"{number}. {problem.description}（{problem.n_flags}条，涉及{problem.n_reports}份报告）"


def advice_line(problem: Problem) -> str:
    """'建议：…', the line under `problem_line`."""
    return f"建议：{problem.advice}"


def cjk_family() -> str:
    """The CJK font family: the first family of the dashboard's CSS font stack."""
    first = theme.font_family().split(",")[0]
    return first.strip().strip("\"'")


# --- PPTX ------------------------------------------------------------------------------


def set_pptx_run_fonts(root: etree._Element, family: str | None = None) -> None:
    """Give every text run under `root` (a slide's XML) the Latin and East-Asian typeface,
    and the language zh-CN (PowerPoint's spelling check and line breaking go by it)."""
    family = family or cjk_family()
    for run in root.iter(a_qn("a:r")):
        properties = run.get_or_add_rPr()
        properties.set("lang", LANGUAGE)
        latin = properties.get_or_add_latin()
        latin.set("typeface", family)
        for old in properties.findall(a_qn("a:ea")):
            properties.remove(old)
        # python-pptx has no a:ea API; the schema puts it right after a:latin.
        latin.addnext(properties.makeelement(a_qn("a:ea"), {"typeface": family}))


# --- DOCX ------------------------------------------------------------------------------


def set_docx_fonts(document: DocxDocument, family: str | None = None) -> None:
    """Set the document defaults and the `DOCX_STYLES` to `family` in every font slot.

    The default template names theme fonts (`w:eastAsiaTheme` …), which win over explicit
    names, so those attributes are removed. The default language becomes zh-CN, so Word
    sets ambiguous characters (“ ” …) in the East-Asian font too.
    """
    family = family or cjk_family()
    styles = document.styles.element
    defaults = styles.find(w_qn("w:docDefaults")).find(w_qn("w:rPrDefault"))
    default_properties = defaults.find(w_qn("w:rPr"))
    _set_docx_rfonts(default_properties.get_or_add_rFonts(), family)
    language = default_properties.find(w_qn("w:lang"))
    if language is not None:
        language.set(w_qn("w:eastAsia"), LANGUAGE)
    for name in DOCX_STYLES:
        properties = document.styles[name].element.get_or_add_rPr()
        _set_docx_rfonts(properties.get_or_add_rFonts(), family)


# The Word report in the fonts and sizes of official documents (公文, GB/T 9704): the title
# in 方正小标宋 二号, headings in 黑体 and 楷体, the text in 仿宋 四号; Latin letters and
# figures in Times New Roman. Where a font is missing, Word and LibreOffice substitute one
# of the same script (on this server fonts-noto-cjk).
OFFICIAL_FONTS = {
    "Title": ("方正小标宋简体", 22),
    "Heading 1": ("黑体", 16),
    "Heading 2": ("楷体", 15),
    "Normal": ("仿宋", 14),
}
OFFICIAL_LATIN = "Times New Roman"


def set_docx_official_fonts(document: DocxDocument) -> None:
    """Set `OFFICIAL_FONTS` on their styles (after `set_docx_fonts`, which they override)."""
    for name, (family, size) in OFFICIAL_FONTS.items():
        style = document.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        _set_docx_rfonts(fonts, OFFICIAL_LATIN)
        fonts.set(w_qn("w:eastAsia"), family)
        style.font.size = Pt(size)


def _set_docx_rfonts(fonts: etree._Element, family: str) -> None:
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(w_qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(w_qn(attribute), family)


# --- table cells -----------------------------------------------------------------------


def format_cell(value: object, kind: ColumnKind) -> str:
    """A cell as text, in the dashboard's number formats; '' when missing.

    Money is the bare 万元 figure (the header names the unit); `int` columns (years and
    small counts) have no thousands separator, so 2024 never reads "2,024".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "money":
        return theme.format_wan_yuan(float(value))
    if kind == "percent":
        return theme.format_percent(float(value))
    if kind == "score":
        return theme.format_score(float(value))
    if kind == "int":
        return str(int(value))
    if kind == "count":
        return f"{int(value):,d}"
    if kind == "number":
        return theme.format_count(float(value))
    return str(value)


def formatted_rows(table: Table, limit: int | None = None) -> list[list[str]]:
    """The table's first `limit` rows (all when None) as formatted text, in column order."""
    frame = table.frame if limit is None else table.frame.head(limit)
    records = frame.to_dict("records")
    return [[format_cell(row[c.key], c.kind) for c in table.columns] for row in records]


def is_numeric(kind: ColumnKind) -> bool:
    """Whether a column of this kind is right-aligned (numbers line up on the decimals)."""
    return kind != "text"


def column_widths(rows: list[list[str]], total: int, font_size: int, padding: int) -> list[int]:
    """Column widths (EMU) summing to `total` for text of `font_size` (EMU) in cells.

    Short columns (years, rates, amounts, names that fit) get the width their widest text
    needs, so they never wrap; long texts share the rest in proportion and wrap.
    """
    half_width = font_size * 0.6  # a digit or Latin letter; a Chinese character is two
    needs = [
        max(_text_width(row[c]) for row in rows) * half_width + padding for c in range(len(rows[0]))
    ]
    short = [need <= total * SHORT_COLUMN_SHARE for need in needs]
    rest = total - sum(need for need, fits in zip(needs, short, strict=True) if fits)
    long_need = sum(need for need, fits in zip(needs, short, strict=True) if not fits)
    if long_need == 0 or rest <= 0:  # all short (spread the slack) or nothing fits
        widths = [int(total * need / sum(needs)) for need in needs]
    else:
        widths = [
            int(need if fits else rest * need / long_need)
            for need, fits in zip(needs, short, strict=True)
        ]
    widths[-1] += total - sum(widths)
    return widths


def _text_width(text: str) -> int:
    """Width in half-width characters: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def chinese_date(day: dt.date) -> str:
    """2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- KPI changes -----------------------------------------------------------------------


def delta_direction(delta: str | None) -> int:
    """+1, -1 or 0 for a KpiText change such as "+1,883.14万元", "-8.63个百分点", "+0"."""
    if not delta or not re.search(r"[1-9]", delta):
        return 0
    return -1 if delta.startswith("-") else 1


# --- chart pictures --------------------------------------------------------------------


def default_png(figure: go.Figure) -> bytes:
    """The chart as PNG at twice the layout size (sharp on a projector and in print)."""
    return images.to_png(figure, scale=2)


def chart_png(figure: go.Figure, render_png: PngRenderer | None) -> bytes | None:
    """The chart's PNG, or None when images cannot be drawn here (no Chromium)."""
    try:
        return (render_png or default_png)(figure)
    except images.ImageExportUnavailable:
        return None
