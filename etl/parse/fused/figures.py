"""Fused figure runs split under the form's rules: the budget rows and an indicator's values."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations, pairwise

from etl.parse.fused.vocabulary import (
    MAX_BUDGET_POINTS,
    MAX_POINTS,
    MAX_RATE,
    MONEY,
    PLAIN,
    POINTS,
    VALUE_RE,
)
from etl.parse.fused.words import NAME_TAILS


def split_budget_row(
    values: list[str], columns: Sequence[str], total_row: Sequence[float], is_total: bool
) -> list[str] | None:
    """A row's figures as the header's columns want them (see the module docstring): the
    total row by its 执行率, a 其中 row by staying within the total row. None when a
    fused run fits no split."""
    joined = "".join(values)
    if "rate" in columns and joined.count("%") == 1:
        return _split_total_row(joined, columns)
    money = [c for c in columns if c in ("initial", "budget", "executed")]
    if is_total and len(money) >= 2 and re.fullmatch(r"\d[\d.]{3,}", joined):
        # The total row with no % to split at (5010204; a blank 执行率: 324.3324.310):
        # the one reading that best keeps the form's rules, or nothing.
        return _split_by_rules(joined, columns)
    if len(money) >= 2 and not total_row and re.fullmatch(r"\d{3,}(?:\.\d+)?", joined):
        return None  # several columns' figures may hide here, and no total to check them by
    if re.fullmatch(r"0{2,}", joined) and len(joined) <= len(money):
        return list(joined)  # 其他资金 00: a zero in each column
    if total_row and re.fullmatch(r"[\d.]+", joined):
        fits = [
            (_part_rank(numbers, total_row), numbers)
            for count in range(len(money), 0, -1)
            for numbers in number_splits(joined, count)
            if _within(numbers, total_row)
        ]
        return max(fits, key=lambda fit: fit[0], default=(None, None))[1]
    return values


BLANK_COLUMN_COST = 0.3  # a column of the budget row left blank
BLANK_CELL = "—"  # a blank column's place, so every figure keeps its column


def _split_by_rules(joined: str, columns: Sequence[str]) -> list[str] | None:
    """The total row's figures with no % to cut at: every reading of the run as numbers in
    some of the columns, in order (a blank column skipped), ranked by the form's rules: the
    执行率 equals 执行数 ÷ 预算数, the amounts share their decimals, the 分值 is small and
    the 得分 within it. The best reading is taken, the leftmost of equals; a reading that
    breaks a hard rule (分值 0 or above 30, a rate over 200 %) is never taken."""
    best: tuple[float, list[str]] | None = None
    for count in range(len(columns), 1, -1):
        for numbers in number_splits(joined, count):
            for slots in combinations(range(len(columns)), count):
                named = {columns[s]: n for s, n in zip(slots, numbers, strict=True)}
                rank = _budget_row_rank(named)
                if rank is None:
                    continue
                rank -= BLANK_COLUMN_COST * (len(columns) - count)
                if best is None or rank > best[0] + 1e-9:
                    row = [""] * len(columns)
                    for s, n in zip(slots, numbers, strict=True):
                        row[s] = n
                    best = (rank, row)
    if best is None:
        return None
    return [value or BLANK_CELL for value in best[1]]


def _budget_row_rank(named: dict[str, str]) -> float | None:
    """How well a reading of the total row keeps the form's rules; None when it breaks one."""
    numbers = {k: float(v) for k, v in named.items()}
    if "weight" in numbers and not 0 < numbers["weight"] <= MAX_BUDGET_POINTS:
        return None
    if "weight" in numbers and numbers["weight"] * 2 != int(numbers["weight"] * 2):
        return None  # a 分值 is whole or a half (10, 7.5), not 24.3
    if numbers.get("rate", 0) > MAX_RATE or numbers.get("score", 0) > MAX_POINTS:
        return None
    if "other" in named or "index" in named:
        return None
    rank = 0.0
    if "rate" in named:
        if not _budget_fits(numbers, named["rate"]):
            return None
        rank += 3.0
    amounts = [v for k, v in named.items() if k in MONEY]
    if amounts:
        rank += 2.0 if _same_decimals(amounts) == len(amounts) else -1.0
    if "weight" in numbers and "score" in numbers:
        rank += 1.0 if numbers["score"] <= numbers["weight"] else -1.0
    if numbers.get("score") == 0:
        rank -= 1.0  # a 0 got by cutting a run's last digit, more likely than a 0 score
    return rank


