"""ETL runs for a caller with threads (the dashboard server), in a child process.

Forking a process while other threads run can leave the child stuck on a lock one of
them held, and multiprocessing's other start methods re-run the caller's `__main__` in
every worker (under Streamlit, that is the app). So the dashboard starts `python -m etl`
as a child: single-threaded, it forks its budgeted worker safely, and it tells its
progress as one JSON line per file on stdout. The parsing's CPU is spent outside the
server's interpreter, so other sessions stay responsive meanwhile.

The line protocol lives here, both ends: `emit_*` in the child (etl.cli), the readers in
the parent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from etl.ingest import FileOutcome, IngestSummary
from etl.uploads import FilePreview

# Told after each file: (files done, files in the run, the file's name).
Progress = Callable[[int, int, str], None]

_PROJECT = Path(__file__).resolve().parents[1]
_STDERR_TAIL = 1_000  # characters of a failed child's message kept in the error


class JobFailed(RuntimeError):
    """The child process failed as a whole (not one file: those are outcomes)."""


def emit(record: dict[str, Any]) -> None:
    """Child side: one line of the protocol on stdout, flushed so the parent sees it now."""
    print(json.dumps(record, ensure_ascii=False), flush=True)


def emit_preview(item: FilePreview, done: int, total: int) -> None:
    """Child side: one file's preview."""
    emit({"done": done, "total": total, "preview": {**asdict(item), "file": str(item.file)}})


def emit_outcome(outcome: FileOutcome, done: int, total: int) -> None:
    """Child side: one ingested file's outcome."""
    emit({"done": done, "total": total, "file": outcome.file, "status": outcome.status})


def emit_summary(summary: IngestSummary) -> None:
    """Child side: the ingest's counts, last."""
    counts = {f.name: getattr(summary, f.name) for f in fields(summary) if f.name != "outcomes"}
    emit({"summary": counts})


def preview(files: list[Path], on_progress: Progress | None = None) -> list[FilePreview]:
    """`etl.uploads.iter_previews(files)`, run in a child process."""
    previews: list[FilePreview] = []

    def take(record: dict[str, Any]) -> None:
        item = record["preview"]
        file = Path(item["file"])
        previews.append(FilePreview(**{**item, "file": file, "reports": tuple(item["reports"])}))
        if on_progress:
            on_progress(record["done"], record["total"], file.name)

    _run(["preview", "--jsonl", *map(str, files)], take)
    return previews


def ingest(
    paths: list[Path], db: Path, loaded_by: str, on_progress: Progress | None = None
) -> IngestSummary:
    """`etl.ingest.ingest_paths`, run in a child process; the summary holds the counts
    (each file's outcome is in the warehouse's ingest log)."""
    summary = IngestSummary()

    def take(record: dict[str, Any]) -> None:
        if "summary" in record:
            for name, value in record["summary"].items():
                setattr(summary, name, value)
        elif on_progress:
            on_progress(record["done"], record["total"], Path(record["file"]).name)

    command = ["ingest", "--jsonl", "--db", str(db), "--loaded-by", loaded_by]
    _run([*command, "--", *map(str, paths)], take)
    return summary


def _run(arguments: list[str], take: Callable[[dict[str, Any]], None]) -> None:
    """Run `python -m etl ARGUMENTS`, handing each stdout line to `take` as it comes.
    Exit codes 0 and 2 (some files rejected) are success."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(_PROJECT), os.environ.get("PYTHONPATH")])
    )}  # fmt: skip
    # stderr goes to a file: a pipe nobody reads while stdout is read could fill and stall.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        with subprocess.Popen(
            [sys.executable, "-m", "etl", *arguments],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors,
            text=True, encoding="utf-8", cwd=_PROJECT, env=environment,
        ) as process:  # fmt: skip
            assert process.stdout is not None
            for line in process.stdout:
                take(json.loads(line))
        if process.returncode not in (0, 2):
            errors.seek(0)
            lines = errors.read().strip().splitlines() or ["no message"]
            raise JobFailed(  # the last line: the error itself, after any traceback
                f"python -m etl {arguments[0]} failed (exit code {process.returncode}): "
                + lines[-1][-_STDERR_TAIL:]
            )
