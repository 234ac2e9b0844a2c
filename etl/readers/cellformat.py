"""Spreadsheet cells shared by the .xlsx and .xls readers: values as the sheet shows them,
and a sheet's cells assembled into a `Table` grid.

Both readers reduce a sheet to a `SheetCells` (rendered text by 1-based row and column,
merged ranges, hidden rows and columns) and call `sheet_table`, so merged ranges, hidden
rows and edge trimming behave the same whatever the file format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from etl.document import Table, TableCell
from etl.readers.limits import check_grid
from etl.records import SourceRef

# A number with more significant digits than this was computed, not typed: show it the
# way its number format rounds it. Typed figures (499.86, 0.8468) keep every digit.
_TYPED_DIGITS = 10
# Excel stores and shows at most 15 significant digits; past that is binary noise
# (387664.62000000001).
_EXCEL_DIGITS = 15
_ROUNDABLE = Decimal(10) ** _EXCEL_DIGITS
_CURRENCY = set("$¥￥€£")
_BRACKET_RE = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class _NumberFormat:
    """What matters for figures in one number-format section."""

    percent: bool = False
    decimals: int | None = None  # None: General, or no fixed decimals
    prefix: str = ""
    suffix: str = ""


def _split_sections(number_format: str) -> list[str]:
    """Split a format code on ';' outside quotes and escapes."""
    sections, current, quoted, escaped = [], [], False, False
    for char in number_format:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            current.append(char)
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> list[tuple[str, bool]]:
    """(text, is_literal) pieces of a section; colours, locales, padding and fills dropped."""
    section = _BRACKET_RE.sub("", section)
    tokens: list[tuple[str, bool]] = []
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            tokens.append((section[index + 1 : end], True))
            index = end + 1
        elif char == "\\":
            tokens.append((section[index + 1 : index + 2], True))
            index += 2
        elif char in "_*":
            # `_x` pads with the width of x and `*x` fills with x: neither is text.
            index += 2
        elif char in "0#?.,%Ee+-/@ ()":
            tokens.append((char, False))
            index += 1
        else:
            # Unquoted CJK or letters (0.00元) show as themselves.
            tokens.append((char, True))
            index += 1
    return tokens


def _affix(tokens: Iterable[tuple[str, bool]]) -> str:
    """Literal text of a prefix or suffix, without currency signs that would hide a figure."""
    text = "".join(piece for piece, literal in tokens if literal)
    return "".join(char for char in text if char not in _CURRENCY).strip()


def parse_number_format(number_format: str | None) -> _NumberFormat:
    """Read percent, fixed decimals and literal affixes from a format's first section."""
    if not number_format or number_format.strip().lower() == "general":
        return _NumberFormat()
    tokens = _tokens(_split_sections(number_format)[0])
    digit_positions = [
        i for i, (piece, literal) in enumerate(tokens) if not literal and piece in "0#?"
    ]
    if not digit_positions:
        return _NumberFormat()
    first, last = digit_positions[0], digit_positions[-1]
    numeric = [piece for piece, literal in tokens[first : last + 1] if not literal]
    scientific = "E" in numeric or "e" in numeric
    decimals = None
    if "." in numeric and not scientific:
        decimals = sum(1 for piece in numeric[numeric.index(".") :] if piece in "0#?")
    elif not scientific and "/" not in numeric:
        decimals = 0
    percent = any(piece == "%" and not literal for piece, literal in tokens)
    return _NumberFormat(
        percent=percent,
        decimals=decimals,
        prefix=_affix(tokens[:first]),
        suffix=_affix(tokens[last + 1 :]),
    )


def _significant_digits(number: Decimal) -> int:
    return len(number.normalize().as_tuple().digits)


def _plain(number: Decimal) -> str:
    """A Decimal as plain digits: no exponent, no trailing zeros after the point."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_number(value: float | int, number_format: str | None = None) -> str:
    """A stored number as the sheet shows it, as far as it matters for figures.

    Percent formats scale by 100 and keep the format's decimals ('0.00%' → "84.68%");
    thousands separators are dropped; a computed value is rounded to the format's
    decimals, while digits the user typed are never lost; other numbers are the
    shortest exact decimal (387664.62, 12 not 12.0).
    """
    exact = isinstance(value, int)
    number = Decimal(value) if exact else Decimal(f"{value:.{_EXCEL_DIGITS}g}")
    fmt = parse_number_format(number_format)
    typed = exact or _significant_digits(number) <= _TYPED_DIGITS
    if fmt.percent:
        number *= 100
    if fmt.decimals is not None and not typed and abs(number) < _ROUNDABLE:
        number = number.quantize(Decimal(1).scaleb(-fmt.decimals), rounding=ROUND_HALF_UP)
    text = _plain(number)
    if fmt.percent and fmt.decimals:
        shown = len(text.partition(".")[2])
        if shown < fmt.decimals:
            text += ("" if shown else ".") + "0" * (fmt.decimals - shown)
    if fmt.percent:
        text += "%"
    return f"{fmt.prefix}{text}{fmt.suffix}"


def render_temporal(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> str:
    """Dates as YYYY-MM-DD (with the time only when there is one), times as HH:MM[:SS]."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return str(value)


