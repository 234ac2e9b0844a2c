"""dashboard.queries.yoy against the demo warehouse, checked with plain SQL and pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import yoy as queries

UNIT = "绵阳市科学技术和知识产权局"
NOTHING = Filters(search="没有这样的项目名称")


@pytest.fixture(scope="module")
def reports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every report with its unit's name and its indicators' met/judged counts."""
    return con.execute(
        """
        select r.report_id, r.year, r.project_id, r.budget, r.executed, r.self_score_total,
               coalesce(u.name, r.implementing_unit, r.department) as unit,
               d.name as department,
               (select count(*) from indicators i where i.report_id = r.report_id
                  and i.completion_status = 'met') as met,
               (select count(*) from indicators i where i.report_id = r.report_id
                  and i.completion_status in ('met', 'partly_met', 'not_met')) as judged
        from reports r
        left join units u on u.unit_id = r.unit_id
        left join units d on d.unit_id = r.department_unit_id
        """
    ).df()


def _expected(group: pd.DataFrame) -> dict[str, float | None]:
    """The four metrics of a set of reports, computed the documented way."""
    both = group.dropna(subset=["budget", "executed"])
    score = group["self_score_total"].dropna()
    return {
        "budget": group["budget"].sum(),
        "execution_rate": 100 * both["executed"].sum() / both["budget"].sum()
        if both["budget"].sum()
        else None,
        "completion_rate": 100 * group["met"].sum() / group["judged"].sum()
        if group["judged"].sum()
        else None,
        "average_self_score": score.mean() if len(score) else None,
    }


def _assert_metrics(row: pd.Series, expected: dict[str, float | None]) -> None:
    for metric, value in expected.items():
        if value is None:
            assert pd.isna(row[metric]), metric
        else:
            assert row[metric] == pytest.approx(value), metric


