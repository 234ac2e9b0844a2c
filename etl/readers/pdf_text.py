"""PDF text lines put back together: where a line wrapped and where it really ended.

pdfplumber gives text one visual line at a time. A line that ended only because the
next word did not fit is joined to the next one, without a space where CJK is on either
side (预算执行 / 率 → 预算执行率) and with one between Latin words; a line that ended
early, or one that starts a numbered item, keeps its break. etl/readers/pdf.py uses
this for cell text and for paragraphs outside tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pdfplumber.utils import chars_to_textmap

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

# Word and LibreOffice pad cells by 0.19 cm (5.4 pt) a side; a slightly larger guess
# makes a wrapped line look full sooner, which errs towards joining lines.
CELL_PADDING = 6.0
# How much short of full (pt) a line may end and still have wrapped: half a character.
WRAP_SLACK = 6.0
# A line starting like this begins a new item of a list, not the rest of a sentence.
ITEM_START = re.compile(
    r"^(?:\d{1,2}[.．、)）](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|[（(][一二三四五六七八九十]{1,3}[)）]|[①-⑳]|[•●▪■◆□☑√])"
)
# Characters that may not end a line (openers) or start one (closers) in CJK typesetting.
_OPENERS = "（([【《“‘〔{"
_SENTENCE_ENDS = "。！？!?；;"
_CLOSERS = "）)]】》”’〕}、，。；：！？,.;:!?%％"


@dataclass(frozen=True)
class CellText:
    """A cell's text with the widths that tell whether it runs on in the next cell down."""

    text: str
    room: float  # width a full line of the cell can take
    first_token: float  # width of what the first line starts with (cannot break)
    last_line: float  # width the last line takes, measured against `room`


def cell_text(chars: list[dict], box: Box) -> CellText:
    """The text of the characters in a cell, wrapped lines joined back."""
    room = max(box[2] - box[0] - 2 * CELL_PADDING, 1.0)
    if not chars:
        return CellText("", room, 0.0, 0.0)
    if sum(1 for char in chars if not char["upright"]) > len(chars) / 2:
        return CellText(_rotated_text(chars), room, 0.0, 0.0)
    lines = _text_lines(chars, box)
    if not lines:
        return CellText("", room, 0.0, 0.0)
    return CellText(_join_lines(lines, room), room, lines[0].first_token, lines[-1].width)


@dataclass
class _TextLine:
    text: str
    width: float  # measured against the cell's room (see _line_width)
    first_token: float
    first_char: float


def _rotated_text(chars: list[dict]) -> str:
    """Text turned sideways in a narrow cell (项目资金 written bottom to top).

    The glyph matrix tells which way it reads. Its lines are the column's width apart,
    so they are joined as wrapped text without measuring.
    """
    sideways = next(char for char in chars if not char["upright"])
    if sideways["matrix"][1] > 0:  # turned anticlockwise: reads upwards
        directions = {"char_dir_rotated": "btt", "line_dir_rotated": "ltr"}
    else:
        directions = {"char_dir_rotated": "ttb", "line_dir_rotated": "rtl"}
    textmap = chars_to_textmap(chars, **directions)
    lines = [line["text"].strip() for line in textmap.extract_text_lines(return_chars=False)]
    text = ""
    for line in filter(None, lines):
        text += separator(text, line) + line if text else line
    return text


def _text_lines(chars: list[dict], box: Box) -> list[_TextLine]:
    lines = []
    for line in chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True):
        line_chars = [char for char in line["chars"] if char["text"].strip()]
        if not line_chars or not line["text"].strip():
            continue
        width = _line_width(line["x0"], line["x1"], box)
        first_char = line_chars[0]["x1"] - line_chars[0]["x0"]
        text = line["text"].strip()
        lines.append(_TextLine(text, width, first_token_width(line_chars), first_char))
    return lines


def _line_width(x0: float, x1: float, box: Box) -> float:
    """How much of the cell's room a line takes, as its line breaker saw it.

    A centred line (or a full justified one) takes its own width. Otherwise the text is
    taken as left-aligned, where a first-line indent counts: the line reaches as far as
    its right end. Right-aligned text then reads as full, which errs towards joining.
    """
    left, right = box[0] + CELL_PADDING, box[2] - CELL_PADDING
    if abs((x0 - left) - (right - x1)) <= 2.0:
        return x1 - x0
    return x1 - left


def first_token_width(chars: list[dict]) -> float:
    """Width of the leading run that a line breaker would not have split.

    A Latin word or number moves to the next line whole; a CJK character moves alone,
    dragging an opening bracket before it and closing punctuation after it.
    """
    end = 0
    while end < len(chars) - 1 and chars[end]["text"] in _OPENERS:
        end += 1
    if _is_latin(chars[end]["text"]):
        # A word ends where the next letter does not follow on closely (a space).
        while (
            end + 1 < len(chars)
            and _is_latin(chars[end + 1]["text"])
            and chars[end + 1]["x0"] - chars[end]["x1"] < 1.0
        ):
            end += 1
    while end + 1 < len(chars) and chars[end + 1]["text"] in _CLOSERS:
        end += 1
    return chars[end]["x1"] - chars[0]["x0"]


def _is_latin(text: str) -> bool:
    return text.isascii() and (text.isalnum() or text in ".,-/%")


def wrapped(width: float, next_token: float, room: float) -> bool:
    """Whether a line ended only because the next token did not fit.

    Line breakers keep more together than one token (a number with the character after
    it, spacing between CJK and Latin), so a line counts as full half a character early.
    """
    return width + next_token > room - WRAP_SLACK


def _join_lines(lines: list[_TextLine], room: float) -> str:
    # Vertical text (one character per line in a narrow merged cell) reads as one word.
    if len(lines) > 1 and all(len(line.text) == 1 for line in lines):
        return "".join(line.text for line in lines)
    text = lines[0].text
    for previous, line in pairwise(lines):
        text += _line_break(text, previous, line, room)
        text += line.text
    return text


def _line_break(before: str, previous: _TextLine, line: _TextLine, room: float) -> str:
    if ITEM_START.match(line.text) and not before[-1].isdigit():
        return "\n"
    if not wrapped(previous.width, line.first_token, room):
        return "\n"
    # A word cut mid-way fills its line to the last character that fits.
    broke_word = " " not in previous.text and previous.width + line.first_char > room - 1.0
    return separator(before, line.text, broke_word)


def separator(before: str, after: str, broke_word: bool = False) -> str:
    """What joins two wrapped lines: a space only between two Latin words.

    Nothing where CJK is on either side (预算执行 / 率), and nothing inside a number cut
    by a narrow column (91.4 / 9%) or a word too long for its line.
    """
    last, first = before[-1], after[0]
    if not (_is_ascii_alnum(last) and _is_ascii_alnum(first)):
        return ""
    if broke_word or (last.isdigit() and first.isdigit()):
        return ""
    return " "


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (。；!? or a full stop after a word, not after 1.)."""
    if text[-1] in _SENTENCE_ENDS:
        return True
    return text[-1] == "." and len(text) > 1 and text[-2].isalpha()
