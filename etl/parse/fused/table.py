"""The indicator table of a fused form, rebuilt as a grid of header, level and value cells."""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.parse.fused.figures import split_indicator_row
from etl.parse.fused.tokens import Piece, cell_text, unread
from etl.parse.fused.vocabulary import (
    BARE_FIGURES,
    CENTS_RUN,
    LEVEL_GROUP_WORDS,
    LEVEL_RES,
    POINTS,
    ROW_MARK_RE,
    is_level_label,
)
from etl.parse.fused.words import name_end, reason_and_rest, split_prose, split_text_values


def indicator_table(
    tokens: Sequence[tuple[str, str]], index: int, row: int
) -> tuple[list[Piece], int, int]:
    """The indicator table from its 一级指标 label on, as a grid: the header labels on one
    row, each indicator on a row of its own, every piece under its header's column (a
    level name once per group, as a merged cell is). Returns the pieces, the index of the
    first token after the table and the last row used."""
    cells, index = header_cells(tokens, index)
    pieces: list[Piece] = []
    kinds: list[str] = []  # the kind of each grid column
    for text, kind in cells:
        span = 2 if kind == "levels" else 1  # 项目类别 over the 一级 and 二级 columns
        pieces.append(Piece(text, "label", row, col=len(kinds), span=span))
        kinds += ["l1", "l2"] if kind == "levels" else [kind]
    level_column = {level: kinds.index(level) if level in kinds else None for level in ("l1", "l2")}
    level_column["l2"] = (
        level_column["l2"] if level_column["l2"] is not None else level_column["l1"]
    )
    name_column = kinds.index("l3") if "l3" in kinds else len(kinds)
    value_columns = [(i, kind) for i, kind in enumerate(kinds) if kind in _VALUE_KINDS]
    template = [kind for _, kind in value_columns]
    reason_column = kinds.index("reason") if "reason" in kinds else None
    desc_column = kinds.index("desc") if "desc" in kinds else None
    tokens, end = _table_tokens(tokens, index)
    index = 0
    levels: set[str] = set()  # level names on the current row
    room: float | None = None  # points the current 一级 group has left for its sub-groups
    l1_name = ""  # the last 一级 name
    named = True  # the current row has its 三级 name: a level or a name starts a new row
    points_taken = False  # the current row has its points: text after them is its 偏差原因
    while index < len(tokens):
        text, kind = tokens[index]
        level = next((k for k, r in LEVEL_RES.items() if r.fullmatch(text)), None)
        if kind == "label" and level is None:
            break  # 总分, or a label below the table
        index += 1
        if level == "group":
            level, room = _group_level(text, tokens[index : index + 1], room)
        if level == "l1" and l1_name == text and "l2" not in levels and "l2" in kinds:
            level = "l2"  # 满意度指标 满意度指标: the 一级 and its 二级 of the same name
        if level == "l1":
            l1_name = text
        if level:
            if named or level in levels:  # a group with no rows (经济效益指标 left empty)
                row, named, levels = row + 1, False, set()
            levels.add(level)
            pieces.append(Piece(text, "label", row, col=level_column[level]))
            continue
        columns = dict((kind_, col) for col, kind_ in value_columns)
        prose, after = _prose_run(tokens, index - 1)
        if prose and not named and not POINTS & set(template) and "target" in columns:
            # A 2018 form that states its goals in sentences: 产出指标, then what was
            # planned and what was done, with no 二级 or 三级 names.
            for value, kind_ in zip(split_prose(prose), ("target", "actual"), strict=False):
                pieces.append(Piece(value, "text", row, col=columns.get(kind_)))
            index, named, levels = after, True, set()
            continue
        if kind == "mark":
            continue
        if kind == "value":  # a figure no row took: kept where it stands
            pieces.append(Piece(text, kind, row, col=None))
            continue
        if points_taken and reason_column is not None:
            reason, text = reason_and_rest(text)
            if reason:
                pieces.append(Piece(cell_text(reason), "text", row, col=reason_column))
            points_taken = False
            if not text:
                continue
        if named:
            row = row + 1
        if desc_column is not None and (cut := name_end(text)):
            # 符合条件申报对象覆盖率 享受补贴政策人数占…: the name, then its 指标解释
            pieces.append(Piece(cell_text(text[cut:]), "text", row, col=desc_column))
            text = text[:cut]
        name, filled, found, index, carry = _read_row(text, tokens, index, template)
        if carry:  # a figure's last characters begin the next row's name
            if index < len(tokens) and tokens[index][1] == "text":
                tokens[index] = (carry + tokens[index][0], "text")
            else:
                tokens.insert(index, (carry, "text"))
        if filled is None:
            pieces.append(Piece(cell_text(text), "text", row, col=name_column))
            pieces.append(unread(found, row))
        else:
            pieces.append(Piece(cell_text(name), "text", row, col=name_column))
            pieces += [
                Piece(value, "value", row, col=col)
                for (col, _), value in zip(value_columns, filled, strict=False)
                if value
            ]
            points_taken = len(filled) == len(template) and set(template) >= POINTS
        named = True
    return pieces, end, row


