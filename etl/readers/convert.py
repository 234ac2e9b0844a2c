"""Convert legacy office files (.doc, .xls) with LibreOffice headless, safely.

Each conversion gets its own throwaway LibreOffice profile, so conversions can run side by
side and never touch (or wait on) a user's running LibreOffice; the input is copied under
an ASCII name first, so odd file names cannot be read as options or mangled; a timeout kills
the whole process group (soffice forks soffice.bin, which would otherwise live on).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from etl.errors import ReadError

DEFAULT_TIMEOUT = 90.0  # seconds; a big .doc converts in a few, a hung filter never does
_CONVERTERS = ("soffice", "libreoffice")
_TAIL_CHARS = 400
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
_TARGET = re.compile(r"([a-z0-9]{1,8})(:.+)?")


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
    source = str(path)
    match = _TARGET.fullmatch(target_ext)
    if match is None:
        raise ValueError(f"bad conversion target {target_ext!r}")
    ext = match.group(1)
    executable = find_converter()
    if executable is None:
        kind = path.suffix.lower() or "file"
        reason = f"legacy {kind} needs LibreOffice (soffice), which is not installed"
        raise ReadError(source, reason)
    if not path.is_file():
        raise ReadError(source, "no such file")
    own_out = out_dir is None
    destination = Path(tempfile.mkdtemp(prefix="jixiao-converted-")) if own_out else out_dir
    try:
        with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
            produced = _run(executable, path, target_ext, ext, Path(work), timeout)
            destination.mkdir(parents=True, exist_ok=True)
            result = destination / f"{path.stem}.{ext}"
            shutil.move(produced, result)
            return result
    except BaseException:
        if own_out:
            shutil.rmtree(destination, ignore_errors=True)
        raise


@contextmanager
def converted(path: Path, target_ext: str, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """`convert()` into a temporary folder that is removed when the block exits."""
    with tempfile.TemporaryDirectory(prefix="jixiao-converted-") as out_dir:
        yield convert(path, target_ext, out_dir=Path(out_dir), timeout=timeout)


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
    returncode, output = _communicate(command, str(path), timeout)
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


def _communicate(command: list[str], source: str, timeout: float) -> tuple[int, str]:
    """(exit code, stderr then stdout) of the converter; kills its process group on timeout."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout can end it whole
        )
    except OSError as exc:
        raise ReadError(source, f"cannot start LibreOffice ({exc.strerror or exc})") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ReadError(source, f"conversion timed out after {timeout:g} s") from None
    except BaseException:
        _kill_group(process)
        raise
    text = stderr.decode("utf-8", "replace") + "\n" + stdout.decode("utf-8", "replace")
    return process.returncode, text


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):  # unkillable (D state): leave it, don't hang
        process.communicate(timeout=10)
