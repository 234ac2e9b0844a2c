"""The build writes every report's recomputed score under every profile, line by line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.scoring.profiles import load_profiles


@pytest.fixture(scope="module")
def con(demo_warehouse: Path):
    with duckdb.connect(str(demo_warehouse), read_only=True) as connection:
        yield connection


def test_every_report_is_scored_under_every_profile(con: duckdb.DuckDBPyConnection) -> None:
    (reports,) = con.execute("select count(*) from reports").fetchone()
    counts = dict(con.execute("select profile, count(*) from report_scores group by 1").fetchall())
    assert counts == dict.fromkeys(load_profiles(), reports)


def test_a_total_is_its_lines_unless_rescaled_or_capped(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """select s.score, sum(l.points)
           from report_scores s join score_lines l using (report_id, profile)
           where s.note is null and s.score is not null
           group by s.report_id, s.profile, s.score"""
    ).fetchall()
    assert rows
    assert all(score == pytest.approx(lines, abs=0.011) for score, lines in rows)


def test_line_zero_is_the_budget_block_then_the_indicators(
    con: duckdb.DuckDBPyConnection,
) -> None:
    budget = con.execute(
        "select distinct item, weight from score_lines where line_index = 0 order by weight"
    ).fetchall()
    assert budget == [("预算执行率", 10.0), ("预算执行率", 20.0)]
    ((mismatched,),) = con.execute(
        """select count(*) from reports r
           join report_scores s using (report_id)
           where s.profile = 'national'
             and r.n_indicators + 1 <> (select count(*) from score_lines l
                  where l.report_id = r.report_id and l.profile = 'national')"""
    ).fetchall()
    assert mismatched == 0


def test_the_stored_warnings_are_the_rules_applied_to_each_report(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from etl.scoring.facts import report_facts
    from etl.scoring.profiles import get_profile, load_warning_thresholds
    from etl.scoring.warnings import report_warnings

    stored: dict[str, list[tuple]] = {}
    for rid, rule, level in con.execute(
        "select report_id, rule, level from report_warnings order by report_id, warning_index"
    ).fetchall():
        stored.setdefault(rid, []).append((rule, level))
    thresholds, profile = load_warning_thresholds(), get_profile()
    expected = {
        facts.report_id: [(w.rule, w.level) for w in found]
        for facts in report_facts(con)
        if (found := report_warnings(facts, thresholds, profile))
    }
    assert stored == expected
    assert {level for rows in stored.values() for _, level in rows} == {"red", "yellow"}


def test_the_stored_design_findings_are_the_audit_of_each_report(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from etl.scoring.audit import audit
    from etl.scoring.facts import report_facts

    stored: dict[str, list[tuple]] = {}
    for rid, rule, index in con.execute(
        """select report_id, rule, indicator_index from design_findings
           order by report_id, finding_index"""
    ).fetchall():
        stored.setdefault(rid, []).append((rule, index))
    expected = {
        facts.report_id: [(f.rule, f.indicator_index) for f in found]
        for facts in report_facts(con)
        if (found := audit(facts))
    }
    assert stored == expected and stored