# Labels that end the indicator table: its 总分 row, the sign-off below it, or the next
# form's 项目名称 (other field words, 主管部门 in 上级主管部门满意度, occur in names).
_TABLE_ENDS = frozenset({"总分", "项目名称", "目名称", "项目负责人及电话", "项目负责人"})


def _table_tokens(
    tokens: Sequence[tuple[str, str]], index: int
) -> tuple[list[tuple[str, str]], int]:
    """The tokens of the table's rows, up to the label that ends it (总分, or a field of the
    next form), and the index of that label; a form word inside a 偏差原因 (加强预算执行
    管理) is text there."""
    out: list[tuple[str, str]] = []
    for position in range(index, len(tokens)):
        text, kind = tokens[position]
        is_level = is_level_label(text, kind)
        if kind == "label" and not is_level and text in _TABLE_ENDS:
            return _without_title(out), position
        if kind == "label" and ROW_MARK_RE.fullmatch(text):
            if out and out[-1][1] != "mark":
                out.append(("", "mark"))
            continue
        if kind == "label" and not is_level:
            kind = "text"
        if kind == "text" and out and out[-1][1] == "text":
            out[-1] = (out[-1][0] + text, "text")
        else:
            out.append((text, kind))
    return out, len(tokens)


# The next form's title run into the end of the table: 项目支出绩效目标完成情况表(3)(2018年度).
_FORM_TITLE = re.compile(r"[\u4e00-\u9fff]{0,16}绩效[\u4e00-\u9fff]{0,12}表[^。]{0,24}$")


