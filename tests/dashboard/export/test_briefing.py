"""dashboard.export.briefing against the demo warehouse: figures equal plain SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard import theme
from dashboard.export.briefing import build_briefing
from dashboard.filters import Filters

UNIT = "绵阳市科学技术和知识产权局"


def test_kpis_are_the_latest_year_against_the_one_before(con: duckdb.DuckDBPyConnection) -> None:
    briefing = build_briefing(con, Filters(), today=dt.date(2026, 1, 2))
    (year, budget, rate) = con.execute(
        """select year, sum(budget),
                  sum(executed) filter (where budget is not null and executed is not null)
                  / sum(budget) filter (where budget is not null and executed is not null) * 100
           from reports group by year order by year desc limit 1"""
    ).fetchone()

    kpis = {kpi.label: kpi for kpi in briefing.kpis}
    assert kpis["预算总额"].value == theme.format_amount(budget)
    assert kpis["预算执行率"].value == theme.format_percent(rate)
    assert f"{year}年" in briefing.period_caption
    assert briefing.created == dt.date(2026, 1, 2)
    assert briefing.scope == "全部年度；全部单位"


def test_every_chart_has_a_title_and_a_takeaway_from_the_data(
    con: duckdb.DuckDBPyConnection,
) -> None:
    briefing = build_briefing(con, Filters())
    (lowest_unit, lowest_rate) = con.execute(
        """select u.name, sum(executed) / sum(budget) * 100 as rate
           from reports r join units u on u.unit_id = r.unit_id
           where budget is not null and executed is not null
           group by u.name order by rate limit 1"""
    ).fetchone()

    keys = [chart.key for chart in briefing.charts]
    assert keys == ["trend_by_year", "execution_by_unit", "completion_by_category"]
    assert [chart.key for chart in briefing.appendix] == ["flags_by_code"]
    assert all(chart.title and chart.takeaway for chart in briefing.charts)
    by_unit = briefing.charts[1].takeaway
    assert by_unit.startswith(f"预算执行率最低：{lowest_unit} {theme.format_percent(lowest_rate)}")


@pytest.mark.parametrize("filters", [Filters(), Filters(2020, 2022, units=(UNIT,))])
def test_detail_tables_hold_every_row_in_scope(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> None:
    where, params = "true", []
    if filters.units:
        where = """year between ? and ? and (unit_id in (select unit_id from units where name = ?)
                   or department_unit_id in (select unit_id from units where name = ?))"""
        params = [filters.year_from, filters.year_to, UNIT, UNIT]
    counts = {
        table: con.execute(
            f"select count(*) from {table} where report_id in "
            f"(select report_id from reports where {where})",
            params,
        ).fetchone()[0]
        for table in ("indicators", "outcomes", "quality_flags")
    }
    (reports,) = con.execute(f"select count(*) from reports where {where}", params).fetchone()

    tables = {table.name: table for table in build_briefing(con, filters).tables}

    assert [len(tables[name].frame) for name in ("报告", "绩效指标", "产出成效", "质量问题")] == [
        reports, counts["indicators"], counts["outcomes"], counts["quality_flags"]
    ]  # fmt: skip
    for table in tables.values():
        assert list(table.display_frame().columns) == [c.header for c in table.columns]


def test_an_empty_scope_gives_an_empty_briefing(con: duckdb.DuckDBPyConnection) -> None:
    briefing = build_briefing(con, Filters(search="没有这样的项目"))

    assert briefing.is_empty
    assert briefing.charts == ()
    assert all(table.frame.empty for table in briefing.tables)
    assert briefing.red_flags.frame.empty


def _table(briefing, name: str):
    return next(table for table in briefing.tables if table.name == name)


def test_the_recomputed_scores_follow_the_chosen_profile(con: duckdb.DuckDBPyConnection) -> None:
    from etl.scoring.profiles import get_profile

    means = {}
    for profile in ("national", "provincial_20_80"):
        briefing = build_briefing(con, Filters(), profile=profile)
        rescored = _table(briefing, "重算得分")
        average, scored, differing = con.execute(
            """select avg(score), count(score), count(differences) from report_scores
               where profile = ?""",
            [profile],
        ).fetchone()

        assert len(rescored.frame) == scored
        assert rescored.frame["recomputed_score"].mean() == pytest.approx(average)
        assert get_profile(profile).name in rescored.title
        assert briefing.scoring[0] == f"评分规则：{get_profile(profile).name}。"
        assert f"其中 {differing} 份" in briefing.scoring[1]
        means[profile] = rescored.frame["recomputed_score"].mean()
    assert means["national"] != means["provincial_20_80"]


def test_rectification_items_in_scope_are_in_the_briefing(
    con: duckdb.DuckDBPyConnection, tmp_path
) -> None:
    from dashboard import rectification

    unit, project, year = con.execute(
        """select u.name, r.project_name, r.year from reports r join units u using (unit_id)
           where u.name = ? order by r.report_id limit 1""",
        [UNIT],
    ).fetchone()
    store = tmp_path / "r.sqlite"
    key = rectification.ItemKey(unit, project, year)
    rectification.set_status(key, "open", "补充偏差原因", path=store)
    items = rectification.items(store)

    briefing = build_briefing(con, Filters(units=(UNIT,)), rectifications=items)
    tracked = _table(briefing, "整改").display_frame()
    assert tracked[["整改状态", "项目名称", "整改说明"]].values.tolist() == [
        ["待整改", project, "补充偏差原因"]
    ]
    assert "整改：待整改 1 项，整改中 0 项，涉及 1 个单位。" in briefing.scoring
    elsewhere = build_briefing(con, Filters(search="没有这样的项目名称"), rectifications=items)
    assert _table(elsewhere, "整改").frame.empty
