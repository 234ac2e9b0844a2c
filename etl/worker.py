"""Read files in a worker process, each within a time and memory budget.

A reader or the parser may meet a file that makes it run for minutes or grow without
bound; the caps in `etl/readers/limits.py` stop the shapes we know, this stops the rest.
The worker is forked once per run (it sees the parent's modules as they are), lowers its
own memory limit and reads file after file; a file over its time is stopped by killing
the worker, and the next file gets a new one. Either way one file costs one file: the
batch goes on.

Forking is safe here because the ETL's processes run one thread; a caller with threads
(the dashboard server) runs the ETL as a child process instead (etl/jobs.py).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from etl.errors import ReadError

T = TypeVar("T")

# Seconds one file may take to read and parse. The slowest bundled file (a multi-page
# PDF) takes a few seconds; LibreOffice's own conversion timeout is 90 s.
FILE_TIME_BUDGET_SECONDS = 180.0
# Memory (data segment, which on Linux counts mmap too) one file's reading may use. The
# largest real report needs a few hundred MB; a crafted file asks for tens of GB.
FILE_MEMORY_BUDGET_BYTES = 4 * 2**30
_FORK = multiprocessing.get_context("fork")


class BudgetExceeded(ReadError):
    """A file went over its time or memory budget, or its reader died: the file is
    rejected like any unreadable one, and fuzzing counts it as a breach."""


class WorkerCrash(RuntimeError):
    """Reading a file failed unexpectedly in the child; the message names the file and
    where in etl/ it failed (`describe_crash`)."""


@dataclass(frozen=True)
class Budget:
    """What one file may cost: seconds of wall time and bytes of memory."""

    seconds: float = FILE_TIME_BUDGET_SECONDS
    memory_bytes: int = FILE_MEMORY_BUDGET_BYTES


def describe_crash(file: str, err: BaseException) -> str:
    """'<file> (whole file; failed at etl/x.py:12 in f): ValueError: …' for an unexpected
    error: the last frame in the project's own code says where to look."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/etl/" in f.filename.replace(os.sep, "/")] or frames
    where = ""
    if ours:
        frame = ours[-1]
        short = frame.filename.replace(os.sep, "/").rsplit("/etl/", 1)[-1]
        where = f"; failed at etl/{short}:{frame.lineno} in {frame.name}"
    return f"{file} (whole file{where}): {type(err).__name__}: {err}"


def _start_worker(memory_bytes: int, parent: int) -> None:
    """In the worker, once: die with the parent, and lower the memory limit."""
    _die_with_parent(parent)
    _limit_memory(memory_bytes)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """A SIGKILLed ingest must not leave its worker, or the LibreOffice converter the worker
    started, running: the kernel sends the worker SIGKILL when its parent dies, and the
    converter's guard (etl/readers/convert_guard.py) then ends the converter."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker ends with its current file
        return
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _limit_memory(memory_bytes: int) -> None:
    """Lower this process's data-segment limit (never raise the hard limit)."""
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(hard, memory_bytes)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _guarded(function: Callable[[Path], Any], path: Path, memory_bytes: int) -> tuple[str, Any]:
    """In the worker: ("ok", result), ("error", ReadError's arguments) or ("crash", text).
    (Errors travel as plain values: a ReadError does not survive pickling.)"""
    try:
        return ("ok", function(path))
    except ReadError as err:
        return ("error", (err.file, err.reason, err.place))
    except MemoryError:
        reason = f"ran out of memory (the cap per file is {memory_bytes // 2**20:,} MB)"
        return ("budget", (str(path), reason, "whole file"))
    except Exception as err:  # a parser bug must cost one file, never the batch
        return ("crash", describe_crash(str(path), err))


class BudgetedReader:
    """Runs `function(path)` for one file after another in a forked worker process,
    each within `budget`; a file over its time is stopped by killing the worker, and the
    next file gets a fresh one. Use as a context manager (the worker ends with it)."""

    def __init__(self, function: Callable[[Path], T], budget: Budget | None = None) -> None:
        self.function = function
        self.budget = budget or Budget()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BudgetedReader:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop(kill=False)

    def read(self, path: Path) -> Any:
        """`function(path)`, run in the worker.

        Raises:
            ReadError: what `function` raised.
            BudgetExceeded: the budget exceeded (naming the file and the cap), or the
                worker died reading the file.
            WorkerCrash: `function` failed unexpectedly; the message names the file and
                where in etl/ it failed.
        """
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1, mp_context=_FORK, initializer=_start_worker,
                initargs=(self.budget.memory_bytes, os.getpid()),
            )  # fmt: skip
        future = self._pool.submit(_guarded, self.function, path, self.budget.memory_bytes)
        try:
            kind, payload = future.result(timeout=self.budget.seconds)
        except TimeoutError:
            self._stop(kill=True)
            reason = f"took longer than {self.budget.seconds:g} s (the cap per file); stopped"
            raise BudgetExceeded(str(path), reason) from None
        except BrokenProcessPool:
            self._stop(kill=True)
            reason = "the reader process died reading this file"
            raise BudgetExceeded(str(path), reason) from None
        if kind == "error":
            raise ReadError(*payload)
        if kind == "budget":
            raise BudgetExceeded(*payload)
        if kind == "crash":
            raise WorkerCrash(payload)
        return payload

    def _stop(self, kill: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            # ProcessPoolExecutor cannot cancel a running task (Python 3.14 adds
            # terminate_workers); its worker processes are killed directly.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
