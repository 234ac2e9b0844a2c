"""Score parsed reports against a gold answer, exactly as tests/tools/score_parse.py does.

Tests call this in process instead of spawning `python -m etl parse --json` per file; the
JSON round trip makes the reports what the CLI would print.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from etl.contract import to_contract
from etl.records import ParseResult
from tests.tools.score_parse import Tally, match, report_sim, score_report


@dataclass
class FileScore:
    """One file's score: reports found of the gold's, reports invented, field tally."""

    found: int
    gold_reports: int
    extra: int
    tally: Tally = field(repr=False)

    @property
    def accuracy(self) -> float:
        return self.tally.right / self.tally.counted if self.tally.counted else 1.0

    @property
    def misses(self) -> str:
        return "\n".join(self.tally.misses)


def contract_reports(result: ParseResult) -> list[dict]:
    """The contract's `reports`, as the CLI prints them (JSON round trip)."""
    return json.loads(json.dumps(to_contract(result), ensure_ascii=False))["reports"]


def gold_path_for(raw: Path) -> Path | None:
    """The scorer's rule: STEM.json or STEM.gold.json beside the raw file."""
    for candidate in (raw.with_name(f"{raw.stem}.json"), raw.with_name(f"{raw.stem}.gold.json")):
        if candidate.exists():
            return candidate
    return None


def score_reports(gold_path: Path, preds: list[dict]) -> FileScore:
    """Score contract reports against a gold file the way score_parse.main does."""
    return score_gold(json.loads(gold_path.read_text(encoding="utf-8")), preds)


def score_gold(gold: dict, preds: list[dict]) -> FileScore:
    """Score contract reports against a gold answer (the file's JSON, already loaded)."""
    golds = gold.get("reports") or []
    tally = Tally()
    if len(golds) > 1 or len(preds) > 1:
        pairs = match(golds, preds, report_sim)
    else:
        pairs = [(0, 0 if preds else None)] if golds else []
    for gi, pi in pairs:
        score_report(tally, f"r{gi}", golds[gi], preds[pi] if pi is not None else None)
    found = sum(1 for _, pi in pairs if pi is not None)
    extra = len(preds) - found
    tally.counted += max(0, extra)
    return FileScore(found, len(golds), extra, tally)