def total_amounts(split: Sequence[str], columns: Sequence[str]) -> list[float]:
    """The money figures of a split 年度资金总额 row (年初预算数, 预算数, 执行数 as present)."""
    if "rate" not in columns or not any(v.endswith("%") for v in split):
        return [float(v) for v in split if PLAIN.match(v)]
    before = list(split[: next(i for i, v in enumerate(split) if v.endswith("%"))])
    names = columns[: columns.index("rate")][-len(before) :] if before else []
    return [float(v) for v, name in zip(before, names, strict=False) if name in MONEY]


def _part_rank(numbers: Sequence[str], total_row: Sequence[float]) -> tuple[int, int, bool]:
    """How well a 其中 row's split reads against the total row: figures equal to a total's
    (all the money is 财政拨款: 22.876 is 22.87|6), figures of the totals' magnitude (not
    5|67400 out of 624100), then amounts that share their decimals (8.86|7.94)."""
    values = [float(n) for n in numbers]
    equal = sum(1 for v in values if any(abs(v - t) < 1e-9 for t in total_row))
    offsets = range(max(1, len(total_row) - len(values) + 1))
    sized = max(
        sum(1 if v >= PART_SHARE * t else -1 for v, t in zip(values, total_row[o:], strict=False))
        for o in offsets
    )
    return equal, sized, _same_decimals(numbers) == len(numbers)


PART_SHARE = 0.1  # a 其中 figure below this share of its total is more likely a cut-off


def _within(numbers: Sequence[str], total_row: Sequence[float]) -> bool:
    """A 其中 row's figures each at most the total row's figure in the same column; the row
    may leave its first columns blank (no 年初预算数), so any run of columns will do."""
    return any(
        all(float(n) <= limit + 1e-9 for n, limit in zip(numbers, total_row[offset:], strict=False))
        for offset in range(max(1, len(total_row) - len(numbers) + 1))
    )


def _split_total_row(joined: str, columns: Sequence[str]) -> list[str] | None:
    """The 年度资金总额 row: the split whose 执行率 equals 执行数 ÷ 预算数; amounts of one row
    are written with the same decimals (1021.57|1021.57, not 1021.5|71021.5, though both
    give 100%). A report may state a rate its amounts do not give: then the one split
    whose amounts all share their decimals is read, the rate kept as stated for the
    checks to flag, and with more than one such split nothing is read."""
    before, _, after = joined.partition("%")
    money = list(columns[: columns.index("rate")])  # 年初预算数 may be among them, or blank
    tail = list(columns[columns.index("rate") + 1 :])
    by_rate: list[tuple[tuple[bool, int], list[str]]] = []
    by_decimals: list[list[str]] = []
    for count in range(len(money) + 1, 1, -1):
        for numbers in number_splits(before, count):
            names = money[-(count - 1) :]
            named = dict(zip(names, (float(n) for n in numbers[:-1]), strict=True))
            if not _points_plausible(named) or float(numbers[-1]) > MAX_RATE:
                continue
            scores = _tail_readings(after.rstrip("."), tail, named.get("weight"))
            if not scores:
                continue
            split = [*numbers[:-1], numbers[-1] + "%", *scores[0]]
            amounts = [n for n, name in zip(numbers, names, strict=False) if name in MONEY]
            consistent = _same_decimals(amounts) == len(amounts)
            if _budget_fits(named, numbers[-1]):
                by_rate.append(((consistent, count), split))
            elif len(amounts) >= 2 and "." in amounts[0] and consistent:
                by_decimals.append(split)
    if by_rate:
        return max(by_rate, key=lambda fit: fit[0])[1]
    if len(by_decimals) == 1:
        return by_decimals[0]
    return None


def _tail_readings(after: str, tail: Sequence[str], weight: float | None) -> list[list[str]]:
    """The figures after the 执行率 (分值, 得分 …) as the columns after it want them; the last
    columns may be blank (原因)."""
    if not after or not tail:
        return [[]]
    for count in range(len(tail), 0, -1):
        readings = [
            r
            for r in number_splits(after, count)
            if _points_fit(_tail_weight(tail, r, weight), _tail_scores(tail, r))
        ]
        if readings:
            return readings
    return []


