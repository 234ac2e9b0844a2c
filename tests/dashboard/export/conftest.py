"""Helpers shared by the export writer tests."""

from __future__ import annotations

from dataclasses import replace

from dashboard.export.briefing import Briefing

# Text a spreadsheet would run as a formula; Office documents must show it as written.
FORMULA_LIKE = ["=1+1", "+86 10", "-x", "@sum"]


def red_flag_variants(briefing: Briefing) -> tuple[Briefing, Briefing]:
    """The briefing with formula-like red-flag messages, and with no red flags at all."""
    flags = briefing.red_flags.frame.head(len(FORMULA_LIKE)).assign(message=FORMULA_LIKE)
    return (
        replace(briefing, red_flags=replace(briefing.red_flags, frame=flags)),
        replace(briefing, red_flags=replace(briefing.red_flags, frame=flags[:0])),
    )
