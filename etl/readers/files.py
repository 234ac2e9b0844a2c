"""Bytes off the disk, with the reason a person can act on when that fails."""

from __future__ import annotations

from pathlib import Path

from etl.errors import ReadError


def read_bytes(path: Path) -> bytes:
    """The file's content; ReadError naming the file when it cannot be opened or is empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot open the file ({exc.strerror or exc})") from exc
    if not data:
        raise ReadError(str(path), "the file is empty")
    return data
