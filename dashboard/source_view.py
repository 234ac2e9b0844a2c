"""A report's source document as text, with the values the ETL located in it highlighted.

This is the one place the dashboard reads a raw file: through the ETL's own readers, so the
text shown is the text the parser saw (tables rendered as pipe rows by `etl.document.render`).
File text is untrusted: `highlight` escapes every character before it adds its own `<mark>`
tags, so a document can never inject markup into the page.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

# Terms shorter than this are not highlighted: "8" or "无" would light up half the page.
MIN_TERM_LENGTH = 2
# A number must not be matched inside a longer one: 234 is not in 1,234 or 2345 or 12.34.
_NUMBER_BEFORE = r"(?<!\d)(?<!\d[.,])"
_NUMBER_AFTER = r"(?!\d)(?![.,]\d)"
_BLOCK_STYLE = (
    "white-space: pre-wrap; word-break: break-all; font-family: monospace; "
    "font-size: 0.82rem; line-height: 1.5;"
)


@dataclass(frozen=True)
class SourceText:
    """The readable text of a source file, or why there is none (`error`, Chinese)."""

    text: str | None
    error: str | None = None


def read_source_text(path: str) -> SourceText:
    """Read `path` with the ETL readers: plain text as decoded, other formats rendered.

    Never raises: a missing, damaged or unsupported file gives a `SourceText` whose
    `error` names the file and the reason.
    """
    from etl.document import render
    from etl.errors import ReadError
    from etl.extract import read_document
    from etl.readers.sniff import sniff
    from etl.readers.text import read_text

    file = Path(path)
    if not file.is_file():
        return SourceText(None, f"找不到源文件 {path}（可能已被移动或删除），无法显示原文。")
    try:
        if sniff(file) == "txt":
            return SourceText(read_text(file).text)
        return SourceText(render(read_document(file)))
    except ReadError as err:
        return SourceText(None, f"无法读取源文件 {path}：{err.reason}")
    except Exception as err:
        return SourceText(None, f"无法读取源文件 {path}：{type(err).__name__}: {err}")


@st.cache_data(show_spinner="正在读取源文件…", max_entries=64, ttl=3600)
def _cached_source_text(path: str, mtime_ns: int | None) -> SourceText:
    # `mtime_ns` is only part of the cache key: a re-saved file is read again.
    return read_source_text(path)


def source_text(path: str) -> SourceText:
    """`read_source_text`, cached per file path and modification time."""
    return _cached_source_text(path, _mtime_ns(path))


def _mtime_ns(path: str) -> int | None:
    """Part of a cache key: a file saved again is read again."""
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return None


def money_spellings(value: float | None) -> list[str]:
    """Ways a document may write an amount: 1234.5 → 1234.5, 1234.50, 1,234.50, 1,234.5.

    Whole amounts also as integers (636900, 636,900). Unknown values give no spelling.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    spellings = {f"{value:.2f}", f"{value:,.2f}"}
    # Shorter spellings only where they are exact: 1234.56 is never written 1234.6.
    if round(value, 1) == round(value, 2):
        spellings |= {f"{value:.1f}", f"{value:,.1f}"}
    if float(value).is_integer():
        spellings |= {f"{value:.0f}", f"{value:,.0f}"}
    return sorted(spellings)


def text_terms(values: Iterable[str | None]) -> list[str]:
    """Text values (indicator targets, sentences) as search terms, blank ones dropped.

    Table cells are rendered with line breaks shown as ⏎, so multi-line cells are also
    searched in that spelling.
    """
    terms: set[str] = set()
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        text = str(value).strip()
        if text:
            terms.add(text)
            if "\n" in text:
                terms.add(text.replace("\n", "⏎"))
    return sorted(terms)


def _term_pattern(term: str) -> re.Pattern[str]:
    """A literal pattern for `term`; digit edges must not touch other digits."""
    before = _NUMBER_BEFORE if term[0].isdigit() else ""
    after = _NUMBER_AFTER if term[-1].isdigit() else ""
    return re.compile(before + re.escape(term) + after)


def find_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character ranges of `text` that match any term, overlapping ranges merged, in order."""
    spans = []
    for term in {t for t in terms if t and len(t.strip()) >= MIN_TERM_LENGTH}:
        spans.extend(match.span() for match in _term_pattern(term).finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML of `text` with every match of `terms` in `<mark>`; all text is escaped.

    Matching runs on the raw text and escaping on each piece, so a term can never match
    inside an entity (`&amp;`) and the file cannot smuggle in tags.
    """
    out, position = [], 0
    for start, end in find_spans(text, terms):
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def as_block(highlighted: str) -> str:
    """Wrap `highlight` output in a block that keeps the document's line breaks."""
    return f'<div style="{_BLOCK_STYLE}">{highlighted}</div>'


# Page images are shown this wide (px): the located boxes stay legible, the page light.
PAGE_IMAGE_WIDTH = 1100
_BOX_COLOUR = (214, 39, 40)  # the theme's red, as in the flags


@dataclass(frozen=True)
class PageView:
    """One page read by OCR, as a PNG with the located values boxed."""

    number: int
    png: bytes
    boxes: int


def boxed_pages(path: str, terms: tuple[str, ...]) -> list[PageView]:
    """The pages of `path` read by OCR (scans and photos), each with a box around every
    recognised character run that matches one of `terms`. Empty for other files or when
    the file cannot be read."""
    from PIL import Image, ImageDraw

    from etl.extract import recognised_pages

    try:
        pages = recognised_pages(Path(path))
    except Exception:  # the text view beside it says why the file cannot be read
        return []
    views = []
    for page in pages:
        image = Image.fromarray(page.image).convert("RGB")
        factor = min(1.0, PAGE_IMAGE_WIDTH / image.width)
        if factor < 1:  # shrunk first, so the boxes are drawn crisp at the size shown
            image = image.resize((PAGE_IMAGE_WIDTH, round(image.height * factor)))
        draw = ImageDraw.Draw(image)
        text, owners = _page_text(page.chars)
        spans = find_spans(text, terms)
        for start, end in spans:
            for char in (page.chars[i] for i in owners[start:end] if i is not None):
                box = [v * factor for v in (char.x0, char.top, char.x1, char.bottom)]
                draw.rectangle((box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2),
                               outline=_BOX_COLOUR, width=2)  # fmt: skip
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        views.append(PageView(page.number, out.getvalue(), len(spans)))
    return views


def _page_text(chars: list) -> tuple[str, list[int | None]]:
    """The recognised characters as text, a break wherever the next character is not the
    same line's next one (it starts left of this one, lower, or after a gap of half a
    character), so that 32.4 and 31.69 in neighbouring cells do not run together; and for
    each text position, its character."""
    text: list[str] = []
    owners: list[int | None] = []
    for index, char in enumerate(chars):
        before = chars[index - 1] if index else None
        if before and (
            char.x0 < before.x0
            or char.top > before.bottom
            or char.x0 - before.x1 > (char.bottom - char.top) / 2
        ):
            text.append("\n")
            owners.append(None)
        text.append(char.text)
        owners.append(index)
    return "".join(text), owners


@st.cache_data(show_spinner="正在读取扫描页…", max_entries=16, ttl=3600)
def _cached_boxed_pages(path: str, mtime_ns: int | None, terms: tuple[str, ...]) -> list[PageView]:
    return boxed_pages(path, terms)


def scanned_pages(path: str, terms: list[str]) -> list[PageView]:
    """`boxed_pages`, cached per file path, modification time and terms."""
    return _cached_boxed_pages(path, _mtime_ns(path), tuple(sorted(set(terms))))
