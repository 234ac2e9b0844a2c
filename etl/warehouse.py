"""The DuckDB warehouse: schema, records → rows, and every write. No other module writes DuckDB.

Money is stored in 万元; the figures as the document states them are kept in `*_original`
columns beside `money_unit`. Row ids are derived from content (see `report_id`) so that
loading the same file twice produces the same rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.checks import check_report
from etl.records import MONEY_FIELDS, Indicator, ParseResult, Report, SourceDamage
from etl.scoring.audit import DesignFinding
from etl.scoring.recompute import ReportScore
from etl.scoring.warnings import ReportWarning
from etl.taxonomy import canonical_level1, canonical_level2
from etl.values import assess_completion, parse_value

SQL_DIR = Path(__file__).parent / "sql"
# Insert targets are interpolated into SQL, so only these names are accepted.
TABLES = (
    "reports",
    "indicators",
    "outcomes",
    "quality_flags",
    "ingest_log",
    "units",
    "unit_variants",
    "projects",
    "report_scores",
    "score_lines",
    "report_warnings",
    "design_findings",
    "indicator_names",
    "indicator_library",
)
DATA_TABLES = ("indicators", "outcomes", "quality_flags")  # rows hanging off a report_id

# How many 万元 one unit of the document's money unit is worth.
MONEY_FACTORS = {"万元": 1.0, "元": 0.0001, "千元": 0.1, "百万元": 100.0, "亿元": 10000.0}
COPIED_FIELDS = (
    "year",
    "department",
    "implementing_unit",
    "project_name",
    "execution_rate_stated",
    "budget_weight",
    "budget_score",
    "self_score_total",
    "grade",
    "form_kind",
    "layout",
    "row_builder",
    "goal_target",
    "goal_actual",
)


@dataclass
class FileRows:
    """Every row one source file contributes, ready to insert."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    quality_flags: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, other: FileRows) -> None:
        """Append another file's rows to these."""
        for table in ("reports", *DATA_TABLES):
            getattr(self, table).extend(getattr(other, table))


# --- connection and schema -------------------------------------------------------------


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) a warehouse file read-write and make sure the schema exists."""
    con = duckdb.connect(str(path))
    create_schema(con)
    return con


# Columns added since a table was first created: a warehouse built before gains them at
# its next ingest (`create table if not exists` leaves an existing table as it is).
ADDED_COLUMNS = (("ingest_log", "loaded_by", "varchar"),)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run schema.sql (tables), add `ADDED_COLUMNS`, then every other .sql file (views),
    in name order."""
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    for table, column, kind in ADDED_COLUMNS:  # constants, not input
        con.execute(f"alter table {table} add column if not exists {column} {kind}")
    for sql_file in sorted(SQL_DIR.glob("*.sql")):
        if sql_file.name != "schema.sql":
            con.execute(sql_file.read_text(encoding="utf-8"))


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint and close, so the file holds everything and no .wal is left beside it."""
    con.execute("checkpoint")
    con.close()


# --- records → rows --------------------------------------------------------------------


def report_id(source_hash: str, report_index: int) -> str:
    """Deterministic id of the report at `report_index` in the file with `source_hash`."""
    return hashlib.sha256(f"{source_hash}:{report_index}".encode()).hexdigest()[:16]


def money_factor(money_unit: str | None) -> float | None:
    """Multiplier from the document's money unit to 万元; None when the unit is unknown."""
    if money_unit is None:
        return 1.0  # forms without a stated unit are 万元 by the template
    return MONEY_FACTORS.get(money_unit.strip())


def file_rows(result: ParseResult, source_file: str, source_hash: str) -> FileRows:
    """All rows for one parsed file. Runs the values parser and the quality checks."""
    rows = FileRows()
    for index, report in enumerate(result.reports):
        rid = report_id(source_hash, index)
        rows.reports.append(report_row(report, rid, source_file, source_hash, index, result))
        rows.indicators.extend(
            indicator_row(rid, i, ind) for i, ind in enumerate(report.indicators)
        )
        rows.outcomes.extend(outcome_rows(rid, report))
        rows.quality_flags.extend(flag_rows(rid, report, result.damage))
    return rows