def _tail_weight(tail: Sequence[str], reading: Sequence[str], weight: float | None) -> float | None:
    named = dict(zip(tail, reading, strict=False))
    if "weight" in named:
        value = float(named["weight"])
        return value if 0 < value <= MAX_BUDGET_POINTS else -1.0  # -1: no score fits
    return weight


def _tail_scores(tail: Sequence[str], reading: Sequence[str]) -> list[str]:
    return [value for name, value in zip(tail, reading, strict=False) if name == "score"]


def _same_decimals(numbers: Sequence[str]) -> int:
    """How many of `numbers` have the row's most common number of decimals."""
    places = [len(n.partition(".")[2]) for n in numbers]
    return max((places.count(p) for p in set(places)), default=0)


def split_total(values: list[str]) -> list[str]:
    """总分 100100: the form's total points, then the report's score."""
    if len(values) != 1 or not re.fullmatch(r"\d+(?:\.\d+)?", values[0]):
        return values
    for first, second in number_splits(values[0], 2):
        # A stated total may exceed the form's (a flaw the checks flag), not by half again.
        if float(first) == MAX_POINTS and float(second) <= 1.5 * MAX_POINTS:
            return [first, second]
    return values


def _budget_fits(named: dict[str, float], rate: str) -> bool:
    """The 执行率 as written equals 执行数 ÷ 预算数, rounded or cut to its own decimals."""
    budget, executed = named.get("budget"), named.get("executed")
    if budget is None or executed is None:
        return False
    expected = executed / budget * 100 if budget else 0.0
    if float(rate) == 0 and executed:
        return False  # a rate of 0 with money spent: a 0 cut from the next figure
    decimals = len(rate.partition(".")[2])
    return abs(expected - float(rate)) < max(10.0**-decimals, 0.01)


def _points_plausible(named: dict[str, float]) -> bool:
    """The budget row's 分值 is a small share of the form's points."""
    return "weight" not in named or 0 < named["weight"] <= MAX_BUDGET_POINTS


def _points_fit(weight: float | None, scores: Sequence[str]) -> bool:
    return all(weight is None or float(s) <= weight + 1e-9 for s in scores)


def split_indicator_row(
    values: list[str], template: Sequence[str]
) -> tuple[list[str], float] | None:
    """Split fused figures so the row has one value per template column, with how well the
    split reads (`_row_score`, less a cost per cut); None when no split fits. A row with
    more values than columns, or short of more than two, is left as it is."""
    missing = len(template) - len(values)
    if missing < 0:  # the row took the next row's cells: read as far as it goes, ranked low
        score = _row_score(dict(zip(template, values, strict=False)))
        return None if score is None else (values, score + OVERFULL_COST * missing)
    if missing > 2:
        return values, 0.0
    best: tuple[list[str], float] | None = None
    for candidate in _splits_of(values, missing):
        score = _row_score(dict(zip(template, candidate, strict=True)))
        if score is None:
            continue
        score -= _cut_cost(values, candidate)
        if best is None or score > best[1]:
            best = (candidate, score)
    if best is not None:
        return best
    # No split fills every column: fewer cuts, the columns left over blank (2020 at the
    # end of a cut-off page is 20 | 20 with its 得分 missing).
    readings = [
        (row, score - _cut_cost(values, candidate))
        for cuts in range(missing - 1, -1, -1)
        for candidate in _splits_of(values, cuts)
        if (found := _with_blanks(candidate, template)) is not None
        for row, score in [found]
    ]
    return max(readings, key=lambda r: r[1], default=None)


def _cut_cost(values: Sequence[str], candidate: Sequence[str]) -> float:
    """What cutting `values` into `candidate` costs: each cut, more for a whole figure."""
    whole = sum(1 for value in values if value not in candidate and _COMPLETE.match(value))
    return _CUT_COST * (len(candidate) - len(values)) + _CUT_COMPLETE_COST * whole


