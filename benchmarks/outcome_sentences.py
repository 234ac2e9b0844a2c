"""Precision and recall of the outcome reader per metric over generated sentences.

Every generator of etl/demo/outcome_sentences.py (achieved results in many phrasings,
targets, totals with parts, sub-entities, stocks and distractors), scored as
../shared/tools/score_outcomes.py scores real reports.

    .venv/bin/python benchmarks/outcome_sentences.py [--count 3000] [--seed 2026] [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    from etl.demo.outcome_sentences import cases
    from tests.outcome_sentences import score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-v", "--verbose", action="store_true", help="print the misses")
    args = parser.parse_args()
    started = time.perf_counter()
    tallies = score(cases(args.count, args.seed))
    print(f"{args.count} cases, seed {args.seed}, {time.perf_counter() - started:.1f} s")
    print(f"{'metric':28s} {'gold':>6s} {'read':>6s} {'right':>6s} recall precision")
    for metric, t in sorted(tallies.items()):
        print(
            f"{metric:28s} {t.gold:6d} {t.read:6d} {t.right:6d} {t.recall:6.3f} {t.precision:9.3f}"
        )
        if args.verbose:
            for miss in sorted(set(t.misses))[:8]:
                print("    " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
