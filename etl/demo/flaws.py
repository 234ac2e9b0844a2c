"""Flaws injected into demo reports at a known low rate: pure functions on report dicts.

Upper-case codes are the quality-flag codes of `etl/checks.py` the flaw must raise; lower-case
codes are flaws the parser or linker must absorb without a flag ("unit_typo" is folded back by
`etl/linking.py`, "placeholder_row" must not become an indicator).
"""

from __future__ import annotations

import random

from etl.linking import admin_prefix, same_unit

# Flaw code → probability per eligible report. Kept low: most reports are clean.
FLAW_RATES: dict[str, float] = {
    "unit_typo": 0.04,
    "RATE_MISMATCH": 0.04,
    "MISSING_FIGURE": 0.02,
    "MISSING_DEVIATION_REASON": 0.1,  # of the few reports with a lost point
    "placeholder_row": 0.04,
    "COPY_PASTE_ACTUAL": 0.04,
    "SCORE_ABOVE_WEIGHT": 0.03,
}
FLAW_CODES: tuple[str, ...] = tuple(FLAW_RATES)

PLACEHOLDERS = ("指标1：", "指标2：", "……", "")


def misspell(rng: random.Random, name: str) -> str:
    """Drop one character from the middle of a unit name so that the linker still folds it.

    The administrative prefix, the first two characters and the last three are kept (the
    linker never edits those); the result is checked with `etl.linking.same_unit`.
    """
    start = max(len(admin_prefix(name)), 2)
    positions = list(range(start, len(name) - 3))
    rng.shuffle(positions)
    for pos in positions:
        typo = name[:pos] + name[pos + 1 :]
        if typo != name and same_unit(name, typo):
            return typo
    return name


def _eligible(code: str, report: dict) -> bool:
    scored = report["form"] == "form2020"
    if code == "SCORE_ABOVE_WEIGHT":
        return scored
    if code == "MISSING_DEVIATION_REASON":
        return scored and any(
            ind["score"] is not None and ind["score"] < ind["weight"]
            for ind in report["indicators"]
        )
    if code == "RATE_MISMATCH":
        return report["execution_rate_stated"] is not None
    if code == "MISSING_FIGURE":
        return "RATE_MISMATCH" not in report["flaws"]
    return True


def inject(rng: random.Random, report: dict) -> None:
    """Draw and apply flaws to one report in place; records the codes in `report["flaws"]`."""
    for code in FLAW_CODES:
        if rng.random() < FLAW_RATES[code] and _eligible(code, report):
            APPLY[code](rng, report)
            report["flaws"].append(code)


def _unit_typo(rng: random.Random, report: dict) -> None:
    report["department"] = misspell(rng, report["department"])


def _rate_mismatch(rng: random.Random, report: dict) -> None:
    # A rate copied from a draft: a few points off the figures, never within tolerance.
    shift = rng.choice([-1, 1]) * rng.uniform(1.5, 8.0)
    stated = report["execution_rate_stated"] + shift
    if stated > 100 >= report["execution_rate_stated"]:
        stated = report["execution_rate_stated"] - abs(shift)
    report["execution_rate_stated"] = round(stated, 2)


def _missing_figure(rng: random.Random, report: dict) -> None:
    # The executed cells are left blank (total and sub-rows), so nothing can stand in.
    for key in ("executed", "fiscal_executed", "other_executed"):
        report[key] = None
    report["execution_rate_stated"] = None
    report["budget_score"] = None


def _missing_reason(rng: random.Random, report: dict) -> None:
    for ind in report["indicators"]:
        if ind["score"] is not None and ind["score"] < ind["weight"]:
            ind["deviation_reason"] = None


def _placeholder_row(rng: random.Random, report: dict) -> None:
    # Rows the template left behind; the gold indicators exclude them.
    level2 = (
        rng.choice(["数量指标", "质量指标", "社会效益指标"])
        if report["form"] == "form2020"
        else None
    )
    report["placeholder_rows"].append(
        {
            "level1": report["indicators"][-1]["level1"],
            "level2": level2,
            "level3": rng.choice(PLACEHOLDERS),
        }
    )


def _copy_paste(rng: random.Random, report: dict) -> None:
    report["goal_actual"] = report["goal_target"]


def _score_above_weight(rng: random.Random, report: dict) -> None:
    ind = rng.choice([i for i in report["indicators"] if i["weight"]])
    ind["score"] = round(ind["weight"] + rng.choice([1, 2, 5]), 2)
    ind["deviation_reason"] = None


APPLY = {
    "unit_typo": _unit_typo,
    "RATE_MISMATCH": _rate_mismatch,
    "MISSING_FIGURE": _missing_figure,
    "MISSING_DEVIATION_REASON": _missing_reason,
    "placeholder_row": _placeholder_row,
    "COPY_PASTE_ACTUAL": _copy_paste,
    "SCORE_ABOVE_WEIGHT": _score_above_weight,
}
