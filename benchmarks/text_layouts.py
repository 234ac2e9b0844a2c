"""Field accuracy of the parser per text layout, over every gold report we have.

Renders every fixture of the office generator (seeds, corpus, variants) and a sample of the
demo world's reports into each layout of `etl.demo.render.text`, parses them as .txt files
and scores them against their gold answers like ../shared/tools/score_parse.py.

    .venv/bin/python benchmarks/text_layouts.py [--layout pipe ...] [--no-demo] [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    from etl.demo.render.text import LAYOUTS
    from tests.text_layouts import accuracy, gold_fixtures, score_all

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", nargs="*", choices=list(LAYOUTS), help="default: all")
    parser.add_argument("--no-demo", action="store_true", help="leave the demo sample out")
    parser.add_argument("-v", "--verbose", action="store_true", help="per file, worst first")
    args = parser.parse_args()
    fixtures = gold_fixtures(demo=not args.no_demo)
    by_layout = defaultdict(list)
    started = time.perf_counter()
    for scored in score_all(fixtures, args.layout):
        by_layout[scored.layout].append(scored)
    print(f"{len(fixtures)} fixtures, {time.perf_counter() - started:.1f} s")
    print(f"{'layout':14s} {'reports':>13s} {'fields':>13s} accuracy")
    for layout, scores in by_layout.items():
        found = sum(s.score.found for s in scores)
        gold = sum(s.score.gold_reports for s in scores)
        right = sum(s.score.tally.right for s in scores)
        counted = sum(s.score.tally.counted for s in scores)
        print(
            f"{layout:14s} {found:>6d}/{gold:<6d} {right:>6d}/{counted:<6d} {accuracy(scores):.3f}"
        )
        if args.verbose:
            for s in sorted(scores, key=lambda s: s.score.accuracy)[:10]:
                print(f"    {s.stem:32s} {s.score.accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
