"""dashboard.queries.library against the demo warehouse."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries import library
from dashboard.queries.paging import PageRequest

EVERYTHING = PageRequest(size=None)


def test_the_library_lists_every_named_indicator_once(con: duckdb.DuckDBPyConnection) -> None:
    page = library.library_page(con, Filters(), EVERYTHING)

    (stored,) = con.execute("select count(*) from indicator_library").fetchone()
    assert page.total == len(page.rows) == stored
    assert page.rows["indicator_key"].is_unique
    assert page.rows["report_count"].is_monotonic_decreasing  # the most used first
    assert library.library_size(con, Filters()) == (
        stored,
        con.execute("select count(*) from indicator_names").fetchone()[0],
    )


def test_an_indicators_figures_come_from_its_rows(con: duckdb.DuckDBPyConnection) -> None:
    top = library.library_page(con, Filters(), PageRequest(size=1)).rows.iloc[0]
    reports, units, years, met, judged = con.execute(
        """select count(distinct i.report_id), count(distinct r.unit_id),
                  count(distinct r.year),
                  count(*) filter (where completion_status = 'met'),
                  count(*) filter (where completion_status in ('met','partly_met','not_met'))
           from indicator_names n join indicators i using (report_id, indicator_index)
           join reports r using (report_id) where n.indicator_key = ?""",
        [top["indicator_key"]],
    ).fetchone()

    assert (top["report_count"], top["unit_count"], top["years_used"]) == (reports, units, years)
    assert top["completion_rate"] == pytest.approx(100 * met / judged)
    assert top["typical_target"]


def test_searching_finds_an_indicator_by_name(con: duckdb.DuckDBPyConnection) -> None:
    found = library.library_page(con, Filters(), PageRequest(search="满意度")).rows

    assert len(found) > 1
    assert found["indicator_key"].str.contains("满意度").all()


def test_the_uses_of_an_indicator_follow_the_filters(con: duckdb.DuckDBPyConnection) -> None:
    (key, year) = con.execute(
        """select n.indicator_key, max(r.year) from indicator_names n
           join reports r using (report_id) group by 1 order by count(*) desc, 1 limit 1"""
    ).fetchone()
    every = library.uses_page(con, Filters(), EVERYTHING, key)
    latest = library.uses_page(con, Filters(year_from=year, year_to=year), EVERYTHING, key)

    assert every.total > latest.total > 0
    assert set(latest.rows["year"]) == {year}
    assert every.rows["report_id"].notna().all()
    (rows,) = con.execute(
        "select count(*) from indicator_names where indicator_key = ?", [key]
    ).fetchone()
    assert every.total == rows
