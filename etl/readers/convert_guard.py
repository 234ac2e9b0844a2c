"""Run one converter command and end it if the process that asked for it dies.

Started by `etl.readers.convert` as a script of its own (``python convert_guard.py PARENT
WORK -- COMMAND…``), standard library only, so it starts in a few tens of milliseconds and
never imports the ETL. A `kill -9` of an ingest runs no ``finally``; this small process
outlives it by design, sees that its parent is gone, kills the converter's process group
(soffice forks soffice.bin) and removes the conversion's temporary folder.

It records the converter's process group in WORK/``PGID_FILE``, so that the parent can kill
that group on a timeout, and a later ingest can still clean up after a guard that was
killed too (`etl.readers.convert.sweep_leftovers`).

Exit code: the converter's own; 1 after its parent died.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time

PGID_FILE = "converter.pgid"
POLL_SECONDS = 0.2  # how soon a dead parent is noticed


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def main(argv: list[str]) -> int:
    """Run the command after ``--``; see the module docstring."""
    parent, work, separator, *command = argv
    if separator != "--" or not command:
        print("usage: convert_guard.py PARENT_PID WORK_DIR -- COMMAND...", file=sys.stderr)
        return 2
    converter = subprocess.Popen(command, start_new_session=True)  # its own process group
    pgid_file = os.path.join(work, PGID_FILE)
    with open(f"{pgid_file}.tmp", "w") as handle:
        handle.write(str(converter.pid))
    os.replace(f"{pgid_file}.tmp", pgid_file)
    while True:
        try:
            return converter.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != int(parent):  # reparented: the ingest is gone
            _kill_group(converter.pid)
            converter.wait()
            time.sleep(POLL_SECONDS)  # let the killed processes release their files
            shutil.rmtree(work, ignore_errors=True)
            return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
