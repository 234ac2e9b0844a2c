"""The dashboard's one read-only connection to the warehouse.

The ETL never writes the live file: it builds a new one aside and `os.replace`s it.
A reading process keeps seeing the old snapshot until every connection it holds to
that path is closed, so the cached connection remembers the file it opened (inode and
mtime) and is closed and reopened as soon as the file on disk is a different one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "warehouse.duckdb"
DB_ENV_VAR = "JIXIAO_DB"


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read; `str(err)` is a Chinese message meant for the page."""


@dataclass(frozen=True)
class _OpenWarehouse:
    connection: duckdb.DuckDBPyConnection
    path: Path
    signature: tuple[int, int]  # (inode, mtime_ns) of the file that was opened


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


def _still_current(opened: _OpenWarehouse) -> bool:
    """Cache validator: keep the connection only while it points at the file on disk."""
    if _file_signature(opened.path) == opened.signature:
        return True
    # Close before reopening, or DuckDB would hand the new connection the old snapshot.
    opened.connection.close()
    return False


@st.cache_resource(validate=_still_current, show_spinner=False)
def _open_warehouse(path_text: str) -> _OpenWarehouse:
    # Exceptions are not cached, so a missing file is looked for again on the next run.
    path = Path(path_text)
    signature = _file_signature(path)
    if signature is None:
        raise WarehouseUnavailable(
            f"还没有数据仓库文件 {path}。请在项目根目录运行 `make run`"
            "（或 `python -m etl build`）从 data/raw/ 生成数据，然后刷新本页。"
        )
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise WarehouseUnavailable(
            f"无法打开数据仓库文件 {path}（{err}）。请运行 `python -m etl build` 重新生成。"
        ) from err
    return _OpenWarehouse(connection=connection, path=path, signature=signature)


def warehouse_key() -> str:
    """A string naming the warehouse file and its current version, for cache keys."""
    path = warehouse_path()
    return f"{path}:{_file_signature(path)}"


def get_connection() -> duckdb.DuckDBPyConnection:
    """Return the shared read-only warehouse connection.

    Callers must run each query on their own `con.cursor()` and fetch at once: the
    connection is shared by every browser session's thread.

    Raises:
        WarehouseUnavailable: the file is missing or unreadable (message in Chinese).
    """
    return _open_warehouse(str(warehouse_path())).connection