def _without_title(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`tokens` without the title of the next form at their end."""
    joined = "".join(text for text, _ in tokens)
    title = _FORM_TITLE.search(joined)
    if not title:
        return tokens
    out: list[tuple[str, str]] = []
    length = 0
    for text, kind in tokens:
        if length + len(text) > title.start():
            kept = text[: title.start() - length]
            if kept:
                out.append((kept, kind))
            break
        out.append((text, kind))
        length += len(text)
    return out


# One header cell of the indicator table: a column word, maybe after a qualifier (年初 目标值,
# 实际 完成值) and before a note ((A), (包含数字及文字描述)). Longer words first.
_HEADER_CELL = re.compile(
    r"[\u4e00-\u9fff]{0,8}?"
    r"(?:项目类别|指标类别|一级指标|二级指标|三级指标|指标名称|原因分析及改进措施"
    r"|原因及拟采取的改进措施|改进措施"
    r"|原因分析|原因|指标值|目标值|计划值|完成值|实际值|分值|权重|得分|自评分|指标性质|度量单位"
    r"|计量单位|单位|指标解释|指标说明|完成情况)"
    r"(?:\([^()]{1,20}\))?"
)
# Header words under a spanned 年度指标值 (指标性质 指标值 度量单位): the row writes the three
# as one figure (≥735人次), read as the target.
_SUBHEADER_KINDS = {"cmp", "unit"}
_VALUE_KINDS = ("target", "actual", "status", "weight", "score")
_TEXT_KINDS = ("target", "actual", "status")  # columns a text may fill
MAX_HEADER_CHARS = 120  # an indicator header is a few words; more is the table itself


def header_cells(
    tokens: Sequence[tuple[str, str]], index: int
) -> tuple[list[tuple[str, str]], int]:
    """The indicator header from its 一级指标 on: (cell text, column kind) per column, and
    the index of the first token after it (the first level name)."""
    from etl.parse.indicators import column_kind  # imported here: indicators reads cells

    run: list[str] = []
    start = index
    while index < len(tokens) and sum(map(len, run)) < MAX_HEADER_CHARS:
        text, kind = tokens[index]
        if is_level_label(text, kind):
            break
        run.append(text)
        index += 1
    if index >= len(tokens) or sum(map(len, run)) >= MAX_HEADER_CHARS:
        run, index = [tokens[start][0]], start + 1
    cells: list[tuple[str, str]] = []
    for match in _HEADER_CELL.finditer("".join(run)):
        word = match.group()
        kind = "levels" if word in LEVEL_GROUP_WORDS else column_kind(word)
        if kind is None or kind in _SUBHEADER_KINDS:
            continue
        if cells and kind == cells[-1][1] == "reason":  # 未完成原因 | 及拟采取的改进措施
            cells[-1] = (cells[-1][0] + word, kind)
        elif kind in {k for _, k in cells}:
            continue  # a sub-header's 指标值 under 年度指标值: the column is there already
        else:
            cells.append((word, kind))
    kinds = {kind for _, kind in cells}
    if not ({"l1", "levels", "l3"} & kinds and {"target", "actual"} & kinds and len(cells) >= 3):
        return [], start  # header words quoted in prose, not a table's header
    return cells, index


def _prose_run(tokens: Sequence[tuple[str, str]], index: int) -> tuple[str, int]:
    """The text from `index` to the next level name when it is written in sentences (holds
    a 。), and the index after it; ("", index) when it is not."""
    end = index
    while end < len(tokens) and not is_level_label(*tokens[end]) and tokens[end][1] != "mark":
        end += 1
    run = "".join(text for text, _ in tokens[index:end])
    return (run, end) if "。" in run else ("", index)


def _group_level(
    label: str, following: Sequence[tuple[str, str]], room: float | None
) -> tuple[str, float | None]:
    """Whether a group cell with points is a 一级 or a 二级 one, and the points its 一级
    has left: a group right before another group holds it (项目绩效实现情况(80分) 投入目标
    (28分)); a group within the points of the 一级 before it is a 二级; else a new 一级."""
    points = float(re.findall(r"\d+(?:\.\d+)?", label)[-1])
    if following and LEVEL_RES["group"].fullmatch(following[0][0]):
        return "l1", points
    if room is not None and points <= room + 1e-9:
        return "l2", room - points
    return "l1", None


def _read_row(
    text: str, tokens: list[tuple[str, str]], index: int, template: Sequence[str]
) -> tuple[str, list[str] | None, list[str], int, str]:
    """A row from its first text on: (三级 name, one value per template column or None when
    fused figures fit no split, the figures as found, the index after the row, and the
    text a figure took from the next row, which the token at that index becomes).

    The name may carry the row's first text values fused behind it (知识产权保护意识明显
    提升…, 资金使用合规性合规 before its 权重): each reading that cuts 0, 1 or 2 values off
    the name fills the row from the tokens after it, and the best complete one is taken;
    a name is cut only when the figures cannot fill the row without it. A figure may also
    have taken the next name's first character for its unit (50501场 地硬化): the row is
    read with the character given back too, and that reading kept when it is better (the
    tokens are changed to match)."""
    plain_values, plain_end, plain_carry = _row_values(tokens, index, template, [])
    if not template:
        return text, plain_values, plain_values, plain_end, plain_carry
    best = _best_reading(text, tokens, index, template, plain_values, plain_end, plain_carry)
    glued = _unit_glued_to_text(tokens, index)
    if glued is not None:
        variant = list(tokens)
        (figure, _), (following, _) = variant[glued], variant[glued + 1]
        variant[glued : glued + 2] = [(figure[:-1], "value"), (figure[-1] + following, "text")]
        values, end, carry = _row_values(variant, index, template, [])
        other = _best_reading(text, variant, index, template, values, end, carry)
        if other is not None and (best is None or other[0] - GIVEN_BACK_COST > best[0]):
            tokens[:] = variant
            best = other
    if best is None:
        return text, (None if plain_values else []), plain_values, plain_end, plain_carry
    return best[1], best[2], plain_values, best[3], best[4]


# A count unit that may be the first character of the next name (场地, 家长, 人均 …).
_COUNT_UNIT = re.compile(r"^[\d.,]+[场家人个件项天日月年次台套篇所间头条户]$")
GIVEN_BACK_COST = 0.5  # reading the character as the name's rather than a unit


def _unit_glued_to_text(tokens: Sequence[tuple[str, str]], index: int) -> int | None:
    """The index of the row's first figure ending in a count unit right before a text."""
    for position in range(index, min(index + 6, len(tokens) - 1)):
        text, kind = tokens[position]
        if kind == "value" and _COUNT_UNIT.match(text) and tokens[position + 1][1] == "text":
            return position
    return None


def _row_text(tokens: Sequence[tuple[str, str]], index: int) -> str:
    """The row's text and figures from `index` on, up to a label, a mark or LATER_CHARS."""
    out = ""
    for text, kind in tokens[index:]:
        if kind not in ("text", "value") or len(out) >= LATER_CHARS:
            break
        out += text
    return out[:LATER_CHARS]


def _best_reading(
    text: str,
    tokens: Sequence[tuple[str, str]],
    index: int,
    template: Sequence[str],
    plain_values: list[str],
    plain_end: int,
    plain_carry: str,
) -> tuple[float, str, list[str], int, str] | None:
    """The best-ranked reading of the row (see `_read_row`): (rank, name, values, index
    after the row, text to give back)."""
    best: tuple[float, str, list[str], int, str] | None = None
    for count in range(3):
        if count and (len(template) < count or not set(template[:count]) <= {"target", "actual"}):
            break
        later = _row_text(tokens, index)
        parted = split_text_values(text, count, later) if count else (text, [], 0.0)
        if parted is None:
            continue
        name, parts, plausible = parted
        values, end, carry = (
            _row_values(tokens, index, template, parts)
            if count
            else (plain_values, plain_end, plain_carry)
        )
        found = split_indicator_row(values, template)
        if found is None:
            continue
        split, fit = found
        complete = len(split) >= len(template) and all(split)
        rank = COMPLETE_ROW_BONUS * complete + fit + plausible - TEXT_PART_COST * count
        if best is None or rank > best[0]:
            best = (rank, name, split, end, carry)
    return best


