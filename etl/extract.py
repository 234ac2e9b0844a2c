"""File → ParseResult: pick the reader for the format, then run the pure parser."""

from __future__ import annotations

from pathlib import Path

from etl.errors import ReadError
from etl.parse import parse_lines
from etl.readers.text import read_text
from etl.records import ParseResult

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".md"}


def extract_file(path: Path) -> ParseResult:
    """Read and parse one file. Raises ReadError naming the file when it cannot be read."""
    if not path.is_file():
        raise ReadError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text, encoding = read_text(path)
        if not text.strip():
            raise ReadError(str(path), "the file is empty")
        result = ParseResult(source=str(path), format="txt", encoding=encoding)
        result.reports = parse_lines(text.splitlines(), source=str(path))
        return result
    raise ReadError(str(path), f"unsupported format {suffix or '(no extension)'}")
