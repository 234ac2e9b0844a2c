"""Convert legacy office files (.doc, .xls) with LibreOffice headless, safely.

Each conversion gets its own work folder (``jixiao-convert-<our pid>-…`` in the temp
directory) holding a throwaway LibreOffice profile and LibreOffice's own temp files, so
conversions can run side by side and never touch (or wait on) a user's running LibreOffice;
the input is copied under an ASCII name first, so odd file names cannot be read as options
or mangled. The folder is removed in a ``finally``.

LibreOffice runs in a process group of its own (soffice forks soffice.bin, which would
otherwise live on) under a small guard process (`convert_guard.py`): a timeout kills the
group; if this process is killed outright (kill -9 runs no ``finally``), the guard kills
the group and removes the folder; if the guard was killed as well, `sweep_leftovers`, run at
the start of every ingest, does it for folders whose owner process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from etl.errors import ReadError
from etl.readers.convert_guard import PGID_FILE

DEFAULT_TIMEOUT = 90.0  # seconds; a big .doc converts in a few, a hung filter never does
_CONVERTERS = ("soffice", "libreoffice")
_TAIL_CHARS = 400
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
_TARGET = re.compile(r"([a-z0-9]{1,8})(:.+)?")
_GUARD = Path(__file__).with_name("convert_guard.py")
_WORK_PREFIX = "jixiao-convert-"  # + "<pid>-": the process the folder belongs to
_LEFTOVER = re.compile(r"jixiao-convert(?:ed)?-(\d+)-")


def find_converter() -> str | None:
    """The path of LibreOffice's `soffice` (or `libreoffice`) on PATH, or None."""
    for name in _CONVERTERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(
    path: Path, target_ext: str, *, out_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> Path:
    """Convert `path` to `target_ext` ("docx", "xlsx", or "docx:<filter name>") and return it.

    The result is written to `out_dir` as `<stem>.<ext>`; without `out_dir` it goes to a new
    temporary folder that the caller must remove (prefer `converted()`, which does). Raises
    ReadError naming `path` when LibreOffice is missing, fails, or runs past `timeout`.
    """
    own_out = out_dir is None
    destination = Path(_work_folder("jixiao-converted-")) if own_out else out_dir
    try:
        with converted(path, target_ext, timeout=timeout) as produced:
            destination.mkdir(parents=True, exist_ok=True)
            result = destination / f"{path.stem}.{produced.suffix.lstrip('.')}"
            shutil.move(produced, result)
            return result
    except BaseException:
        if own_out:
            shutil.rmtree(destination, ignore_errors=True)
        raise


@contextmanager
def converted(path: Path, target_ext: str, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """Convert `path` like `convert()`; yield the result inside a work folder that is
    removed when the block exits."""
    match = _TARGET.fullmatch(target_ext)
    if match is None:
        raise ValueError(f"bad conversion target {target_ext!r}")
    executable = find_converter()
    if executable is None:
        kind = path.suffix.lower() or "file"
        reason = f"legacy {kind} needs LibreOffice (soffice), which is not installed"
        raise ReadError(str(path), reason)
    if not path.is_file():
        raise ReadError(str(path), "no such file")
    work = Path(_work_folder(_WORK_PREFIX))
    try:
        yield _run(executable, path, target_ext, match.group(1), work, timeout)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _work_folder(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-")


def sweep_leftovers(temp_dir: Path | None = None) -> list[Path]:
    """Remove the conversion folders of processes that are gone, and kill what they left
    running. Returns the folders removed. Folders of live processes are left alone."""
    root = Path(temp_dir or tempfile.gettempdir())
    removed = []
    for folder in root.glob("jixiao-convert*-*"):
        match = _LEFTOVER.match(folder.name)
        if match is None or not folder.is_dir() or _alive(int(match.group(1))):
            continue
        pgid = folder / PGID_FILE
        with suppress(OSError, ValueError):
            _kill_group(int(pgid.read_text()))
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _run(executable: str, path: Path, target: str, ext: str, work: Path, timeout: float) -> Path:
    """Run one conversion inside `work`; the converted file, checked to be there and non-empty."""
    suffix = path.suffix if _SAFE_SUFFIX.fullmatch(path.suffix) else ""
    input_copy = work / f"input{suffix.lower()}"
    try:
        shutil.copyfile(path, input_copy)
    except OSError as exc:
        raise ReadError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    out = work / "out"
    command = [
        executable,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        "--convert-to", target, "--outdir", str(out), str(input_copy),
    ]  # fmt: skip
    returncode, output = _communicate(command, str(path), work, timeout)
    produced = out / f"input.{ext}"
    if returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        raise ReadError(
            str(path),
            f"LibreOffice could not convert the file to .{ext} (exit code {returncode}): "
            + _explain(output),
        )
    return produced


def _explain(output: str) -> str:
    """LibreOffice's own error lines (its warnings, e.g. about Java, are noise), else the tail."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    message = ("; ".join(errors) if errors else "\n".join(lines))[-_TAIL_CHARS:]
    if "could not be loaded" in message:
        message += " (damaged, password-protected, or not this format?)"
    return message or "no message"


def _communicate(command: list[str], source: str, work: Path, timeout: float) -> tuple[int, str]:
    """(exit code, stderr then stdout) of the converter, run under the guard; kills the
    converter's process group on a timeout or when this call is interrupted."""
    (work / "tmp").mkdir()
    guarded = [sys.executable, str(_GUARD), str(os.getpid()), str(work), "--", *command]
    try:
        process = subprocess.Popen(
            guarded,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a group of its own: a Ctrl-C to ours does not reach it
            env={**os.environ, "TMPDIR": str(work / "tmp")},  # LibreOffice's lu*.tmp files
        )
    except OSError as exc:
        raise ReadError(source, f"cannot start LibreOffice ({exc.strerror or exc})") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process, work)
        raise ReadError(source, f"conversion timed out after {timeout:g} s") from None
    except BaseException:
        _stop(process, work)
        raise
    text = stderr.decode("utf-8", "replace") + "\n" + stdout.decode("utf-8", "replace")
    return process.returncode, text


def _stop(process: subprocess.Popen[bytes], work: Path) -> None:
    """Kill the guard and the converter's process group (named in the work folder)."""
    _kill_group(process.pid)
    with suppress(OSError, ValueError):
        _kill_group(int((work / PGID_FILE).read_text()))
    with suppress(subprocess.TimeoutExpired):  # unkillable (D state): leave it, don't hang
        process.communicate(timeout=10)


def _kill_group(pgid: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
