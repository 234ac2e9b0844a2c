"""app_pages/outcomes.py via app.py: the figures shown equal plain SQL over the demo warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import theme
from dashboard.queries.paging import PAGE_SIZE
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/outcomes.py"

# One metric's yearly total: the largest figure per reporting unit, added across units.
YEAR_TOTAL_SQL = """
select sum(v) from (
    select coalesce(u.name, r.implementing_unit, r.department) as unit_name, max(o.value) as v
    from outcomes as o
    join reports as r using (report_id)
    left join units as u using (unit_id)
    where o.metric = ? and r.year = ? and coalesce(o.scope, '') <> 'cumulative'
    group by 1
)
"""


def sql(db: Path, query: str, params: list) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params).fetchone()
    finally:
        con.close()


def outcome_count(db: Path, low: int, high: int) -> int:
    query = (
        "select count(*) from outcomes join reports using (report_id) where year between ? and ?"
    )
    return sql(db, query, [low, high])[0]


def test_latest_year_cards_and_the_source_table(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception, app.exception
    (latest,) = sql(demo_warehouse, "select max(year) from reports", [])
    assert app.subheader[0].value == f"{latest}年主要产出"
    (applications,) = sql(demo_warehouse, YEAR_TOTAL_SQL, ["patent_applications", latest])
    assert metric_value(app, "专利申请量") == f"{theme.format_count(applications)}件"
    (trained,) = sql(demo_warehouse, YEAR_TOTAL_SQL, ["people_trained", latest])
    assert metric_value(app, "培训人次") == f"{theme.format_count(trained)}人次"
    table = app.dataframe[-1].value
    total = outcome_count(demo_warehouse, 0, 9999)
    assert len(table) == min(total, PAGE_SIZE)
    assert any(f"共 {total:,d} 个数字" in caption.value for caption in app.caption)
    assert table["link"].str.fullmatch(r"detail\?report=\w+").all()
    assert table["sentence"].notna().all()


def test_year_filter_in_the_url_moves_the_cards_and_narrows_the_table(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2020, 2022])

    assert not app.exception, app.exception
    assert app.subheader[0].value == "2022年主要产出"
    (grants,) = sql(demo_warehouse, YEAR_TOTAL_SQL, ["patent_grants", 2022])
    assert metric_value(app, "专利授权量") == f"{theme.format_count(grants)}件"
    total = outcome_count(demo_warehouse, 2020, 2022)
    assert len(app.dataframe[-1].value) == min(total, PAGE_SIZE)
    assert any(f"共 {total:,d} 个数字" in caption.value for caption in app.caption)


def test_choosing_a_metric_redraws_the_unit_charts(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)
    charts_before = len(app.get("plotly_chart"))

    app.selectbox(key="outcome_metric").set_value("funds_leveraged").run()

    assert not app.exception, app.exception
    assert app.selectbox(key="outcome_metric").value == "funds_leveraged"
    assert len(app.get("plotly_chart")) == charts_before == 3


def test_each_headline_figure_shows_its_sentence_and_rule(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception, app.exception
    sources = app.dataframe[0].value
    assert {"sentence", "rule_label", "link"} <= set(sources.columns)
    assert sources["sentence"].notna().all()
    assert not sources["rule_label"].isin(["trigger", "noun", "indicator"]).any()  # words
    figures = app.dataframe[-1].value
    assert figures["rule_label"].notna().all()


def test_links_to_a_report_keep_the_analysts_scope(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2020, 2022], q="专利")

    links = app.dataframe[-1].value["link"]
    # 报告详情 opens in a new tab: the filters travel in the link, not in the session.
    assert links.str.fullmatch(
        r"detail\?report=\w+&years=2020&years=2022&q=%E4%B8%93%E5%88%A9"
    ).all()
