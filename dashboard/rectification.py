"""Rectification (整改) tracking: what an analyst decided to follow up, kept beside the
warehouse in a small SQLite file of its own.

The warehouse is rebuilt from the raw files at will (`make rebuild` replaces it), so
nothing typed by a person may live in it. Items are keyed by what stays true across
rebuilds and re-parses — the unit's name, the project's name, the year, and the
indicator's library name (`etl.taxonomy.indicator_key`; "" for the report as a whole)
— never by a row id. Every change is also appended to a history table.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard import db

STORE_ENV_VAR = "JIXIAO_RECTIFICATION"
STORE_NAME = "rectification.sqlite"  # beside the warehouse file
# The statuses in their order of progress; their words are theme.RECTIFICATION_LABELS.
STATUSES = ("open", "in_progress", "done")
OPEN_STATUSES = ("open", "in_progress")  # still to be followed up
WHOLE_REPORT = ""  # the indicator of an item about the report as a whole
UNKNOWN_YEAR = 0  # a report without a year (SQLite keys cannot hold NULL as a value)
# Writers wait this long for one another (two analysts saving at once) before failing.
BUSY_TIMEOUT_SECONDS = 10

_SCHEMA = """
create table if not exists rectifications (
    unit_name text not null,
    project_name text not null,
    year integer not null,
    indicator text not null,
    status text not null check (status in ('open', 'in_progress', 'done')),
    note text not null default '',
    status_date text not null,      -- ISO date the status applies from, as the analyst set it
    updated_at text not null,       -- ISO timestamp (UTC) of the last change
    primary key (unit_name, project_name, year, indicator)
);
create table if not exists rectification_history (
    unit_name text not null,
    project_name text not null,
    year integer not null,
    indicator text not null,
    status text not null,
    note text not null,
    status_date text not null,
    changed_at text not null
);
"""


class RectificationError(Exception):
    """The store cannot be read or written; `str(err)` is a Chinese message naming the file."""


@dataclass(frozen=True)
class ItemKey:
    """What an item is about: a report (unit, project, year), or one of its indicators."""

    unit_name: str
    project_name: str
    year: int | None
    indicator: str = WHOLE_REPORT


@dataclass(frozen=True)
class Item:
    """One followed-up report or indicator, as last set."""

    key: ItemKey
    status: str
    note: str
    status_date: dt.date
    updated_at: dt.datetime


def store_path(warehouse: Path | None = None) -> Path:
    """$JIXIAO_RECTIFICATION if set, else rectification.sqlite beside `warehouse` (by
    default the dashboard's warehouse file)."""
    configured = os.environ.get(STORE_ENV_VAR)
    if configured:
        return Path(configured)
    return (warehouse or db.warehouse_path()).with_name(STORE_NAME)


@contextmanager
def _connect(path: Path | None) -> Iterator[sqlite3.Connection]:
    path = path or store_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as con:
            con.executescript(_SCHEMA)
            with con:  # one transaction: committed on success, rolled back on error
                yield con
    except (OSError, sqlite3.Error) as err:
        raise RectificationError(f"无法读写整改记录文件 {path}（{err}）。") from err


def _year(value: int | None) -> int:
    return UNKNOWN_YEAR if value is None else int(value)


def set_status(
    key: ItemKey,
    status: str,
    note: str = "",
    status_date: dt.date | None = None,
    path: Path | None = None,
) -> Item:
    """Record `status` (one of `STATUSES`) for `key`, replacing its earlier status, and
    append the change to the history.

    Raises:
        ValueError: `status` is not one of `STATUSES`, or the key names no unit/project.
        RectificationError: the store file cannot be written.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown rectification status {status!r}; use one of {STATUSES}")
    if not key.unit_name.strip() or not key.project_name.strip():
        raise ValueError("a rectification item needs the report's unit and project names")
    when = status_date or dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    values = (key.unit_name, key.project_name, _year(key.year), key.indicator, status,
              note.strip(), when.isoformat())  # fmt: skip
    with _connect(path) as con:
        con.execute(
            """insert into rectifications values (?, ?, ?, ?, ?, ?, ?, ?)
               on conflict (unit_name, project_name, year, indicator) do update set
                   status = excluded.status, note = excluded.note,
                   status_date = excluded.status_date, updated_at = excluded.updated_at""",
            (*values, now.isoformat()),
        )
        con.execute(
            "insert into rectification_history values (?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, now.isoformat()),
        )
    return Item(key, status, note.strip(), when, now)


def _item(row: tuple) -> Item:
    unit, project, year, indicator, status, note, status_date, updated_at = row
    key = ItemKey(unit, project, None if year == UNKNOWN_YEAR else year, indicator)
    return Item(
        key, status, note, dt.date.fromisoformat(status_date), dt.datetime.fromisoformat(updated_at)
    )


def items(path: Path | None = None) -> tuple[Item, ...]:
    """Every item as last set, in key order (a missing store holds none)."""
    if not (path or store_path()).exists():
        return ()
    with _connect(path) as con:
        rows = con.execute("select * from rectifications order by 1, 2, 3, 4").fetchall()
    return tuple(_item(row) for row in rows)


def items_or_error(path: Path | None = None) -> tuple[tuple[Item, ...], str | None]:
    """`items()`, or none and the Chinese message when the store cannot be read (a page
    then says so and shows everything else)."""
    try:
        return items(path), None
    except RectificationError as err:
        return (), str(err)


def history(key: ItemKey, path: Path | None = None) -> tuple[Item, ...]:
    """Every status `key` was given, oldest first."""
    if not (path or store_path()).exists():
        return ()
    with _connect(path) as con:
        rows = con.execute(
            """select * from rectification_history
               where unit_name = ? and project_name = ? and year = ? and indicator = ?
               order by changed_at, rowid""",
            (key.unit_name, key.project_name, _year(key.year), key.indicator),
        ).fetchall()
    return tuple(_item(row) for row in rows)
