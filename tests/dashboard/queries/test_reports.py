"""dashboard.queries.reports against a real warehouse built from the seed reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries import reports as queries


@pytest.fixture
def con(seed_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(seed_warehouse), read_only=True)
    yield connection
    connection.close()


def test_unfiltered_list_has_every_report_once(con: duckdb.DuckDBPyConnection) -> None:
    reports = queries.list_reports(con, Filters())

    assert tuple(reports.columns) == queries.REPORT_COLUMNS
    (expected,) = con.execute("select count(*) from reports").fetchone()
    assert len(reports) == expected > 0
    assert reports["report_id"].is_unique


def test_quality_flag_count_matches_the_flags_table(con: duckdb.DuckDBPyConnection) -> None:
    reports = queries.list_reports(con, Filters()).set_index("report_id")
    flags = dict(
        con.execute("select report_id, count(*) from quality_flags group by report_id").fetchall()
    )

    for report_id, count in reports["quality_flag_count"].items():
        assert count == flags.get(report_id, 0), report_id


def test_year_filter_keeps_only_that_year(con: duckdb.DuckDBPyConnection) -> None:
    years = [y for (y,) in con.execute("select distinct year from reports order by 1").fetchall()]
    assert years

    total = 0
    for year in years:
        reports = queries.list_reports(con, Filters(year, year))
        assert set(reports["year"]) == {year}
        total += len(reports)
    assert total == len(queries.list_reports(con, Filters()))  # every report has a year
    assert queries.list_reports(con, Filters(1900, 1900)).empty


def test_search_matches_part_of_a_project_name(con: duckdb.DuckDBPyConnection) -> None:
    (name,) = con.execute(
        "select project_name from reports where project_name is not null limit 1"
    ).fetchone()
    fragment = name[1:3] if len(name) >= 3 else name

    reports = queries.list_reports(con, Filters(search=f"  {fragment} "))

    assert not reports.empty
    assert all(fragment in project for project in reports["project_name"])
    assert queries.list_reports(con, Filters(search="不存在的项目名称")).empty


def test_search_text_is_literal_not_a_pattern(con: duckdb.DuckDBPyConnection) -> None:
    # With LIKE, "%" and "_" would match every name; user text must be taken literally.
    assert queries.list_reports(con, Filters(search="%")).empty
    assert queries.list_reports(con, Filters(search="_")).empty


def test_blank_search_and_no_year_keep_everything(con: duckdb.DuckDBPyConnection) -> None:
    everything = queries.list_reports(con, Filters())
    assert len(queries.list_reports(con, Filters(search="   "))) == len(everything)


def test_summary_rate_uses_reports_with_both_figures(con: duckdb.DuckDBPyConnection) -> None:
    reports = queries.list_reports(con, Filters())
    both = reports.dropna(subset=["budget", "executed"])

    totals = queries.report_totals(con, Filters())

    assert totals.report_count == len(reports)
    assert totals.budget_total == pytest.approx(reports["budget"].sum())
    assert totals.executed_total == pytest.approx(reports["executed"].sum())
    assert totals.execution_rate == pytest.approx(
        100 * both["executed"].sum() / both["budget"].sum()
    )


def test_summary_of_nothing_has_no_rate(con: duckdb.DuckDBPyConnection) -> None:
    totals = queries.report_totals(con, Filters(1900, 1900))
    assert (totals.report_count, totals.budget_total, totals.execution_rate) == (0, 0.0, None)
