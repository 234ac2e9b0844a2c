"""dashboard.queries.overview on the demo warehouse, against plain SQL over the raw tables."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import execution
from dashboard.queries import overview as queries

UNIT = "绵阳市科学技术和知识产权局"

# The scope's reports without the dashboard's CTEs: a year range and one unit (the
# report's own unit or its 主管部门), both optional.
SCOPE = """
select r.*, coalesce(u.name, r.implementing_unit, r.department) as unit
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.year between $low and $high
  and ($unit::varchar is null or u.name = $unit or d.name = $unit)
"""


def expected_year(
    con: duckdb.DuckDBPyConnection, year: int, unit: str | None = None, category: str | None = None
) -> dict[str, float]:
    """Every KPI of one year, computed from the raw tables."""
    params = {"low": year, "high": year, "unit": unit}
    (row,) = con.execute(
        f"""
        with s as ({SCOPE})
        select count(*), count(distinct coalesce(project_id, project_name)),
               count(distinct unit), sum(budget), sum(executed),
               100 * sum(executed) filter (where budget is not null)
                   / sum(budget) filter (where executed is not null),
               avg(self_score_total)
        from s
        """,
        params,
    ).fetchall()
    (met, judged) = con.execute(
        f"""
        with s as ({SCOPE})
        select count(*) filter (where i.completion_status = 'met'),
               count(*) filter (where i.completion_status <> 'not_judgeable')
        from indicators i join s using (report_id)
        where $category::varchar is null or i.level1_category = $category
        """,
        {**params, "category": category},
    ).fetchone()
    (flags,) = con.execute(
        f"""
        with s as ({SCOPE})
        select count(*) from quality_flags q join s using (report_id)
        where q.severity in ('error', 'warning')
        """,
        params,
    ).fetchone()
    keys = ("report_count", "project_count", "unit_count", "budget_total", "executed_total",
            "execution_rate", "average_self_score")  # fmt: skip
    return {
        **dict(zip(keys, row, strict=True)),
        "completion_rate": 100 * met / judged if judged else None,
        "quality_flag_count": flags,
    }


def assert_row_matches(row: pd.Series, expected: dict[str, float]) -> None:
    for key, value in expected.items():
        if value is None:
            assert pd.isna(row[key]), key
        else:
            assert row[key] == pytest.approx(value), key


def test_every_year_matches_the_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    kpis = queries.kpis_by_year(con, Filters())
    years = [y for (y,) in con.execute("select distinct year from reports order by 1").fetchall()]

    assert tuple(kpis.columns) == queries.KPI_COLUMNS
    assert list(kpis["year"]) == years
    for _, row in kpis.iterrows():
        assert_row_matches(row, expected_year(con, int(row["year"])))


def test_unit_and_category_filters_narrow_the_kpis(con: duckdb.DuckDBPyConnection) -> None:
    category = "产出指标"
    filters = Filters(2022, 2024, units=(UNIT,), categories=(category,))
    kpis = queries.kpis_by_year(con, filters)
    everything = queries.kpis_by_year(con, Filters()).set_index("year")

    assert list(kpis["year"]) == [2022, 2023, 2024]
    for _, row in kpis.iterrows():
        year = int(row["year"])
        assert_row_matches(row, expected_year(con, year, UNIT, category))
        assert row["report_count"] < everything.loc[year, "report_count"]


def test_latest_year_is_compared_with_the_one_before(con: duckdb.DuckDBPyConnection) -> None:
    kpis = queries.kpis_by_year(con, Filters(2020, 2023))
    latest = queries.latest_kpis(kpis)

    assert (latest.year, latest.previous_year) == (2023, 2022)
    reports = latest.values["report_count"]
    assert reports.current == expected_year(con, 2023)["report_count"]
    assert reports.delta == reports.current - expected_year(con, 2022)["report_count"]


def test_a_single_year_has_no_deltas(con: duckdb.DuckDBPyConnection) -> None:
    latest = queries.latest_kpis(queries.kpis_by_year(con, Filters(2021, 2021)))

    assert (latest.year, latest.previous_year) == (2021, None)
    assert all(value.delta is None for value in latest.values.values())
    assert queries.latest_kpis(queries.kpis_by_year(con, Filters(search="没有"))) is None


def test_worst_flags_put_errors_first_one_per_report(con: duckdb.DuckDBPyConnection) -> None:
    flags = queries.worst_flags(con, Filters(), limit=10)
    (reports_with_serious,) = con.execute(
        "select count(distinct report_id) from quality_flags where severity in ('error','warning')"
    ).fetchone()

    assert len(flags) == min(10, reports_with_serious)
    assert flags["report_id"].is_unique
    ranks = [0 if s == "error" else 1 for s in flags["severity"]]
    assert ranks == sorted(ranks)
    for row in flags.itertuples():
        (count,) = con.execute(
            "select count(*) from quality_flags where report_id = ? "
            "and severity in ('error','warning')",
            [row.report_id],
        ).fetchone()
        assert row.report_flag_count == count
        (exists,) = con.execute(
            "select count(*) from quality_flags where report_id = ? and message = ?",
            [row.report_id, row.message],
        ).fetchone()
        assert exists


def test_worst_flags_follow_the_filters(con: duckdb.DuckDBPyConnection) -> None:
    flags = queries.worst_flags(con, Filters(2019, 2020, units=(UNIT,)), limit=50)
    scope = {
        rid
        for (rid,) in con.execute(
            f"select report_id from ({SCOPE})", {"low": 2019, "high": 2020, "unit": UNIT}
        ).fetchall()
    }

    assert not flags.empty
    assert set(flags["report_id"]) <= scope
    assert set(flags["year"]) <= {2019, 2020}
    assert queries.worst_flags(con, Filters(search="没有")).empty


def test_units_needing_attention_are_in_the_warning_bands_most_unspent_first(
    con: duckdb.DuckDBPyConnection,
) -> None:
    units = execution.execution_by_unit(con, Filters(2024, 2024))
    lowest = queries.lowest_units(units, 3)

    assert 0 < len(lowest) <= 3
    assert set(lowest["band"]) <= {"bad", "warning"}  # never a unit in the green
    unspent = list(lowest["budget"] - lowest["executed"])
    assert unspent == sorted(unspent, reverse=True)
    flagged = units[units["band"].isin(["bad", "warning"])]
    assert unspent[0] == (flagged["budget"] - flagged["executed"]).max()
    # a scope where every unit is in the green lists none
    green = units[units["band"] == "good"]
    assert queries.lowest_units(green).empty
    assert queries.lowest_units(units.iloc[0:0]).empty
