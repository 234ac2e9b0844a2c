"""Caps on what one file may make a reader build, so no file runs away with memory or time.

Every reader that lays cells on a grid (docx, xlsx/xls/ods, html) checks the grid against
these caps before building it; a file beyond them is rejected with a reason naming the
table and the cap, and the rest of the batch goes on. Real forms are far inside them: the
widest table in the corpus has 12 columns, the largest sheet about 2,000 cells.
"""

from __future__ import annotations

from etl.errors import ReadError

# Columns one table may span. Browsers clamp colspan to 1000 as well; a 16,384-column
# sheet (Excel's maximum, one stray value in column XFD) is not a form.
MAX_GRID_COLUMNS = 1_000
# Cells (rows × columns, empty ones included) one table may hold: the parser walks every
# one, and a grid of millions takes minutes.
MAX_GRID_CELLS = 500_000


def clamp_span(span: int) -> int:
    """A column span as a reader may use it: at least 1, at most `MAX_GRID_COLUMNS`."""
    return max(1, min(span, MAX_GRID_COLUMNS))


def check_grid(source: str, place: str, rows: int, columns: int) -> None:
    """Refuse a grid of `rows` × `columns` beyond the caps.

    Raises:
        ReadError: naming `source`, the table (`place`), its size and the cap exceeded.
    """
    if columns > MAX_GRID_COLUMNS:
        raise ReadError(
            source,
            f"table too wide: {columns:,} columns (the cap is {MAX_GRID_COLUMNS:,})",
            place,
        )
    if rows * columns > MAX_GRID_CELLS:
        raise ReadError(
            source,
            f"table too large: {rows:,} rows × {columns:,} columns = {rows * columns:,} cells "
            f"(the cap is {MAX_GRID_CELLS:,})",
            place,
        )
