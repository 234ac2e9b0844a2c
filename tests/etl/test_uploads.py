"""etl.uploads: browser uploads staged under data/raw — names cleaned, writes kept inside
the upload's folder, sizes capped (zip members measured while read), formats judged by
content — and previewed without touching the warehouse."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from etl import uploads
from etl.uploads import preview, safe_name, stage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "seeds" / "002_78a807617c647145.txt"
DOCX = FIXTURES / "office" / "real_02.docx"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\报告\\2024年自评表.docx", "2024年自评表.docx"),
        (".hidden.txt", "hidden.txt"),
        ("a\x00b<c>:d|e?.txt", "a_b_c__d_e_.txt"),
        ("..", "file"),
        ("绩效" * 100 + ".docx", "绩效" * 57 + "绩.docx"),
    ],
)
def test_names_are_cut_to_one_clean_file_name(sent: str, kept: str) -> None:
    assert safe_name(sent) == kept


def test_an_upload_lands_in_its_own_folder_under_raw(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    upload = stage([(SEED.name, SEED.read_bytes()), ("../报告.docx", DOCX.read_bytes())], raw)

    assert upload.folder.parent == raw / "uploads"
    assert sorted(p.name for p in upload.files) == sorted([SEED.name, "报告.docx"])
    assert all(p.parent == upload.folder for p in upload.files)
    assert upload.refused == []
    assert upload.size == SEED.stat().st_size + DOCX.stat().st_size


def test_a_zip_is_unpacked_inside_the_upload_and_cannot_escape_it(tmp_path: Path) -> None:
    data = _zip({"2024/" + SEED.name: SEED.read_bytes(), "../../escape.txt": SEED.read_bytes()})
    upload = stage([("各单位.zip", data)], tmp_path / "raw")

    assert {p.name for p in upload.files} == {SEED.name, "escape.txt"}
    assert all(p.is_relative_to(upload.folder / "各单位") for p in upload.files)
    assert not (tmp_path / "escape.txt").exists()


def test_files_beyond_the_caps_or_not_reports_are_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 2**20)  # 1 MB, so the test stays small
    big = b"x" * (2 * 2**20)
    bomb = _zip({"big.txt": b"0" * (3 * 2**20)})  # 3 MB unpacked from a few KB
    renamed = b"MZ\x90\x00" + bytes(range(256)) * 8  # a Windows program named .docx
    upload = stage(
        [
            ("big.txt", big),
            ("bomb.zip", bomb),
            ("report.docx", renamed),
            ("seed.txt", SEED.read_bytes()),
        ],
        tmp_path / "raw",
    )

    refused = dict(upload.refused)
    assert refused["big.txt"] == "too large: 2.0 MB (the cap per file is 1 MB)"
    assert "the cap per file is 1 MB" in refused["bomb.zip/big.txt"]  # measured, not stated
    assert "report.docx" in refused
    assert [p.name for p in upload.files] == ["seed.txt"]
    assert sorted(p.name for p in upload.folder.rglob("*") if p.is_file()) == ["seed.txt"]


def test_preview_says_what_loading_would_add_and_writes_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    note = b"\xe4\xbc\x9a\xe8\xae\xae\xe7\xba\xaa\xe8\xa6\x81\n"  # a text file with no form
    upload = stage([(SEED.name, SEED.read_bytes()), ("note.txt", note)], raw)

    seed, empty = preview(upload)

    assert seed.reason is None and len(seed.reports) == 1
    assert seed.reports[0]["project_name"] and seed.reports[0]["budget"] == 1200.0
    assert empty.reports == () and empty.reason.startswith("no form found")
    assert sorted(p.name for p in tmp_path.rglob("*.duckdb")) == []

    uploads.discard(upload)
    assert not upload.folder.exists() and (raw / "uploads").exists()


def test_an_upload_stops_at_its_total_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = SEED.stat().st_size
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 2 * size + 10)
    files = [(f"{n}.txt", SEED.read_bytes()) for n in range(3)]

    upload = stage(files, tmp_path / "raw")

    assert [p.name for p in upload.files] == ["0.txt", "1.txt"]
    assert upload.refused[0][0] == "2.txt" and "the cap per upload" in upload.refused[0][1]
