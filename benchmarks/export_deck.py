"""How long the briefing deck (and the Word report) take for the whole demo warehouse.

Each run builds the briefing (queries, figures, takeaways), draws the chart PNGs with
kaleido in Chromium (`images.to_png`, scale 2), then writes the .pptx and the .docx from
those PNGs. The first run includes starting Chromium (the export browser lives for the
process), so it is shown on its own beside the median of all runs. Target: a deck for the
whole demo under 20 s.

    .venv/bin/python benchmarks/export_deck.py [--db PATH] [--runs 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

STEPS = ("briefing", "images", "deck write", "report write", "deck total")
T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """`action()` and its wall time in seconds."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def one_run(db: Path, out: Path | None) -> dict[str, float]:
    """Seconds per step of one briefing → deck (+ report) on the warehouse `db`."""
    import duckdb

    from dashboard.export import images
    from dashboard.export.briefing import build_briefing
    from dashboard.export.deck import write_deck
    from dashboard.export.report_docx import write_report
    from dashboard.filters import Filters

    with duckdb.connect(str(db), read_only=True) as con:
        briefing, seconds_briefing = timed(lambda: build_briefing(con, Filters()))
    pngs, seconds_images = timed(
        lambda: {id(chart.figure): images.to_png(chart.figure) for chart in briefing.charts}
    )

    def drawn(figure: object) -> bytes:  # the writers reuse the PNGs drawn above
        return pngs[id(figure)]

    deck, seconds_deck = timed(lambda: write_deck(briefing, drawn))
    report, seconds_report = timed(lambda: write_report(briefing, drawn))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "briefing.pptx").write_bytes(deck)
        (out / "briefing.docx").write_bytes(report)
    return {
        "briefing": seconds_briefing,
        "images": seconds_images,
        "deck write": seconds_deck,
        "report write": seconds_report,
        "deck total": seconds_briefing + seconds_images + seconds_deck,
        "charts": len(briefing.charts),
        "deck KB": len(deck) / 1024,
        "report KB": len(report) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "data" / "warehouse.duckdb")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also save the last deck and report here")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"no warehouse at {args.db}; run `make build` first")

    from dashboard.export import images

    if not images.available():
        sys.exit("chromium is not installed (`make setup`): no chart images to time")
    runs = [one_run(args.db, args.out) for _ in range(args.runs)]
    first = runs[0]
    print(f"warehouse {args.db}: {first['charts']:.0f} charts, deck {first['deck KB']:.0f} KB, "
          f"report {first['report KB']:.0f} KB; {args.runs} runs")  # fmt: skip
    print(f"{'step':<14}{'first run (s)':>15}{'median (s)':>12}")
    for step in STEPS:
        median = statistics.median(run[step] for run in runs)
        print(f"{step:<14}{first[step]:>15.2f}{median:>12.2f}")
    verdict = "meets" if first["deck total"] < 20 else "MISSES"
    print(f"deck for the whole demo, cold (Chromium start included): {first['deck total']:.1f} s "
          f"— {verdict} the 20 s target")  # fmt: skip


if __name__ == "__main__":
    main()
