"""A fused line cut into labels, figures and text; the pieces it becomes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from etl.parse.budget import SECTION_WORDS
from etl.parse.fused.vocabulary import (
    DETECT_LABELS,
    KEEP_AS_WRITTEN,
    LABEL_NOTE,
    LABEL_RE,
    NAME_LABELS,
    UNIT_LABELS,
    VALUE_RE,
)

# A line is a fused form when it is this long, nearly without spaces, and holds several
# of the form's labels.
FUSED_MIN_CHARS = 300
FUSED_MAX_SPACE_SHARE = 0.02
FUSED_MIN_LABELS = 3


@dataclass(frozen=True)
class Piece:
    """A label, a figure or a run of text from a fused line, and the row it belongs to."""

    text: str
    kind: str  # label / value / text
    row: int
    note: str | None = None  # why figures here were left unread
    col: int | None = None  # column of the indicator table, under its header label
    span: int = 1  # columns the piece covers (a header cell over two columns)


def is_fused(line: str) -> bool:
    """A whole form written without separators (see etl.parse.fused)."""
    if len(line) < FUSED_MIN_CHARS or line.count(" ") > FUSED_MAX_SPACE_SHARE * len(line):
        return False
    return len(set(DETECT_LABELS.findall(line))) >= FUSED_MIN_LABELS


def tokenize(line: str) -> Iterator[tuple[str, str]]:
    position = 0
    previous = ""
    for match in LABEL_RE.finditer(line):
        if previous in NAME_LABELS and match.group() in SECTION_WORDS:
            continue  # a name runs on over a section word: 科技计划项目资金 keeps its 项目资金
        piece = line[position : match.start()]
        if previous in NAME_LABELS and piece.strip(" :："):
            value = LABEL_NOTE.sub("", piece.strip(" :：,，"))
            if previous in UNIT_LABELS and value.endswith("项目"):
                value = value[:-2]
            yield value, "text"
        else:
            yield from _split_piece(piece)
        yield match.group(), "label"
        position, previous = match.end(), match.group()
    yield from _split_piece(line[position:])


def _split_piece(piece: str) -> Iterator[tuple[str, str]]:
    """Figures and the text between them; a text keeps its commas (a sentence rejoined
    from its pieces reads as written), a cell's text drops them (`cell_text`)."""
    position = 0
    for match in VALUE_RE.finditer(piece):
        text = piece[position : match.start()].strip(" :：")
        if text:
            yield text, "text"
        yield match.group(), "value"
        position = match.end()
    text = piece[position:].strip(" :：")
    if text:
        yield text, "text"


def cell_text(text: str) -> str:
    return text.strip(" ,，、")


def normalise(line: str) -> str:
    return "".join(
        ch if ch in KEEP_AS_WRITTEN else unicodedata.normalize("NFKC", ch) for ch in line
    ).strip()


def unread(values: Sequence[str], row: int) -> Piece:
    """An empty cell in place of figures that no split fits, saying so."""
    run = "".join(values)
    return Piece("", "value", row, note=f"连排数字“{run}”无法按表头可靠拆分，相关数值留空未读")
