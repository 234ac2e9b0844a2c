"""dashboard.queries.detail against the demo warehouse, checked with plain SQL."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard.queries import detail as queries


def _one(con: duckdb.DuckDBPyConnection, where: str) -> str:
    (rid,) = con.execute(f"select report_id from reports where {where} limit 1").fetchone()
    return rid


def test_report_detail_is_the_reports_row_with_its_unit_names(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rid = _one(con, "money_unit = '元' and n_indicators > 0")
    year, project, budget, original, provenance, unit = con.execute(
        """select r.year, r.project_name, r.budget, r.budget_original, r.provenance::varchar,
                  u.name
           from reports r left join units u using (unit_id) where report_id = ?""",
        [rid],
    ).fetchone()

    report = queries.report_detail(con, rid)

    assert report is not None
    assert report.value("year") == year and report.value("project_name") == project
    assert report.value("budget") == pytest.approx(budget)
    assert report.value("budget_original") == pytest.approx(original)
    assert report.value("budget_original") == pytest.approx(budget * 10000)  # 元 → 万元
    assert report.provenance == json.loads(provenance)
    assert report.label == f"{year} · {unit} · {project}"
    assert report.value("reports_in_file") >= 1


def test_reports_in_file_counts_the_reports_of_one_source(seed_warehouse: Path) -> None:
    seeds = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        count, rid = seeds.execute(
            """select count(*), min(report_id) from reports
               group by source_file order by count(*) desc limit 1"""
        ).fetchone()
        found = queries.report_detail(seeds, rid)
    finally:
        seeds.close()

    assert found.value("reports_in_file") == count > 1  # the first seed holds five reports


def test_an_unknown_report_is_none(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.report_detail(con, "no-such-report") is None
    assert queries.report_indicators(con, "no-such-report").empty


def test_budget_rows_list_stated_figures_with_positions(con: duckdb.DuckDBPyConnection) -> None:
    rid = _one(con, "budget_initial is not null and other_budget is not null")
    report = queries.report_detail(con, rid)

    rows = queries.budget_rows(report).set_index("field")

    assert tuple(queries.budget_rows(report).columns) == queries.BUDGET_COLUMNS
    for name in ("budget_initial", "budget", "executed", "other_budget"):
        (value, original) = con.execute(
            f"select {name}, {name}_original from reports where report_id = ?", [rid]
        ).fetchone()
        assert rows.loc[name, "amount"] == pytest.approx(value)
        assert rows.loc[name, "original"] == pytest.approx(original)
        assert rows.loc[name, "source_position"] == report.provenance.get(name)
    assert list(rows["item"])[:3] == ["年初预算数", "全年预算数", "全年执行数"]


def test_budget_rows_leave_out_what_the_report_does_not_state() -> None:
    report = queries.ReportDetail(record={"budget": 10.0, "budget_original": 10.0})

    rows = queries.budget_rows(report)

    assert list(rows["field"]) == ["budget"] and rows["source_position"].isna().all()


def test_indicators_outcomes_and_flags_are_the_reports_own_rows(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rid = _one(con, "report_id in (select report_id from quality_flags) and n_outcomes > 0")
    n_indicators, n_outcomes = con.execute(
        "select n_indicators, n_outcomes from reports where report_id = ?", [rid]
    ).fetchone()
    (n_flags,) = con.execute(
        "select count(*) from quality_flags where report_id = ?", [rid]
    ).fetchone()

    indicators = queries.report_indicators(con, rid)
    outcomes = queries.report_outcomes(con, rid)
    flags = queries.report_flags(con, rid)

    assert len(indicators) == n_indicators
    assert list(indicators["indicator_index"]) == sorted(indicators["indicator_index"])
    assert len(outcomes) == n_outcomes and outcomes["sentence"].notna().all()
    assert len(flags) == n_flags > 0
    assert set(flags["severity"]) <= {"error", "warning", "info"}


def test_report_label_handles_missing_parts_and_float_years() -> None:
    assert queries.report_label(2021.0, "单位", "项目") == "2021 · 单位 · 项目"
    assert queries.report_label(None, float("nan"), "") == "— · — · —"
