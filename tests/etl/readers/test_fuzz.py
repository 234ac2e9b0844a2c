"""Fuzzing: real documents of every format, broken (tests/fuzzing.py), go through the whole
read-and-parse path in a budgeted worker. Each either yields reports or is rejected with a
ReadError naming the file; nothing else escapes, and none breaks the time or memory
budget. `benchmarks/fuzz_readers.py` runs thousands of the same cases."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from etl.errors import ReadError
from etl.extract import extract_file
from etl.worker import Budget, BudgetedReader, BudgetExceeded
from tests.fuzzing import SOURCES, mutated

# Far above what a real file takes (well under a second here), far below a runaway. The
# memory cap is the product's own: a damaged PDF page may be read by OCR, whose engine
# needs its room inside a worker forked from this (large) test process.
FUZZ_BUDGET = Budget(seconds=60.0)
# Cases per format on every `make test`; .doc goes through LibreOffice (a second a case).
EXAMPLES = {"txt": 40, "html": 40, "docx": 50, "xlsx": 50, "xls": 25, "pdf": 25, "doc": 6}


@pytest.fixture(scope="module")
def reader() -> Iterator[BudgetedReader]:
    with BudgetedReader(extract_file, FUZZ_BUDGET) as budgeted:
        yield budgeted


def outcome(reader: BudgetedReader, suffix: str, data: bytes) -> str:
    """'reports', 'no reports' or 'rejected'; a breach of the budget fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed.{suffix}"
        path.write_bytes(data)
        try:
            result = reader.read(path)
        except BudgetExceeded as err:
            pytest.fail(f"over the budget: {err}")
        except ReadError as err:
            assert str(path) in str(err), "the reason names the file"
            return "rejected"
    return "reports" if result.reports else "no reports"


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_broken_documents_are_read_or_rejected_never_crash(
    fmt: str, reader: BudgetedReader
) -> None:
    seen: dict[str, int] = {}

    @settings(
        max_examples=EXAMPLES[fmt],
        deadline=None,
        derandomize=True,  # the same cases on every run: CI stays reproducible
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=mutated(fmt))
    def check(case: tuple[str, bytes]) -> None:
        kind = outcome(reader, *case)
        seen[kind] = seen.get(kind, 0) + 1

    check()
    print(fmt, seen)  # shown with -s: how the cases fell
    assert sum(seen.values()) >= EXAMPLES[fmt] // 2  # the cases really ran


def _utf16_page_with_control_bytes() -> bytes:
    from etl.readers.html import decode_html

    source = SOURCES["html"]
    page = bytearray(decode_html(source.read_bytes(), str(source)).text.encode("utf-16-le"))
    for position in range(200, 4000, 97):
        page[position] = 0x03  # control characters inside the text
    return bytes(page)


# What the 10,000-case run found (benchmarks/fuzz_readers.py), kept as plain cases.
FOUND = {
    "html cut after two tags": ("html", b"<!DOCTYPE html>\n<h"),
    "utf-16 page with control characters": ("html", _utf16_page_with_control_bytes()),
    "pdf with a broken dictionary in its page tree": (
        "pdf",
        SOURCES["pdf"].read_bytes().replace(b"/Filter/FlateDecode", b"/Filter\x85FlateDecode", 1),
    ),
}


@pytest.mark.parametrize("case", list(FOUND))
def test_what_fuzzing_found_stays_fixed(case: str, reader: BudgetedReader) -> None:
    assert outcome(reader, *FOUND[case]) in ("reports", "no reports", "rejected")
