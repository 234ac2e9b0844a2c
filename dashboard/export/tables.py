"""Tables as exported: typed columns with Chinese headers, and CSV that Excel reads.

A `Table` keeps the query's frame (English column names, raw numbers) beside a column
spec, so each writer can apply the right number format (万元 with two decimals, percent)
instead of exporting pre-formatted strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

import pandas as pd

from dashboard import catalogue

# Content types of every file the exports produce, by file extension.
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "png": "image/png",
    "pdf": "application/pdf",
}
# "int" is a plain integer (years: 2024, not 2,024); "count" has thousands separators.
ColumnKind = Literal["text", "int", "count", "money", "percent", "score", "number"]
EXPORT_KINDS = frozenset(get_args(ColumnKind))
# A cell starting with one of these is run as a formula by Excel and other spreadsheets
# (CSV/formula injection); a leading apostrophe makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: the frame's column name, its Chinese header, and its kind."""

    key: str
    header: str
    kind: ColumnKind = "text"


def catalogue_column(key: str) -> Column:
    """The exported column of a catalogue key: its Chinese header and its kind."""
    spec = catalogue.field(key)
    kind = spec.kind if spec.kind in EXPORT_KINDS else "text"
    return Column(key, spec.header(), cast(ColumnKind, kind))


def catalogue_columns(*keys: str) -> tuple[Column, ...]:
    """`catalogue_column` of each key, in order."""
    return tuple(catalogue_column(key) for key in keys)


@dataclass(frozen=True)
class Table:
    """A titled table: `frame` holds at least the columns named in `columns`."""

    name: str  # short Chinese name: the sheet name and the file stem
    title: str  # what the table holds, for captions and slide titles
    frame: pd.DataFrame
    columns: tuple[Column, ...]

    def display_frame(self) -> pd.DataFrame:
        """The spec'd columns in order, renamed to their Chinese headers (values unchanged)."""
        keys = [column.key for column in self.columns]
        return self.frame[keys].rename(columns={c.key: c.header for c in self.columns})


def escape_formula(value: object) -> object:
    """Text that a spreadsheet would take for a formula, made literal; other values as given."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escaped_frame(table: Table) -> pd.DataFrame:
    """`display_frame` with every text cell passed through `escape_formula`."""
    shown = table.display_frame()
    for column in table.columns:
        if column.kind == "text":
            shown[column.header] = shown[column.header].map(escape_formula)
    return shown


def to_csv_bytes(table: Table) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly."""
    return escaped_frame(table).to_csv(index=False).encode("utf-8-sig")
