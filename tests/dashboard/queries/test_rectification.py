"""dashboard.queries.rectification: 整改 items found beside the warehouse's reports, and
kept across a rebuild."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dashboard import rectification
from dashboard.filters import Filters
from dashboard.queries import rectification as queries
from dashboard.queries.paging import PageRequest
from dashboard.rectification import ItemKey
from etl.ingest import build_warehouse

EVERYTHING = PageRequest(size=None)
_REPORTS = """select r.report_id, u.name, r.implementing_unit, r.project_name, r.year
              from reports r join units u using (unit_id)
              where r.project_name is not null and r.year is not null order by r.report_id"""


def test_items_find_their_reports_under_the_filters(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rid, unit, _, project, year = con.execute(_REPORTS + " limit 1").fetchone()
    other, unit2, _, project2, year2 = con.execute(_REPORTS + " offset 1 limit 1").fetchone()
    store = tmp_path / "r.sqlite"
    rectification.set_status(ItemKey(unit, project, year), "open", "核实", path=store)
    rectification.set_status(ItemKey(unit, project, year, "培训人次"), "done", path=store)
    rectification.set_status(ItemKey(unit2, project2, year2), "in_progress", path=store)
    rectification.set_status(ItemKey("已撤销单位", "旧项目", 2017), "open", path=store)
    items = rectification.items(store)

    page = queries.tracked_page(con, Filters(), EVERYTHING, items)
    assert page.total == 3
    assert list(page.rows["rectification_status"]) == ["open", "in_progress", "done"]
    assert set(page.rows["report_id"]) == {rid, other}
    assert queries.unmatched_count(con, items) == 1

    by_unit = queries.open_by_unit(con, Filters(units=(unit,)), items)
    row = by_unit[by_unit["unit_name"] == unit].iloc[0]
    assert (row["rectification_open"], row["rectification_done"]) == (1, 1)
    narrowed = queries.tracked_page(con, Filters(search="没有这样的项目名称"), EVERYTHING, items)
    assert narrowed.total == 0

    mine = queries.report_items(con, rid, items)
    assert list(mine["rectification_target"].fillna("")) == ["", "培训人次"]
    assert list(queries.readable(mine)["rectification_target"]) == ["整份报告", "培训人次"]


def test_items_survive_a_rebuild_that_gives_the_report_a_new_id(
    tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    raw, db = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    make_warehouse(raw, db, "002_*.txt")
    store = db.with_name(rectification.STORE_NAME)
    with duckdb.connect(str(db), read_only=True) as con:
        (before, unit, _, project, year) = con.execute(_REPORTS).fetchone()
    rectification.set_status(ItemKey(unit, project, year), "in_progress", "约谈", path=store)
    saved = store.read_bytes()

    # The file is edited (a new hash, so new report ids) and the warehouse rebuilt.
    (seed,) = raw.glob("002_*.txt")
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_warehouse(raw, db)

    assert store.read_bytes() == saved  # the build never touches the store
    items = rectification.items(store)
    with duckdb.connect(str(db), read_only=True) as con:
        page = queries.tracked_page(con, Filters(), EVERYTHING, items)
    (after,) = page.rows["report_id"]
    assert after != before
    assert page.rows["rectification_note"].iloc[0] == "约谈"


@pytest.mark.parametrize("status", rectification.STATUSES)
def test_every_status_has_its_words(status: str) -> None:
    from dashboard import theme

    assert theme.RECTIFICATION_LABELS[status]


def test_items_survive_make_rebuild(tmp_path: Path) -> None:
    """What the README promises, run as a user runs it: `make rebuild` on a warehouse with
    a 整改 store beside it (a copy of one seed report as the raw data)."""
    root = Path(__file__).resolve().parents[3]
    raw, db = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    raw.mkdir()
    seed = next((root / "tests" / "fixtures" / "seeds").glob("002_*.txt"))
    (raw / seed.name).write_bytes(seed.read_bytes())
    rebuild = ["make", "--no-print-directory", "rebuild", f"DB={db}", f"RAW={raw}"]
    subprocess.run(rebuild, cwd=root, check=True, capture_output=True)
    with duckdb.connect(str(db), read_only=True) as con:
        (_, unit, _, project, year) = con.execute(_REPORTS).fetchone()
    store = db.with_name(rectification.STORE_NAME)
    rectification.set_status(ItemKey(unit, project, year), "done", "已补正", path=store)

    subprocess.run(rebuild, cwd=root, check=True, capture_output=True)

    (item,) = rectification.items(store)
    assert (item.status, item.note) == ("done", "已补正")
    with duckdb.connect(str(db), read_only=True) as con:
        assert queries.tracked_page(con, Filters(), EVERYTHING, (item,)).total == 1
