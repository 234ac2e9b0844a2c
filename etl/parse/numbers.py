"""Reading numbers as forms write them: 499.86万, 1,200.00, 97.80%, —."""

from __future__ import annotations

import re
import unicodedata

# A money or count figure, optionally with thousands separators, 万/万元 suffix or %.
NUMBER_RE = re.compile(
    r"^[(（]?(?P<num>[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)"
    r"\s*(?P<suffix>%|％|万元|万|元|亿元)?[)）]?$"
)
PLACEHOLDER_RE = re.compile(r"^[—\-－/／─_…·.。、\s]*$")


def nfkc(text: str) -> str:
    """Full-width digits and punctuation to their ASCII forms (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def read_number(text: str | None) -> tuple[float, bool] | None:
    """Return (value, is_percent) for a cell that holds only a number, else None."""
    if text is None:
        return None
    match = NUMBER_RE.match(nfkc(text).replace(" ", ""))
    if not match:
        return None
    value = float(match.group("num").replace(",", ""))
    return value, match.group("suffix") in ("%", "％")


def is_placeholder(text: str | None) -> bool:
    """Empty, dashes, slashes or ellipses: a cell that states nothing."""
    return text is None or bool(PLACEHOLDER_RE.match(text))


def clean_number(value: float) -> float | int:
    """Drop a float's trailing .0 so 10.0 prints as 10 (gold answers compare numerically)."""
    return int(value) if value == int(value) and abs(value) < 1e15 else round(value, 6)