def report_row(
    report: Report,
    rid: str,
    source_file: str,
    source_hash: str,
    index: int,
    result: ParseResult,
) -> dict[str, Any]:
    """The `reports` row: money converted to 万元, originals kept, provenance as JSON."""
    factor = money_factor(report.money_unit)
    row: dict[str, Any] = {
        "report_id": rid,
        "source_file": source_file,
        "source_hash": source_hash,
        "report_index": index,
        "source_format": result.format,
        "source_encoding": result.encoding,
        "money_unit": report.money_unit,
        "money_factor": factor,
        "execution_rate": report.execution_rate,
        "n_indicators": len(report.indicators),
        "n_outcomes": len(report.outcomes),
        "provenance": json.dumps(
            {name: ref.label() for name, ref in report.provenance.items()},
            ensure_ascii=False,
            sort_keys=True,
        ),
    }
    row.update({name: getattr(report, name) for name in COPIED_FIELDS})
    for name in MONEY_FIELDS:
        original = getattr(report, name)
        row[f"{name}_original"] = original
        # Rounded so that 4236500 元 becomes 423.65, not 423.65000000000003.
        converted = None if original is None or factor is None else original * factor
        row[name] = None if converted is None else round(converted, 6)
    return row


def indicator_row(rid: str, index: int, indicator: Indicator) -> dict[str, Any]:
    """The `indicators` row: levels canonicalized, target/actual parsed, completion assessed."""
    target = parse_value(indicator.target) if indicator.target else None
    actual = parse_value(indicator.actual) if indicator.actual else None
    completion = assess_completion(target, actual)
    row: dict[str, Any] = {
        "report_id": rid,
        "indicator_index": index,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "level1_category": canonical_level1(indicator.level1) if indicator.level1 else None,
        "level2_category": canonical_level2(indicator.level2) if indicator.level2 else None,
        "target": indicator.target,
        "actual": indicator.actual,
        "weight": indicator.weight,
        "score": indicator.score,
        "completion_status": completion.status,
        "completion_ratio": completion.ratio,
        "is_reverse": completion.reverse,
        "deviation_reason": indicator.deviation_reason,
        "source_position": indicator.source.label() if indicator.source else None,
    }
    for prefix, value in (("target", target), ("actual", actual)):
        row[f"{prefix}_comparator"] = value.comparator if value else None
        row[f"{prefix}_number"] = value.number if value else None
        row[f"{prefix}_unit"] = value.unit if value else None
        row[f"{prefix}_qualifier"] = value.qualifier if value else None
        row[f"{prefix}_qualitative"] = value.qualitative if value else None
    return row


def outcome_rows(rid: str, report: Report) -> list[dict[str, Any]]:
    """The `outcomes` rows: achieved figures with their unit as stated (not converted)."""
    return [
        {
            "report_id": rid,
            "outcome_index": i,
            "metric": o.metric,
            "value": o.value,
            "unit": o.unit,
            "qualifier": o.qualifier,
            "entity": o.entity,
            "scope": o.scope,
            "sentence": o.sentence,
            "source_position": o.source.label() if o.source else None,
            "rule": o.rule,
            "conflict": o.conflict,
        }
        for i, o in enumerate(report.outcomes)
    ]


