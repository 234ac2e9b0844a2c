"""Fuzz the readers and the parser at scale and count how each case ended.

The cases are tests/fuzzing.py's: real documents of every format broken in one to three
ways (truncated, bytes flipped, zip members deleted or duplicated, XML elements removed or
repeated, spans and numbers blown up, entities declared, text re-encoded) plus random
bytes. Each goes through `extract_file` in a budgeted worker (etl/worker.py), as ingest
runs it. A case ends in reports, no reports, or a clean rejection (ReadError naming the
file); a crash (any other exception) or a breach of the budget is a bug, and the first
few of each are printed so they can be reproduced.

    .venv/bin/python benchmarks/fuzz_readers.py [--cases 10000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Share of the cases per format; .doc is converted by LibreOffice (about a second each).
SHARES = {"txt": 18, "html": 18, "docx": 18, "xlsx": 18, "xls": 12, "pdf": 13, "doc": 3}
SHOWN = 5  # failing cases printed per kind


def fuzz_format(fmt: str, cases: int, reader, folder: Path, tally: Tally) -> None:
    """Run `cases` mutations of the `fmt` document through `reader`, counting outcomes."""
    from hypothesis import HealthCheck, given, settings

    from etl.errors import ReadError
    from etl.worker import BudgetExceeded, WorkerCrash
    from tests.fuzzing import mutated

    @settings(max_examples=cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=mutated(fmt))
    def run(case: tuple[str, bytes]) -> None:
        suffix, data = case
        path = folder / f"case.{suffix}"
        path.write_bytes(data)
        begun = time.perf_counter()
        try:
            result = reader.read(path)
            kind = "reports" if result.reports else "no reports"
        except ReadError as err:
            kind = "breach" if isinstance(err, BudgetExceeded) else "rejected"
            if kind == "breach" or str(path) not in str(err):
                tally.failures.append(f"{fmt} {kind}: {err} :: {data[:80]!r}")
        except WorkerCrash as err:
            kind = "crash"
            tally.failures.append(f"{fmt} crash: {err} :: {data[:80]!r}")
        tally.slowest = max(
            tally.slowest, (time.perf_counter() - begun, f"{fmt}, {len(data):,} bytes")
        )
        tally.counts[fmt][kind] += 1

    run()


@dataclass
class Tally:
    """How the cases ended, per format; the failures; the slowest case."""

    counts: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in SHARES})
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")


def main() -> int:
    from etl.extract import extract_file
    from etl.worker import Budget, BudgetedReader

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget per file")
    args = parser.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # broken fonts: the case says it
    budget = Budget(seconds=args.seconds)  # the product's memory cap (OCR needs its room)
    tally = Tally()
    started = time.perf_counter()
    with BudgetedReader(extract_file, budget) as reader, tempfile.TemporaryDirectory() as tmp:
        for fmt, share in SHARES.items():
            wanted = max(1, args.cases * share // sum(SHARES.values()))
            fuzz_format(fmt, wanted, reader, Path(tmp), tally)
            counts = tally.counts[fmt]
            print(f"{fmt:5s} {sum(counts.values()):6,d} cases  {dict(counts)}", flush=True)

    total = sum(tally.counts.values(), Counter())
    print(
        f"\n{sum(total.values()):,} cases in {time.perf_counter() - started:.0f} s: {dict(total)}"
    )
    print(f"slowest case: {tally.slowest[0]:.2f} s ({tally.slowest[1]})")
    print(f"crashes: {total['crash']}, budget breaches: {total['breach']}")
    for line in tally.failures[: SHOWN * 2]:
        print("  " + line)
    return 1 if total["crash"] or total["breach"] else 0


if __name__ == "__main__":
    sys.exit(main())
