"""Outcomes: every achieved figure a report states, under its metric, once, never a target.

Pure functions, no I/O. `extract_outcomes` reads a report's prose paragraphs and its
indicators' actual-value cells (etl/outcomes/clauses.py reads each figure and what it
counts; etl/outcomes/vocabulary.py holds the metrics and the rules), then keeps one fact
once over the whole report:

- whole over parts: once a report states a total of a metric (共列入项目计划169项, or a
  figure the next sentence breaks down with 其中 …), the figures of sentences that list parts
  (其中 …, 包括 …) and its later, smaller figures (the year-by-year cohorts 2017年结转项目
  50项 …) are parts of that total and dropped; parts count only where no total is stated;
- whose figure: a named sub-entity's figure (中物院新增专利申请量1389件) is part of the
  jurisdiction's (全市申请10486件) and dropped where the report states the jurisdiction's
  figure of the same metric; kept where it does not;
- one fact once: the same figure in prose and in the indicator table (or repeated) is one
  outcome, the first source kept;
- a conflict: two different values for a fact that has one value (a level or a stated
  metric: 万人发明专利拥有量 10.51 and 10.54) are both kept and marked `conflict`, which
  becomes a quality flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from etl.outcomes.clauses import Candidate, read_paragraph
from etl.outcomes.vocabulary import GROWTH_SUFFIX, METRICS, RULES
from etl.records import Outcome, SourceRef

__all__ = ["METRICS", "RULES", "extract_outcomes"]

Paragraph = tuple[str, SourceRef | None]


def extract_outcomes(
    paragraphs: Iterable[Paragraph], actual_cells: Iterable[Paragraph] = ()
) -> list[Outcome]:
    """The report's outcomes from its prose `paragraphs` and its indicators'
    `actual_cells` ("三级指标：实际完成值"), in reading order (see the module docstring)."""
    candidates: list[Candidate] = []
    prose = list(paragraphs)
    for index, (text, source) in enumerate(prose):
        candidates += read_paragraph(text, source, index)
    # Each cell a paragraph of its own, one apart from the prose: a cell never continues
    # the prose's last sentence (its 其中 …).
    for index, (text, source) in enumerate(actual_cells, start=len(prose) + 1):
        candidates += read_paragraph(text, source, index, indicator=True)
    kept = _without_parts(candidates)
    kept = _without_sub_entities(kept)
    outcomes = _once(kept)
    _mark_conflicts(outcomes)
    return outcomes


def _without_parts(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Drop the parts of a stated total (see the module docstring)."""
    totals: dict[tuple[str, str], Candidate] = {}  # (metric, scope) → the report's total
    kept: list[Candidate] = []
    for index, candidate in enumerate(candidates):
        o = candidate.outcome
        key = (o.metric, _scope(o))
        total = totals.get(key)
        if total is not None and (candidate.part or o.value < total.outcome.value):
            continue  # 其中新上项目49项 / 2017年结转项目50项 under 共列入项目计划169项
        kept.append(candidate)
        if total is None and (candidate.total or _parts_follow(candidates, index)):
            totals[key] = candidate
    return kept


def _parts_follow(candidates: Sequence[Candidate], index: int) -> bool:
    """Whether the next figure of the same metric, in this paragraph or the next, is in a
    sentence that lists parts (全年培训1200人次 | 其中企业人员500人次)."""
    here = candidates[index]
    for later in candidates[index + 1 :]:
        if later.paragraph > here.paragraph + 1:
            return False
        if later.outcome.metric == here.outcome.metric:
            return later.part and (later.paragraph, later.sentence) > (
                here.paragraph,
                here.sentence,
            )
    return False


def _without_sub_entities(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Drop a sub-entity's figure where the jurisdiction's figure of its metric is stated."""
    stated = {(c.outcome.metric, _scope(c.outcome)) for c in candidates if c.outcome.entity is None}
    return [
        c
        for c in candidates
        if c.outcome.entity is None or (c.outcome.metric, _scope(c.outcome)) not in stated
    ]


def _once(candidates: Sequence[Candidate]) -> list[Outcome]:
    """Each (metric, value, entity) once; a figure without a stated scope is the same fact
    as one with it (the table restates the prose)."""
    out: list[Outcome] = []
    for candidate in candidates:
        o = candidate.outcome
        same = next(
            (
                kept
                for kept in out
                if (kept.metric, kept.value, kept.entity) == (o.metric, o.value, o.entity)
                and (kept.scope == o.scope or None in (kept.scope, o.scope))
            ),
            None,
        )
        if same is None:
            out.append(o)
        elif same.scope is None:
            same.scope = o.scope
    return out


def _mark_conflicts(outcomes: Sequence[Outcome]) -> None:
    """Mark facts of one value stated with two (a level or a stated metric)."""
    for o in outcomes:
        if o.metric.endswith(GROWTH_SUFFIX) or METRICS[o.metric].kind == "flow":
            continue
        o.conflict = any(
            other is not o
            and other.metric == o.metric
            and other.entity == o.entity
            and _scope(other) == _scope(o)
            and other.value != o.value
            for other in outcomes
        )


def _scope(outcome: Outcome) -> str:
    return "cumulative" if outcome.scope == "cumulative" else "year"
