"""dashboard.rectification: the 整改 store beside the warehouse."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard import rectification
from dashboard.rectification import ItemKey, RectificationError

REPORT = ItemKey("绵阳市知识产权局", "专利资助与奖励", 2018)
INDICATOR = ItemKey("绵阳市知识产权局", "专利资助与奖励", 2018, "培训人次")


def test_a_status_is_kept_and_replaced_and_its_history_grows(tmp_path: Path) -> None:
    store = tmp_path / "rectification.sqlite"
    rectification.set_status(REPORT, "open", " 核实执行率 ", dt.date(2026, 3, 1), path=store)
    rectification.set_status(INDICATOR, "in_progress", path=store)
    rectification.set_status(REPORT, "done", "已更正", dt.date(2026, 4, 2), path=store)

    items = {item.key: item for item in rectification.items(store)}
    assert set(items) == {REPORT, INDICATOR}
    assert (items[REPORT].status, items[REPORT].note) == ("done", "已更正")
    assert items[REPORT].status_date == dt.date(2026, 4, 2)
    assert items[INDICATOR].status_date == dt.date.today()  # the default date
    changes = rectification.history(REPORT, path=store)
    assert [(c.status, c.note) for c in changes] == [("open", "核实执行率"), ("done", "已更正")]


def test_a_report_without_a_year_is_a_key_too(tmp_path: Path) -> None:
    store = tmp_path / "r.sqlite"
    key = ItemKey("某单位", "某项目", None)
    rectification.set_status(key, "open", path=store)
    rectification.set_status(key, "done", path=store)  # the same item, not a second one

    (item,) = rectification.items(store)
    assert (item.key, item.status) == (key, "done")


def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = tmp_path / "r.sqlite"
    with pytest.raises(ValueError, match="unknown rectification status"):
        rectification.set_status(REPORT, "fixed", path=store)
    with pytest.raises(ValueError, match="unit and project"):
        rectification.set_status(ItemKey("", "专利资助与奖励", 2018), "open", path=store)
    assert rectification.items(store) == ()


def test_an_unwritable_store_names_its_file(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    store = blocked / "rectification.sqlite"
    with pytest.raises(RectificationError, match=re.escape(str(store))):
        rectification.set_status(REPORT, "open", path=store)
    assert rectification.items_or_error(store) == ((), None)  # a missing store holds none

    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database" * 100)
    items, error = rectification.items_or_error(corrupt)
    assert items == () and error and "corrupt.sqlite" in error


def test_the_store_sits_beside_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(rectification.STORE_ENV_VAR, raising=False)
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "w" / "warehouse.duckdb"))
    assert rectification.store_path() == tmp_path / "w" / "rectification.sqlite"