def _with_blanks(values: list[str], template: Sequence[str]) -> tuple[list[str], float] | None:
    """No split fills every column: the values as they are, in the columns they fit best,
    the others left blank ("" ; a real form leaves 完成值 and 得分 empty: =100% | 60)."""
    best: tuple[list[str], float] | None = None
    for slots in combinations(range(len(template)), len(values)):
        row = [""] * len(template)
        for slot, value in zip(slots, values, strict=True):
            row[slot] = value
        named = {k: v for k, v in zip(template, row, strict=True) if v}
        score = _row_score(named)
        if score is None:
            continue
        score -= BLANK_COST * (len(template) - len(values))
        # A form prints its 分值 and leaves 完成值 and 得分 for the unit to fill: a bare
        # figure that could be either is the 分值.
        score += POINTS_FIRST * sum(1 for k in POINTS if k in named and PLAIN.match(named[k]))
        if best is None or score > best[1]:
            best = (row, score)
    return best


# A figure led by a comparator and closed by a unit (≥85%) is whole: cutting it (≥8 | 5%)
# is allowed only when nothing else fits.
_COMPLETE = re.compile(r"^(?:>=|<=|[≥≤≧≦＞＜>=<═]|不低于|不少于|不高于|不超过)\d.*\D$")
_CUT_COMPLETE_COST = 1.5
_CUT_COST = 0.5  # each cut of a figure run: the fewer, the likelier
OVERFULL_COST = 3.0  # each value more than the row has columns
BLANK_COST = 1.0  # each column a reading leaves blank
POINTS_FIRST = 0.25
OVER_WEIGHT_COST = 2.0  # a 得分 above its 分值
WORDED_MET_BY_FIGURE_COST = 2.0  # a 指标值 in words (中长期) with a bare figure as 完成值


def _splits_of(values: list[str], missing: int) -> Iterator[list[str]]:
    """Every way to cut `missing` more boundaries into the values' digit runs."""
    cuts = [
        (i, at)
        for i, value in enumerate(values)
        for at in range(1, len(value))
        if value[at - 1].isdigit() and (value[at].isdigit() or value[at] in "≥≤>=<")
    ]
    for chosen in combinations(cuts, missing):
        out: list[str] = []
        valid = True
        for i, value in enumerate(values):
            points = [0, *sorted(at for j, at in chosen if j == i), len(value)]
            parts = [value[a:b] for a, b in pairwise(points)]
            # A figure cut in pieces must leave figures (a bare 0 cut off a run is not one:
            # 60 is not 6 | 0); a text value stays as it is.
            valid = valid and (
                len(parts) == 1 or all(VALUE_RE.fullmatch(p) and p != "0" for p in parts)
            )
            out += parts
        if valid:
            yield out


def _row_score(named: dict[str, str]) -> float | None:
    """How well a split reads as a row; None when it breaks a rule of the form."""
    score = 0.0
    for key in ("weight", "score"):
        if key in named and (not PLAIN.match(named[key]) or float(named[key]) > MAX_POINTS):
            return None
    if "weight" in named and "score" in named:
        # A score above the weight breaks the form's rule, but reports do state one (the
        # checks flag it): the reading is kept when no other fits.
        over = float(named["score"]) > float(named["weight"]) + 1e-9
        score += -OVER_WEIGHT_COST if over else 1.0
    for key in ("target", "actual"):
        if key in named and re.match(r"^0\d", named[key]):
            return None
    if named.get("target") and named.get("target") == named.get("actual"):
        score += 1.0
    if "weight" in named and named.get("weight") == named.get("score"):
        score += 0.5  # most rows earn their full points
    target, actual = named.get("target", ""), named.get("actual", "")
    if target and not re.search(r"\d", target) and PLAIN.match(actual):
        score -= WORDED_MET_BY_FIGURE_COST  # a worded 指标值 is met in words, not a bare figure
    if any(named.get(key, "").endswith(NAME_TAILS) for key in ("target", "actual")):
        score -= 1.0  # 绿地面积保有率 is the next row's name, not this row's 完成值
    return score


def number_splits(digits: str, count: int) -> Iterator[list[str]]:
    """Every way to read `digits` as `count` numbers written without leading zeros."""
    if digits == "0" and count == 1:
        yield ["0"]  # a zero standing alone
        return
    yield from _splits(digits, count)


def _splits(digits: str, count: int) -> Iterator[list[str]]:
    if count == 0:
        if not digits:
            yield []
        return
    for end in range(1, len(digits) + 1):
        head = digits[:end]
        # A bare 0 cut out of a longer run reads zero spending or a zero score into any
        # run ("20201|0|…", "1|0"): a fused zero is written 0.00, or stands alone.
        if PLAIN.match(head) and head != "0":
            for rest in _splits(digits[end:], count - 1):
                yield [head, *rest]
