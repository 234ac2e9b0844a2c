"""app_pages/execution.py via app.py: overall rate, band counts and report table vs plain SQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import catalogue, theme
from dashboard.queries.paging import PAGE_SIZE
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/execution.py"
KEY = "pager_预算执行明细"  # the report table's controls
UNIT = "绵阳市科学技术和知识产权局"

SCOPE = """
select r.*, coalesce(u.name, r.implementing_unit, r.department) as unit,
       coalesce(r.project_id, r.project_name) as project
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.year between $low and $high
  and ($unit::varchar is null or u.name = $unit or d.name = $unit)
"""
# Σexecuted/Σbudget per unit (or per project and unit) over reports stating both.
GROUP_RATES = """
with s as ({scope})
select 100 * sum(executed) / sum(budget) as rate
from s
where budget is not null and executed is not null and unit is not null
group by {keys}
"""


def expected(db: Path, low: int = 2017, high: int = 2024, unit: str | None = None) -> dict:
    """The overall rate, the report count and the band counts of the page's ranking."""
    params = {"low": low, "high": high, "unit": unit}
    keys = "project, unit" if unit else "unit"
    with duckdb.connect(str(db), read_only=True) as con:
        (reports, rate) = con.execute(
            f"""with s as ({SCOPE})
            select count(*), 100 * sum(executed) filter (where budget is not null)
                             / sum(budget) filter (where executed is not null)
            from s""",
            params,
        ).fetchone()
        sql = GROUP_RATES.format(scope=SCOPE, keys=keys)
        rates = [rate for (rate,) in con.execute(sql, params).fetchall()]
    bands = [theme.rate_band(r) for r in rates]
    return {
        "reports": reports,
        "rate": rate,
        "bands": {band: bands.count(band) for band in theme.BAND_LABELS},
    }


def assert_page(app: AppTest, figures: dict, entity: str) -> None:
    assert not app.exception, app.exception
    assert metric_value(app, catalogue.label("execution_rate")) == theme.format_percent(
        figures["rate"]
    )
    for band, label in theme.BAND_LABELS.items():
        assert metric_value(app, label) == f"{figures['bands'][band]}个{entity}", band
    (table,) = app.dataframe
    assert len(table.value) == min(figures["reports"], PAGE_SIZE)
    assert any(f"共 {figures['reports']:,d} 行" in caption.value for caption in app.caption)


def test_the_report_table_pages_searches_and_sorts_in_sql(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)
    total = expected(demo_warehouse)["reports"]
    first = app.dataframe[0].value

    app.number_input(key=f"{KEY}_page").set_value(2).run()
    second = app.dataframe[0].value
    assert len(second) == min(PAGE_SIZE, total - PAGE_SIZE)
    assert not set(first["link"]) & set(second["link"])
    # Worst execution rate first, across pages.
    assert first["execution_rate"].max() <= second["execution_rate"].min()

    app.selectbox(key=f"{KEY}_sort").select("budget").run()
    app.toggle(key=f"{KEY}_desc").set_value(True).run()
    by_budget = app.dataframe[0].value
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (largest,) = con.execute("select max(budget) from reports").fetchone()
    assert by_budget["budget"].iloc[0] == largest  # back on page 1, largest first
    assert list(by_budget["budget"].dropna()) == sorted(by_budget["budget"].dropna(), reverse=True)

    app.text_input(key=f"{KEY}_search").input("维权援助").run()
    found = app.dataframe[0].value
    text = found["unit_name"] + found["project_name"]
    assert 0 < len(found) < total and text.str.contains("维权援助").all()


def test_unfiltered_page_ranks_units(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert_page(app, expected(demo_warehouse), "单位")


def test_years_in_the_url_narrow_the_page(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2021, 2022])

    figures = expected(demo_warehouse, 2021, 2022)
    assert figures["reports"] < expected(demo_warehouse)["reports"]
    assert_page(app, figures, "单位")


def test_one_unit_ranks_its_projects(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, units=[UNIT], years=[2020, 2024])

    assert_page(app, expected(demo_warehouse, 2020, 2024, UNIT), "项目")
