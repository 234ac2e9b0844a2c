"""A form flattened with no separator at all, back into cells.

Some pages reach us as one run of characters: ``年度资金总额:202010100.00%10`` is the row
20 | 20 | 10 | 100.00% | 10, and ``数量指标安装坡面水标尺10≥266米≥266米10`` an indicator
row. Labels the form always has (项目名称, 年度资金总额, 一级指标, 数量指标 …) cut the run
into labels and pieces; a piece is cut into text and figures; a figure run that fused
several cells is split by search under the form's own constraints:

* the budget row: as many numbers as the header has columns from 全年预算数 on, the
  执行率 equal to 执行数 ÷ 预算数 (within rounding), 得分 at most 分值;
* an indicator row: one value per column after 三级指标, 得分 at most 分值, and among
  the splits left, the one whose 实际完成值 equals its 指标值 (most rows are met).

A run that no split fits is not read: the fields stay empty, and the cell left in its
place carries a note that becomes a quality flag (nothing is guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from etl.parse.budget import HEADER_WORDS
from etl.parse.numbers import nfkc

# A line is a fused form when it is this long, nearly without spaces, and holds several
# of the form's labels.
FUSED_MIN_CHARS = 300
FUSED_MAX_SPACE_SHARE = 0.02
FUSED_MIN_LABELS = 3
MAX_POINTS = 100.0  # 分值 and 得分 of one row never exceed the form's total

_FIELD_LABELS = (
    "项目名称", "项目负责人及电话", "项目负责人", "主管部门", "实施单位", "预算单位",
    "资金情况(万元)", "项目资金(万元)", "项目资金(元)", "资金情况(元)",
    "年度总体目标完成情况综述", "年度总体目标", "年初设定目标", "预期目标", "实际完成情况",
    "绩效指标", "总分",
)  # fmt: skip
_ROW_LABELS = (
    "年度资金总额", "其中:本年财政拨款", "其中:当年财政拨款", "其中:财政拨款", "上年结转资金",
    "其他资金",
)  # fmt: skip
_INDICATOR_HEADER = (
    "一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "实际完成值", "分值", "得分",
    "未完成原因及拟采取的改进措施", "偏差原因分析及改进措施",
)  # fmt: skip
_LEVELS = (
    r"(?:产出|效益|满意度)指标(?:[(（]\d+(?:\.\d+)?分[)）])?",
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标",
)
# Budget column headers as fused forms write them: 全年预算数(A), 执行率(B/A) …
_BUDGET_HEADER = sorted(
    {
        word + suffix
        for words in HEADER_WORDS.values()
        for word in words
        for suffix in ("", "(A)", "(B)", "(B/A)")
    },
    key=len,
    reverse=True,
)
_PLAIN_LABELS = sorted(_FIELD_LABELS + _ROW_LABELS + _INDICATOR_HEADER, key=len, reverse=True)
_LABEL_RE = re.compile(
    "|".join([*map(re.escape, _PLAIN_LABELS), *_LEVELS, *map(re.escape, _BUDGET_HEADER)])
)
_VALUE_RE = re.compile(
    r"\d{4}年\d{1,2}月(?:底前|底|前)?"
    r"|(?:>=|<=|[≥≤≧≦＞＜>=<═]|不低于|不少于|不高于|不超过|不大于|不小于|大于等于|小于等于)?"
    r"\d[\d,]*(?:\.\d+)*(?:%|％|万元|亿元|元|万|平方米|立方米|厘米|公里|千米|米"
    r"|人次|人|户|个|件|项|家|场|天|日|月|年|次|台|套|亩|吨|篇|所|间|头|条)?"
)
_PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d{1,2})?$")


@dataclass(frozen=True)
class Piece:
    """A label, a figure or a run of text from a fused line, and the row it belongs to."""

    text: str
    kind: str  # label / value / text
    row: int
    note: str | None = None  # why figures here were left unread


def is_fused(line: str) -> bool:
    """A whole form written without separators (see the module docstring)."""
    if len(line) < FUSED_MIN_CHARS or line.count(" ") > FUSED_MAX_SPACE_SHARE * len(line):
        return False
    return len(set(re.findall(r"项目名称|主管部门|实施单位|年度资金总额|一级指标|总分", line))) >= (
        FUSED_MIN_LABELS
    )


# Labels whose value is a name: what follows them, up to the next label, is one text
# (a project named 2021年科技特派员服务 keeps its year).
_NAME_LABELS = {"项目名称", "主管部门", "实施单位", "预算单位", "项目负责人"}


def _tokens(line: str) -> Iterator[tuple[str, str]]:
    position = 0
    previous = ""
    for match in _LABEL_RE.finditer(line):
        piece = line[position : match.start()]
        if previous in _NAME_LABELS and piece.strip(" :："):
            yield piece.strip(" :：,，"), "text"
        else:
            yield from _split_piece(piece)
        yield match.group(), "label"
        position, previous = match.end(), match.group()
    yield from _split_piece(line[position:])


def _split_piece(piece: str) -> Iterator[tuple[str, str]]:
    position = 0
    for match in _VALUE_RE.finditer(piece):
        text = piece[position : match.start()].strip(" :：,，")
        if text:
            yield text, "text"
        yield match.group(), "value"
        position = match.end()
    text = piece[position:].strip(" :：,，")
    if text:
        yield text, "text"


def fused_pieces(line: str) -> list[Piece]:
    """The line as labels, figures and text, fused figure runs split, rows numbered."""
    pieces: list[Piece] = []
    tokens = list(_tokens(nfkc(line)))  # full-width （）：％ as the labels spell them
    row = 0
    index = 0
    budget_columns: list[str] = []
    indicator_columns: list[str] = []
    region = ""
    total_row: list[float] = []
    finished = False
    while index < len(tokens):
        text, kind = tokens[index]
        previous_header = index > 0 and tokens[index - 1][0] in _BUDGET_HEADER
        if kind == "label" and finished:  # a note below the form quoting its labels
            pieces.append(Piece(text, "label", row))
            index += 1
            continue
        if kind == "label":
            row += 1
            if text == "一级指标":
                region, indicator_columns = "indicators", [text]
            elif region == "indicators" and text in _INDICATOR_HEADER:
                indicator_columns.append(text)
            elif text in _BUDGET_HEADER:
                if not previous_header:  # a new run of column headers (not prose words)
                    budget_columns = []
                region = "budget"
                budget_columns.append(_budget_kind(text))
            pieces.append(Piece(text, "label", row))
            index += 1
            if region == "budget" and text in _ROW_LABELS:
                values, index = _run(tokens, index)
                split = _split_budget_row(values, budget_columns, total_row)
                if split is None:
                    pieces.append(_unread(values, row))
                    continue
                if text == "年度资金总额":
                    total_row = [float(v.rstrip("%")) for v in split if _PLAIN.match(v)]
                pieces += [Piece(v, "value", row) for v in split]
            elif text == "总分":
                values, index = _run(tokens, index)
                pieces += [Piece(v, "value", row) for v in _split_total(values)]
                region, row, finished = "", row + 1, True  # the form ends at its 总分
            continue
        if region == "indicators" and kind == "text":
            row += 1
            template = _indicator_template(indicator_columns)
            if text.startswith("无") and len(text) > 1 and _has_reason(indicator_columns):
                text = text[1:]  # the row before said 无 in its 偏差原因 column
            values, index = _row_values(tokens, index + 1, template)
            split = _split_indicator_row(values, template) if template else values
            pieces.append(Piece(text, "text", row))
            if split is None:
                pieces.append(_unread(values, row))
                continue
            pieces += [Piece(v, "value", row) for v in split]
            continue
        pieces.append(Piece(text, kind, row))
        index += 1
    return pieces


def _unread(values: Sequence[str], row: int) -> Piece:
    """An empty cell in place of figures that no split fits, saying so."""
    run = "".join(values)
    return Piece("", "value", row, note=f"连排数字“{run}”无法按表头可靠拆分，相关数值留空未读")


def _run(tokens: Sequence[tuple[str, str]], index: int) -> tuple[list[str], int]:
    """The run of figures from `index` on, and the index after it."""
    values = []
    while index < len(tokens) and tokens[index][1] == "value":
        values.append(tokens[index][0])
        index += 1
    return values, index


def _row_values(
    tokens: Sequence[tuple[str, str]], index: int, template: Sequence[str]
) -> tuple[list[str], int]:
    """An indicator row's values from `index`: figures, and a text where the template
    wants a 指标值 or 完成值 (显著提升; doubled, 显著提升显著提升, it is both)."""
    values: list[str] = []
    while index < len(tokens):
        text, kind = tokens[index]
        slot = template[len(values)] if len(values) < len(template) else None
        if kind == "text" and slot in ("target", "actual"):
            half = len(text) // 2
            doubled = len(text) % 2 == 0 and text[:half] == text[half:]
            wants_both = slot == "target" and "actual" in template
            values += [text[:half], text[half:]] if doubled and wants_both else [text]
        elif kind != "value":
            break
        else:
            values.append(text)
        index += 1
    return values, index


def _has_reason(header: Sequence[str]) -> bool:
    return any("原因" in h for h in header)


def _budget_kind(label: str) -> str:
    bare = re.sub(r"\([AB/]+\)$", "", label)
    for kind, words in HEADER_WORDS.items():
        if bare in words:
            return kind
    return "other"


# --- the budget row -----------------------------------------------------------------------


def _split_budget_row(
    values: list[str], columns: Sequence[str], total_row: Sequence[float]
) -> list[str] | None:
    """A row's figures as the header's columns want them (see the module docstring): the
    total row by its 执行率, a 其中 row by staying within the total row. None when a
    fused run fits no split."""
    joined = "".join(values)
    if "rate" in columns and joined.count("%") == 1:
        return _split_total_row(joined, columns)
    money = [c for c in columns if c in ("initial", "budget", "executed")]
    if len(money) >= 2 and not total_row and re.fullmatch(r"\d{3,}(?:\.\d+)?", joined):
        return None  # several columns' figures may hide here, and no total to check them by
    if total_row and re.fullmatch(r"[\d.]+", joined):
        for count in range(len(money), 0, -1):
            for numbers in number_splits(joined, count):
                limits = zip(numbers, total_row, strict=False)
                if all(float(n) <= limit + 1e-9 for n, limit in limits):
                    return numbers
        return None
    return values


def _split_total_row(joined: str, columns: Sequence[str]) -> list[str] | None:
    before, _, after = joined.partition("%")
    money = list(columns[: columns.index("rate")])  # 年初预算数 may be among them, or blank
    tail = list(columns[columns.index("rate") + 1 :])
    for count in range(len(money) + 1, 1, -1):
        for numbers in number_splits(before, count):
            named = dict(zip(money[-(count - 1) :], (float(n) for n in numbers[:-1]), strict=True))
            if not _budget_fits(named, numbers[-1]):
                continue
            rest = list(number_splits(after, len(tail))) if after and tail else [[]]
            scores = [r for r in rest if _points_fit(named.get("weight"), r)]
            if scores:
                return [*numbers[:-1], numbers[-1] + "%", *scores[0]]
    return None


def _split_total(values: list[str]) -> list[str]:
    """总分 100100: the form's total points, then the report's score (at most that)."""
    if len(values) != 1 or not values[0].isdigit():
        return values
    for first, second in number_splits(values[0], 2):
        if float(first) == MAX_POINTS and float(second) <= MAX_POINTS:
            return [first, second]
    return values


def _budget_fits(named: dict[str, float], rate: str) -> bool:
    """The 执行率 as written equals 执行数 ÷ 预算数, rounded or cut to its own decimals."""
    budget, executed = named.get("budget"), named.get("executed")
    if budget is None or executed is None or float(rate) > 200:
        return False
    if "weight" in named and not 0 < named["weight"] <= 30:
        return False
    expected = executed / budget * 100 if budget else 0.0
    decimals = len(rate.partition(".")[2])
    return abs(expected - float(rate)) < max(10.0**-decimals, 0.01)


def _points_fit(weight: float | None, scores: Sequence[str]) -> bool:
    return all(weight is None or float(s) <= weight + 1e-9 for s in scores)


# --- an indicator row ---------------------------------------------------------------------

_TEMPLATE_KINDS = {
    "年度指标值": "target",
    "全年实际值": "actual",
    "实际完成值": "actual",
    "分值": "weight",
    "得分": "score",
}


def _indicator_template(header: Sequence[str]) -> list[str]:
    return [_TEMPLATE_KINDS[h] for h in header if h in _TEMPLATE_KINDS]


def _split_indicator_row(values: list[str], template: Sequence[str]) -> list[str] | None:
    """Split fused figures so the row has one value per template column; None when the
    row is short of values and no split fits (more than two missing: left as it is)."""
    missing = len(template) - len(values)
    if missing <= 0 or missing > 2:
        return values
    best, best_score = None, float("-inf")
    for candidate in _splits_of(values, missing):
        named = dict(zip(template, candidate, strict=True))
        score = _row_score(named)
        if score is not None and score > best_score:
            best, best_score = candidate, score
    return best


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
            # A figure cut in pieces must leave figures; a text value stays as it is.
            valid = valid and (len(parts) == 1 or all(_VALUE_RE.fullmatch(p) for p in parts))
            out += parts
        if valid:
            yield out


def _row_score(named: dict[str, str]) -> float | None:
    """How well a split reads as a row; None when it breaks a rule of the form."""
    score = 0.0
    for key in ("weight", "score"):
        if key in named and (not _PLAIN.match(named[key]) or float(named[key]) > MAX_POINTS):
            return None
    if "weight" in named and "score" in named:
        if float(named["score"]) > float(named["weight"]) + 1e-9:
            return None
        score += 1.0
    for key in ("target", "actual"):
        if key in named and re.match(r"^0\d", named[key]):
            return None
    if named.get("target") and named.get("target") == named.get("actual"):
        score += 1.0
    return score


def number_splits(digits: str, count: int) -> Iterator[list[str]]:
    """Every way to read `digits` as `count` numbers written without leading zeros."""
    if count == 0:
        if not digits:
            yield []
        return
    for end in range(1, len(digits) + 1):
        head = digits[:end]
        # A bare 0 cut out of a longer run reads zero spending into any run ("20201|0|…"):
        # a fused zero is written 0.00, or stands alone.
        if _PLAIN.match(head) and (head != "0" or len(digits) == 1):
            for rest in number_splits(digits[end:], count - 1):
                yield [head, *rest]
