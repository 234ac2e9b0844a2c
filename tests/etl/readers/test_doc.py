"""etl.readers.doc and etl.readers.convert: legacy files through LibreOffice headless.

Real .doc files are made once per module by converting the hand-made .docx fixtures with the
convert helper itself; the failure paths use fake `soffice` scripts on a PATH of their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.document import Document, Paragraph
from etl.errors import ReadError
from etl.parse import parse_document
from etl.readers import convert as convert_module
from etl.readers.convert import convert, converted
from etl.readers.doc import read

DOCX_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers" / "docx"
needs_libreoffice = pytest.mark.skipif(
    convert_module.find_converter() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.fixture(scope="module")
def doc_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """nested.doc and merges.doc, written by LibreOffice from the .docx fixtures."""
    if convert_module.find_converter() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("doc")
    # A non-ASCII name with a space: the helper must not depend on a tame file name.
    made = {}
    for stem in ("nested", "merges"):
        produced = convert(DOCX_FIXTURES / f"{stem}.docx", "doc", out_dir=folder)
        made[stem] = produced.rename(folder / f"自评 {stem}.doc")
    for kind in ("rtf", "odt"):  # what else Word and WPS save; read the same way
        made[kind] = convert(DOCX_FIXTURES / "nested.docx", kind, out_dir=folder)
    return made


@pytest.fixture
def stub_doc(tmp_path: Path) -> Path:
    """A file with the OLE2 signature of a Word 97-2003 .doc, for converters that never open it."""
    path = tmp_path / "stub.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def fake_soffice(folder: Path, script: str) -> Path:
    """A `soffice` on a PATH of its own that runs `script` (bash) instead of LibreOffice."""
    folder.mkdir()
    executable = folder / "soffice"
    executable.write_text("#!/bin/bash\n" + script)
    executable.chmod(0o755)
    return folder


@needs_libreoffice
def test_doc_keeps_the_original_path_everywhere(doc_files: dict[str, Path]) -> None:
    path = doc_files["nested"]
    document = read(path)
    assert (document.source, document.format) == (str(path), "doc")
    sources = [b.source for b in document.blocks if isinstance(b, Paragraph)]
    sources += [c.source for t in document.tables for row in t.rows for c in row if c]
    assert sources
    assert {source.file for source in sources} == {str(path)}


@needs_libreoffice
def test_doc_reads_the_same_blocks_as_its_docx(doc_files: dict[str, Path]) -> None:
    from etl.readers.docx import read as read_docx

    def blocks(document: Document) -> list[object]:
        return [
            b.text if isinstance(b, Paragraph) else [[c and c.text for c in r] for r in b.rows]
            for b in document.blocks
        ]

    assert blocks(read(doc_files["nested"])) == blocks(read_docx(DOCX_FIXTURES / "nested.docx"))


@needs_libreoffice
@pytest.mark.parametrize("kind", ["rtf", "odt"])
def test_rtf_and_odt_read_like_doc(doc_files: dict[str, Path], kind: str) -> None:
    from etl.readers.docx import read as read_docx

    document = read(doc_files[kind])
    assert (document.source, document.format) == (str(doc_files[kind]), kind)
    twin = read_docx(DOCX_FIXTURES / "nested.docx")
    assert [type(b).__name__ for b in document.blocks] == [type(b).__name__ for b in twin.blocks]
    assert document.text() == twin.text()


@needs_libreoffice
def test_doc_merges_survive_the_conversion(doc_files: dict[str, Path]) -> None:
    table = read(doc_files["merges"]).tables[0]
    labels = [[c.text for c in row if c and c.text] for row in table.rows]
    assert labels[1] == ["项目名称", "专利资助与奖励"]
    assert labels[3] == ["499.86", "499.86", "423.65", "10"]
    # The vertically merged label keeps its continuation's text, and covers the row below.
    anchor_col = next(c for c, cell in enumerate(table.rows[2]) if cell)
    assert table.rows[3][anchor_col] is None
    assert "产出指标\n续写" in labels[-2]


@needs_libreoffice
def test_conversion_leaves_no_temporary_files(
    doc_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    read(doc_files["nested"])
    assert list(scratch.iterdir()) == []


@needs_libreoffice
def test_convert_turns_xls_into_xlsx(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "自评表"
    workbook.active["B2"] = "项目名称"
    workbook.save(tmp_path / "form.xlsx")
    xls = convert(tmp_path / "form.xlsx", "xls", out_dir=tmp_path / "xls")
    with converted(xls, "xlsx") as xlsx:
        sheet = openpyxl.load_workbook(xlsx)["自评表"]
        assert sheet["B2"].value == "项目名称"
    assert not xlsx.exists()


def test_missing_libreoffice_is_a_read_error(
    stub_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no soffice, no libreoffice
    with pytest.raises(ReadError) as caught:
        read(stub_doc)
    assert caught.value.reason == "legacy .doc needs LibreOffice (soffice), which is not installed"
    assert caught.value.file == str(stub_doc)


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04 a renamed .docx", b"<html><body>a web page saved as .doc", b""]
)
def test_non_word_content_is_refused_before_conversion(tmp_path: Path, content: bytes) -> None:
    # LibreOffice would import these as plain text and "succeed".
    path = tmp_path / "report.doc"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=r"not a Word \.doc file"):
        read(path)


def test_timeout_kills_the_whole_converter(
    stub_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_pid = tmp_path / "child.pid"
    # Like soffice → soffice.bin: the script forks a child that would outlive its parent.
    folder = fake_soffice(tmp_path / "bin", f"sleep 60 &\necho $! > {child_pid}\nwait\n")
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        read(stub_doc, timeout=1)
    assert caught.value.reason == "conversion timed out after 1 s"
    assert time.monotonic() - started < 15
    pid = int(child_pid.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")  # zombie = ended


def test_failed_conversion_reports_the_converter_message(
    stub_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        "echo 'Warning: failed to launch javaldx' >&2\n"
        "echo 'Error: source file could not be loaded' >&2\n"
    )
    folder = fake_soffice(tmp_path / "bin", script)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    with pytest.raises(ReadError) as caught:
        read(stub_doc)
    assert caught.value.reason == (
        "LibreOffice could not convert the file to .docx (exit code 0): Error: source file could"
        " not be loaded (damaged, password-protected, or not this format?)"
    )


def test_empty_output_is_a_failure(
    stub_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writes an empty input.docx into --outdir (the last-but-one argument) and exits 1.
    script = 'out="${@: -2:1}"\nmkdir -p "$out"\n: > "$out/input.docx"\nexit 1\n'
    monkeypatch.setenv("PATH", f"{fake_soffice(tmp_path / 'bin', script)}:/usr/bin:/bin")
    with pytest.raises(ReadError, match=r"exit code 1\): no message"):
        read(stub_doc)


def test_missing_input_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(fake_soffice(tmp_path / "bin", "exit 0\n")))
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "absent.doc")
    with pytest.raises(ReadError, match="no such file"):
        convert(tmp_path / "absent.doc", "docx")


def test_soffice_is_found_before_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fake_soffice(tmp_path / "bin", "exit 0\n")
    shutil.copy(folder / "soffice", folder / "libreoffice")
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    assert convert_module.find_converter() == str(folder / "soffice")


# The generated .doc fixtures (tests/fixtures/office), saved by LibreOffice from the .docx
# beside them: each must read into the same reports as its .docx.
OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
# (LibreOffice's .doc export flattens a table that ends the body, as Word never writes; the
# generator ends every document with a paragraph so that the tables survive.)
DOC_FILES = sorted(p for p in OFFICE.glob("*.doc") if p.with_suffix(".docx").exists())


@needs_libreoffice
@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_office_doc_reads_like_its_docx(path: Path) -> None:
    from etl.readers.docx import read as read_docx

    reports = parse_document(read(path))
    twins = parse_document(read_docx(path.with_suffix(".docx")))
    assert [r.project_name for r in reports] == [r.project_name for r in twins]
    assert [len(r.indicators) for r in reports] == [len(r.indicators) for r in twins]
    assert all(ref.file == str(path) for r in reports for ref in r.provenance.values())


# --- no converter or folder outlives its ingest ----------------------------------------

REPO = Path(__file__).resolve().parents[3]
# A converter that, like soffice → soffice.bin, leaves a child running and takes its time.
SLOW_CONVERTER = 'sleep 60 &\necho $! > "$CHILD_PID"\nwait\n'


def _leftovers(temp: Path) -> list[str]:
    return sorted(p.name for p in temp.glob("jixiao-*"))


def _wait_until(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp directory of this test's own, for this process and the ones it starts."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def test_failed_and_timed_out_conversions_leave_no_folder(
    stub_doc: Path, tmp_path: Path, private_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHILD_PID", str(tmp_path / "child.pid"))
    monkeypatch.setenv("PATH", f"{fake_soffice(tmp_path / 'bin', SLOW_CONVERTER)}:/usr/bin:/bin")
    with pytest.raises(ReadError, match="timed out"):
        read(stub_doc, timeout=1)
    failing = fake_soffice(tmp_path / "bin2", "exit 3\n")
    monkeypatch.setenv("PATH", f"{failing}:/usr/bin:/bin")
    with pytest.raises(ReadError, match="exit code 3"):
        convert(stub_doc, "docx")
    assert _leftovers(private_temp) == []


def test_kill_9_of_an_ingest_ends_its_converter_and_removes_the_folder(
    tmp_path: Path, private_temp: Path
) -> None:
    child_pid = tmp_path / "child.pid"
    folder = fake_soffice(tmp_path / "bin", SLOW_CONVERTER)
    env = {**os.environ, "PATH": f"{folder}:/usr/bin:/bin", "CHILD_PID": str(child_pid)}
    ingest = subprocess.Popen(
        [sys.executable, "-m", "etl", "ingest", str(DOC_FILES[0]), "--db", str(tmp_path / "w.db")],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_until(child_pid.exists, 30), "the converter never started"
        assert _leftovers(private_temp)  # the conversion's work folder, while it runs
        ingest.kill()  # SIGKILL: no finally, no atexit
        ingest.wait()
        converter = int(child_pid.read_text())
        assert _wait_until(lambda: not _alive(converter)), "the converter outlived its ingest"
        assert _wait_until(lambda: not _leftovers(private_temp)), _leftovers(private_temp)
    finally:
        ingest.kill()


def test_the_next_ingest_cleans_up_after_a_dead_one(
    tmp_path: Path, private_temp: Path, seeds_dir: Path
) -> None:
    from etl.ingest import ingest_paths

    # What a run killed together with its guard leaves: a work folder naming a dead process
    # and the converter's process group, still running.
    dead = subprocess.Popen(["true"])
    dead.wait()
    orphan = subprocess.Popen(["sleep", "60"], start_new_session=True)
    left = private_temp / f"jixiao-convert-{dead.pid}-abc123"
    (left / "profile").mkdir(parents=True)
    (left / convert_module.PGID_FILE).write_text(str(orphan.pid))
    stale_output = private_temp / f"jixiao-converted-{dead.pid}-def456"
    stale_output.mkdir()
    mine = private_temp / f"jixiao-convert-{os.getpid()}-live"  # a running conversion's
    mine.mkdir()
    try:
        ingest_paths([next(seeds_dir.glob("*.txt"))], tmp_path / "w.duckdb", progress=False)
        assert orphan.wait(timeout=10) == -signal.SIGKILL
        assert _leftovers(private_temp) == [mine.name]
    finally:
        orphan.kill()
