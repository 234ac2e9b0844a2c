"""The README's data dictionary must match the warehouse: every table and column, no ghosts."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = "## Data dictionary"


def documented_columns(markdown: str) -> dict[str, set[str]]:
    """{table: {column}} from the section's "### `table`" headings and their markdown tables.

    The first cell of each table row names a column (backticks optional); the header row
    ("column") and the |---| separator are skipped.
    """
    start = markdown.index(SECTION) + len(SECTION)
    following = re.search(r"^## ", markdown[start:], flags=re.MULTILINE)
    section = markdown[start : start + following.start()] if following else markdown[start:]
    tables: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in section.splitlines():
        heading = re.match(r"^###\s+`?(\w+)`?", line)
        if heading:
            current = tables.setdefault(heading.group(1), set())
            continue
        cell = re.match(r"^\|\s*`?([A-Za-z_]\w*)`?\s*\|", line)
        if cell and current is not None and cell.group(1) != "column":
            current.add(cell.group(1))
    return tables


def warehouse_columns(db: Path) -> dict[str, set[str]]:
    """{table or view: {column}} of the warehouse's main schema."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'main'"
        ).fetchall()
    finally:
        con.close()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def test_parser_reads_headings_and_rows() -> None:
    sample = "## Data dictionary\n### `t`\n| column | meaning |\n|---|---|\n| `a` | x |\n## Next\n"
    assert documented_columns(sample) == {"t": {"a"}}


def test_every_table_and_column_is_documented(built_warehouse: Path) -> None:
    documented = documented_columns(README.read_text(encoding="utf-8"))
    actual = warehouse_columns(built_warehouse)
    missing = sorted(
        f"{table}.{column}"
        for table, columns in actual.items()
        for column in columns - documented.get(table, set())
    )
    assert missing == [], f"add to README.md '{SECTION}': {missing}"


def test_no_documented_column_is_a_ghost(built_warehouse: Path) -> None:
    documented = documented_columns(README.read_text(encoding="utf-8"))
    actual = warehouse_columns(built_warehouse)
    ghosts = sorted(
        f"{table}.{column}"
        for table, columns in documented.items()
        for column in columns - actual.get(table, set())
    )
    assert ghosts == [], f"remove from README.md '{SECTION}' or add to etl/sql: {ghosts}"
