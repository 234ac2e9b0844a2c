"""Records → warehouse rows on a real DuckDB file: money units, parsed values, deletes, links."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from etl import warehouse
from etl.records import Indicator, Outcome, ParseResult, Report, SourceRef


def load(db: Path, *reports: Report, source_hash: str = "h1", file: str = "a.txt") -> None:
    """Write hand-built reports as if they came from one file."""
    result = ParseResult(source=file, format="txt", encoding="utf-8", reports=list(reports))
    con = warehouse.connect(db)
    try:
        warehouse.write_file_rows(con, warehouse.file_rows(result, file, source_hash))
    finally:
        warehouse.close(con)


def one(db: Path, sql: str, params: list | None = None) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchone()
    finally:
        con.close()


def test_money_in_yuan_is_stored_in_wan_yuan_with_the_original_kept(tmp_path: Path) -> None:
    report = Report(
        project_name="义务教育营养改善计划专项资金",
        money_unit="元",
        budget=3876646.2,
        executed=3876646.2,
        fiscal_budget=3876646.2,
        other_budget=0,
    )
    db = tmp_path / "w.duckdb"
    load(db, report)
    row = one(
        db,
        """select money_unit, budget, budget_original, executed, fiscal_budget,
                            other_budget, budget_initial, execution_rate from reports""",
    )
    assert row == ("元", 387.66462, 3876646.2, 387.66462, 387.66462, 0.0, None, 100.0)


@pytest.mark.parametrize(("unit", "stored"), [("万元", 12.5), ("亿元", 125000.0), (None, 12.5)])
def test_other_money_units(tmp_path: Path, unit: str | None, stored: float) -> None:
    db = tmp_path / "w.duckdb"
    load(db, Report(budget=12.5, money_unit=unit))
    assert one(db, "select budget, budget_original from reports") == (stored, 12.5)


def test_unknown_money_unit_stays_null_and_is_flagged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, Report(budget=12.5, executed=10.0, money_unit="美元"))
    assert one(db, "select budget, budget_original, execution_rate from reports") == (
        None,
        12.5,
        80.0,
    )
    assert one(db, "select count(*) from quality_flags where code = 'UNKNOWN_MONEY_UNIT'") == (1,)


def test_report_ids_are_deterministic_and_positional() -> None:
    assert warehouse.report_id("abc", 0) == warehouse.report_id("abc", 0)
    assert warehouse.report_id("abc", 0) != warehouse.report_id("abc", 1)
    assert warehouse.report_id("abc", 0) != warehouse.report_id("abd", 0)


def test_indicator_values_are_parsed_and_levels_canonical(tmp_path: Path) -> None:
    indicator = Indicator(
        level1="项目完成指标",
        level2="数量指标",
        level3="受益学生人数",
        target="≥2000人",
        actual="2150人",
        weight=10,
        score=10,
        source=SourceRef("a.txt", line=12),
    )
    db = tmp_path / "w.duckdb"
    load(db, Report(project_name="p", indicators=[indicator]))
    row = one(
        db,
        """select level1_category, level2_category, target_comparator, target_number,
                            target_unit, actual_number, target_qualitative, completion_status,
                            is_reverse, source_position from indicators""",
    )
    assert row == (
        "产出指标",
        "数量指标",
        ">=",
        2000.0,
        "人",
        2150.0,
        False,
        "met",
        False,
        "a.txt:12",
    )


def test_provenance_and_outcomes_are_written(tmp_path: Path) -> None:
    report = Report(
        project_name="专利资助与奖励",
        provenance={"budget": SourceRef("a.txt", line=7)},
        outcomes=[
            Outcome(
                "patent_applications",
                1389,
                "件",
                "中物院新增专利申请量1389件",
                entity="中物院",
                source=SourceRef("a.txt", line=30),
            )
        ],
    )
    db = tmp_path / "w.duckdb"
    load(db, report)
    (provenance,) = one(db, "select provenance from reports")
    assert json.loads(provenance) == {"budget": "a.txt:7"}
    assert one(db, "select metric, value, unit, entity, source_position from outcomes") == (
        "patent_applications",
        1389.0,
        "件",
        "中物院",
        "a.txt:30",
    )


def test_delete_file_removes_reports_and_everything_hanging_off_them(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    noisy = Report(budget=10, executed=20, indicators=[Indicator(level1="产出指标", target="1")])
    load(db, noisy, file="a.txt", source_hash="h1")
    load(db, noisy, file="b.txt", source_hash="h2")
    con = warehouse.connect(db)
    try:
        assert warehouse.delete_file(con, "a.txt") == 1
        for table in ("reports", "indicators", "quality_flags"):
            remaining = con.execute(f"select count(*) from {table}").fetchone()[0]
            expected = con.execute(
                f"select count(*) from {table} where report_id = ?",
                [warehouse.report_id("h2", 0)],
            ).fetchone()[0]
            assert remaining == expected > 0, table
        assert warehouse.loaded_files(con) == {"b.txt": "h2"}
    finally:
        warehouse.close(con)


def test_schema_creation_is_repeatable(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for _ in range(2):
        warehouse.close(warehouse.connect(db))
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select table_name from information_schema.tables").fetchall()
    tables = {name for (name,) in rows}
    con.close()
    assert set(warehouse.TABLES) | {"latest_ingest"} <= tables


def test_insert_rows_refuses_unknown_tables(tmp_path: Path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    try:
        with pytest.raises(ValueError, match="not a warehouse table"):
            warehouse.insert_rows(con, "reports; drop table reports", [{"x": 1}])
    finally:
        con.close()
