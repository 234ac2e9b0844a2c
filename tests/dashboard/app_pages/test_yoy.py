"""app_pages/yoy.py through app.py: KPIs and table sizes equal plain SQL over the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import catalogue, theme
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/yoy.py"
UNIT = "四川省知识产权局"

# Per year: budget, executed and budget over reports stating both, mean score, reports;
# `?` is the unit (null for all) matched against the unit or its 主管部门, as the filters do.
_YEAR_SQL = """
select sum(r.budget),
       sum(r.executed) filter (where r.budget is not null and r.executed is not null),
       sum(r.budget) filter (where r.budget is not null and r.executed is not null),
       avg(r.self_score_total), count(*)
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.year = ? and (? is null or u.name = ? or d.name = ?)
"""
# Projects of the unit with reports in both years / in at least two of the years low..high.
_PROJECTS_SQL = """
select count(*) filter (where bool_or(r.year = ?) and bool_or(r.year = ?)) over (),
       count(*) filter (where count(distinct r.year) filter (where r.year between ? and ?) >= 2)
           over ()
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.project_id is not null and (? is null or u.name = ? or d.name = ?)
group by r.project_id
limit 1
"""


def _query(db: Path, sql: str, params: list) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchone()
    finally:
        con.close()


def _year(db: Path, year: int, unit: str | None) -> dict[str, float]:
    budget, executed, budget_both, score, count = _query(db, _YEAR_SQL, [year, unit, unit, unit])
    return {"budget": budget, "rate": 100 * executed / budget_both, "score": score, "n": count}


def _assert_kpis(app: AppTest, db: Path, year: int, base: int, unit: str | None = None) -> None:
    assert not app.exception, app.exception
    now, before = _year(db, year, unit), _year(db, base, unit)
    assert metric_value(app, f"{year}年预算数") == theme.format_amount(now["budget"])
    assert metric_value(app, f"{year}年预算执行率") == theme.format_percent(now["rate"])
    assert metric_value(app, f"{year}年平均自评分") == theme.format_score(now["score"])
    assert metric_value(app, f"{year}年报告数") == theme.format_count(now["n"])
    deltas = {metric.label: metric.delta for metric in app.metric}
    assert deltas[f"{year}年预算数"] == catalogue.format_change(
        "money", now["budget"] - before["budget"]
    )
    assert deltas[f"{year}年预算执行率"] == f"{now['rate'] - before['rate']:+.2f}个百分点"


def test_unfiltered_page_compares_the_latest_year_with_the_one_before(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    _assert_kpis(app, demo_warehouse, 2024, 2023)
    assert (app.selectbox(key="yoy_year").value, app.selectbox(key="yoy_base").value) == (
        2024,
        2023,
    )
    assert len(app.get("plotly_chart")) == 4  # trend, two movers, this year vs last


def test_url_filters_and_the_year_pickers(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, units=[UNIT], years=[2020, 2022])
    _assert_kpis(app, demo_warehouse, 2022, 2021, UNIT)

    app.selectbox(key="yoy_base").set_value(2018).run()  # outside the sidebar's range
    _assert_kpis(app, demo_warehouse, 2022, 2018, UNIT)

    app.selectbox(key="yoy_year").set_value(2021).run()  # the comparison year follows
    _assert_kpis(app, demo_warehouse, 2021, 2020, UNIT)


def test_project_view_lists_recurring_projects(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, units=[UNIT], years=[2020, 2022])

    app.radio(key="yoy_by").set_value("project").run()

    assert not app.exception, app.exception
    both, recurring = _query(
        demo_warehouse, _PROJECTS_SQL, [2022, 2021, 2020, 2022, UNIT, UNIT, UNIT]
    )
    comparison, multi_year = app.dataframe
    assert len(comparison.value) == both > 0
    assert len(multi_year.value) == recurring > 0
    # The sparklines draw the reported years of 2020–2022; a gap would print as text.
    for column in ("budget_series", "execution_rate_series", "completion_rate_series"):
        for series in multi_year.value[column]:
            assert len(series) <= 3 and None not in series


def test_a_single_year_without_history_says_so(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2017, 2017])

    assert not app.exception, app.exception
    assert any("无法同比" in info.value for info in app.info)
    assert not app.metric
