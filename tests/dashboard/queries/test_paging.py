"""Detail tables paged in SQL: pages that add up to the whole table, search, sort."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import reports
from dashboard.queries.paging import PageRequest, fetch_page


def test_pages_add_up_to_the_whole_table_in_its_order(con: duckdb.DuckDBPyConnection) -> None:
    whole = reports.list_reports(con, Filters())
    first = fetch_page(con, reports.REPORTS, Filters(), PageRequest(1, 100))
    pages = [
        fetch_page(con, reports.REPORTS, Filters(), PageRequest(n, 100)).rows
        for n in range(1, first.pages + 1)
    ]

    assert first.total == len(whole) and first.pages == -(-len(whole) // 100)
    assert all(len(page) == 100 for page in pages[:-1])
    assert list(pd.concat(pages)["report_id"]) == list(whole["report_id"])


def test_search_and_sort_apply_before_the_cut(con: duckdb.DuckDBPyConnection) -> None:
    request = PageRequest(1, 5, sort="budget", descending=True, search="专利")
    page = fetch_page(con, reports.REPORTS, Filters(year_from=2022), request)
    everything = reports.list_reports(con, Filters(year_from=2022))
    text = everything[["department_name", "unit_name", "project_name", "grade", "source_file"]]
    matching = everything[text.fillna("").agg(" ".join, axis=1).str.contains("专利")]

    assert page.total == len(matching) > 5
    assert list(page.rows["budget"]) == sorted(matching["budget"].dropna(), reverse=True)[:5]


def test_the_table_filters_and_the_search_are_separate(con: duckdb.DuckDBPyConnection) -> None:
    # The sidebar's project-name filter and the table's own search both narrow.
    both = fetch_page(con, reports.REPORTS, Filters(search="专利"), PageRequest(search="2022"))
    assert both.total > 0
    assert both.rows["project_name"].str.contains("专利").all()


def test_only_the_query_s_own_columns_sort(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="cannot sort"):
        fetch_page(con, reports.REPORTS, Filters(), PageRequest(sort="1; drop table reports"))
