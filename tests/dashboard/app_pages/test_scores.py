"""Recomputed scores on the pages: the sidebar's profile (and ?profile=) drives them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import catalogue, theme
from tests.dashboard.conftest import metric_value

Query = Callable[..., list[tuple]]
_SUMMARY = """select avg(score), count(*) filter (where differences is not null)
              from report_scores where profile = ?"""


def test_quality_page_shows_the_departures_under_the_chosen_profile(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    shown = {}
    for profile in ("national", "provincial_20_80"):
        app = open_app(demo_warehouse, "app_pages/quality.py", profile=profile)
        assert not app.exception
        average, differing = query(demo_warehouse, _SUMMARY, [profile])[0]
        assert metric_value(app, catalogue.label("average_recomputed_score")) == (
            theme.format_score(average)
        )
        assert metric_value(app, catalogue.label("differing_reports")) == f"{differing:,d}"
        shown[profile] = average
    assert shown["national"] != shown["provincial_20_80"]


def test_switching_the_profile_in_the_sidebar_redraws_the_scores(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    app = open_app(demo_warehouse, "app_pages/quality.py")
    app.selectbox(key="profile").set_value("provincial_20_80").run()

    assert not app.exception
    assert app.query_params["profile"] in ("provincial_20_80", ["provincial_20_80"])
    average, _ = query(demo_warehouse, _SUMMARY, ["provincial_20_80"])[0]
    assert metric_value(app, catalogue.label("average_recomputed_score")) == (
        theme.format_score(average)
    )


def test_a_report_shows_its_recomputed_lines(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    rid, indicators, score = query(
        demo_warehouse,
        """select r.report_id, r.n_indicators, s.score from reports r
           join report_scores s using (report_id)
           where s.profile = 'provincial_20_80' and s.score is not null and r.n_indicators > 3
           order by r.report_id limit 1""",
    )[0]
    app = open_app(demo_warehouse, "app_pages/detail.py", report=rid, profile="provincial_20_80")

    assert not app.exception
    assert metric_value(app, catalogue.label("recomputed_score")) == theme.format_score(score)
    (lines,) = [f.value for f in app.dataframe if "arithmetic" in f.value.columns]
    assert len(lines) == indicators + 1
    assert lines["arithmetic"].iloc[0].startswith("执行率")


def test_overview_counts_red_yellow_and_green_reports_of_the_latest_year(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    app = open_app(demo_warehouse)
    red, yellow, green = query(
        demo_warehouse,
        """with latest as (select max(year) as y from reports),
                worst as (
                  select r.report_id,
                         max(case w.level when 'red' then 2 when 'yellow' then 1 else 0 end) as l
                  from reports r left join report_warnings w using (report_id)
                  where r.year = (select y from latest) group by r.report_id)
           select count(*) filter (where l = 2), count(*) filter (where l = 1),
                  count(*) filter (where l = 0) from worst""",
    )[0]

    assert not app.exception
    assert metric_value(app, catalogue.label("red_reports")) == f"{red:,d}"
    assert metric_value(app, catalogue.label("yellow_reports")) == f"{yellow:,d}"
    assert metric_value(app, catalogue.label("green_reports")) == f"{green:,d}"
    assert red and yellow and green
    assert any("预算执行率低于60" in e.value for e in app.markdown)  # the rules, in words


def test_a_report_lists_its_warnings_with_their_rules(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    rid, count = query(
        demo_warehouse,
        """select report_id, count(*) from report_warnings group by 1
           having count(*) filter (where level = 'red') > 0 order by 2 desc, 1 limit 1""",
    )[0]
    app = open_app(demo_warehouse, "app_pages/detail.py", report=rid)

    assert not app.exception
    (table,) = [f.value for f in app.dataframe if "warning_rule" in f.value.columns]
    assert len(table) == count
    assert table["warning_level"].iloc[0] == "红色预警"  # red first
    assert table["warning_rule"].str.len().gt(0).all()


def test_the_indicators_page_ranks_units_by_design_quality(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    app = open_app(demo_warehouse, "app_pages/indicators.py")

    assert not app.exception
    (ranking,) = [f.value for f in app.dataframe if "design_rank" in f.value.columns]
    (units,) = query(
        demo_warehouse,
        """select count(distinct u.name) from reports r join units u using (unit_id)
           where exists (select 1 from indicators i where i.report_id = r.report_id)""",
    )[0]
    assert len(ranking) == min(units, 50)
    assert ranking["design_rank"].iloc[0] == 1
    (vague,) = query(
        demo_warehouse,
        "select count(distinct report_id) from design_findings where rule = 'VAGUE_TARGET'",
    )[0]
    assert any(f"无法核验的词表述：{vague} /" in e.value for e in app.markdown)


def test_a_report_lists_its_design_findings(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    rid, count = query(
        demo_warehouse,
        "select report_id, count(*) from design_findings group by 1 order by 2 desc, 1 limit 1",
    )[0]
    app = open_app(demo_warehouse, "app_pages/detail.py", report=rid)

    assert not app.exception
    (table,) = [f.value for f in app.dataframe if "design_rule" in f.value.columns]
    assert len(table) == count
    assert table["design_message"].str.len().gt(0).all()


def test_the_library_page_lists_indicators_and_the_reports_using_a_picked_one(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    key, uses = query(
        demo_warehouse,
        """select indicator_key, count(*) from indicator_names
           group by 1 order by 2 desc, 1 limit 1""",
    )[0]
    app = open_app(demo_warehouse, "app_pages/library.py")

    assert not app.exception
    (table,) = [f.value for f in app.dataframe if "indicator_key" in f.value.columns]
    assert table["indicator_key"].iloc[0] == key  # the most used first
    assert not [f for f in app.dataframe if "level3" in f.value.columns]  # none picked yet

    app.query_params["indicator"] = key
    app.run()
    assert not app.exception
    (used,) = [f.value for f in app.dataframe if "level3" in f.value.columns]
    assert len(used) == min(uses, 50)
    assert used["link"].str.startswith("detail?report=").all()  # each row opens its report


def test_an_analyst_sets_a_rectification_status_and_data_quality_lists_it(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    rid, unit, project, key = query(
        demo_warehouse,
        """select w.report_id, u.name, r.project_name, n.indicator_key
           from report_warnings w join reports r using (report_id) join units u using (unit_id)
           join indicator_names n using (report_id, indicator_index)
           order by w.report_id, w.warning_index limit 1""",
    )[0]
    app = open_app(demo_warehouse, "app_pages/detail.py", report=rid)
    options = app.selectbox(key="rect_target").options
    assert options[0] == "整份报告" and options[1] == f"⚠ {key}"  # flagged indicators first

    app.selectbox(key="rect_target").set_value(key)
    app.radio(key="rect_status").set_value("in_progress")
    app.text_area(key="rect_note").input("已约谈单位，限期补充偏差原因")
    next(b for b in app.button if b.label == "保存整改状态").click().run()

    assert not app.exception
    (items,) = [f.value for f in app.dataframe if "rectification_status" in f.value.columns]
    assert items[
        ["rectification_target", "rectification_status", "rectification_note"]
    ].values.tolist() == [[key, "整改中", "已约谈单位，限期补充偏差原因"]]

    app.switch_page("app_pages/quality.py").run()
    assert not app.exception
    (by_unit,) = [f.value for f in app.dataframe if "rectification_open" in f.value.columns]
    assert by_unit[["unit_name", "rectification_in_progress"]].values.tolist() == [[unit, 1]]
    (listed,) = [f.value for f in app.dataframe if "rectification_note" in f.value.columns]
    assert listed["project_name"].tolist() == [project]
    assert listed["link"].str.endswith(rid).all()  # a ticked row opens the report


def test_overview_lists_the_units_with_most_red_reports_and_the_profiles_scores(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    latest = query(demo_warehouse, "select max(year) from reports")[0][0]
    worst = query(
        demo_warehouse,
        """select u.name, count(*) from reports r join units u using (unit_id)
           where r.year = ? and exists (select 1 from report_warnings w
                 where w.report_id = r.report_id and w.level = 'red')
           group by 1 order by 2 desc, 1 limit 1""",
        [latest],
    )[0]
    average = query(
        demo_warehouse,
        """select avg(s.score) from report_scores s join reports r using (report_id)
           where s.profile = 'provincial_linear' and r.year = ?""",
        [latest],
    )[0][0]
    app = open_app(demo_warehouse, profile="provincial_linear")

    assert not app.exception
    (units,) = [f.value for f in app.dataframe if "red_reports" in f.value.columns]
    assert units[["unit_name", "red_reports"]].iloc[0].tolist() == list(worst)
    assert metric_value(app, catalogue.label("average_recomputed_score")) == (
        theme.format_score(average)
    )


def test_the_indicators_page_lists_indicator_warnings_with_their_rules(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    missed, reports = query(
        demo_warehouse,
        """select count(*), count(distinct report_id) from report_warnings
           where rule = 'MISSED_NO_REASON'""",
    )[0]
    app = open_app(demo_warehouse, "app_pages/indicators.py")

    assert not app.exception
    rule = f"指标未完成或部分完成，未填写偏差原因：{missed} 条，涉及 {reports} 份报告"
    assert any(rule in e.value for e in app.markdown)
    (table,) = [f.value for f in app.dataframe if "warning_message" in f.value.columns]
    assert table["warning_level"].iloc[0] == "红色预警"  # red first
    assert table["level3"].notna().all()