LATER_CHARS = 40  # how far along the row to look for that repeat
# Ranking a row's readings: one that fills every column beats any that does not; each
# value cut out of the name costs, so a name is only cut when the figures cannot fill
# the row without it.
COMPLETE_ROW_BONUS = 10.0
TEXT_PART_COST = 2.0
# Bare points followed by a unit-like character (家, 人, 年 …) that begins the next text.
_POINTS_WITH_WORD = re.compile(r"^(\d+(?:\.\d+)?)([\u4e00-\u9fff])$")


def _row_values(
    tokens: Sequence[tuple[str, str]], index: int, template: Sequence[str], first: list[str]
) -> tuple[list[str], int, str]:
    """An indicator row's values from `index`, after the `first` ones cut off its name:
    figures, and a text where the template wants a 指标值 or 完成值 (显著提升; doubled,
    显著提升显著提升, it is both). Points never carry a unit: 4日产日清 is 4, then 日产日清,
    and 1010家长满意度 is 1010, then the next row's 家长满意度. Returns the values, the index
    of the first token not read and the text to put back before it (the caller does)."""
    values: list[str] = list(first)
    pending = ""  # characters a points figure took from the text after it
    while index < len(tokens):
        text, kind = tokens[index]
        if pending and kind != "text":
            break
        prefix, pending = pending, ""
        text = prefix + text
        slot = template[len(values)] if len(values) < len(template) else None
        rest = _up_to_mark(tokens, index)
        if slot is None and rest and values and template[-1] in ("target", "actual"):
            # A row the template marks the end of (指标2:): what is left is the last value's
            # (完成 500人次 以上 is one 完成值).
            values[-1] += prefix + "".join(t for t, _ in rest)
            return values, index + len(rest), ""
        # After bare figures read into a value column (the points 1010 of a 指标值 … 得分
        # row), a text is the 偏差原因 or the next row's name; after a 分值, a value.
        misplaced = any(
            BARE_FIGURES.match(v) and kind_ in ("target", "actual")
            for v, kind_ in zip(values, template, strict=False)
        )
        if kind == "text" and text.startswith("(") and values and tokens[index - 1][1] == "value":
            values[-1] += text  # >=98% (百分比): the figure's unit, written after it
        elif kind == "text" and slot in _TEXT_KINDS and not misplaced:
            half = len(text) // 2
            doubled = len(text) % 2 == 0 and text[:half] == text[half:]
            wants_both = slot == "target" and "actual" in template
            values += [text[:half], text[half:]] if doubled and wants_both else [text]
        elif kind == "text" and slot in POINTS and values and _continues(values, template):
            values[-1] += text  # 757万平方米 养护全覆盖: one 指标值, a figure and words
        elif kind != "value":
            pending = prefix  # the next row's name gets it back
            break
        elif CENTS_RUN.fullmatch(text) and set(template[len(values) :]) <= POINTS:
            # The points written with two decimals each (25.0025.006.25); before other
            # columns such a run is ambiguous (22.822.81 is 22.8 | 22.8 | 1).
            values += re.findall(r"\d+\.\d{2}", text)
        elif (unit := _POINTS_WITH_WORD.match(text)) and slot in POINTS:
            values.append(unit.group(1))
            pending = unit.group(2)
        else:
            values.append(text)
        index += 1
    return values, index, pending


_FIGURE_WITH_WORD_UNIT = re.compile(r"^\d[\d.,]*[\u4e00-\u9fff]+$")


def _up_to_mark(tokens: Sequence[tuple[str, str]], index: int) -> list[tuple[str, str]]:
    """The texts and figures from `index` to a row mark (指标2:) right after them; [] when
    something else (a level name, a label, the table's end) comes first."""
    end = index
    while end < len(tokens) and tokens[end][1] in ("text", "value"):
        end += 1
    return list(tokens[index:end]) if end < len(tokens) and tokens[end][1] == "mark" else []


def _continues(values: Sequence[str], template: Sequence[str]) -> bool:
    """Whether a text after the last value, where the template wants points, goes on that
    value: the value is a 指标值 or 完成值 that starts with a figure and its unit."""
    last = template[len(values) - 1]
    return last in ("target", "actual") and bool(_FIGURE_WITH_WORD_UNIT.match(values[-1]))
