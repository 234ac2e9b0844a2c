"""app_pages/overview.py through app.py: the KPI cards and the red-flag table equal plain SQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import theme
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/overview.py"
UNIT = "绵阳市科学技术和知识产权局"

# KPIs of a year range, optionally for one unit (its own reports or those it supervises).
YEAR_SQL = """
with s as (
    select r.* from reports r
    left join units u on u.unit_id = r.unit_id
    left join units d on d.unit_id = r.department_unit_id
    where r.year between $low and $high
      and ($unit::varchar is null or u.name = $unit or d.name = $unit)
)
select
    (select count(*) from s) as reports,
    (select sum(budget) from s) as budget,
    (select 100 * sum(executed) / sum(budget) from s
     where budget is not null and executed is not null) as rate,
    (select 100 * count(*) filter (where completion_status = 'met')
            / count(*) filter (where completion_status <> 'not_judgeable')
     from indicators join s using (report_id)) as completion,
    (select count(*) from quality_flags join s using (report_id)
     where severity in ('error', 'warning')) as flags,
    (select count(distinct report_id) from quality_flags join s using (report_id)
     where severity in ('error', 'warning')) as flagged_reports
"""


def year_figures(
    db: Path, year: int, unit: str | None = None, since: int | None = None
) -> dict[str, float]:
    """The figures of `year` (of `since`…`year` when given) from the raw tables."""
    with duckdb.connect(str(db), read_only=True) as con:
        params = {"low": since or year, "high": year, "unit": unit}
        cursor = con.execute(YEAR_SQL, params)
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def assert_cards(app: AppTest, figures: dict[str, float]) -> None:
    assert metric_value(app, "报告数") == theme.format_count(figures["reports"])
    assert metric_value(app, "预算总额") == theme.format_amount(figures["budget"])
    assert metric_value(app, "预算执行率") == theme.format_percent(figures["rate"])
    assert metric_value(app, "指标完成率") == theme.format_percent(figures["completion"])
    assert metric_value(app, "质量问题数") == theme.format_count(figures["flags"])


def delta_of(app: AppTest, label: str) -> str:
    (delta,) = [metric.delta for metric in app.metric if metric.label == label]
    return delta


def test_latest_year_cards_and_red_flags(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception, app.exception
    latest, previous = year_figures(demo_warehouse, 2024), year_figures(demo_warehouse, 2023)
    assert_cards(app, latest)
    assert delta_of(app, "报告数") == f"{latest['reports'] - previous['reports']:+,.0f}"
    assert delta_of(app, "质量问题数") == f"{latest['flags'] - previous['flags']:+,.0f}"
    assert any("2024年" in c.value and "较2023年" in c.value for c in app.caption)
    flagged = year_figures(demo_warehouse, 2024, since=2017)["flagged_reports"]
    (flags,) = [f for f in app.dataframe if "severity" in f.value.columns]
    assert len(flags.value) == min(10, flagged)
    assert flags.value["link"].str.startswith("detail?report=").all()


def test_url_filters_narrow_the_cards(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, units=[UNIT], years=[2020, 2022])

    assert not app.exception, app.exception
    latest = year_figures(demo_warehouse, 2022, UNIT)
    previous = year_figures(demo_warehouse, 2021, UNIT)
    assert_cards(app, latest)
    assert delta_of(app, "报告数") == f"{latest['reports'] - previous['reports']:+,.0f}"
    (flags,) = [f for f in app.dataframe if "severity" in f.value.columns]
    flagged = year_figures(demo_warehouse, 2022, UNIT, since=2020)["flagged_reports"]
    assert len(flags.value) == min(10, flagged)
    assert set(flags.value["year"]) <= {2020, 2021, 2022}


def test_a_single_year_shows_no_deltas(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2021, 2021])

    assert not app.exception, app.exception
    assert_cards(app, year_figures(demo_warehouse, 2021))
    assert all(not metric.delta for metric in app.metric)
    assert any("只有一个年度" in c.value for c in app.caption)
