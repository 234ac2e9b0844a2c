"""Scoring profiles, read from profiles.toml beside this module (see its header)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROFILES_FILE = Path(__file__).with_name("profiles.toml")
DEFAULT_PROFILE = "national"
REVERSE_CONVENTIONS = ("ratio", "linear")


class ProfileError(ValueError):
    """A profile file or a profile name that cannot be used."""


@dataclass(frozen=True)
class Profile:
    """How totals are recomputed: weights, conventions, grades and caps."""

    key: str
    name: str
    budget_weight: float
    category_weights: tuple[tuple[str, float], ...]
    reverse_convention: str
    qualitative_bands: tuple[tuple[str, tuple[float, float]], ...]
    grade_bands: tuple[tuple[str, float], ...]  # best first
    lowest_grade: str
    score_cap: tuple[tuple[float, float], ...]  # (execution rate below, highest total)
    difference_threshold: float

    @property
    def indicator_weight(self) -> float:
        """Points of the indicator block."""
        return 100.0 - self.budget_weight

    def band(self, status: str) -> tuple[float, float] | None:
        """The (low, high) share of points a qualitative judgement of `status` allows."""
        return dict(self.qualitative_bands).get(status)

    def grade(self, total: float) -> str:
        """The grade a total earns."""
        for grade, lowest in self.grade_bands:
            if total >= lowest:
                return grade
        return self.lowest_grade


@dataclass(frozen=True)
class WarningThresholds:
    """The thresholds of the red/yellow warnings (profiles.toml, [warnings])."""

    execution_red_below: float
    execution_yellow_below: float
    completion_ahead_points: float
    unspent_share: float
    target_too_low_ratio: float


@cache
def load_warning_thresholds(path: Path = PROFILES_FILE) -> WarningThresholds:
    """The [warnings] table of the profiles file.

    Raises:
        ProfileError: the table is missing or a value is not a number; the message names
            the file.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))["warnings"]
        return WarningThresholds(**{key: float(value) for key, value in raw.items()})
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise ProfileError(f"{path}: [warnings]: {err!r}") from err


@cache
def load_profiles(path: Path = PROFILES_FILE) -> dict[str, Profile]:
    """Every profile in the file, by key, in file order.

    Raises:
        ProfileError: the file is not valid TOML or a profile lacks a key or has a bad value;
            the message names the file and the profile.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ProfileError(f"{path}: {err}") from err
    profiles = {}
    for key, raw in data.get("profiles", {}).items():
        try:
            profiles[key] = _profile(key, raw)
        except (KeyError, TypeError, ValueError) as err:
            raise ProfileError(f"{path}: profile {key!r}: {err!r}") from err
    if DEFAULT_PROFILE not in profiles:
        raise ProfileError(f"{path}: no {DEFAULT_PROFILE!r} profile")
    return profiles


def get_profile(key: str | None = None) -> Profile:
    """The profile named `key` (the default when None).

    Raises:
        ProfileError: no such profile; the message lists the known ones.
    """
    profiles = load_profiles()
    key = key or DEFAULT_PROFILE
    if key not in profiles:
        raise ProfileError(f"unknown scoring profile {key!r}; known: {', '.join(profiles)}")
    return profiles[key]


def _profile(key: str, raw: dict[str, Any]) -> Profile:
    convention = raw["reverse_convention"]
    if convention not in REVERSE_CONVENTIONS:
        raise ValueError(f"reverse_convention must be one of {REVERSE_CONVENTIONS}")
    budget_weight = float(raw["budget_weight"])
    if not 0 <= budget_weight <= 100:
        raise ValueError("budget_weight must be between 0 and 100")
    return Profile(
        key=key,
        name=str(raw["name"]),
        budget_weight=budget_weight,
        category_weights=tuple((k, float(v)) for k, v in raw["category_weights"].items()),
        reverse_convention=convention,
        qualitative_bands=tuple(
            (status, (float(low), float(high)))
            for status, (low, high) in raw["qualitative_bands"].items()
        ),
        grade_bands=tuple((str(g), float(low)) for g, low in raw["grade_bands"]),
        lowest_grade=str(raw["lowest_grade"]),
        score_cap=tuple((float(below), float(cap)) for below, cap in raw["score_cap"]),
        difference_threshold=float(raw["difference_threshold"]),
    )
