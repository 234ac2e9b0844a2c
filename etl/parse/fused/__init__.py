"""A form flattened with no separator at all, back into cells.

Some pages reach us as one run of characters: ``年度资金总额:202010100.00%10`` is the row
20 | 20 | 10 | 100.00% | 10, and ``数量指标安装坡面水标尺10≥266米≥266米10`` an indicator
row. Labels the form always has (项目名称, 年度资金总额, 一级指标, 数量指标 …) cut the run
into labels and pieces (`tokens`, with the words of `vocabulary`); a piece is cut into text
and figures; the indicator table is rebuilt as a grid of cells under its header's columns
(`table`); a figure run that fused several cells is split by search under the form's own
rules (`figures`), and text values run into a name are cut where they read as values
(`words`):

* the budget row: as many numbers as the header has columns, the 执行率 equal to
  执行数 ÷ 预算数 (within rounding), the amounts of a row written with the same decimals,
  the 分值 small and whole or half, 得分 at most 分值; a 其中 row within the total row;
* an indicator row: one value per column after 三级指标, 得分 at most 分值, and among
  the readings left, the one whose 实际完成值 equals its 指标值 (most rows are met).

The reading that keeps most of the rules is taken. A run that no reading fits is not
read: the fields stay empty, and the cell left in its place carries a note that becomes a
quality flag (nothing is guessed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.parse.budget import ROW_WORDS
from etl.parse.fused.figures import number_splits, split_budget_row, split_total, total_amounts
from etl.parse.fused.table import header_cells, indicator_table
from etl.parse.fused.tokens import Piece, cell_text, is_fused, normalise, tokenize, unread
from etl.parse.fused.vocabulary import (
    BUDGET_HEADER,
    CENTS_RUN,
    ROW_LABELS,
    TABLE_STARTS,
    budget_kind,
    header_name,
)
from etl.parse.fused.words import split_text_values


def fused_pieces(line: str) -> list[Piece]:
    """The line as labels, figures and text, fused figure runs split, rows numbered."""
    pieces: list[Piece] = []
    tokens = list(tokenize(normalise(line)))  # full-width （）：％ as the labels spell them
    row = 0
    index = 0
    budget_columns: list[str] = []
    region = ""
    total_row: list[float] = []
    finished = False
    while index < len(tokens):
        text, kind = tokens[index]
        previous_header = index > 0 and header_name(tokens[index - 1][0]) in BUDGET_HEADER
        if kind == "label" and text in ("项目名称", "目名称"):
            finished, total_row = False, []  # the next form of the page
        if kind == "label" and finished:  # a note below the form quoting its labels
            pieces.append(Piece(text, "label", row))
            index += 1
            continue
        if kind == "label" and text in TABLE_STARTS and header_cells(tokens, index)[0]:
            table, index, row = indicator_table(tokens, index, row + 1)
            pieces += table
            region = ""
            continue
        if kind == "label":
            row += 1
            if header_name(text) in BUDGET_HEADER:  # 得分(20分*执行率) is 得分
                if not previous_header:  # a new run of column headers (not prose words)
                    budget_columns = []
                region = "budget"
                budget_columns.append(budget_kind(header_name(text)))
            pieces.append(Piece(text, "label", row))
            index += 1
            if region == "budget" and text in ROW_LABELS:
                values, index = _run(tokens, index)
                split = split_budget_row(
                    values, budget_columns, total_row, text in ROW_WORDS["total"]
                )
                if split is None:
                    pieces.append(unread(values, row))
                    continue
                if text == "年度资金总额":
                    total_row = total_amounts(split, budget_columns)
                pieces += [Piece(v, "value", row) for v in split]
            elif text == "总分":
                values, index = _run(tokens, index)
                pieces += [Piece(v, "value", row) for v in split_total(values)]
                if index < len(tokens) and (grade := _GRADE_BEFORE.match(tokens[index][0])):
                    pieces.append(Piece(grade.group(), "text", row))
                    tokens[index] = (tokens[index][0][grade.end() :], tokens[index][1])
                region, row, finished = "", row + 1, True  # the form ends at its 总分
            continue
        if kind == "value" and region == "budget" and CENTS_RUN.fullmatch(text):
            # Under a row of column headers with no row label (2017 forms): amounts
            # written with two decimals each, so the run splits at every second decimal.
            pieces += [Piece(v, "value", row) for v in re.findall(r"\d+\.\d{2}", text)]
        elif cell_text(text):
            pieces.append(Piece(cell_text(text), kind, row))
        index += 1
    return pieces


# The grade right after the 总分 figures, when the sign-off below the form follows it
# (优部门:…, 良填报人:…): a grade is one word, and these words are not part of it.
_GRADE_BEFORE = re.compile(
    r"^(?:优秀|良好|不合格|合格|优|良|中|差)"
    r"(?=$|部门|单位|填报|填表|备注|说明|附件|联系|审核|负责|日期|[\s:：,，。])"
)


def _run(tokens: Sequence[tuple[str, str]], index: int) -> tuple[list[str], int]:
    """The run of figures from `index` on, and the index after it."""
    values = []
    while index < len(tokens) and tokens[index][1] == "value":
        values.append(tokens[index][0])
        index += 1
    return values, index


__all__ = ["Piece", "fused_pieces", "is_fused", "number_splits", "split_text_values"]
