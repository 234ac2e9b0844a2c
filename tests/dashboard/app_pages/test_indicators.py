"""app_pages/indicators.py through app.py: the figures shown equal plain SQL over the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import theme
from dashboard.queries.paging import PAGE_SIZE
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/indicators.py"
UNIT = "绵阳市科学技术和知识产权局"

# Status counts over the reports matching (year range, unit or its 主管部门), as on the page.
_COUNTS_SQL = """
select
    count(*),
    count(*) filter (where i.completion_status = 'met'),
    count(*) filter (where i.completion_status in ('met', 'partly_met', 'not_met')),
    count(*) filter (where i.completion_status = 'not_judgeable'),
    count(*) filter (where i.target_number is not null and not i.target_qualitative),
    count(*) filter (where i.completion_status in ('partly_met', 'not_met')
                       and coalesce(trim(i.deviation_reason), '') = ''),
    count(*) filter (where i.completion_status in ('partly_met', 'not_met')
                       or (i.completion_status = 'not_judgeable'
                           and coalesce(trim(i.deviation_reason), '') <> ''))
from indicators i
join reports r using (report_id)
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.year between ? and ? and (? is null or u.name = ? or d.name = ?)
"""


def _expected(db: Path, low: int = 0, high: int = 9999, unit: str | None = None) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        total, met, judged, unjudgeable, quantified, missing, listed = con.execute(
            _COUNTS_SQL, [low, high, unit, unit, unit]
        ).fetchone()
    finally:
        con.close()
    return {
        "指标数": theme.format_count(total),
        "指标完成率": theme.format_percent(round(100 * met / judged, 2)),
        "无法判断": theme.format_count(unjudgeable),
        "量化目标占比": theme.format_percent(round(100 * quantified / total, 2)),
        "缺少偏差原因": theme.format_count(missing),
        "rows": listed,
    }


def _assert_page_shows(app: AppTest, expected: dict) -> None:
    assert not app.exception, app.exception
    for label, value in expected.items():
        if label != "rows":
            assert metric_value(app, label) == value, label
    (shortfalls,) = [f for f in app.dataframe if "deviation_reason" in f.value.columns]
    assert len(shortfalls.value) == min(expected["rows"], PAGE_SIZE) > 0
    assert any(f"共 {expected['rows']} 条" in caption.value for caption in app.caption)
    assert shortfalls.value["link"].str.startswith("detail?report=").all()


def test_unfiltered_page_shows_the_warehouse_totals(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    _assert_page_shows(app, _expected(demo_warehouse))
    assert len(app.get("plotly_chart")) == 4


def test_url_filters_narrow_every_figure(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, units=[UNIT], years=[2020, 2022])

    _assert_page_shows(app, _expected(demo_warehouse, 2020, 2022, UNIT))


@pytest.mark.parametrize("dimension", ["unit", "year"])
def test_quantified_share_can_be_grouped_otherwise(
    open_app: Callable[..., AppTest], demo_warehouse: Path, dimension: str
) -> None:
    app = open_app(demo_warehouse, PAGE)

    app.radio(key="ind_share_by").set_value(dimension).run()

    assert not app.exception, app.exception
    assert len(app.get("plotly_chart")) == 4


def test_empty_scope_says_so(open_app: Callable[..., AppTest], demo_warehouse: Path) -> None:
    app = open_app(demo_warehouse, PAGE, q="没有这样的项目名称")

    assert not app.exception
    assert app.info and not app.metric
