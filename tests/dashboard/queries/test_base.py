"""dashboard.queries.base: the filter CTEs against the demo warehouse."""

from __future__ import annotations

import duckdb

from dashboard.filters import Filters
from dashboard.queries.base import rows, with_filters

COUNT_REPORTS = with_filters("select count(*) from filtered_reports")
COUNT_INDICATORS = with_filters("select count(*) from filtered_indicators")


def count(con: duckdb.DuckDBPyConnection, filters: Filters, sql: str = COUNT_REPORTS) -> int:
    return rows(con, sql, filters)[0][0]


def test_no_filters_keep_everything(con: duckdb.DuckDBPyConnection) -> None:
    assert count(con, Filters()) == con.execute("select count(*) from reports").fetchone()[0]
    assert (
        count(con, Filters(), COUNT_INDICATORS)
        == con.execute("select count(*) from indicators").fetchone()[0]
    )


def test_year_range_is_inclusive(con: duckdb.DuckDBPyConnection) -> None:
    (expected,) = con.execute(
        "select count(*) from reports where year between 2019 and 2021"
    ).fetchone()
    assert count(con, Filters(2019, 2021)) == expected > 0


def test_a_bureau_brings_in_its_subordinate_units(con: duckdb.DuckDBPyConnection) -> None:
    (bureau_id, bureau, subordinate) = con.execute(
        """select d.unit_id, d.name, count(distinct r.unit_id)
           from reports r join units d on d.unit_id = r.department_unit_id
           where r.unit_id <> r.department_unit_id
           group by all order by 3 desc limit 1"""
    ).fetchone()
    assert subordinate >= 2
    (expected,) = con.execute(
        "select count(*) from reports where department_unit_id = ? or unit_id = ?",
        [bureau_id, bureau_id],
    ).fetchone()

    units = rows(con, with_filters("select distinct unit_name from filtered_reports"),
                 Filters(units=(bureau,)))  # fmt: skip

    assert count(con, Filters(units=(bureau,))) == expected
    assert len(units) == subordinate + 1  # the bureau's own reports and each subordinate's


def test_category_narrows_indicators_not_reports(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(categories=("满意度指标",))
    (expected,) = con.execute(
        "select count(*) from indicators where level1_category = '满意度指标'"
    ).fetchone()

    assert count(con, filters, COUNT_INDICATORS) == expected > 0
    assert count(con, filters) == count(con, Filters())


def test_search_and_form_kind(con: duckdb.DuckDBPyConnection) -> None:
    (expected,) = con.execute(
        "select count(*) from reports where form_kind = 'form2018' and project_name like '%专利%'"
    ).fetchone()
    assert count(con, Filters(search="专利", form_kinds=("form2018",))) == expected > 0
    assert count(con, Filters(search="%")) == 0  # taken literally, not as a pattern
