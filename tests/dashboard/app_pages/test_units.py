"""app_pages/units.py through app.py: the figures shown equal plain SQL over the demo warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import theme

PAGE = "app_pages/units.py"
CARDS = 7  # metric cards per unit column

# Reports, budget and execution rate of each reporting unit, within a year range.
PER_UNIT_SQL = """
select coalesce(u.name, r.implementing_unit, r.department) as unit_name,
       count(*) as n,
       sum(r.executed) filter (where r.budget is not null and r.executed is not null)
       / sum(r.budget) filter (where r.budget is not null and r.executed is not null)
       * 100 as rate
from reports as r left join units as u using (unit_id)
where r.year between ? and ?
group by 1
order by n desc, unit_name
"""


def per_unit(db: Path, low: int = 0, high: int = 9999) -> list[tuple[str, int, float]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(PER_UNIT_SQL, [low, high]).fetchall()
    finally:
        con.close()


def cards(app: AppTest, label: str) -> list[str]:
    """The values of the metric cards labelled `label`, one per compared unit, in order."""
    return [metric.value for metric in app.metric if metric.label == label]


def test_default_compares_the_units_with_most_reports(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception, app.exception
    expected = per_unit(demo_warehouse)[:4]
    assert app.multiselect(key="compare").value == [name for name, _, _ in expected]
    assert len(app.metric) == CARDS * 4
    assert cards(app, "报告数") == [theme.format_count(n) for _, n, _ in expected]
    assert cards(app, "预算执行率") == [theme.format_percent(rate) for _, _, rate in expected]
    (table,) = app.dataframe
    assert table.value["unit_name"].tolist() == [name for name, _, _ in expected]


def test_year_filter_in_the_url_narrows_every_figure(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2020, 2022])

    assert not app.exception, app.exception
    expected = per_unit(demo_warehouse, 2020, 2022)[:4]
    assert cards(app, "报告数") == [theme.format_count(n) for _, n, _ in expected]
    assert cards(app, "预算执行率") == [theme.format_percent(rate) for _, _, rate in expected]


def test_a_shared_link_restores_the_compared_units(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    rows = per_unit(demo_warehouse)
    picked = [rows[-2][0], rows[1][0]]  # a small unit first: the link's order is kept

    app = open_app(demo_warehouse, PAGE, compare=picked)

    assert app.multiselect(key="compare").value == picked
    counts = {name: n for name, n, _ in rows}
    assert cards(app, "报告数") == [theme.format_count(counts[name]) for name in picked]


def test_fewer_than_two_units_is_explained(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)
    first = app.multiselect(key="compare").value[0]

    app.multiselect(key="compare").set_value([first]).run()

    assert not app.exception, app.exception
    assert "至少需要 2 个单位" in app.info[0].value
    assert not app.metric


def test_a_single_unit_in_scope_is_explained(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    # A unit no other unit's report names as its 主管部门: filtering on it leaves it alone.
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    (unit,) = con.execute(
        """
        select u.name from units as u
        where u.n_reports > 0 and not exists (
            select 1 from reports as r
            where r.department_unit_id = u.unit_id and r.unit_id <> u.unit_id)
        order by u.n_reports desc, u.name limit 1
        """
    ).fetchone()
    con.close()

    app = open_app(demo_warehouse, PAGE, units=[unit])

    assert not app.exception, app.exception
    assert unit in app.caption[0].value  # the filter reached the page
    assert "只有 1 个单位" in app.info[0].value
