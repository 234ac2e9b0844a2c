"""The page files follow the layout convention (README "Dashboard", "Page files")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parents[3] / "app_pages").glob("*.py"))
MAX_LINES = 200
QUERY_CALL = re.compile(r"\bcache\.(run|figure)\(")
SQL = re.compile(r"\b(select|insert|update|delete)\b.+\bfrom\b", re.IGNORECASE)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_page_runs_its_queries_then_lays_out(page: Path) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()

    assert len(lines) <= MAX_LINES
    assert "# layout" in lines, "no `# layout` line after the page's queries"
    layout = lines.index("# layout")
    late = [n + 1 for n, line in enumerate(lines) if n > layout and QUERY_CALL.search(line)]
    assert late == [], f"queries after `# layout` on lines {late}"
    assert not [line for line in lines if SQL.search(line)], "SQL belongs in dashboard/queries"
    assert "import duckdb" not in lines


def test_every_page_is_checked() -> None:
    assert len(PAGES) == 11
