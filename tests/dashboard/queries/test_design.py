"""dashboard.queries.design against the demo warehouse's audit results."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries import design
from dashboard.queries.paging import PageRequest
from etl.scoring.audit import RULES

NOTHING = Filters(search="没有这样的项目名称")


def test_rule_counts_add_up_to_the_findings_table(con: duckdb.DuckDBPyConnection) -> None:
    counts = design.rule_counts(con, Filters())
    expected = dict(con.execute("select rule, count(*) from design_findings group by 1").fetchall())

    assert dict(zip(counts["rule"], counts["findings"], strict=True)) == expected
    assert set(counts["rule"]) <= set(RULES)
    (audited,) = con.execute("select count(distinct report_id) from indicators").fetchone()
    assert (counts["audited_reports"] == audited).all()
    assert counts["reports"].is_monotonic_decreasing  # the commonest weakness first


def test_units_rank_by_findings_per_audited_report(con: duckdb.DuckDBPyConnection) -> None:
    page = design.unit_ranking_page(con, Filters(), PageRequest(size=None))
    ranking = page.rows

    assert page.total == len(ranking) > 5
    assert ranking["findings_per_report"].is_monotonic_increasing
    assert ranking["design_rank"].iloc[0] == 1
    worked = ranking.iloc[-1]  # the last unit's figures, from its own rows
    findings, audited, clean = con.execute(
        """select count(f.report_id), count(distinct r.report_id),
                  count(distinct r.report_id) filter (where not exists (
                      select 1 from design_findings g where g.report_id = r.report_id))
           from reports r join units u on u.unit_id = r.unit_id
           left join design_findings f using (report_id)
           where u.name = ? and exists (select 1 from indicators i
                                        where i.report_id = r.report_id)""",
        [worked["unit_name"]],
    ).fetchone()
    assert (worked["design_findings"], worked["audited_reports"]) == (findings, audited)
    assert worked["findings_per_report"] == pytest.approx(findings / audited)
    assert worked["clean_share"] == pytest.approx(100 * clean / audited)


def test_the_ranking_and_counts_follow_the_filters(con: duckdb.DuckDBPyConnection) -> None:
    assert design.rule_counts(con, NOTHING).empty
    assert design.unit_ranking_page(con, NOTHING, PageRequest()).total == 0


def test_a_reports_findings_in_audit_order(con: duckdb.DuckDBPyConnection) -> None:
    (rid,) = con.execute(
        "select report_id from design_findings group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    found = design.report_findings(con, rid)

    stored = con.execute(
        "select rule from design_findings where report_id = ? order by finding_index", [rid]
    ).fetchall()
    assert list(found["rule"]) == [rule for (rule,) in stored]
    assert found["message"].str.len().gt(0).all()
