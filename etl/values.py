"""Indicator values: split a target/actual into comparator, number and unit; judge completion.

Pure functions, no I/O. Design choices (see the domain doc, "How values are written"):

- A multiplier glued to a number stays in the unit: "10万" → 10 "万", "37000万元" → 37000 "万元",
  "20万余件" → 20 "万件" (qualifier 余). The number is never rescaled, so it matches what the
  document states; `assess_completion` converts between 元/万元/亿元, 件/万件, 米/公里 ….
- Dates are deadlines, not quantities: "2018年12月底前" is qualitative with comparator "<="
  (deadline words 前/底/内 …) and `parse_deadline` reads it as (2018, 12). A four-digit year
  followed by 年 is never read as a number of 年.
- Prose with several different quantities ("专利授权6651件，增幅达 40.1%") keeps the first
  quantity as a hint but is marked `qualitative=True`, so it is never compared mechanically.
- 以上 / 以内 / 以下 after a number set the comparator (>= / <=) when no explicit one precedes it,
  and are kept as the qualifier together with 近 (nearly), 约 / 左右 (about), 余 / 多 / 逾 (more).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from etl.records import ParsedValue

# actual/target at or above this is "partly met" (domain doc, "Scoring"). What a status
# is worth in points, and when over-achievement warns, is a scoring profile's
# (etl/scoring/profiles.toml).
PARTLY_MET_RATIO = 0.6

Status = Literal["met", "partly_met", "not_met", "not_judgeable"]

# Look-alikes mapped one by one instead of NFKC: NFKC would also turn the full-width comma "，"
# into "," and fuse "5，200" into a thousands-separated 5200.
_TRANSLATE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "﹪": "%",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "═": "=",
        "≧": "≥",
        "≦": "≤",
        "（": "(",
        "）": ")",
        "／": "/",
        "㎡": "平方米",
        "\u3000": " ",
        "\xa0": " ",
    }
)
_PLACEHOLDERS = frozenset({"无", "暂无", "n/a", "na", "null", "none"})
_PLACEHOLDER_RE = re.compile(r"[/\\\-—–_.…·\s]*")

_COMPARATORS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "<=": "<=", "=<": "<=", "≤": "<=",
    ">": ">", "<": "<", "=": "=",
    "大于或等于": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "至少": ">=", "达到": ">=",
    "小于或等于": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=", "不大于": "<=",
    "不多于": "<=", "控制在": "<=",
    "超过": ">", "大于": ">", "高于": ">", "多于": ">", "突破": ">", "超": ">",
    "低于": "<", "小于": "<", "少于": "<", "等于": "=",
}  # fmt: skip
_SUFFIX_COMPARATORS = {"以上": ">=", "以内": "<=", "以下": "<="}
_REVERSE = frozenset({"<=", "<"})


def _alternation(words: Iterable[str]) -> str:
    # Longest first so 不低于 wins over 低于 and 人次 over 人.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# A comparator that ends the text in front of a number ("满意度≥", "不少于 ").
_COMPARATOR_RE = re.compile(rf"({_alternation(_COMPARATORS)})\s*$")

UNITS = (  # measurement words a value may end in (also what an indicator name's unit is)
    "平方公里", "平方米", "立方米", "个工作日", "工作日", "个小时", "百分比", "百分点",
    "公里", "千米", "km", "m2", "公顷", "公斤", "千克", "小时", "分钟", "人次", "户次", "册次",
    "台次", "个月",
    "元", "件", "项", "家", "个", "人", "天", "日", "周", "月", "年", "米", "次", "场", "册",
    "台", "套", "头", "条", "户", "篇", "期", "所", "间", "亩", "吨", "份", "张", "辆", "座",
    "处", "本", "只", "株", "棵", "名", "位", "批", "类", "种", "部", "分", "例", "床", "班",
    "%", "‰",
)  # fmt: skip
_PER_UNITS = (
    "人次", "人", "户", "年", "月", "天", "日", "次", "亩", "吨", "生", "平方米", "公里", "个",
)  # fmt: skip
_UNIT_ALIASES = {
    "个工作日": "工作日",
    "个小时": "小时",
    "百分比": "%",
    "km": "公里",
    "千米": "公里",
    "m2": "平方米",
    "公斤": "千克",
}
_SCALES = {"百万": 1e6, "千万": 1e7, "万": 1e4, "亿": 1e8, "千": 1e3}
_SCALES_LONGEST_FIRST = sorted(_SCALES.items(), key=lambda kv: -len(kv[0]))
# Units that are another unit times a factor, for comparing target and actual.
_EQUIVALENT = {"公里": ("米", 1e3), "个月": ("月", 1.0), "日": ("天", 1.0)}

_QTY_RE = re.compile(
    r"(?P<pre>近|约|逾)?"
    r"(?<![\d.A-Za-z])(?P<num>\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"\s*(?P<scale>{_alternation(_SCALES)})?"
    r"(?P<mid>余|多)?"
    rf"\s*(?P<unit>{_alternation(UNITS)})?"
    rf"(?:/(?P<per>{_alternation(_PER_UNITS)}))?"
    r"(?:\s*\((?P<paren>百分比|%)\))?"
    r"(?P<post>以上|以内|以下|左右)?"
)
# Dates: 2018年12月底前, 2023年10月, 2023年1-6月 (m is the last month), 2018年度, 2023-12-31,
# and year-less 12月31日 / 12月底.
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DATE_RE = re.compile(
    rf"(?<!\d)(?P<y>(?:19|20)\d{{2}})\s*年度?"
    rf"(?:\s*(?:{_MONTH}\s*[-~至到]\s*)?(?P<m>{_MONTH})\s*月份?(?:\s*\d{{1,2}}\s*[日号])?)?"
    rf"|(?<!\d)(?P<iy>(?:19|20)\d{{2}})[-/](?P<im>{_MONTH})(?:[-/]\d{{1,2}})?(?!\d)"
    rf"|(?<!\d){_MONTH}\s*月(?:份|底|末|\s*\d{{1,2}}\s*[日号])"
)
# A leading list mark ("1.", "2、", "(3)") numbers a prose cell; it is not a quantity.
_LIST_MARK_RE = re.compile(r"^(?:\d{1,2}[、.)](?!\d)|\(\d{1,2}\))(?=.)")
_DEADLINE_WORDS_RE = re.compile(r"前|底|末|内|截止|截至|不晚于")
# 近 reads as just below the number, 余/多/逾 as just above; used only to break ties.
_QUALIFIER_DIRECTION = {"近": -1, "余": 1, "多": 1, "逾": 1}


class _Quantity(NamedTuple):
    number: float
    unit: str | None
    comparator: str | None
    qualifier: str | None


@dataclass(frozen=True)
class Completion:
    """How far an actual value meets its target.

    `ratio` is actual/target, or target/actual for reverse (<=, <) indicators; None when the
    judgement is qualitative or the numbers cannot be compared.
    """

    status: Status
    ratio: float | None = None
    reverse: bool = False


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_TRANSLATE)).strip()


def _is_placeholder(norm: str) -> bool:
    return norm.lower() in _PLACEHOLDERS or _PLACEHOLDER_RE.fullmatch(norm) is not None


def _mask_dates(norm: str) -> tuple[str, bool]:
    """Blank out dates and a leading list mark (same length) so their digits are not read."""
    masked = _DATE_RE.sub(lambda m: "\x00" * len(m.group()), norm)
    has_date = masked != norm
    return _LIST_MARK_RE.sub(lambda m: " " * len(m.group()), masked), has_date


def _unit_of(m: re.Match[str]) -> str | None:
    base = m["unit"] or ("%" if m["paren"] else "")
    unit = _UNIT_ALIASES.get(base, base)
    unit = _UNIT_ALIASES.get((m["scale"] or "") + unit, (m["scale"] or "") + unit)
    if m["per"]:
        unit += "/" + m["per"]
    return unit or None


def _quantities(masked: str) -> list[_Quantity]:
    """Quantities in reading order; bare numbers count only when none carries a unit.

    In prose a bare number is usually a name or a list mark ("58同城网"), not a quantity.
    """
    found = []
    for m in _QTY_RE.finditer(masked):
        explicit = _COMPARATOR_RE.search(masked[: m.start()])
        comparator = _COMPARATORS[explicit[1]] if explicit else None
        comparator = comparator or _SUFFIX_COMPARATORS.get(m["post"] or "")
        qualifier = m["pre"] or m["mid"] or m["post"]
        number = float(m["num"].replace(",", ""))
        found.append(_Quantity(number, _unit_of(m), comparator, qualifier))
    with_unit = [q for q in found if q.unit]
    return with_unit or found


def parse_value(text: str | None) -> ParsedValue | None:
    """Split an indicator target or actual into comparator, number, unit and qualifier.

    Returns None for empty cells and placeholders ("/", "—", "无", "……"). Values without a
    usable number (效果明显, 按时完成, 2018年12月底前) come back with `qualitative=True`;
    prose with several different quantities keeps its first quantity but is also qualitative.
    `text` is kept verbatim.
    """
    if text is None:
        return None
    norm = _normalize(text)
    if _is_placeholder(norm):
        return None
    masked, has_date = _mask_dates(norm)
    quantities = _quantities(masked)
    if not quantities:
        deadline = has_date and _DEADLINE_WORDS_RE.search(norm) is not None
        return ParsedValue(text=text, comparator="<=" if deadline else None, qualitative=True)
    first = quantities[0]
    prose = len({(q.number, q.unit) for q in quantities}) > 1
    return ParsedValue(
        text=text,
        comparator=first.comparator,
        number=first.number,
        unit=first.unit,
        qualitative=prose,
        qualifier=first.qualifier,
    )


def parse_deadline(text: str | None) -> tuple[int, int] | None:
    """The (year, month) a date value names, e.g. "2018年12月底前" → (2018, 12).

    A bare year means its December; for a range ("2023年1月-2023年6月") the last date counts,
    being the end of the period. Dates without a year give None.
    """
    if not text:
        return None
    dates = [m for m in _DATE_RE.finditer(_normalize(text)) if m["y"] or m["iy"]]
    if not dates:
        return None
    last = dates[-1]
    year = int(last["y"] or last["iy"])
    month = last["m"] or last["im"]
    return year, int(month) if month else 12


# Words judged on a qualitative actual. Negative and partial phrases are checked first because
# they contain the positive ones (未完成 ⊃ 完成). Single characters must be the whole cell.
NOT_MET_WORDS = (
    "未完成", "没有完成", "没完成", "未达到", "未达成", "未达标", "不达标", "未实现", "不合格",
    "无效", "不满意", "不符合", "未按时", "不及时", "未及时",
)  # fmt: skip
PARTLY_MET_WORDS = ("基本完成", "部分完成", "基本达到", "部分达到", "基本达成", "部分达成")
MET_WORDS = (
    "已完成", "完成", "达到", "达成", "达标", "实现", "合格", "有效", "提升", "良好", "较好",
    "满意", "符合", "按时", "及时",
)  # fmt: skip
MAX_JUDGED_LENGTH = 40  # longer actuals are prose: a person has to read them
_MET_WHOLE = frozenset({"是", "好", "优", "良"})
_NOT_MET_WHOLE = frozenset({"否", "差", "未"})


def _judge_words(text: str) -> Status:
    norm = re.sub(r"[\s。．.，,;；!！]", "", text.translate(_TRANSLATE))
    if len(norm) > MAX_JUDGED_LENGTH:
        return "not_judgeable"  # a paragraph mentioning 有效 or 完成 is not a verdict
    if norm in _NOT_MET_WHOLE or any(w in norm for w in NOT_MET_WORDS):
        return "not_met"
    if any(w in norm for w in PARTLY_MET_WORDS):
        return "partly_met"
    if norm in _MET_WHOLE or any(w in norm for w in MET_WORDS):
        return "met"
    return "not_judgeable"


def _base(unit: str) -> tuple[str, float]:
    """(base unit, factor): 万元 → (元, 1e4), 公里 → (米, 1e3), 万 → ("", 1e4), 件 → (件, 1)."""
    if unit in _EQUIVALENT:
        return _EQUIVALENT[unit]
    for scale, factor in _SCALES_LONGEST_FIRST:
        if unit.startswith(scale):
            base, inner = _base(unit[len(scale) :])
            return base, factor * inner
    return unit, 1.0


def _actual_in_target_unit(target: ParsedValue, actual: ParsedValue) -> float | None:
    """The actual number expressed in the target's unit, or None when the units differ.

    A missing unit on either side ("50" against "≥50个") is read as the other side's unit.
    """
    assert actual.number is not None
    if not target.unit or not actual.unit or target.unit == actual.unit:
        return actual.number
    t_base, t_factor = _base(target.unit)
    a_base, a_factor = _base(actual.unit)
    if t_base != a_base:
        return None
    return actual.number * a_factor / t_factor


def _order(actual: float, target: float, qualifier: str | None) -> int:
    if actual != target:
        return 1 if actual > target else -1
    return _QUALIFIER_DIRECTION.get(qualifier or "", 0)


def _compare_numbers(target: ParsedValue, actual: ParsedValue, reverse: bool) -> Completion:
    value = _actual_in_target_unit(target, actual)
    if value is None or target.number is None:
        return Completion("not_judgeable", None, reverse)
    order = _order(value, target.number, actual.qualifier)
    strict = target.comparator in (">", "<")
    if reverse:
        met = order < 0 or (order == 0 and not strict)
        ratio = target.number / value if value else None
    else:
        met = order > 0 or (order == 0 and not strict)
        ratio = value / target.number if target.number else None
    ratio = round(ratio, 4) if ratio is not None else None
    if met:
        return Completion("met", ratio, reverse)
    partly = ratio is not None and ratio >= PARTLY_MET_RATIO
    return Completion("partly_met" if partly else "not_met", ratio, reverse)


def _is_numeric(value: ParsedValue) -> bool:
    return value.number is not None and not value.qualitative


def assess_completion(target: ParsedValue | None, actual: ParsedValue | None) -> Completion:
    """Judge whether `actual` meets `target` (domain doc, "Scoring").

    >=, =, > and comparator-less targets are met when the actual reaches the target, partly met
    when actual/target ≥ PARTLY_MET_RATIO; <= and < (cost ceilings, time limits) are reverse.
    Identical texts are met; two deadlines compare by (year, month); otherwise a qualitative
    actual is judged by its words (完成/达到/合格 … met, 未完成/否 … not met).
    """
    if target is None or actual is None:
        return Completion("not_judgeable")
    reverse = target.comparator in _REVERSE
    if _normalize(target.text) == _normalize(actual.text):
        return Completion("met", 1.0 if _is_numeric(target) else None, reverse)
    if _is_numeric(target) and _is_numeric(actual):
        return _compare_numbers(target, actual, reverse)
    t_deadline, a_deadline = parse_deadline(target.text), parse_deadline(actual.text)
    if t_deadline and a_deadline and target.number is None and actual.number is None:
        return Completion("met" if a_deadline <= t_deadline else "not_met", None, True)
    return Completion(_judge_words(actual.text), None, reverse)


def two_decimals(value: float) -> float:
    # Half-up, as score sheets are filled by hand; round() would give banker's rounding.
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def score_indicator(
    weight: float | None, completion: Completion, convention: str = "ratio"
) -> float | None:
    """Points for one indicator: full `weight` when met, else weight × ratio (two decimals).

    `convention="linear"` changes reverse misses only: full points at the target falling to
    zero at twice the target. Returns None when there is no weight or no ratio (qualitative
    or not judgeable: those need a judgement within the profile's qualitative bands).
    """
    if convention not in ("ratio", "linear"):
        raise ValueError(f"unknown scoring convention: {convention!r}")
    if weight is None:
        return None
    if completion.status == "met":
        return float(weight)
    if completion.ratio is None:
        return None
    share = min(completion.ratio, 1.0)
    if completion.reverse and convention == "linear":
        share = max(0.0, 2.0 - 1.0 / share) if share > 0 else 0.0
    return two_decimals(weight * share)
