"""dashboard.queries.indicators against the demo warehouse, checked with plain SQL/pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import indicators as queries
from dashboard.queries.paging import PageRequest

UNIT = "绵阳市科学技术和知识产权局"
NOTHING = Filters(search="没有这样的项目名称")


@pytest.fixture(scope="module")
def raw(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every indicator with its report's year and the unit/department canonical names."""
    return con.execute(
        """
        select i.*, r.year, u.name as unit, d.name as department
        from indicators i
        join reports r using (report_id)
        left join units u on u.unit_id = r.unit_id
        left join units d on d.unit_id = r.department_unit_id
        """
    ).df()


def _completion_rate(group: pd.DataFrame) -> float | None:
    judged = group["completion_status"].isin(["met", "partly_met", "not_met"]).sum()
    met = (group["completion_status"] == "met").sum()
    return 100 * met / judged if judged else None


def _of_unit(raw: pd.DataFrame, unit: str) -> pd.DataFrame:
    return raw[(raw["unit"] == unit) | (raw["department"] == unit)]


def test_totals_count_every_status(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame) -> None:
    totals = queries.indicator_totals(con, Filters())

    statuses = raw["completion_status"].value_counts()
    assert totals.indicator_count == len(raw) > 0
    assert totals.met == statuses.get("met", 0)
    assert totals.partly_met == statuses.get("partly_met", 0)
    assert totals.not_met == statuses.get("not_met", 0)
    assert totals.not_judgeable == statuses.get("not_judgeable", 0)
    assert totals.judged == totals.met + totals.partly_met + totals.not_met
    assert totals.completion_rate == pytest.approx(_completion_rate(raw))
    quantified = raw["target_number"].notna() & ~raw["target_qualitative"].fillna(False)
    assert totals.quantified == quantified.sum()
    assert totals.quantified_share == pytest.approx(100 * quantified.mean())


def test_breakdown_by_category_matches_pandas(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    breakdown = queries.completion_breakdown(con, Filters(), "category").set_index("label")

    grouped = raw.assign(label=raw["level1_category"].fillna(queries.UNCATEGORIZED))
    for label, group in grouped.groupby("label"):
        row = breakdown.loc[label]
        assert row["indicator_count"] == len(group), label
        assert row["not_judgeable"] == (group["completion_status"] == "not_judgeable").sum()
        assert row["completion_rate"] == pytest.approx(_completion_rate(group)), label
    assert breakdown["indicator_count"].sum() == len(raw)


def test_breakdown_by_unit_and_year_follows_the_filters(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    filters = Filters(2020, 2022, units=(UNIT,))
    expected = _of_unit(raw, UNIT)
    expected = expected[expected["year"].between(2020, 2022)]

    by_year = queries.completion_breakdown(con, filters, "year")
    by_unit = queries.completion_breakdown(con, filters, "unit")

    assert list(by_year["label"]) == ["2020", "2021", "2022"]
    assert by_year["indicator_count"].sum() == by_unit["indicator_count"].sum() == len(expected)
    for year, group in expected.groupby("year"):
        row = by_year.set_index("label").loc[str(year)]
        assert row["completion_rate"] == pytest.approx(_completion_rate(group))


def test_category_filter_keeps_only_that_category(con: duckdb.DuckDBPyConnection) -> None:
    breakdown = queries.completion_breakdown(con, Filters(categories=("产出指标",)), "category")

    assert list(breakdown["label"]) == ["产出指标"]


def test_shortfalls_list_partly_met_not_met_and_explained_unjudgeable(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    page = queries.shortfall_page(con, Filters(units=(UNIT,)), PageRequest(size=None))
    shortfalls = page.rows

    scoped = _of_unit(raw, UNIT)
    has_reason = scoped["deviation_reason"].fillna("").str.strip() != ""
    short = scoped["completion_status"].isin(["partly_met", "not_met"])
    expected = scoped[short | ((scoped["completion_status"] == "not_judgeable") & has_reason)]
    assert len(shortfalls) == len(expected) == page.total > 0
    assert shortfalls["reason_missing"].sum() == (short & ~has_reason).sum()
    assert queries.shortfall_counts(con, Filters(units=(UNIT,))) == (
        len(expected),
        (short & ~has_reason).sum(),
    )
    # Worst first: every not_met row comes before the partly_met ones.
    order = shortfalls["completion_status"].map({"not_met": 0, "partly_met": 1}).fillna(2)
    assert order.is_monotonic_increasing


def test_target_vs_actual_keeps_comparable_numbers(
    con: duckdb.DuckDBPyConnection, raw: pd.DataFrame
) -> None:
    points = queries.target_vs_actual(con, Filters())

    comparable = (
        (raw["target_number"] > 0)
        & (raw["actual_number"] > 0)
        & ~raw["target_qualitative"].fillna(False)
        & raw["target_unit"].notna()
        & (raw["actual_unit"].isna() | (raw["actual_unit"] == raw["target_unit"]))
    )
    assert len(points) == comparable.sum() > 0
    assert (points["target_number"] > 0).all() and (points["actual_number"] > 0).all()


def test_empty_scope_gives_empty_results(con: duckdb.DuckDBPyConnection) -> None:
    totals = queries.indicator_totals(con, NOTHING)

    assert totals.indicator_count == 0
    assert totals.completion_rate is None and totals.quantified_share is None
    for by in ("category", "unit", "year"):
        assert queries.completion_breakdown(con, NOTHING, by).empty
    assert queries.shortfall_page(con, NOTHING, PageRequest()).rows.empty
    assert queries.shortfall_counts(con, NOTHING) == (0, 0)
    assert queries.target_vs_actual(con, NOTHING).empty


def test_unknown_dimension_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="dimension"):
        queries.completion_breakdown(con, Filters(), "project")  # type: ignore[arg-type]
