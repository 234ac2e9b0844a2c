"""The outcome reader on generated sentences (etl/demo/outcome_sentences.py), scored per metric.

Used by tests/etl/test_outcome_sentences.py (a sample) and benchmarks/outcome_sentences.py
(all of them). A case's outcomes are compared as (metric, value) with its scope: year
unless the sentence says cumulative, as ../shared/tools/score_outcomes.py compares them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from etl.demo.outcome_sentences import Case
from etl.outcomes import METRICS, extract_outcomes


@dataclass
class MetricTally:
    """Gold figures, figures read and figures read right, for one metric."""

    gold: int = 0
    read: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0


def read(case: Case) -> set[tuple[str, float, str]]:
    """What the reader takes from a case: (metric, value, scope) in the scored vocabulary."""
    return {
        (o.metric, o.value, "cumulative" if o.scope == "cumulative" else "year")
        for o in extract_outcomes([(case.text, None)])
        if o.metric in METRICS
    }


def score(cases: Iterable[Case]) -> dict[str, MetricTally]:
    """Per metric tallies over `cases`."""
    tallies: dict[str, MetricTally] = defaultdict(MetricTally)
    for case in cases:
        got = read(case)
        want = set(case.expected)
        for metric, value, scope in want:
            tallies[metric].gold += 1
            if (metric, value, scope) in got:
                tallies[metric].right += 1
            else:
                tallies[metric].misses.append(
                    f"missed {metric}={value} ({case.kind}) «{case.text}»"
                )
        for metric, value, scope in got:
            tallies[metric].read += 1
            if (metric, value, scope) not in want:
                tallies[metric].misses.append(f"wrong {metric}={value} ({case.kind}) «{case.text}»")
    return dict(tallies)
