"""The scoring engine's rules (etl/scoring) in the session's language, as pages and
tables state them beside what they found."""

from __future__ import annotations

from dashboard.i18n import t
from etl.scoring import audit, warnings
from etl.scoring.profiles import load_warning_thresholds


def warning_rule(rule: str) -> str:
    """A warning rule in words, its thresholds (profiles.toml) filled in."""
    return t(warnings.RULES[rule], **warnings.rule_values(load_warning_thresholds()))


def warning_rules() -> list[str]:
    """Every warning rule in words, each after the level it raises."""
    return [f"{t(warnings.RULE_LEVELS[rule])}：{warning_rule(rule)}" for rule in warnings.RULES]


def design_rule(rule: str) -> str:
    """An indicator-design audit rule in words."""
    return t(audit.RULES.get(rule, rule))
