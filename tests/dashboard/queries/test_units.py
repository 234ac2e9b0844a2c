"""dashboard.queries.units against the demo warehouse, checked with independent pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import units as queries

NO_MATCH = Filters(search="没有这样的项目名称")


@pytest.fixture(scope="module")
def reports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every report with its reporting unit's canonical name, straight from the tables."""
    return con.execute(
        """
        select r.report_id, r.year, r.budget, r.executed, r.self_score_total,
               coalesce(u.name, r.implementing_unit, r.department) as unit_name
        from reports as r left join units as u using (unit_id)
        """
    ).df()


@pytest.fixture(scope="module")
def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select report_id, completion_status, level1_category from indicators").df()


@pytest.fixture(scope="module")
def flags(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return (
        con.execute(
            "select report_id, count(*) as n from quality_flags where severity <> 'info' group by 1"
        )
        .df()
        .set_index("report_id")["n"]
    )


def expected_metrics(
    reports: pd.DataFrame, indicators: pd.DataFrame, flags: pd.Series, unit: str
) -> dict[str, float]:
    """One unit's figures computed in pandas from the raw tables."""
    own = reports[reports["unit_name"] == unit]
    both = own.dropna(subset=["budget", "executed"])
    status = indicators[indicators["report_id"].isin(own["report_id"])]["completion_status"]
    judged = status.isin(["met", "partly_met", "not_met"]).sum()
    n_flags = int(own["report_id"].map(flags).fillna(0).sum())
    return {
        "report_count": len(own),
        "budget_total": own["budget"].sum(),
        "executed_total": own["executed"].sum(),
        "execution_rate": both["executed"].sum() / both["budget"].sum() * 100,
        "indicators_met": (status == "met").sum(),
        "completion_rate": (status == "met").sum() / judged * 100,
        "average_self_score": own["self_score_total"].mean(),
        "quality_flag_count": n_flags,
        "flags_per_report": n_flags / len(own),
    }


def test_choices_count_reports_per_unit_most_first(
    con: duckdb.DuckDBPyConnection, reports: pd.DataFrame
) -> None:
    choices = queries.unit_choices(con, Filters())

    expected = reports.dropna(subset=["unit_name"]).groupby("unit_name").size()
    assert (
        dict(zip(choices["unit_name"], choices["report_count"], strict=True)) == expected.to_dict()
    )
    assert choices["report_count"].is_monotonic_decreasing
    top = queries.default_units(choices)
    assert top == choices["unit_name"].head(queries.DEFAULT_COMPARED).tolist()
    assert len(top) == queries.DEFAULT_COMPARED


def test_unit_metrics_match_an_independent_computation(
    con: duckdb.DuckDBPyConnection,
    reports: pd.DataFrame,
    indicators: pd.DataFrame,
    flags: pd.Series,
) -> None:
    units = tuple(queries.default_units(queries.unit_choices(con, Filters()), 3))

    metrics = queries.unit_metrics(con, Filters(), units)

    assert tuple(metrics.columns) == queries.UNIT_METRIC_COLUMNS
    assert tuple(metrics["unit_name"]) == units  # the order the user picked
    for _, row in metrics.iterrows():
        expected = expected_metrics(reports, indicators, flags, row["unit_name"])
        for column, value in expected.items():
            assert row[column] == pytest.approx(value), (row["unit_name"], column)


def test_order_follows_the_selection(con: duckdb.DuckDBPyConnection) -> None:
    units = tuple(reversed(queries.default_units(queries.unit_choices(con, Filters()), 3)))

    assert tuple(queries.unit_metrics(con, Filters(), units)["unit_name"]) == units
    years = queries.unit_years(con, Filters(), units)
    assert tuple(dict.fromkeys(years["unit_name"])) == units


def test_unit_years_add_up_to_the_unit_totals(con: duckdb.DuckDBPyConnection) -> None:
    units = tuple(queries.default_units(queries.unit_choices(con, Filters())))
    metrics = queries.unit_metrics(con, Filters(), units).set_index("unit_name")

    years = queries.unit_years(con, Filters(), units)

    assert tuple(years.columns) == queries.UNIT_YEAR_COLUMNS
    summed = years.groupby("unit_name")[["report_count", "budget_total"]].sum()
    for unit in units:
        assert summed.at[unit, "report_count"] == metrics.at[unit, "report_count"]
        assert summed.at[unit, "budget_total"] == pytest.approx(metrics.at[unit, "budget_total"])
    for _, group in years.groupby("unit_name"):
        assert group["year"].is_monotonic_increasing


def test_year_and_category_filters_narrow_the_figures(
    con: duckdb.DuckDBPyConnection,
    reports: pd.DataFrame,
    indicators: pd.DataFrame,
    flags: pd.Series,
) -> None:
    units = tuple(queries.default_units(queries.unit_choices(con, Filters()), 2))

    in_2020 = queries.unit_metrics(con, Filters(2020, 2020), units)
    outputs = queries.unit_metrics(con, Filters(categories=("产出指标",)), units)

    for _, row in in_2020.iterrows():
        expected = expected_metrics(reports[reports["year"] == 2020], indicators, flags,
                                    row["unit_name"])  # fmt: skip
        assert row["report_count"] == expected["report_count"]
        assert row["execution_rate"] == pytest.approx(expected["execution_rate"])
    only_outputs = indicators[indicators["level1_category"] == "产出指标"]
    for _, row in outputs.iterrows():
        expected = expected_metrics(reports, only_outputs, flags, row["unit_name"])
        assert row["completion_rate"] == pytest.approx(expected["completion_rate"])
        assert row["report_count"] == expected["report_count"]  # reports are not narrowed


def test_nothing_matches_gives_empty_frames(con: duckdb.DuckDBPyConnection) -> None:
    units = tuple(queries.default_units(queries.unit_choices(con, Filters())))

    assert queries.unit_choices(con, NO_MATCH).empty
    assert queries.default_units(queries.unit_choices(con, NO_MATCH)) == []
    empty = queries.unit_metrics(con, NO_MATCH, units)
    assert empty.empty and tuple(empty.columns) == queries.UNIT_METRIC_COLUMNS
    assert queries.unit_years(con, NO_MATCH, units).empty
    assert queries.unit_metrics(con, Filters(), ()).empty
