"""The dashboard's read-only access to the warehouse, safe across a rebuild.

The ETL never writes the live file: it builds a new one aside and `os.replace`s it. Each
version of the file on disk (its inode and mtime) is opened once per process as a
*snapshot*, shared by every browser session's thread. When a new version appears, the
next reader opens a new snapshot beside the old one; the old one is closed only when the
last query still running on it is done, so no session ever sees its connection closed
under it because another one noticed the new file.

A snapshot is an in-memory DuckDB database with the file ATTACHed read-only and a view
per table: DuckDB hands a second `connect()` to the same path the instance it already
has open (the old file), while ATTACH opens the path anew. The views make the snapshot
look like the warehouse itself, so queries name `reports`, not `warehouse.reports`, and
their `con.cursor()` sees the same tables.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "warehouse.duckdb"
DB_ENV_VAR = "JIXIAO_DB"
_CATALOG = "warehouse"  # the attached file's name inside a snapshot


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read; `str(err)` is a Chinese message meant for the page."""


@dataclass(eq=False)
class _Snapshot:
    """One version of the warehouse file, open, with the number of queries using it."""

    connection: duckdb.DuckDBPyConnection
    signature: tuple[int, int]  # (inode, mtime_ns) of the file that was opened
    users: int = 0
    retired: bool = False  # a newer version exists: close when the last user is done


_lock = threading.Lock()
_current: dict[Path, _Snapshot] = {}  # the newest snapshot of each warehouse path


def warehouse_path() -> Path:
    """Where the warehouse file is: $JIXIAO_DB if set, else data/warehouse.duckdb."""
    configured = os.environ.get(DB_ENV_VAR)
    return Path(configured) if configured else DEFAULT_DB


def _file_signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


RAW_ENV_VAR = "JIXIAO_RAW"


def raw_path() -> Path:
    """Where the raw report files are: $JIXIAO_RAW if set, else raw/ beside the warehouse
    (data/raw, what `make build` reads)."""
    configured = os.environ.get(RAW_ENV_VAR)
    return Path(configured) if configured else warehouse_path().with_name("raw")


def warehouse_key() -> str:
    """A string naming the warehouse file and its current version, for cache keys."""
    path = warehouse_path()
    return f"{path}:{_file_signature(path)}"


def _missing(path: Path) -> WarehouseUnavailable:
    return WarehouseUnavailable(
        f"还没有数据仓库文件 {path}。请在项目根目录运行 `make run`"
        "（或 `python -m etl build`）从 data/raw/ 生成数据，然后刷新本页。"
    )


def _open(path: Path, signature: tuple[int, int]) -> _Snapshot:
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"attach ? as {_CATALOG} (read_only)", [str(path)])
        names = connection.execute(
            "select table_name from duckdb_tables() where database_name = $db "
            "union all "
            "select view_name from duckdb_views() where database_name = $db and not internal",
            {"db": _CATALOG},
        ).fetchall()
        for (name,) in names:
            quoted = '"' + name.replace('"', '""') + '"'
            connection.execute(f"create view {quoted} as select * from {_CATALOG}.{quoted}")
    except duckdb.Error as err:
        connection.close()
        if _file_signature(path) is None:
            raise _missing(path) from err
        raise WarehouseUnavailable(
            f"无法打开数据仓库文件 {path}（{err}）。请运行 `python -m etl build` 重新生成。"
        ) from err
    return _Snapshot(connection, signature)


def _retire(snapshot: _Snapshot) -> None:
    """Mark a snapshot as superseded; close it now if nobody is reading it (lock held)."""
    snapshot.retired = True
    if snapshot.users == 0:
        snapshot.connection.close()


def _acquire(path: Path) -> _Snapshot:
    """The snapshot of the file now at `path`, with one more user counted."""
    with _lock:
        signature = _file_signature(path)
        snapshot = _current.get(path)
        if snapshot is None or snapshot.signature != signature:
            if snapshot is not None:
                _retire(_current.pop(path))
            if signature is None:
                raise _missing(path)
            snapshot = _current[path] = _open(path, signature)
        snapshot.users += 1
        return snapshot


def _release(snapshot: _Snapshot) -> None:
    with _lock:
        snapshot.users -= 1
        if snapshot.retired and snapshot.users == 0:
            snapshot.connection.close()


@contextmanager
def reading() -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-only connection to the current warehouse for the length of the block.

    Run each query on its own `con.cursor()` and fetch inside the block: the connection is
    shared by every session's thread, and it is closed once the file has been replaced and
    the last block using it has ended. Nothing done through it can change the file: it is
    attached read-only, and the tables are views (an INSERT is refused).

    Raises:
        WarehouseUnavailable: the file is missing or unreadable (message in Chinese).
    """
    snapshot = _acquire(warehouse_path())
    try:
        yield snapshot.connection
    finally:
        _release(snapshot)


def check_available() -> None:
    """Raise `WarehouseUnavailable` (Chinese message) unless the warehouse can be opened."""
    with reading():
        pass


def close_all() -> None:
    """Close every snapshot nobody is using (tests; a process about to end)."""
    with _lock:
        for path in list(_current):
            _retire(_current.pop(path))
