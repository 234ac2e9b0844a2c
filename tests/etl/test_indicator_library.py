"""The build's indicator library: each indicator row under its normalised name, and one
library row per name, spellings merged."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.ingest import build_warehouse
from etl.taxonomy import indicator_key

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "002_78a807617c647145.txt"
PLAIN = "指标2：培训从事知识产权工作人员"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    """The seed report, and the same report as another unit might write it: the
    indicator's unit in brackets after its name, a project of its own."""
    root = tmp_path_factory.mktemp("library")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    text = SEED.read_text(encoding="utf-8")
    assert PLAIN in text
    variant = text.replace(PLAIN, "指标2：培训从事知识产权工作人员（人次）").replace(
        "知识产权", "知识产权保护", 1
    )
    (raw / "variant.txt").write_text(variant, encoding="utf-8")
    build_warehouse(raw, root / "warehouse.duckdb")
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as connection:
        yield connection


def test_every_named_indicator_row_has_its_key(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """select i.level3, i.level2, n.indicator_key from indicators i
           left join indicator_names n using (report_id, indicator_index)"""
    ).fetchall()
    assert len(rows) == 20  # ten indicators in each of the two reports
    assert all(key == indicator_key(level3, level2) for level3, level2, key in rows)


def test_two_spellings_of_one_indicator_are_one_library_row(
    con: duckdb.DuckDBPyConnection,
) -> None:
    row = con.execute(
        """select category, spellings, n_spellings, uses, n_reports from indicator_library
           where indicator_key = '培训从事知识产权工作人员'"""
    ).fetchone()
    assert row == (
        "产出指标",
        "培训从事知识产权工作人员；培训从事知识产权工作人员（人次）",
        2,
        2,
        2,
    )
    (distinct,) = con.execute("select count(*) from indicator_library").fetchone()
    assert distinct == 10  # the same ten indicators, whatever their spelling
