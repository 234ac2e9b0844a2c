"""Format sniffing and container checks on real bytes."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from etl.errors import ReadError
from etl.readers import sniff as sniff_module
from etl.readers.sniff import sniff

SEED_TEXT = Path("tests/fixtures/seeds/000_3d3cd3b106848c44.txt")


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    path = tmp_path / "form.docx"
    document.save(path)
    return path


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "项目名称"
    path = tmp_path / "form.xlsx"
    workbook.save(path)
    return path


def test_office_files_are_told_by_content_not_name(docx_file: Path, xlsx_file: Path) -> None:
    assert sniff(docx_file) == "docx"
    assert sniff(xlsx_file) == "xlsx"
    renamed = docx_file.rename(docx_file.with_suffix(".xlsx"))
    assert sniff(renamed) == "docx"


def test_html_exported_as_xls_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_bytes("<html><body><table><tr><td>项目名称</td></tr></table></body></html>".encode())
    assert sniff(path) == "html"


def test_text_report_is_text() -> None:
    assert sniff(SEED_TEXT) == "txt"


def test_truncated_docx_is_rejected(docx_file: Path, tmp_path: Path) -> None:
    data = docx_file.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="truncated"):
        sniff(cut)


def test_random_bytes_with_office_name_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReadError, match=r"not a valid \.xlsx file"):
        sniff(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sniff_module, "MAX_UNPACKED_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * (2 * 1024 * 1024))
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(ReadError, match="zip bomb"):
        sniff(path)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.touch()
    with pytest.raises(ReadError, match="empty"):
        sniff(path)


def _with_lying_member(template: Path, path: Path, inflated: int, stated: int) -> None:
    """`template` plus a deflated member of `inflated` zero bytes whose local header and
    central directory both state `stated` bytes, as a crafted zip bomb does."""
    name = "word/media/image9.png"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        with zipfile.ZipFile(template) as source:
            for info in source.infolist():
                target.writestr(info, source.read(info))
        with target.open(name, "w") as member:
            for _ in range(inflated // 2**20):
                member.write(bytes(2**20))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
        entry = archive.start_dir
    struct.pack_into("<L", data, info.header_offset + 22, stated)  # local header
    while data[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra, comment = struct.unpack_from("<3H", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            struct.pack_into("<L", data, entry + 24, stated)  # central directory
        entry += 46 + name_length + extra + comment
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("template", ["real_02.docx", "real_02.xlsx"])
def test_a_zip_bomb_that_lies_about_its_sizes_is_measured_and_refused(
    tmp_path: Path, template: str
) -> None:
    path = tmp_path / template
    fixture = Path("tests/fixtures/office") / template
    _with_lying_member(fixture, path, inflated=300 * 2**20, stated=1000)
    with zipfile.ZipFile(path) as archive:  # what the directory says: a small package
        assert sum(info.file_size for info in archive.infolist()) < 2**20
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(ReadError, match=r"more than 200 MB measured.*zip bomb"):
        sniff(path)
    _with_lying_member(fixture, path, inflated=2 * 2**20, stated=1000)  # a lie, but small
    assert sniff(path) == Path(template).suffix[1:]