def flag_rows(
    rid: str, report: Report, damage: Sequence[SourceDamage] = ()
) -> list[dict[str, Any]]:
    """The `quality_flags` rows: the checks' findings, then the loader's own, then damage to
    the file the report came from (every report of a damaged file carries it)."""
    flags = [
        (f.code, f.severity, f.message, f.evidence, f.indicator_index) for f in check_report(report)
    ]
    if money_factor(report.money_unit) is None:
        # The loader cannot convert, so money columns stay null; say why.
        flags.append(
            (
                "UNKNOWN_MONEY_UNIT",
                "error",
                f"money unit {report.money_unit!r} is not one of {', '.join(MONEY_FACTORS)}",
                report.money_unit,
                None,
            )
        )
    flags += [
        (n.code, "warning", n.message, n.source.label() if n.source else None, None)
        for n in report.notes
    ]
    flags += [(d.code, "warning", d.message, d.place, None) for d in damage]
    return [
        {
            "report_id": rid,
            "flag_index": i,
            "code": code,
            "severity": severity,
            "message": message,
            "evidence": _as_text(evidence),
            "indicator_index": indicator_index,
        }
        for i, (code, severity, message, evidence, indicator_index) in enumerate(flags)
    ]


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


# --- writes ----------------------------------------------------------------------------


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert dict rows into `table` by column name (one DataFrame scan, not row by row)."""
    if table not in TABLES:
        raise ValueError(f"not a warehouse table: {table}")
    if not rows:
        return
    frame = pd.DataFrame.from_records(rows)
    con.register("incoming_rows", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def write_file_rows(con: duckdb.DuckDBPyConnection, rows: FileRows) -> None:
    """Insert a batch of files' rows, reports first."""
    for table in ("reports", *DATA_TABLES):
        insert_rows(con, table, getattr(rows, table))


def delete_file(con: duckdb.DuckDBPyConnection, source_file: str) -> int:
    """Remove a file's reports and everything hanging off them; returns reports removed."""
    ids = "select report_id from reports where source_file = ?"
    for table in DATA_TABLES:
        con.execute(f"delete from {table} where report_id in ({ids})", [source_file])
    (count,) = con.execute(
        "select count(*) from reports where source_file = ?", [source_file]
    ).fetchone()
    con.execute("delete from reports where source_file = ?", [source_file])
    return count


def write_scores(con: duckdb.DuckDBPyConnection, scores: Iterable[ReportScore]) -> None:
    """Replace `report_scores` and `score_lines` with `scores` (all profiles at once)."""
    con.execute("delete from score_lines")
    con.execute("delete from report_scores")
    totals, lines = [], []
    for score in scores:
        totals.append(
            {
                "report_id": score.report_id,
                "profile": score.profile,
                "stated_score": score.stated_score,
                "stated_grade": score.stated_grade,
                "score": score.score,
                "grade": score.grade,
                "differences": ";".join(score.differences) or None,
                "note": score.note or None,
            }
        )
        lines += [
            {"report_id": score.report_id, "profile": score.profile, "line_index": index,
             "item": line.item, "weight": line.weight, "points": line.points,
             "arithmetic": line.arithmetic}
            for index, line in enumerate(score.lines)
        ]  # fmt: skip
    insert_rows(con, "report_scores", totals)
    insert_rows(con, "score_lines", lines)


def write_warnings(
    con: duckdb.DuckDBPyConnection, warnings: Iterable[tuple[str, list[ReportWarning]]]
) -> None:
    """Replace `report_warnings` with each report's warnings."""
    _replace_findings(con, "report_warnings", "warning_index", warnings)


def write_design_findings(
    con: duckdb.DuckDBPyConnection, findings: Iterable[tuple[str, list[DesignFinding]]]
) -> None:
    """Replace `design_findings` with each report's indicator-design findings."""
    _replace_findings(con, "design_findings", "finding_index", findings)


def _replace_findings(
    con: duckdb.DuckDBPyConnection,
    table: str,
    index_column: str,
    found: Iterable[tuple[str, Sequence[ReportWarning | DesignFinding]]],
) -> None:
    """Replace `table` with the findings of each report, numbered per report."""
    con.execute(f"delete from {table}")
    rows = [
        {"report_id": rid, index_column: index, **dataclasses.asdict(finding)}
        for rid, findings in found
        for index, finding in enumerate(findings)
    ]
    insert_rows(con, table, rows)