def clean_cell_text(text: str) -> str:
    """Strip a string cell; keep its lines apart with "\\n", dropping blank lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


@dataclass
class SheetCells:
    """One sheet reduced to what the grid needs; rows and columns are 1-based."""

    name: str
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # non-empty only
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    row_hidden: Callable[[int], bool] = lambda row: False
    col_hidden: Callable[[int], bool] = lambda col: False


def _first_visible(first: int, last: int, hidden: Callable[[int], bool]) -> int | None:
    return next((index for index in range(first, last + 1) if not hidden(index)), None)


def _positions_inside(
    positions: dict[tuple[int, int], object], box: tuple[int, int, int, int]
) -> list[tuple[int, int]]:
    """The keys of `positions` inside the box, walking whichever of the two is smaller."""
    r0, c0, r1, c1 = box
    if (r1 - r0 + 1) * (c1 - c0 + 1) <= len(positions):
        cells = ((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        return [pos for pos in cells if pos in positions]
    return [(r, c) for r, c in positions if r0 <= r <= r1 and c0 <= c <= c1]


def _show_merged(sheet: SheetCells) -> dict[tuple[int, int], tuple[str, int, int]]:
    """Text positions after merging: position → (text, source row, source column).

    Text in a covered position is dropped, as Excel hides it. A range whose anchor row
    or column is hidden still shows its text in its first visible position, as Excel
    does, so the text moves there and keeps the anchor as its source.
    """
    shown = {pos: (text, pos[0], pos[1]) for pos, text in sheet.texts.items()}
    for r0, c0, r1, c1 in sheet.merged:
        inside = _positions_inside(shown, (r0, c0, r1, c1))
        text = sheet.texts.get((r0, c0), "")
        for pos in inside:
            del shown[pos]
        row = _first_visible(r0, r1, sheet.row_hidden)
        col = _first_visible(c0, c1, sheet.col_hidden)
        if row is not None and col is not None:
            shown[(row, col)] = (text, r0, c0)
    return shown


def _covered(
    sheet: SheetCells,
    shown: dict[tuple[int, int], tuple[str, int, int]],
    bounds: tuple[int, int, int, int],
) -> set[tuple[int, int]]:
    """Positions inside the bounds that a merged range covers (its shown anchor excluded)."""
    top, left, bottom, right = bounds
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in sheet.merged:
        # Clip first, so a range as wide as the sheet costs nothing.
        rows = range(max(r0, top), min(r1, bottom) + 1)
        cols = range(max(c0, left), min(c1, right) + 1)
        covered.update((r, c) for r in rows for c in cols)
    return covered - shown.keys()


def _content_bounds(
    positions: Iterable[tuple[int, int]], sheet: SheetCells
) -> tuple[int, int, int, int] | None:
    """First and last visible row and column holding text: the edges to trim to."""
    visible = [(r, c) for r, c in positions if not sheet.row_hidden(r) and not sheet.col_hidden(c)]
    if not visible:
        return None
    rows = [r for r, _ in visible]
    cols = [c for _, c in visible]
    return min(rows), min(cols), max(rows), max(cols)


def _spans(
    sheet: SheetCells,
    shown: dict[tuple[int, int], tuple[str, int, int]],
    rows: list[int],
    cols: list[int],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Shown anchor position → (rowspan, colspan) in visible grid rows and columns."""
    anchors = {(src_row, src_col): pos for pos, (_, src_row, src_col) in shown.items()}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in sheet.merged:
        position = anchors.get((r0, c0))
        if position is None:
            continue
        rowspan = sum(1 for r in rows if r0 <= r <= r1)
        colspan = sum(1 for c in cols if c0 <= c <= c1)
        spans[position] = (max(1, rowspan), max(1, colspan))
    return spans


def sheet_table(file: str, sheet: SheetCells) -> Table | None:
    """The sheet's visible cells as a grid, empty edges trimmed; None for an empty sheet."""
    shown = _show_merged(sheet)
    bounds = _content_bounds((pos for pos, (text, _, _) in shown.items() if text), sheet)
    if bounds is None:
        return None
    top, left, bottom, right = bounds
    check_grid(file, f"sheet {sheet.name}", bottom - top + 1, right - left + 1)
    covered = _covered(sheet, shown, bounds)
    cols = [c for c in range(left, right + 1) if not sheet.col_hidden(c)]
    visible_rows = [r for r in range(top, bottom + 1) if not sheet.row_hidden(r)]
    spans = _spans(sheet, shown, visible_rows, cols)
    rows: list[list[TableCell | None]] = []
    for r in range(top, bottom + 1):
        if sheet.row_hidden(r):
            continue
        grid_row: list[TableCell | None] = []
        for c in cols:
            if (r, c) in covered:
                grid_row.append(None)
                continue
            text, src_row, src_col = shown.get((r, c), ("", r, c))
            source = SourceRef(file, sheet=sheet.name, row=src_row, col=src_col)
            rowspan, colspan = spans.get((r, c), (1, 1))
            grid_row.append(TableCell(text, source, rowspan, colspan))
        rows.append(grid_row)
    return Table(rows=rows, source=SourceRef(file, sheet=sheet.name))
