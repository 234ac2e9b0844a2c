"""dashboard.queries.execution on the demo warehouse, against figures computed in pandas.

The expected values come from the raw `reports` and `units` tables, filtered and grouped
here in pandas, not through the dashboard's filter CTEs.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard import theme
from dashboard.filters import Filters
from dashboard.queries import execution as queries
from dashboard.queries.paging import PageRequest

UNIT = "绵阳市科学技术和知识产权局"  # a bureau with subordinate centres in the demo world


@pytest.fixture(scope="module")
def reports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every report with its unit's and 主管部门's canonical names."""
    return con.execute(
        """
        select r.*, coalesce(u.name, r.implementing_unit, r.department) as unit,
               d.name as dept
        from reports r
        left join units u on u.unit_id = r.unit_id
        left join units d on d.unit_id = r.department_unit_id
        """
    ).df()


def in_scope(
    reports: pd.DataFrame, years: tuple[int, int] | None = None, unit: str | None = None
) -> pd.DataFrame:
    keep = pd.Series(True, index=reports.index)
    if years:
        keep &= reports["year"].between(*years)
    if unit:
        keep &= (reports["unit"] == unit) | (reports["dept"] == unit)
    return reports[keep]


def expected_rates(scope: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    both = scope.dropna(subset=["budget", "executed"])
    sums = both.groupby(keys)[["budget", "executed"]].sum()
    sums["rate"] = 100 * sums["executed"] / sums["budget"]
    sums["count"] = both.groupby(keys).size()
    return sums


@pytest.mark.parametrize(
    ("years", "unit"), [(None, None), ((2020, 2022), None), (None, UNIT), ((2023, 2024), UNIT)]
)
def test_unit_rates_are_sums_over_reports_stating_both(
    con: duckdb.DuckDBPyConnection,
    reports: pd.DataFrame,
    years: tuple[int, int] | None,
    unit: str | None,
) -> None:
    filters = Filters(*(years or (None, None)), units=(unit,) if unit else ())
    expected = expected_rates(in_scope(reports, years, unit), ["unit"])

    got = queries.execution_by_unit(con, filters).set_index("unit_name")

    assert set(got.index) == set(expected.index)
    for name, row in expected.iterrows():
        assert got.loc[name, "execution_rate"] == pytest.approx(row["rate"]), name
        assert got.loc[name, "budget"] == pytest.approx(row["budget"]), name
        assert got.loc[name, "report_count"] == row["count"], name
        assert got.loc[name, "band"] == theme.rate_band(row["rate"]), name
    assert list(got["execution_rate"]) == sorted(got["execution_rate"]), "lowest first"


def test_rate_is_not_a_mean_of_report_rates(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    got = queries.execution_by_unit(con, Filters()).set_index("unit_name")
    means = reports.dropna(subset=["budget", "executed"]).groupby("unit")["execution_rate"].mean()
    differs = [u for u in got.index if abs(got.loc[u, "execution_rate"] - means[u]) > 0.5]
    assert differs, "weighting by money must change some unit's rate"


def test_unit_year_cells_match_and_follow_the_year_filter(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    expected = expected_rates(reports, ["unit", "year"])
    cells = queries.execution_by_unit_year(con, Filters()).set_index(["unit_name", "year"])
    assert len(cells) == len(expected)
    for key, row in expected.iterrows():
        assert cells.loc[key, "execution_rate"] == pytest.approx(row["rate"]), key

    narrowed = queries.execution_by_unit_year(con, Filters(2020, 2021))
    assert set(narrowed["year"]) == {2020, 2021}
    assert len(narrowed) == sum(1 for _, year in expected.index if year in (2020, 2021))


def test_one_unit_ranks_its_projects(con: duckdb.DuckDBPyConnection, reports: pd.DataFrame) -> None:
    kind, ranking = queries.execution_ranking(con, Filters(units=(UNIT,)))
    scope = in_scope(reports, unit=UNIT).dropna(subset=["budget", "executed"])

    assert kind == "project"
    assert ranking["label"].is_unique
    assert ranking["report_count"].sum() == len(scope)
    expected = expected_rates(
        scope.assign(key=scope["project_id"].fillna(scope["project_name"])), ["key", "unit"]
    )
    assert len(ranking) == len(expected)
    got = ranking.set_index(["project_key", "unit_name"])
    for key, row in expected.iterrows():
        assert got.loc[key, "execution_rate"] == pytest.approx(row["rate"]), key

    kind, units = queries.execution_ranking(con, Filters())
    assert kind == "unit"
    assert list(units["label"]) == list(units["unit_name"])


def test_band_counts_cover_every_ranked_row(con: duckdb.DuckDBPyConnection) -> None:
    units = queries.execution_by_unit(con, Filters())
    counts = queries.band_counts(units)

    assert tuple(counts) == queries.BAND_ORDER
    assert sum(counts.values()) == len(units)
    assert counts["bad"] == int((units["execution_rate"] < theme.BAND_WARNING).sum())
    assert counts["over"] == int((units["execution_rate"] > theme.BAND_OVER).sum())


def test_funds_by_year_match_the_reports(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    funds = queries.funds_by_year(con, Filters(units=(UNIT,))).set_index("year")
    scope = in_scope(reports, unit=UNIT)
    for year, group in scope.groupby("year"):
        row = funds.loc[year]
        assert row["report_count"] == len(group)
        assert row["fiscal_budget"] == pytest.approx(group["fiscal_budget"].sum())
        assert row["other_budget"] == pytest.approx(group["other_budget"].sum())
        parts = group["fiscal_budget"].fillna(0) + group["other_budget"].fillna(0)
        unsplit = (group["budget"] - parts).clip(lower=0).sum()
        assert row["unsplit_budget"] == pytest.approx(unsplit, abs=1e-6)
    assert len(funds) == scope["year"].nunique()


def test_ranking_reports_are_the_scope_worst_first(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    page = queries.ranking_report_page(con, Filters(2022, 2022), PageRequest(size=None))
    got = page.rows
    expected = in_scope(reports, (2022, 2022))
    assert page.total == len(expected) and page.pages == 1

    assert set(got["report_id"]) == set(expected["report_id"])
    rates = got["execution_rate"].dropna()
    assert list(rates) == sorted(rates)
    unknown = list(got["execution_rate"].isna())
    assert unknown == sorted(unknown), "reports without a rate come last"
    low = got.dropna(subset=["execution_rate"]).iloc[0]
    assert low["band_label"] == theme.BAND_LABELS[theme.rate_band(low["execution_rate"])]


def test_nothing_matches_gives_empty_frames(con: duckdb.DuckDBPyConnection) -> None:
    nothing = Filters(search="没有这样的项目名称")

    assert queries.execution_by_unit(con, nothing).empty
    assert queries.execution_by_unit_year(con, nothing).empty
    assert queries.execution_ranking(con, Filters(units=(UNIT,), search="没有"))[1].empty
    assert queries.funds_by_year(con, nothing).empty
    assert queries.ranking_report_page(con, nothing, PageRequest()).rows.empty
    assert queries.band_counts(queries.execution_by_unit(con, nothing)) == dict.fromkeys(
        queries.BAND_ORDER, 0
    )
