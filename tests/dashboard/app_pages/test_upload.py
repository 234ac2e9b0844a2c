"""数据导入: upload, preview without writing, confirm, and the warehouse has the reports;
or discard, and nothing is left behind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import SEEDS

PAGE = "app_pages/upload.py"
SEED = next(SEEDS.glob("002_*.txt"))


def _reports(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from reports").fetchone()[0]


def _warehouse(tmp_path: Path, make_warehouse: Callable[..., Path]) -> Path:
    return make_warehouse(tmp_path / "raw", tmp_path / "warehouse.duckdb", "000_*.txt")


def _upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    app.file_uploader(key="upload_files").set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    ).run()
    next(b for b in app.button if b.label == "预览").click().run()
    return app


def test_an_upload_is_previewed_then_loaded(
    open_app: Callable[..., AppTest], tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    db = _warehouse(tmp_path, make_warehouse)
    before = _reports(db)
    app = _upload(
        open_app(db, PAGE), (SEED.name, SEED.read_bytes()), ("../note.exe", b"MZ\x00\x01" * 50)
    )

    assert not app.exception
    (preview,) = [f.value for f in app.dataframe if "upload_reason" in f.value.columns]
    assert preview["source_file"].tolist() == [SEED.name]
    assert preview["budget"].iloc[0] == 1200.0
    assert any("note" in w.value for w in app.warning)  # refused, with its reason
    assert _reports(db) == before  # nothing written by the preview

    app.text_input(key="upload_by").input("预算科 王五")
    next(b for b in app.button if b.label == "确认导入").click().run()
    assert not app.exception
    assert _reports(db) == before + 1
    with duckdb.connect(str(db), read_only=True) as con:
        who = con.execute("select distinct loaded_by from latest_ingest where file like ?",
                          [f"%{SEED.name}"]).fetchall()  # fmt: skip
    assert who == [("预算科 王五",)]  # who, what (the file) and when, per file
    assert any("已导入 1 个文件" in s.value for s in app.success)
    staged = list((tmp_path / "raw" / "uploads").rglob(SEED.name))
    assert len(staged) == 1  # kept under data/raw: a rebuild includes it


def test_a_discarded_upload_leaves_nothing(
    open_app: Callable[..., AppTest], tmp_path: Path, make_warehouse: Callable[..., Path]
) -> None:
    db = _warehouse(tmp_path, make_warehouse)
    before = _reports(db)
    app = _upload(open_app(db, PAGE), (SEED.name, SEED.read_bytes()))
    next(b for b in app.button if b.label == "放弃本次上传").click().run()

    assert not app.exception
    assert list((tmp_path / "raw" / "uploads").iterdir()) == []
    assert _reports(db) == before
    shutil.rmtree(tmp_path / "raw")
