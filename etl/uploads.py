"""Files uploaded in the browser, staged under data/raw before anything is loaded.

An upload lands in a folder of its own, `data/raw/uploads/<date>-<id>/`, so a later
`make rebuild` from data/raw includes it, and discarding it removes exactly it. Names are
cut to their last part and cleaned (no folders, no `..`, no control characters), every
write is checked to stay inside the upload's folder, sizes are capped per file and per
upload, and a .zip is unpacked member by member with each member's size measured while
it is read (not taken from the zip's directory). Whether a file is a report is then
judged by its content (`etl.readers.sniff`), never by its name.

`preview` reads the staged files (in the budgeted worker) and says what loading them
would add, without writing the warehouse.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from etl.checks import check_report
from etl.errors import ReadError
from etl.extract import NO_FORM, extract_file
from etl.readers.sniff import sniff
from etl.worker import BudgetedReader


def megabytes_from_env(variable: str, default: int) -> int:
    """Bytes from `$variable` given in MB (a whole positive number), else `default` MB."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default * 2**20
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        raise ValueError(f"${variable} must be a whole number of MB above 0, not {text!r}")
    return int(text) * 2**20


# What one uploaded file, and one upload as a whole, may weigh (a report is rarely over
# a few MB; a year's folder of a bureau fits in the upload). A server sets its own.
MAX_FILE_BYTES = megabytes_from_env("JIXIAO_UPLOAD_FILE_MB", 20)
MAX_UPLOAD_BYTES = megabytes_from_env("JIXIAO_UPLOAD_TOTAL_MB", 200)
MAX_ZIP_MEMBERS = 1_000  # files in one uploaded .zip
MAX_NAME_CHARACTERS = 120
UPLOADS_FOLDER = "uploads"  # under the raw folder
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_CHUNK = 2**16


@dataclass
class StagedUpload:
    """An upload written to its own folder: the files kept, and those refused with why."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name as sent, reason)
    size: int = 0  # bytes written


@dataclass(frozen=True)
class FilePreview:
    """What loading one staged file would add: its reports' key figures, or the reason
    it would be rejected."""

    file: Path
    reports: tuple[dict[str, object], ...] = ()
    flags: int = 0  # quality flags the checks raise on its reports
    reason: str | None = None  # why it would be rejected


def safe_name(name: str) -> str:
    """The last part of an uploaded name, cleaned so it is one ordinary file name: no
    folders or `..`, no characters file systems refuse, not hidden, not too long."""
    last = re.split(r"[/\\]", name)[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    if len(cleaned) > MAX_NAME_CHARACTERS:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = MAX_NAME_CHARACTERS - len(suffix) - 1
        cleaned = f"{stem[:keep]}.{suffix}" if dot and 0 < len(suffix) <= 10 else cleaned[:120]
    return cleaned or "file"


def new_upload_folder(raw_dir: Path, now: datetime | None = None) -> Path:
    """A fresh folder for one upload under `raw_dir/uploads/`."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder = raw_dir / UPLOADS_FOLDER / f"{stamp}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def stage(files: list[tuple[str, bytes]], raw_dir: Path) -> StagedUpload:
    """Write the uploaded (name, bytes) pairs into a new folder under `raw_dir`, unpacking
    .zip files; refuse what is too big, not a report format, or would land elsewhere."""
    upload = StagedUpload(new_upload_folder(raw_dir))
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            upload.refused.append((name, _too_big(len(data), MAX_FILE_BYTES, "file")))
        elif zipfile.is_zipfile(io.BytesIO(data)) and safe_name(name).lower().endswith(".zip"):
            _unpack(name, data, upload)
        else:
            _keep(name, data, upload, upload.folder)
    return upload


def _too_big(size: int, cap: int, what: str) -> str:
    return f"too large: {size / 2**20:.1f} MB (the cap per {what} is {cap // 2**20} MB)"


def _target(folder: Path, name: str, root: Path) -> Path:
    """Where `name` goes inside `folder`, refusing anything that would leave `root`."""
    target = (folder / safe_name(name)).resolve()
    if not target.is_relative_to(root.resolve()):  # a cleaned name cannot, but be sure
        raise ValueError(f"{name!r} would be written outside the upload folder")
    stem, suffix, number = target.stem, target.suffix, 2
    while target.exists():  # two files of one name: keep both
        target = target.with_name(f"{stem}（{number}）{suffix}")
        number += 1
    return target


def _keep(name: str, data: bytes, upload: StagedUpload, folder: Path) -> None:
    if upload.size + len(data) > MAX_UPLOAD_BYTES:
        upload.refused.append((name, _too_big(upload.size + len(data), MAX_UPLOAD_BYTES, "upload")))
        return
    target = _target(folder, name, upload.folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        sniff(target)  # a report format, judged by the bytes
    except ReadError as err:
        target.unlink()
        upload.refused.append((name, err.reason))
        return
    upload.files.append(target)
    upload.size += len(data)


def _unpack(name: str, data: bytes, upload: StagedUpload) -> None:
    """Each member of an uploaded .zip, its size measured while it is read."""
    folder = upload.folder / safe_name(Path(safe_name(name)).stem)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                reason = f"{len(members)} files in the .zip (the cap is {MAX_ZIP_MEMBERS})"
                upload.refused.append((name, reason))
                return
            for info in members:
                label = f"{name}/{info.filename}"
                body = _read_member(archive, info, label, upload)
                if body is not None:
                    _keep(info.filename, body, upload, folder)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:
        upload.refused.append((name, f"not a readable .zip: {err}"))


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, upload: StagedUpload
) -> bytes | None:
    """The member's bytes, or None (refused) past the per-file cap, whatever it claims."""
    chunks, size = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                upload.refused.append((label, _too_big(size, MAX_FILE_BYTES, "file")))
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def preview(upload: StagedUpload, reader: BudgetedReader | None = None) -> list[FilePreview]:
    """What loading each staged file would add (read in the budgeted worker; nothing is
    written to the warehouse)."""
    return list(iter_previews(upload.files, reader))


def iter_previews(files: list[Path], reader: BudgetedReader | None = None) -> Iterator[FilePreview]:
    """Each file's preview as soon as it is read (see `preview`)."""
    with nullcontext(reader) if reader else BudgetedReader(extract_file) as active:
        for file in files:
            try:
                result = active.read(file)
            except ReadError as err:
                yield FilePreview(file, reason=err.reason)
                continue
            if not result.reports:
                yield FilePreview(file, reason=NO_FORM)
                continue
            figures = tuple(
                {"project_name": r.project_name, "year": r.year, "budget": r.budget,
                 "executed": r.executed, "indicators": len(r.indicators)}
                for r in result.reports
            )  # fmt: skip
            flags = sum(len(check_report(report)) for report in result.reports)
            yield FilePreview(file, figures, flags)


def discard(upload: StagedUpload) -> None:
    """Remove the upload's folder and everything in it (an upload not confirmed)."""
    shutil.rmtree(upload.folder, ignore_errors=True)