def test_yearly_by_unit_matches_pandas(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    yearly = queries.yearly_by(con, Filters(), "unit").set_index(["key", "year"])

    grouped = reports.groupby(["unit", "year"])
    assert len(yearly) == grouped.ngroups
    for (unit, year), group in grouped:
        row = yearly.loc[(unit, year)]
        assert row["report_count"] == len(group)
        _assert_metrics(row, _expected(group))


def test_yearly_by_project_matches_pandas(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    yearly = queries.yearly_by(con, Filters(), "project").set_index(["key", "year"])

    grouped = reports.dropna(subset=["project_id"]).groupby(["project_id", "year"])
    assert len(yearly) == grouped.ngroups
    names = dict(con.execute("select project_id, name from projects").fetchall())
    for (project, year), group in grouped:
        row = yearly.loc[(project, year)]
        assert row["name"] == names[project]
        _assert_metrics(row, _expected(group))


def test_totals_by_year_are_ratios_of_sums(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    totals = queries.totals_by_year(queries.yearly_by(con, Filters(), "unit")).set_index("year")

    assert list(totals.index) == sorted(reports["year"].unique())
    for year, group in reports.groupby("year"):
        assert totals.loc[year, "report_count"] == len(group)
        _assert_metrics(totals.loc[year], _expected(group))


def test_unit_filter_narrows_and_years_are_scoped(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    filters = Filters(2020, 2022, units=(UNIT,))
    yearly = queries.yearly_by(con, filters.with_years(None, None), "unit")

    mine = reports[(reports["unit"] == UNIT) | (reports["department"] == UNIT)]
    assert set(yearly["key"]) == set(mine["unit"])
    assert yearly["report_count"].sum() == len(mine)
    assert queries.years_in_scope(yearly, filters) == [2020, 2021, 2022]
    assert queries.default_pair([2020, 2021, 2022], sorted(mine["year"].unique())) == (2022, 2021)


def test_default_pair_reaches_outside_the_scope_and_may_have_no_base() -> None:
    assert queries.default_pair([2020], [2017, 2018, 2020, 2021]) == (2020, 2018)
    assert queries.default_pair([2017], [2017, 2018]) == (2017, None)
    with pytest.raises(ValueError):
        queries.default_pair([], [2017])


def test_compare_years_gives_changes_and_status(con: duckdb.DuckDBPyConnection) -> None:
    yearly = queries.yearly_by(con, Filters(), "project")
    comparison = queries.compare_years(yearly, 2024, 2023)

    in_2024 = set(yearly.loc[yearly["year"] == 2024, "key"])
    in_2023 = set(yearly.loc[yearly["year"] == 2023, "key"])
    assert set(comparison["key"]) == in_2024 | in_2023
    assert comparison["key"].is_unique
    statuses = comparison.set_index("key")["status"]
    assert {k for k, s in statuses.items() if s == "延续"} == in_2024 & in_2023
    assert {k for k, s in statuses.items() if s == "新增"} == in_2024 - in_2023

    by_year = yearly.set_index(["key", "year"])
    for row in comparison[comparison["status"] == "延续"].itertuples():
        before, now = by_year.loc[(row.key, 2023)], by_year.loc[(row.key, 2024)]
        assert row.budget_change == pytest.approx(now["budget"] - before["budget"])
        if pd.notna(now["execution_rate"]) and pd.notna(before["execution_rate"]):
            assert row.execution_rate_change == pytest.approx(
                now["execution_rate"] - before["execution_rate"]
            )
    assert comparison.loc[comparison["status"] != "延续", "budget_change"].isna().all()


def test_biggest_movers_are_the_extremes(con: duckdb.DuckDBPyConnection) -> None:
    comparison = queries.compare_years(queries.yearly_by(con, Filters(), "project"), 2024, 2023)
    movers = queries.biggest_movers(comparison, "execution_rate", n=3)

    changes = comparison["execution_rate_change"].dropna()
    rises = sorted(changes[changes > 0], reverse=True)[:3]
    falls = sorted(changes[changes < 0])[:3]
    assert sorted(movers["change"]) == pytest.approx(sorted(rises + falls))
    assert movers["change"].is_monotonic_increasing
    assert set(movers["direction"]) <= {"上升", "下降"}
    with pytest.raises(ValueError):
        queries.biggest_movers(comparison, "grade")


def test_multi_year_table_aligns_series_with_years(con: duckdb.DuckDBPyConnection) -> None:
    yearly = queries.yearly_by(con, Filters(), "project")
    years = list(range(2017, 2025))
    table = queries.multi_year_table(yearly, years, min_years=2)

    reported = yearly.groupby("key")["year"].nunique()
    assert set(table["key"]) == set(reported[reported >= 2].index)
    by_year = yearly.set_index(["key", "year"])
    for row in table.head(10).itertuples():
        assert len(row.budget_series) == len(years)
        for year, value in zip(years, row.budget_series, strict=True):
            if (row.key, year) in by_year.index:
                assert value == pytest.approx(round(by_year.loc[(row.key, year), "budget"], 2))
            else:
                assert value is None
        known = [v for v in row.budget_series if v is not None]
        assert row.budget == pytest.approx(known[-1])


def test_without_gaps_leaves_sparklines_only_the_reported_years(
    con: duckdb.DuckDBPyConnection,
) -> None:
    yearly = queries.yearly_by(con, Filters(), "project")
    table = queries.multi_year_table(yearly, list(range(2017, 2025)), min_years=2)
    gaps = table["budget_series"].map(lambda series: None in series)
    assert gaps.any()  # recurring projects missing a year in between

    shown = queries.without_gaps(table)

    for metric in queries.METRICS:
        assert not shown[f"{metric}_series"].map(lambda series: None in series).any()
    assert (shown["budget_series"].map(len) <= table["years_reported"]).all()
    first = table[gaps].iloc[0]
    assert shown.loc[first.name, "budget_series"] == [
        v for v in first["budget_series"] if v is not None
    ]
    assert table["budget_series"].map(len).eq(8).all()  # the query's lists stay aligned


def test_empty_scope_gives_empty_frames(con: duckdb.DuckDBPyConnection) -> None:
    yearly = queries.yearly_by(con, NOTHING, "unit")

    assert yearly.empty
    assert queries.years_in_scope(yearly, NOTHING) == []
    assert queries.totals_by_year(yearly).empty
    assert queries.compare_years(yearly, 2024, 2023).empty
    assert queries.multi_year_table(yearly, [2023, 2024]).empty
    assert queries.comparison_by(con, NOTHING, "project", 2024, None).empty
    assert queries.multi_year_by(con, NOTHING, "project", (2023, 2024), 2).empty


def test_trend_labels_need_a_change_beyond_two_points() -> None:
    # +2.5 points: 改善; exactly −2 (not beyond): 持平; −3: 下降; unknown: none.
    assert [queries.trend(change) for change in (2.5, -2.0, 0.0, -3.0, None)] == [
        "改善", "持平", "持平", "下降", None
    ]  # fmt: skip


def test_compare_years_labels_the_trend_of_every_rate(con: duckdb.DuckDBPyConnection) -> None:
    yearly = queries.yearly_by(con, Filters(), "unit")
    comparison = queries.compare_years(yearly, 2022, 2021)
    for metric in queries.TREND_METRICS:
        expected = comparison[f"{metric}_change"].map(queries.trend)
        assert comparison[f"{metric}_trend"].equals(expected)
    labels = set(comparison["execution_rate_trend"].dropna())
    assert labels <= {"改善", "持平", "下降"} and len(labels) > 1
