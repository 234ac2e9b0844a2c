"""The budget block: 预算数/执行数 pairs (2018 form) or a header with value rows (2020 form).

The block is lexed into a stream of keyword and number tokens whatever the
layout, so the same logic reads one-cell-per-line dumps, pipe rows and
flattened web text. Value rows are matched to header columns by a small
dynamic programme, because blank cells are dropped in many dumps and the
values must still land in the right columns (执行率 is a percent, 分值 a small
integer, money anything).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from etl.parse.align import best_alignment
from etl.parse.cells import Cell, looks_like_prose
from etl.parse.numbers import is_placeholder, nfkc, read_number

# Column headers, by the kind of figure the column holds. Longest spelling wins.
HEADER_WORDS: dict[str, list[str]] = {
    "initial": ["年初预算数", "年初预算金额", "年初预算"],
    "budget": [
        "全年预算数",
        "调整后预算数",
        "调整后预算",
        "预算数",
        "全年预算",
        "预算安排数",
        "年度预算资金总额",
        "财政拨款数",
        "其中:财政拨款数",
    ],
    "executed": [
        "全年执行数",
        "预算执行数",
        "全年执行资金",
        "执行数",
        "实际支付数",
        "实际支出数",
        "全年执行金额",
        "支出数",
    ],
    "weight": ["分值", "权重"],
    "rate": ["预算执行率", "执行率", "预算执行进度", "执行进度", "预算执行"],
    "score": ["得分"],
    "index": ["行次"],
    "other": [
        "统筹整合资金数",
        "扣除统筹整合资金后预算金额",
        "全年到位资金",
        "预算到位",
        "到位数",
        "资金结余、结转数",
        "结转数",
        "财政收回数",
        "指标结余数",
        "原因",
        "佐证材料",
        "当年使用上年结余、结转及当年调整预算数",
        "资金到位情况",
        "资金执行情况",
        "预算安排情况",
        "到位率",
    ],
}
# Row labels of the 2020 form; in 2018 forms the same words label single values.
ROW_WORDS: dict[str, list[str]] = {
    "total": ["年度资金总额", "年度财政资金总额", "资金总额", "总额", "合计"],
    "fiscal": [
        "其中-财政拨款",
        "其中:当年财政拨款",
        "其中:本年财政拨款",
        "其中:财政拨款",
        "当年财政拨款",
        "其中:财政资金",
        "财政拨款",
        "其中:中央财政资金",
        "财政资金",
    ],
    "carry": ["上年结转资金", "上年结转"],
    "other": ["其他资金", "其它资金"],
}
SECTION_WORDS = ["预算执行情况", "项目资金", "资金投入情况", "年度预算数", "列次"]

_ALL_WORDS = sorted(
    [(w, "header", k) for k, ws in HEADER_WORDS.items() for w in ws]
    + [(w, "row", k) for k, ws in ROW_WORDS.items() for w in ws]
    + [(w, "section", "") for w in SECTION_WORDS],
    key=lambda item: len(item[0]),
    reverse=True,
)
_WORD_KIND = {word: (kind, sub) for word, kind, sub in _ALL_WORDS}
_KEYWORD_RE = re.compile("|".join(re.escape(word) for word, _, _ in _ALL_WORDS))
_FRAGMENT_RE = re.compile(r"[(（][^()（）]{0,16}[)）]")
# Dumps break cells inside words ("其中:当年财政 拨款"); CJK never needs those spaces.
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff:])\s+(?=[\u4e00-\u9fff])")


@dataclass
class Token:
    kind: str  # header / row / section / number / dash / text
    sub: str  # column kind, row kind, or ""
    text: str
    line: int
    value: float | None = None
    percent: bool = False


@dataclass
class BudgetFigures:
    """Budget figures as the document states them, with the line each came from."""

    values: dict[str, float] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def put(self, name: str, value: float | None, line: int) -> None:
        if value is not None and name not in self.values:
            self.values[name] = value
            self.lines[name] = line


def _lex_piece(piece: str, line: int, out: list[Token]) -> None:
    for chunk in piece.split():
        chunk = chunk.strip(":;,()（）")
        if not chunk:
            continue
        number = read_number(chunk)
        if number is not None:
            out.append(Token("number", "", chunk, line, number[0], number[1]))
        elif is_placeholder(chunk):
            out.append(Token("dash", "", chunk, line))
        else:
            out.append(Token("text", "", chunk, line))


def lex(cells: Sequence[Cell]) -> list[Token]:
    """Keyword/number/text tokens of the cells (prose cells are left out)."""
    tokens: list[Token] = []
    for cell in cells:
        text = nfkc(cell.text.replace("\n", "")).replace("：", ":")
        if not text or looks_like_prose(text):
            if cell.raw_empty:
                tokens.append(Token("dash", "", "", cell.line))
            continue
        text = _CJK_GAP.sub("", text)
        text = _FRAGMENT_RE.sub(" ", text)
        position = 0
        for match in _KEYWORD_RE.finditer(text):
            _lex_piece(text[position : match.start()], cell.line, tokens)
            kind, sub = _WORD_KIND[match.group(0)]
            tokens.append(Token(kind, sub, match.group(0), cell.line))
            position = match.end()
        _lex_piece(text[position:], cell.line, tokens)
        if cell.raw_empty:
            tokens.append(Token("dash", "", "", cell.line))
    return tokens


# --- aligning a row of values with the header columns -------------------------------------

_SKIP_COST = {
    "initial": 0.2,
    "budget": 3.0,
    "executed": 3.0,
    "weight": 0.5,
    "rate": 1.0,
    "score": 0.3,
    "index": 0.3,
    "other": 0.5,
}


def _fit(token: Token, column: str) -> float:
    if token.kind == "dash":
        return 0.5
    value = token.value or 0.0
    if token.percent:
        return {"rate": 4.0, "other": 2.5}.get(column, -10.0)
    if column == "rate":
        return 1.0 if 0 <= value <= 200 else -10.0
    if column in ("budget", "executed", "initial", "other"):
        return 2.0
    if column in ("weight", "score"):
        # Points are small whole or half numbers; they fit better than money does.
        return 2.5 if 0 <= value <= 100 else -5.0
    if column == "index":
        # 行次 numbers rows 1, 2, 3: a small whole number here is almost surely it.
        return 5.0 if value == int(value) and 0 <= value <= 50 else -10.0
    return 0.0


def align(values: Sequence[Token], columns: Sequence[str]) -> list[tuple[Token, str]]:
    """Best monotone assignment of values to columns (columns may be skipped)."""
    values = values[: len(columns)]
    pairs = best_alignment(
        len(values),
        columns,
        lambda i, column: _fit(values[i], column),
        lambda column: _SKIP_COST.get(column, 0.5),
    )
    return [(values[i], columns[j]) for i, j in pairs]


# --- reading the stream -----------------------------------------------------------------

_ROW_TARGETS = {
    "total": {
        "initial": "budget_initial",
        "budget": "budget",
        "executed": "executed",
        "rate": "execution_rate_stated",
        "weight": "budget_weight",
        "score": "budget_score",
    },
    "fiscal": {"budget": "fiscal_budget", "executed": "fiscal_executed"},
    "other": {"budget": "other_budget", "executed": "other_executed"},
}
_PAIR_TARGETS = {
    "budget": "budget",
    "executed": "executed",
    "initial": "budget_initial",
    "rate": "execution_rate_stated",
}


def _take_numbers(tokens: Sequence[Token], start: int) -> tuple[list[Token], int]:
    values: list[Token] = []
    index = start
    while index < len(tokens) and tokens[index].kind in ("number", "dash"):
        values.append(tokens[index])
        index += 1
    return values, index


def _assign_row(figures: BudgetFigures, row_kind: str, values: list[Token], header: list[str]):
    if not values or all(v.kind == "dash" for v in values):
        return
    targets = _ROW_TARGETS.get(row_kind, {})
    pairs = align(values, header)
    if _rate_contradicts(pairs):
        # A bare number in the 执行率 column that is not 执行数 ÷ 预算数 belongs to another
        # column (a scrambled PDF lists 得分 8.62 where the rate would be).
        pairs = align(values, [column for column in header if column != "rate"])
    for token, column in pairs:
        name = targets.get(column)
        if name and token.kind == "number":
            figures.put(name, token.value, token.line)


# Points between a bare 执行率 and 执行数 ÷ 预算数 that still count as the same rate.
RATE_CONSISTENCY = 1.0


def _rate_contradicts(pairs: Sequence[tuple[Token, str]]) -> bool:
    named = {column: token for token, column in pairs if token.kind == "number"}
    rate, budget, executed = named.get("rate"), named.get("budget"), named.get("executed")
    if rate is None or rate.percent or budget is None or executed is None or not budget.value:
        return False
    computed = (executed.value or 0.0) / budget.value * 100
    return abs(computed - (rate.value or 0.0)) > RATE_CONSISTENCY


def _assign_pair(figures: BudgetFigures, token: Token, value: Token, seen: dict[str, int]):
    """A label with one value (2018 form): 预算数: 499.86万, 其中-财政拨款: 423.65万."""
    if value.kind != "number":
        if token.kind == "row":
            seen[token.sub] = seen.get(token.sub, 0) + 1
        return
    if token.kind == "row" and token.sub in ("fiscal", "other"):
        count = seen.get(token.sub, 0)
        seen[token.sub] = count + 1
        # The form states each fund twice: budget side first, then executed side.
        name = f"{token.sub}_{'budget' if count == 0 else 'executed'}"
        figures.values[name] = value.value
        figures.lines[name] = value.line
        return
    if token.kind == "row" and token.sub == "total":
        figures.put("budget", value.value, value.line)
        return
    name = _PAIR_TARGETS.get(token.sub)
    if name:
        figures.put(name, value.value, value.line)


def _is_index_row(values: Sequence[Token]) -> bool:
    """列次 0 1 2 3 …: column numbering, not figures."""
    numbers = [v.value for v in values if v.kind == "number"]
    return len(numbers) >= 3 and numbers == [numbers[0] + k for k in range(len(numbers))]


def read_budget(cells: Sequence[Cell]) -> BudgetFigures:
    """Budget figures of one report's cells (before its indicator table)."""
    tokens = lex(cells)
    figures = BudgetFigures()
    header: list[str] = []  # the last run of two or more column headers
    run: list[str] = []  # the run of column headers being read
    seen: dict[str, int] = {}
    rate_header = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        values, after = _take_numbers(tokens, index + 1)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "header":
            rate_header = rate_header or token.sub == "rate"
            if values and not run:
                _assign_pair(figures, token, values[0], seen)
                if rate_header and token.sub == "executed" and len(values) > 1:
                    figures.put("execution_rate_stated", values[-1].value, values[-1].line)
                index = after
                continue
            run.append(token.sub)
            if len(run) >= 2:
                header = list(run)
            if values:
                _assign_row(figures, "total", values, header)
                run = []
                index = after
                continue
        elif token.kind == "row":
            run = []
            if following is not None and following.kind == "header" and token.sub == "fiscal":
                run = ["budget"]  # "其中:财政拨款数" heading a column, not labelling a row
            elif len(header) >= 2 and len(values) >= 2:
                _assign_row(figures, token.sub, values, header)
                index = after
                continue
            elif values and not ("index" in header and len(values) == 1):
                # (a lone value under a 行次 header is the row number, not a figure)
                _assign_pair(figures, token, values[0], seen)
                index = after
                continue
        elif token.kind in ("text", "section"):
            run = []
            if len(header) >= 2 and len(values) >= 2 and not _is_index_row(values):
                _assign_row(figures, "total", values, header)
                index = after
                continue
        index += 1
    return figures


def names_money_columns(cells: Sequence[Cell]) -> bool:
    """Whether the cells hold the money block's own header (全年预算数, 执行数 …): then its
    figures belong there, and unread ones are not to be looked for elsewhere."""
    words = HEADER_WORDS["budget"] + HEADER_WORDS["executed"]
    return any(
        re.sub(r"\s+", "", cell.text).startswith(tuple(words)) for cell in cells if cell.text
    )
