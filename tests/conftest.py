"""Shared fixtures: fixture folders, real warehouses built from the seeds, row counts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
DEMO_DIR = REPO / "data" / "raw" / "demo"
SEEDS_DIR = FIXTURES / "seeds"
CORPUS_DIR = FIXTURES / "corpus"
SEED_REPORTS = 6  # 5 in the first seed, 1 in the second (see the gold JSON)
WAREHOUSE_TABLES = (
    "reports", "indicators", "outcomes", "quality_flags", "ingest_log",
    "units", "unit_variants", "projects",
)  # fmt: skip


CHROMIUM_MISSING = "Debian's chromium is not installed; `make setup` installs it"


@pytest.fixture(scope="session", autouse=True)
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the session (etl/readers/ocr.py): each scanned page is recognised
    once per run, and nothing is written to the user's own cache."""
    folder = tmp_path_factory.mktemp("ocr_cache")
    os.environ["JIXIAO_OCR_CACHE"] = str(folder)  # child processes (etl.jobs) inherit it
    return folder


def require_system(ok: bool, reason: str) -> None:
    """Go on when a system package the test needs is there (`ok`); otherwise fail in CI
    (env CI set: `make setup` must have installed it) and skip on a developer machine."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def seeds_dir() -> Path:
    """The seed reports (with their gold JSON beside them, which ingest skips)."""
    return SEEDS_DIR


@pytest.fixture
def corpus_dir() -> Path:
    """The development corpus (one report per file, gold JSON beside)."""
    return CORPUS_DIR


@pytest.fixture
def raw_seeds(tmp_path: Path) -> Path:
    """A writable folder holding copies of the seed report files only (no gold JSON)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        shutil.copy(seed, raw / seed.name)
    return raw


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from scratch out of the seeds, once per session. Open it read-only."""
    from etl.ingest import build_warehouse

    db = tmp_path_factory.mktemp("built") / "warehouse.duckdb"
    build_warehouse(SEEDS_DIR, db, progress=False)
    return db


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the committed demo corpus (data/raw/demo), once per session.

    The dashboard tests and the demo-corpus checks share it; open it read-only.
    """
    from etl.ingest import ingest_paths

    db = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    summary = ingest_paths([DEMO_DIR], db, progress=False)
    assert summary.rejected == 0, summary.rejects
    return db


def count_rows(db: Path, tables: tuple[str, ...] = WAREHOUSE_TABLES) -> dict[str, int]:
    """Row count of each table in the warehouse file `db`."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def table_counts() -> Callable[..., dict[str, int]]:
    """`count_rows(db, tables=…)`: row counts per warehouse table."""
    return count_rows


@pytest.fixture
def query() -> Callable[..., list[tuple]]:
    """`query(db, sql, params=None)`: run one read-only query on a warehouse file."""

    def run(db: Path, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    return run
