"""dashboard.queries.outcomes against the demo warehouse, checked with independent pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import outcomes as queries

NO_MATCH = Filters(search="没有这样的项目名称")
MONEY = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}


@pytest.fixture(scope="module")
def raw(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every outcome with its report's year and reporting unit, straight from the tables."""
    return con.execute(
        """
        select o.*, r.year, coalesce(u.name, r.implementing_unit, r.department) as unit_name
        from outcomes as o
        join reports as r using (report_id)
        left join units as u using (unit_id)
        """
    ).df()


def expected_unit_years(raw: pd.DataFrame) -> pd.Series:
    """Largest stated value (money in 万元) per metric, unit and year; no ratios, no cumulative."""
    additive = [key for key, metric in queries.METRICS.items() if metric.kind != "stated"]
    rows = raw[raw["metric"].isin(additive) & (raw["scope"] != "cumulative")].copy()
    rows["std"] = rows["value"] * rows["unit"].map(MONEY).fillna(1.0)
    return rows.groupby(["metric", "unit_name", "year"])["std"].max()


def test_figures_are_every_outcome_in_scope(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    figures = queries.outcome_figures(con, Filters())

    assert tuple(figures.columns) == queries.FIGURE_COLUMNS
    assert len(figures) == len(raw) > 0
    assert figures["metric_label"].notna().all()
    in_2021 = queries.outcome_figures(con, Filters(2021, 2021))
    assert len(in_2021) == (raw["year"] == 2021).sum()
    assert set(in_2021["year"]) == {2021}


def test_money_is_converted_to_wan_yuan(con: duckdb.DuckDBPyConnection) -> None:
    figures = queries.outcome_figures(con, Filters())
    money = figures[figures["unit"].isin(MONEY)]

    assert not money.empty
    assert (money["std_unit"] == "万元").all()
    expected = money["value"] * money["unit"].map(MONEY)
    assert money["value_std"].tolist() == pytest.approx(expected.tolist())
    others = figures[~figures["unit"].isin(MONEY)]
    assert others["value_std"].tolist() == pytest.approx(others["value"].tolist())


def test_unit_years_keep_the_largest_statement_once(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    unit_years = queries.unit_year_outcomes(con, Filters())

    assert tuple(unit_years.columns) == queries.UNIT_YEAR_COLUMNS
    got = unit_years.set_index(["metric", "unit_name", "year"])["value"].sort_index()
    expected = expected_unit_years(raw).sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert got.tolist() == pytest.approx(expected.tolist())
    # Ratios and growth percentages are never added up.
    assert not unit_years["metric"].str.endswith("_growth").any()
    assert "invention_patents_per_10k" not in set(unit_years["metric"])


def test_yearly_totals_sum_units_after_deduplication(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    yearly = queries.yearly_totals(queries.unit_year_outcomes(con, Filters()))

    assert tuple(yearly.columns) == queries.YEARLY_COLUMNS
    expected = expected_unit_years(raw).groupby(["metric", "year"]).sum()
    got = yearly.set_index(["metric", "year"])["value"]
    assert got.sort_index().tolist() == pytest.approx(expected.sort_index().tolist())
    # Several reports of one unit repeat the same figure: a plain sum would be larger.
    trained = raw[(raw["metric"] == "people_trained") & (raw["scope"] != "cumulative")]
    assert got.loc["people_trained"].sum() < trained["value"].sum()
    assert yearly["metric"].iloc[0] == "patent_applications"  # METRICS order


def test_unit_totals_add_flows_and_take_levels_at_the_latest_year() -> None:
    unit_years = pd.DataFrame(
        {
            "metric": ["people_trained"] * 2 + ["invention_patents_held"] * 2,
            "metric_label": ["培训人次"] * 2 + ["有效发明专利拥有量"] * 2,
            "std_unit": ["人次"] * 2 + ["件"] * 2,
            "unit_name": ["甲"] * 4,
            "year": [2020, 2021, 2021, 2020],
            "value": [100.0, 50.0, 900.0, 800.0],
            "report_count": [1, 1, 1, 1],
        }
    )

    totals = queries.unit_totals(unit_years).set_index("metric")

    assert totals.at["people_trained", "value"] == 150.0
    assert totals.at["invention_patents_held", "value"] == 900.0
    assert totals.at["invention_patents_held", "latest_year"] == 2021
    assert totals.index.tolist() == ["invention_patents_held", "people_trained"]


def test_unit_totals_match_the_unit_years(con: duckdb.DuckDBPyConnection) -> None:
    unit_years = queries.unit_year_outcomes(con, Filters())
    totals = queries.unit_totals(unit_years)

    flows = unit_years[unit_years["metric"] == "patent_applications"]
    expected = flows.groupby("unit_name")["value"].sum().sort_values(ascending=False)
    got = totals[totals["metric"] == "patent_applications"]
    assert got["value"].tolist() == pytest.approx(expected.tolist())


def test_latest_year_figures_read_the_last_two_years(con: duckdb.DuckDBPyConnection) -> None:
    yearly = queries.yearly_totals(queries.unit_year_outcomes(con, Filters()))
    year = int(yearly["year"].max())

    figures = {figure.metric: figure for figure in queries.latest_year_figures(yearly)}

    assert list(figures) == list(queries.KPI_METRICS)
    applications = yearly[yearly["metric"] == "patent_applications"].set_index("year")["value"]
    assert figures["patent_applications"].year == year
    assert figures["patent_applications"].value == pytest.approx(applications[year])
    assert figures["patent_applications"].previous == pytest.approx(applications[year - 1])


def test_metric_labels() -> None:
    assert queries.metric_info("patent_grants").label == "专利授权量"
    growth = queries.metric_info("patent_grants_growth")
    assert (growth.label, growth.unit, growth.kind) == ("专利授权量增幅", "%", "stated")
    assert queries.metric_info("something_new").kind == "stated"


def test_nothing_matches_gives_empty_results(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.outcome_figures(con, NO_MATCH).empty
    unit_years = queries.unit_year_outcomes(con, NO_MATCH)
    assert unit_years.empty
    assert queries.yearly_totals(unit_years).empty
    assert queries.unit_totals(unit_years).empty
    assert queries.latest_year_figures(queries.yearly_totals(unit_years)) == []


def test_headline_sources_are_the_figures_the_totals_took(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    year = int(raw["year"].max())
    metrics = ["patent_applications", "people_trained"]
    sources = queries.headline_sources(con, Filters(), year, metrics)

    assert tuple(sources.columns) == queries.HEADLINE_SOURCE_COLUMNS
    expected = expected_unit_years(raw).xs(year, level="year")
    for metric in metrics:
        rows = sources[sources["metric"] == metric]
        # One figure per unit, the one its yearly total took; added up they are the headline.
        assert rows["unit_name"].is_unique
        assert rows["value"].sum() == pytest.approx(expected.loc[metric].sum())
    assert sources["sentence"].notna().all()
    # Every figure says which rule read it, in words (not the rule key).
    assert set(sources["rule_label"]) <= set(queries.RULES.values())