def indicator_level_names(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(report_id, indicator_index, level3, level2) of every indicator row."""
    return con.execute(
        "select report_id, indicator_index, level3, level2 from indicators order by all"
    ).fetchall()


def write_indicator_library(
    con: duckdb.DuckDBPyConnection, keys: Iterable[tuple[str, int, str]]
) -> None:
    """Replace `indicator_names` with (report_id, indicator_index, indicator_key) and
    rebuild `indicator_library` from it."""
    con.execute("delete from indicator_names")
    con.execute("delete from indicator_library")
    insert_rows(
        con,
        "indicator_names",
        [{"report_id": r, "indicator_index": i, "indicator_key": k} for r, i, k in keys],
    )
    con.execute(
        """
        insert into indicator_library
        select n.indicator_key,
               mode(i.level1_category) as category,
               string_agg(distinct coalesce(i.level3, i.level2), '；'
                          order by coalesce(i.level3, i.level2)) as spellings,
               count(distinct coalesce(i.level3, i.level2)) as n_spellings,
               count(*) as uses,
               count(distinct n.report_id) as n_reports
        from indicator_names as n
        join indicators as i using (report_id, indicator_index)
        group by n.indicator_key
        """
    )


def loaded_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """source_file → source_hash for every file that has reports in the warehouse."""
    return dict(con.execute("select distinct source_file, source_hash from reports").fetchall())


# --- units and projects ----------------------------------------------------------------


def unit_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every unit name written in reports (departments and implementing units), one entry per
    occurrence: the linker picks the most frequent spelling as canonical.
    """
    rows = con.execute(
        """
        select name from (
            select department as name from reports
            union all
            select implementing_unit from reports
        )
        where nullif(trim(name), '') is not null
        order by name
        """
    ).fetchall()
    return [name for (name,) in rows]


def report_link_keys(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(report_id, reporting unit, department, project_name, year) for every report.

    The reporting unit is the 实施单位 where the form names one, else the department
    (2018 forms only name the 预算单位).
    """
    return con.execute(
        """
        select report_id,
               coalesce(nullif(trim(implementing_unit), ''), nullif(trim(department), '')),
               nullif(trim(department), ''),
               nullif(trim(project_name), ''),
               year
        from reports
        order by report_id
        """
    ).fetchall()


def write_links(
    con: duckdb.DuckDBPyConnection,
    variants: dict[str, str],
    canonical_names: dict[str, str],
    assignments: list[dict[str, Any]],
) -> None:
    """Replace units, unit_variants and projects, and set the link ids on reports.

    variants: raw name → unit_id; canonical_names: unit_id → canonical name;
    assignments: dicts of report_id, unit_id, department_unit_id, project_id.
    """
    for table in ("units", "unit_variants", "projects"):
        con.execute(f"delete from {table}")
    con.execute("update reports set unit_id = null, department_unit_id = null, project_id = null")
    insert_rows(
        con,
        "unit_variants",
        [{"raw_name": raw, "unit_id": uid} for raw, uid in sorted(variants.items())],
    )
    if assignments:
        con.register("link_assignments", pd.DataFrame.from_records(assignments))
        try:
            con.execute(
                """
                update reports
                set unit_id = a.unit_id,
                    department_unit_id = a.department_unit_id,
                    project_id = a.project_id
                from link_assignments as a
                where reports.report_id = a.report_id
                """
            )
        finally:
            con.unregister("link_assignments")
    insert_rows(
        con,
        "units",
        [
            {"unit_id": uid, "name": name, "n_variants": 0, "n_reports": 0}
            for uid, name in sorted(canonical_names.items())
        ],
    )
    con.execute(
        """
        update units set
            n_variants = (select count(*) from unit_variants v where v.unit_id = units.unit_id),
            n_reports = (select count(*) from reports r where r.unit_id = units.unit_id)
        """
    )
    con.execute(
        """
        insert into projects
            (project_id, unit_id, name, first_year, last_year, n_years, n_reports)
        select project_id,
               min(unit_id),
               first(project_name order by year desc nulls last, project_name),
               min(year),
               max(year),
               count(distinct year),
               count(*)
        from reports
        where project_id is not null
        group by project_id
        """
    )
