"""The committed demo corpus (data/raw/demo, written by `python -m etl demo`) ingested and
checked against the ground truth the generator wrote beside it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

DEMO = Path(__file__).resolve().parents[3] / "data" / "raw" / "demo"
TRUTH = json.loads((DEMO / "ground_truth.json").read_text(encoding="utf-8"))
MONEY = ("budget", "executed", "fiscal_budget", "fiscal_executed", "other_budget")


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def by_stem(warehouse: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    cursor = warehouse.execute("select * from reports")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {Path(row["source_file"]).stem: row for row in rows}


def test_the_corpus_has_the_issues_shape() -> None:
    reports = TRUTH["reports"]
    assert 200 <= len(reports) <= 400
    assert {r["year"] for r in reports} >= set(range(2017, 2025))
    assert len(TRUTH["units"]) >= 15
    formats = {r["format"] for r in reports}
    assert formats == {"docx", "xlsx", "pdf", "html", "xls", "doc", "txt", "scan"}
    assert sum(p.stat().st_size for p in DEMO.iterdir()) < 20 * 1024 * 1024


def test_every_report_is_found_once(by_stem: dict[str, dict]) -> None:
    assert set(by_stem) == {r["stem"] for r in TRUTH["reports"]}


def test_figures_names_and_indicator_counts_match(by_stem: dict[str, dict]) -> None:
    wrong = []
    for truth in TRUTH["reports"]:
        row = by_stem[truth["stem"]]
        for name in MONEY:
            stated, read = truth[name], row[f"{name}_original"]
            if (stated is None) != (read is None) or (
                stated is not None and abs(stated - read) > 0.005
            ):
                wrong.append((truth["stem"], name, stated, read))
        for name in ("year", "project_name", "money_unit"):
            if row[name] != truth[name]:
                wrong.append((truth["stem"], name, truth[name], row[name]))
        if row["n_indicators"] != truth["indicator_count"]:
            wrong.append(
                (truth["stem"], "indicators", truth["indicator_count"], row["n_indicators"])
            )
    assert wrong == []


def test_every_injected_flaw_is_flagged(
    warehouse: duckdb.DuckDBPyConnection, by_stem: dict[str, dict]
) -> None:
    flags: dict[str, set[str]] = {}
    for report_id, code in warehouse.execute(
        "select report_id, code from quality_flags"
    ).fetchall():
        flags.setdefault(report_id, set()).add(code)
    missed = []
    for truth in TRUTH["reports"]:
        raised = flags.get(by_stem[truth["stem"]]["report_id"], set())
        for flaw in truth["flaws"]:
            if flaw.isupper() and flaw not in raised:
                missed.append((truth["stem"], flaw, sorted(raised)))
    assert missed == []
    assert sum(1 for t in TRUTH["reports"] if t["flaws"]) >= 20


def test_misspelt_units_are_folded_into_their_unit(
    warehouse: duckdb.DuckDBPyConnection, by_stem: dict[str, dict]
) -> None:
    typos = [t for t in TRUTH["reports"] if "unit_typo" in t["flaws"]]
    assert typos
    canonical = {u["name"] for u in TRUTH["units"]}
    # 主管部门 is the parent bureau for a centre, the unit itself for a bureau; the 2018 form
    # (no 实施单位) names the 预算单位, the unit itself.
    supervisor = {
        u["name"]: u["parent"] if u["level"] == "centre" else u["name"] for u in TRUTH["units"]
    }
    for truth in typos:
        row = by_stem[truth["stem"]]
        assert row["department"] not in canonical  # the form really holds the typo
        (unit,) = warehouse.execute(
            "select name from units where unit_id = ?", [row["department_unit_id"]]
        ).fetchone()
        expected = truth["unit"] if truth["form"] == "form2018" else supervisor[truth["unit"]]
        assert unit == expected, (truth["stem"], row["department"], unit)
