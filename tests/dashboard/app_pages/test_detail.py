"""app_pages/detail.py (报告详情) through app.py, checked against plain SQL on the warehouse."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import catalogue, theme
from dashboard.escape import markdown
from dashboard.queries.paging import PAGE_SIZE
from dashboard.source_view import money_spellings
from tests.dashboard.conftest import metric_value

PAGE = "app_pages/detail.py"
Query = Callable[..., list[tuple]]

_TOTALS_SQL = """
select count(*), coalesce(sum(budget), 0), coalesce(sum(executed), 0),
       sum(executed) filter (where budget is not null)
         / sum(budget) filter (where executed is not null) * 100
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where {where}
"""


def _expect_totals(app: AppTest, totals: tuple) -> None:
    count, budget, executed, rate = totals
    assert metric_value(app, catalogue.label("report_count")) == theme.format_count(count)
    assert metric_value(app, catalogue.label("budget_total")) == theme.format_amount(budget)
    assert metric_value(app, catalogue.label("executed_total")) == theme.format_amount(executed)
    assert metric_value(app, catalogue.label("execution_rate")) == theme.format_percent(rate)
    assert len(app.dataframe[0].value) == min(count, PAGE_SIZE)  # one page of the list
    assert any(f"共 {count:,d} 行" in caption.value for caption in app.caption)


def test_unfiltered_list_and_no_report_chosen(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception
    _expect_totals(app, query(demo_warehouse, _TOTALS_SQL.format(where="true"))[0])
    assert any("勾选一份报告" in info.value for info in app.info)
    assert not app.main.subheader  # no report shown


def test_url_filters_narrow_the_list(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    unit = "绵阳市科学技术和知识产权局"  # a 主管部门: the URL holds top-level names as they are
    where = "r.year between 2019 and 2021 and ? in (u.name, d.name)"
    totals = query(demo_warehouse, _TOTALS_SQL.format(where=where), [unit])[0]

    app = open_app(demo_warehouse, PAGE, units=[unit], years=[2019, 2021])

    assert not app.exception
    _expect_totals(app, totals)


def test_a_linked_report_outside_the_filters_opens_in_full(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    rid, project, budget, rate, stated, n_ind, n_out, year, original = query(
        demo_warehouse,
        """select report_id, project_name, budget, execution_rate, execution_rate_stated,
                  n_indicators, n_outcomes, year, budget_original
           from reports
           where money_unit = '元' and year = 2021
             and report_id in (select report_id from quality_flags)
           order by report_id limit 1""",
    )[0]
    (n_flags,) = query(
        demo_warehouse, "select count(*) from quality_flags where report_id = ?", [rid]
    )[0]

    app = open_app(demo_warehouse, PAGE, years=[2017, 2018], report=rid)

    assert not app.exception
    assert app.subheader[0].value == project
    assert metric_value(app, catalogue.label("budget")) == theme.format_amount(budget)
    own_rate = metric_value(app, catalogue.label("execution_rate"), nth=-1)  # not the list's
    assert own_rate == theme.format_percent(rate)
    assert metric_value(app, catalogue.label("execution_rate_stated")) == theme.format_percent(
        stated
    )
    tables = {tuple(frame.value.columns)[:2]: frame.value for frame in app.dataframe}
    budget_table = tables[("field", "item")]
    assert "original" in budget_table.columns and (budget_table["original"].notna()).any()
    indicator_tables = [t for cols, t in tables.items() if cols[0] == "indicator_index"]
    assert len(indicator_tables[0]) == n_ind
    flag_tables = [t for cols, t in tables.items() if cols[:2] == ("flag_index", "code")]
    assert len(flag_tables[0]) == n_flags
    # app.py's first run adds the page stylesheet as an html element too
    (body,) = [html.proto.body for html in app.get("html") if "<style>" not in html.proto.body]
    assert "<script" not in body
    # the budget as the document writes it (in 元) is marked in the source text
    assert any(f"<mark>{spelling}</mark>" in body for spelling in money_spellings(original))
    assert any("不在当前筛选范围内" in caption.value for caption in app.caption)
    outcome_tables = [t for cols, t in tables.items() if cols[0] == "outcome_index"]
    assert [len(t) for t in outcome_tables] == ([n_out] if n_out else [])
    # Shown columns carry words, not the warehouse's codes (RATE_MISMATCH, enterprises_…).
    shown = {frame.value.columns[0]: list(frame.proto.column_order) for frame in app.dataframe}
    assert "code" not in shown["flag_index"]
    assert "metric" not in shown.get("outcome_index", []) and "rule" not in shown.get(
        "outcome_index", []
    )
    header = next(md.value for md in app.markdown if "**主管部门**" in md.value)
    assert f"**年度**：{year}" in header and "**金额单位（原文）**：元" in header


def test_an_unknown_report_id_warns_instead_of_failing(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, report="no-such-report")

    assert not app.exception
    # The id comes from the URL: the warning quotes it escaped for markdown.
    assert any(markdown("no-such-report") in warning.value for warning in app.warning)
    assert not app.main.subheader  # the list is still there, no report


def test_a_missing_source_file_is_explained(
    open_app: Callable[..., AppTest],
    make_warehouse: Callable[..., Path],
    tmp_path: Path,
    query: Query,
) -> None:
    db = make_warehouse(tmp_path / "raw", tmp_path / "warehouse.duckdb")
    rid, source_file = query(db, "select report_id, source_file from reports limit 1")[0]
    os.remove(source_file)

    app = open_app(db, PAGE, report=rid)

    assert not app.exception
    (warning,) = app.warning
    assert "找不到源文件" in warning.value
    assert markdown(Path(source_file).name) in warning.value  # the path, escaped for markdown
    assert app.subheader  # the report itself is still shown


def test_a_new_link_switches_the_report_and_closing_shows_the_list(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    (first, first_name), (second, second_name) = query(
        demo_warehouse, "select report_id, project_name from reports order by report_id limit 2"
    )
    app = open_app(demo_warehouse, PAGE, report=first)
    assert app.subheader[0].value == first_name

    app.query_params["report"] = [second]  # a row ticked, or another page links here
    app.run()
    assert not app.exception
    assert app.subheader[0].value == second_name

    app.button[0].click().run()  # 关闭报告
    assert not app.exception
    assert "report" not in app.query_params
    assert not app.main.subheader and any("勾选一份报告" in info.value for info in app.info)


def test_a_scanned_report_shows_its_page_with_the_located_values_boxed(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    ((rid,),) = query(
        demo_warehouse, "select report_id from reports where source_file like '%u09p2.jpg'"
    )
    app = open_app(demo_warehouse, PAGE, report=rid)

    assert not app.exception
    (caption,) = [c.value for c in app.caption if c.value.startswith("扫描件")]
    assert "红框为已定位的数值和文字" in caption and "（共 0 处）" not in caption
    assert [i.captions for i in app.get("image")] == [["第 1 页"]]  # the photo's one page
