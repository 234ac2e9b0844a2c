"""Scoring facts for the tests: an indicator met in full and a report, unless told otherwise."""

from __future__ import annotations

import dataclasses

from etl.scoring.recompute import IndicatorFacts, ReportFacts


def indicator(name: str = "培训人次", **kw: object) -> IndicatorFacts:
    values: dict[str, object] = {"category": "产出指标", "weight": None, "stated_score": None,
                                 "status": "met", "ratio": 1.0, "reverse": False}  # fmt: skip
    values.update(kw)
    return IndicatorFacts(name, **values)  # type: ignore[arg-type]


def report(*indicators: IndicatorFacts, rate: float | None = 100.0, **kw: object) -> ReportFacts:
    base = ReportFacts("r1", rate, None, None, indicators)
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]
