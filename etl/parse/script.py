"""Match on simplified text, answer in the text as written.

Some reports come in traditional characters (港澳台 pages, converters), some with the
pinyin a bad converter left inline (``執(zhí)行率``). The parser's labels are simplified,
so it reads a normalised copy: pinyin in brackets after a Chinese character removed, then
OpenCC's traditional → simplified conversion. Every normalised character remembers the
original position it came from, so each text value the parser returns is replaced by the
original text it was read from: the warehouse keeps what the report says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache

from etl.records import Indicator, Outcome, Report

# Tone-marked pinyin in brackets right after a Chinese character: 執(zhí)行 → 執行.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_TONE_MARKS = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the original position."""

    text: str
    original: str
    positions: tuple[int, ...]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def original_of(self, value: str) -> str:
        """The original text that normalises to `value` (as the parser cleaned it: white
        space may differ); `value` itself when it is not found."""
        if not value:
            return value
        pattern = r"\s*".join(re.escape(char) for char in value if not char.isspace())
        found = re.search(pattern, self.text) if pattern else None
        if found is None:
            return value
        written = self.original[self.positions[found.start()] : self.positions[found.end() - 1] + 1]
        if not any(char.isspace() for char in value):
            return re.sub(r"\s+", "", written)
        return written if "\n" in value else re.sub(r"\s+", " ", written)


@cache
def _to_simplified() -> Callable[[str], str]:
    import opencc  # a C extension with its dictionaries; loaded once, when first needed

    return opencc.OpenCC("t2s").convert


def normalise(text: str) -> Normalised:
    """`text` with inline pinyin removed and traditional characters simplified."""
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    has_pinyin = bool(_TONE_MARKS.search(text))
    for match in _PINYIN.finditer(text) if has_pinyin else ():
        kept.append(text[last : match.start()])
        positions.extend(range(last, match.start()))
        last = match.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    stripped = "".join(kept)
    convert = _to_simplified()
    simplified = convert(stripped)
    if len(simplified) != len(stripped):  # a phrase changed length: convert char by char
        simplified = "".join(convert(char) for char in stripped)
    return Normalised(simplified, text, tuple(positions))


def restore(report: Report, normalised: Normalised) -> None:
    """Replace every text value of `report` by the original text it was read from."""
    _restore_fields(report, normalised, skip=frozenset({"money_unit", "form_kind"}))
    for indicator in report.indicators:
        _restore_fields(indicator, normalised)
    for outcome in report.outcomes:
        _restore_fields(outcome, normalised, skip=frozenset({"metric", "scope"}))


def _restore_fields(
    record: Report | Indicator | Outcome,
    normalised: Normalised,
    skip: frozenset | set = frozenset(),
) -> None:
    for field in fields(record):
        value = getattr(record, field.name)
        if isinstance(value, str) and field.name not in skip:
            setattr(record, field.name, normalised.original_of(value))
