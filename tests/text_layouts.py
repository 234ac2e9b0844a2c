"""Every gold report we have, rendered into every text layout, parsed and scored.

The fixtures are the office generator's (seeds, the corpus, their variants) and a sample
of the demo world's reports; `etl.demo.render.text` writes each in every layout with the
gold answer beside it. Used by tests/etl/parse/test_text_layouts.py (a sample) and
benchmarks/text_layouts.py (all of them).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.demo.render.model import Fixture
from etl.demo.render.text import LAYOUTS, gold_for_layout, render_text
from etl.extract import extract_file
from tests.scoring import FileScore, contract_reports, score_gold

DEMO_EVERY = 12  # one demo report in this many: both templates, every unit, both money units


def gold_fixtures(demo: bool = True) -> list[Fixture]:
    """The fixtures whose gold answers the layouts are scored against."""
    from tests.fixtures.generator.stems import build_fixtures

    fixtures = build_fixtures()
    if demo:
        from etl.demo.corpus import layout
        from etl.demo.world import build_world, gold

        reports = build_world(2024).reports[::DEMO_EVERY]
        fixtures += [Fixture(r["stem"], {"reports": [gold(r)]}, layout(r)) for r in reports]
    return fixtures


@dataclass(frozen=True)
class LayoutScore:
    """One fixture in one layout, scored."""

    stem: str
    layout: str
    score: FileScore


def score_layout(fixture: Fixture, layout: str, folder: Path) -> LayoutScore:
    """Render `fixture` in `layout` into `folder`, parse the file, score it."""
    path = folder / f"{fixture.stem}.{layout}.txt"
    path.write_text(render_text(fixture, layout), encoding="utf-8")
    reports = contract_reports(extract_file(path))
    return LayoutScore(
        fixture.stem, layout, score_gold(gold_for_layout(fixture.gold, layout), reports)
    )


def score_all(fixtures: list[Fixture], layouts: list[str] | None = None) -> Iterator[LayoutScore]:
    """Every fixture in every layout (default: all of `LAYOUTS`)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-layouts-") as folder:
        for layout in layouts or list(LAYOUTS):
            for fixture in fixtures:
                yield score_layout(fixture, layout, Path(folder))


def accuracy(scores: list[LayoutScore]) -> float:
    """Field accuracy over several scored files, as score_parse totals it."""
    right = sum(s.score.tally.right for s in scores)
    counted = sum(s.score.tally.counted for s in scores)
    return right / counted if counted else 1.0
