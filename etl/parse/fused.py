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
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from etl.parse.budget import HEADER_WORDS, ROW_WORDS, SECTION_WORDS

# A line is a fused form when it is this long, nearly without spaces, and holds several
# of the form's labels.
FUSED_MIN_CHARS = 300
FUSED_MAX_SPACE_SHARE = 0.02
FUSED_MIN_LABELS = 3
MAX_POINTS = 100.0  # 分值 and 得分 of one row never exceed the form's total
MAX_BUDGET_POINTS = 30.0  # the budget row's 分值: 10 in the standard form, never a third
MAX_RATE = 200.0  # an 执行率 above this is two figures run together

_FIELD_LABELS = (
    "子项目名称", "项目名称", "项目负责人及电话", "项目负责人", "主管部门", "实施单位", "预算单位",
    "资金情况(万元)", "项目资金(万元)", "项目资金(元)", "资金情况(元)", "预算执行情况(万元)",
    "年度总体目标完成情况综述", "年度总体目标", "年初设定目标", "年度目标完成情况", "预期目标",
    "实际完成情况", "实际完成目标", "绩效指标完成情况", "绩效指标", "总分",
)  # fmt: skip
# Row labels of the budget table (2020 form), or labels of one figure each (2018 form).
_ROW_LABELS = tuple(word for words in ROW_WORDS.values() for word in words)
_INDICATOR_HEADER = (
    "项目类别", "指标类别", "指标名称", "一级指标", "二级指标", "三级指标", "年度指标值",
    "预期指标值", "全年实际值", "实际完成值", "实际完成指标值", "分值", "得分",
    "自评得分", "自评分", "未完成原因及拟采取的改进措施", "偏差原因分析及改进措施",
)  # fmt: skip
# The first header word of an indicator table: 一级指标, or 项目类别 / 指标名称 (2017 forms).
_TABLE_STARTS = frozenset({"一级指标", "项目类别", "指标类别", "指标名称"})
# A header cell naming the level columns as a group (项目类别 over 一级 and 二级).
_LEVEL_GROUP_WORDS = frozenset({"项目类别", "指标类别"})
# A header cell may explain itself: 预期指标值(包含数字及文字描述).
_HEADER_NOTE = r"(?:\([^()]{1,16}\))?"
_LEVELS = (
    r"(?:产出|效益|效果|满意度|项目完成|项目效果)指标(?:[(（]\d+(?:\.\d+)?分[)）])?",
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标等?"
    r"(?!\d{1,2}[:：])",  # 减少项目成本指标2: is a name, then a template's numbering
)
# Marks of a template's rows: its numbering (指标1:, which the parser drops from a cell) and
# its placeholder rows (……); in a fused table they are where rows end.
_ROW_MARK = r"指标\d{1,2}[:：]|…{2,}|\.{4,}"
_ROW_MARK_RE = re.compile(_ROW_MARK)
# A 2017 form's group cell with its points: 项目绩效实现情况(80分), 投入目标(28分). (Names
# ending in 指标 are left to _LEVELS: 无效益指标(30分) would take a 偏差原因's 无.)
_GROUP = r"[\u4e00-\u9fff]{2,10}?(?:目标|情况)\(\d+(?:\.\d+)?分\)"
# 项目名称 with its first character lost (seed 000: "(2018年度)目名称"), as the parser
# reads it at the start of a cell.
_DAMAGED_NAME_LABEL = r"(?<![项\w])目名称"
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
_PLAIN_LABELS = sorted(
    {*_FIELD_LABELS, *_ROW_LABELS, *_BUDGET_HEADER, *SECTION_WORDS}, key=len, reverse=True
)
_LABEL_RE = re.compile(
    "|".join(
        [
            _ROW_MARK,
            *(re.escape(h) + _HEADER_NOTE for h in sorted(_INDICATOR_HEADER, key=len)[::-1]),
            *_LEVELS,
            _GROUP,
            *map(re.escape, _PLAIN_LABELS),
            _DAMAGED_NAME_LABEL,
        ]
    )
)
_VALUE_RE = re.compile(
    r"\d{4}年\d{1,2}月(?:底前|底|前)?"
    r"|(?:>=|<=|[≥≤≧≦＞＜>=<═]|不低于|不少于|不高于|不超过|不大于|不小于|大于等于|小于等于)?"
    r"(?<![\d.])\d[\d,]*(?:\.\d+)*(?![\d,]|\.\d)"
    r"(?:%|％|(?:万|亿)?(?:元|平方米|立方米|公里|千米|亩|吨|人次|人|户)|万"
    r"|厘米|米|个|件|项|家|场|天|日|月|年(?!度)|次|台|套|篇|所|间|头|条)?"
    r"(?![A-Za-z])"  # 11kw inside a name is part of it
)
_BARE_FIGURES = re.compile(r"^[\d.]+$")  # one or several figures, no unit or comparator
_CENTS_RUN = re.compile(r"(?:\d+\.\d{2}){2,}")
_PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d{1,2})?$")


@dataclass(frozen=True)
class Piece:
    """A label, a figure or a run of text from a fused line, and the row it belongs to."""

    text: str
    kind: str  # label / value / text
    row: int
    note: str | None = None  # why figures here were left unread
    col: int | None = None  # column of the indicator table, under its header label
    span: int = 1  # columns the piece covers (a header cell over two columns)


def is_fused(line: str) -> bool:
    """A whole form written without separators (see the module docstring)."""
    if len(line) < FUSED_MIN_CHARS or line.count(" ") > FUSED_MAX_SPACE_SHARE * len(line):
        return False
    return len(set(_DETECT_LABELS.findall(line))) >= FUSED_MIN_LABELS


# Labels every form has in one of its versions (2020: 年度资金总额 … 总分; 2018: 预算单位,
# 预算执行情况); prose quotes one or two of them, a form several.
_DETECT_LABELS = re.compile(
    r"项目名称|主管部门|实施单位|预算单位|年度资金总额|预算执行情况|一级指标|三级指标|总分"
)

# Labels whose value is a name: what follows them, up to the next label, is one text
# (a project named 2021年科技特派员服务 keeps its year).
_NAME_LABELS = {"项目名称", "目名称", "主管部门", "实施单位", "预算单位", "项目负责人"}
# Labels whose value is a unit: a unit's name never ends in 项目, the next label's first
# word (…联合社项目实施单位 is …联合社, then 项目实施单位).
_UNIT_LABELS = {"主管部门", "实施单位", "预算单位"}


# A note a name label carries before its value: 实施单位(盖章), 主管部门(单位).
_LABEL_NOTE = re.compile(r"^\((?:盖章|单位|公章|签章)\)")


def _tokens(line: str) -> Iterator[tuple[str, str]]:
    position = 0
    previous = ""
    for match in _LABEL_RE.finditer(line):
        if previous in _NAME_LABELS and match.group() in SECTION_WORDS:
            continue  # a name runs on over a section word: 科技计划项目资金 keeps its 项目资金
        piece = line[position : match.start()]
        if previous in _NAME_LABELS and piece.strip(" :："):
            value = _LABEL_NOTE.sub("", piece.strip(" :：,，"))
            if previous in _UNIT_LABELS and value.endswith("项目"):
                value = value[:-2]
            yield value, "text"
        else:
            yield from _split_piece(piece)
        yield match.group(), "label"
        position, previous = match.end(), match.group()
    yield from _split_piece(line[position:])


def _split_piece(piece: str) -> Iterator[tuple[str, str]]:
    """Figures and the text between them; a text keeps its commas (a sentence rejoined
    from its pieces reads as written), a cell's text drops them (`_cell_text`)."""
    position = 0
    for match in _VALUE_RE.finditer(piece):
        text = piece[position : match.start()].strip(" :：")
        if text:
            yield text, "text"
        yield match.group(), "value"
        position = match.end()
    text = piece[position:].strip(" :：")
    if text:
        yield text, "text"


def _cell_text(text: str) -> str:
    return text.strip(" ,，、")


# Characters the form's labels and figures are matched in their ASCII forms; sentence
# punctuation (，；、) stays as written, for the text is kept as the source has it.
_KEEP_AS_WRITTEN = frozenset("，；、！？")


def _normalise(line: str) -> str:
    return "".join(
        ch if ch in _KEEP_AS_WRITTEN else unicodedata.normalize("NFKC", ch) for ch in line
    ).strip()


def fused_pieces(line: str) -> list[Piece]:
    """The line as labels, figures and text, fused figure runs split, rows numbered."""
    pieces: list[Piece] = []
    tokens = list(_tokens(_normalise(line)))  # full-width （）：％ as the labels spell them
    row = 0
    index = 0
    budget_columns: list[str] = []
    region = ""
    total_row: list[float] = []
    finished = False
    while index < len(tokens):
        text, kind = tokens[index]
        previous_header = index > 0 and _header_name(tokens[index - 1][0]) in _BUDGET_HEADER
        if kind == "label" and text in ("项目名称", "目名称"):
            finished, total_row = False, []  # the next form of the page
        if kind == "label" and finished:  # a note below the form quoting its labels
            pieces.append(Piece(text, "label", row))
            index += 1
            continue
        if kind == "label" and text in _TABLE_STARTS and _header_cells(tokens, index)[0]:
            table, index, row = _indicator_table(tokens, index, row + 1)
            pieces += table
            region = ""
            continue
        if kind == "label":
            row += 1
            if _header_name(text) in _BUDGET_HEADER:  # 得分(20分*执行率) is 得分
                if not previous_header:  # a new run of column headers (not prose words)
                    budget_columns = []
                region = "budget"
                budget_columns.append(_budget_kind(_header_name(text)))
            pieces.append(Piece(text, "label", row))
            index += 1
            if region == "budget" and text in _ROW_LABELS:
                values, index = _run(tokens, index)
                split = _split_budget_row(
                    values, budget_columns, total_row, text in ROW_WORDS["total"]
                )
                if split is None:
                    pieces.append(_unread(values, row))
                    continue
                if text == "年度资金总额":
                    total_row = _amounts(split, budget_columns)
                pieces += [Piece(v, "value", row) for v in split]
            elif text == "总分":
                values, index = _run(tokens, index)
                pieces += [Piece(v, "value", row) for v in _split_total(values)]
                if index < len(tokens) and (grade := _GRADE_BEFORE.match(tokens[index][0])):
                    pieces.append(Piece(grade.group(), "text", row))
                    tokens[index] = (tokens[index][0][grade.end() :], tokens[index][1])
                region, row, finished = "", row + 1, True  # the form ends at its 总分
            continue
        if kind == "value" and region == "budget" and _CENTS_RUN.fullmatch(text):
            # Under a row of column headers with no row label (2017 forms): amounts
            # written with two decimals each, so the run splits at every second decimal.
            pieces += [Piece(v, "value", row) for v in re.findall(r"\d+\.\d{2}", text)]
        elif _cell_text(text):
            pieces.append(Piece(_cell_text(text), kind, row))
        index += 1
    return pieces


_LEVEL_RES = {
    "l1": re.compile(_LEVELS[0]),
    "l2": re.compile(_LEVELS[1]),
    "group": re.compile(_GROUP),
}


def _is_level(text: str, kind: str) -> bool:
    return kind == "label" and any(r.fullmatch(text) for r in _LEVEL_RES.values())


def _indicator_table(
    tokens: Sequence[tuple[str, str]], index: int, row: int
) -> tuple[list[Piece], int, int]:
    """The indicator table from its 一级指标 label on, as a grid: the header labels on one
    row, each indicator on a row of its own, every piece under its header's column (a
    level name once per group, as a merged cell is). Returns the pieces, the index of the
    first token after the table and the last row used."""
    cells, index = _header_cells(tokens, index)
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
        level = next((k for k, r in _LEVEL_RES.items() if r.fullmatch(text)), None)
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
        if prose and not named and not _POINTS & set(template) and "target" in columns:
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
            reason, text = _reason_and_rest(text)
            if reason:
                pieces.append(Piece(_cell_text(reason), "text", row, col=reason_column))
            points_taken = False
            if not text:
                continue
        if named:
            row = row + 1
        if desc_column is not None and (cut := _name_end(text)):
            # 符合条件申报对象覆盖率 享受补贴政策人数占…: the name, then its 指标解释
            pieces.append(Piece(_cell_text(text[cut:]), "text", row, col=desc_column))
            text = text[:cut]
        name, filled, found, index, carry = _read_row(text, tokens, index, template)
        if carry:  # a figure's last characters begin the next row's name
            if index < len(tokens) and tokens[index][1] == "text":
                tokens[index] = (carry + tokens[index][0], "text")
            else:
                tokens.insert(index, (carry, "text"))
        if filled is None:
            pieces.append(Piece(_cell_text(text), "text", row, col=name_column))
            pieces.append(_unread(found, row))
        else:
            pieces.append(Piece(_cell_text(name), "text", row, col=name_column))
            pieces += [
                Piece(value, "value", row, col=col)
                for (col, _), value in zip(value_columns, filled, strict=False)
                if value
            ]
            points_taken = len(filled) == len(template) and set(template) >= _POINTS
        named = True
    return pieces, end, row


# Labels that end the indicator table: its 总分 row, the sign-off below it, or the next
# form's 项目名称 (other field words, 主管部门 in 上级主管部门满意度, occur in names).
_TABLE_ENDS = frozenset({"总分", "项目名称", "目名称", "项目负责人及电话", "项目负责人"})
_POINTS = {"weight", "score"}


def _table_tokens(
    tokens: Sequence[tuple[str, str]], index: int
) -> tuple[list[tuple[str, str]], int]:
    """The tokens of the table's rows, up to the label that ends it (总分, or a field of the
    next form), and the index of that label; a form word inside a 偏差原因 (加强预算执行
    管理) is text there."""
    out: list[tuple[str, str]] = []
    for position in range(index, len(tokens)):
        text, kind = tokens[position]
        is_level = _is_level(text, kind)
        if kind == "label" and not is_level and text in _TABLE_ENDS:
            return _without_title(out), position
        if kind == "label" and _ROW_MARK_RE.fullmatch(text):
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


def _header_cells(
    tokens: Sequence[tuple[str, str]], index: int
) -> tuple[list[tuple[str, str]], int]:
    """The indicator header from its 一级指标 on: (cell text, column kind) per column, and
    the index of the first token after it (the first level name)."""
    from etl.parse.indicators import column_kind  # imported here: indicators reads cells

    run: list[str] = []
    start = index
    while index < len(tokens) and sum(map(len, run)) < MAX_HEADER_CHARS:
        text, kind = tokens[index]
        if _is_level(text, kind):
            break
        run.append(text)
        index += 1
    if index >= len(tokens) or sum(map(len, run)) >= MAX_HEADER_CHARS:
        run, index = [tokens[start][0]], start + 1
    cells: list[tuple[str, str]] = []
    for match in _HEADER_CELL.finditer("".join(run)):
        word = match.group()
        kind = "levels" if word in _LEVEL_GROUP_WORDS else column_kind(word)
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
    while end < len(tokens) and not _is_level(*tokens[end]) and tokens[end][1] != "mark":
        end += 1
    run = "".join(text for text, _ in tokens[index:end])
    return (run, end) if "。" in run else ("", index)


# A sentence that reports what was done: it opens with the year, or a word of completion.
_DONE_SENTENCE = re.compile(r"^(?:\d{4}年|已|完成|经|全年|实际|截至|共|通过)")


def split_prose(text: str) -> list[str]:
    """A goal and its outcome written as sentences one after the other: the goal, then
    the outcome from the sentence that opens like a report of what was done (2018年，…;
    经问卷调查…); the same text twice is both; two sentences are one each."""
    half = len(text) // 2
    if len(text) % 2 == 0 and text[:half] == text[half:]:
        return [text[:half], text[half:]]
    sentences = [part + "。" for part in text.split("。") if part]
    if not text.endswith("。") and sentences:
        sentences[-1] = sentences[-1][:-1]
    for cut in range(1, len(sentences)):
        if _DONE_SENTENCE.match(sentences[cut]):
            return ["".join(sentences[:cut]), "".join(sentences[cut:])]
    if len(sentences) >= 2:
        return ["".join(sentences[:1]), "".join(sentences[1:])]
    return [text]


def _group_level(
    label: str, following: Sequence[tuple[str, str]], room: float | None
) -> tuple[str, float | None]:
    """Whether a group cell with points is a 一级 or a 二级 one, and the points its 一级
    has left: a group right before another group holds it (项目绩效实现情况(80分) 投入目标
    (28分)); a group within the points of the 一级 before it is a 二级; else a new 一级."""
    points = float(re.findall(r"\d+(?:\.\d+)?", label)[-1])
    if following and _LEVEL_RES["group"].fullmatch(following[0][0]):
        return "l1", points
    if room is not None and points <= room + 1e-9:
        return "l2", room - points
    return "l1", None


def _name_end(text: str) -> int | None:
    """Where an indicator's name ends in a text that runs on into its 指标解释: after the
    first word a name ends with (…率, …度); None when the text has no such end before
    its last character."""
    for end in range(MIN_NAME_CHARS, len(text)):
        if text[:end].endswith(_NAME_TAILS):
            while end + 1 < len(text) and text[: end + 1].endswith(_NAME_TAILS):
                end += 1  # 覆盖 then 率: the name is 覆盖率
            return end
    return None


def _reason_and_rest(text: str) -> tuple[str, str]:
    """Text right after a row's points: its 偏差原因, then maybe the next row's name. A
    reason written as a sentence ends at its last 。; a bare 无 or / is one character."""
    if "。" in text:
        reason, _, rest = text.rpartition("。")
        return reason + "。", rest
    if text[:1] in ("无", "/") and len(text) > 1:
        return text[:1], text[1:]
    return "", text


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
        found = _split_indicator_row(values, template)
        if found is None:
            continue
        split, fit = found
        complete = len(split) >= len(template) and all(split)
        rank = COMPLETE_ROW_BONUS * complete + fit + plausible - TEXT_PART_COST * count
        if best is None or rank > best[0]:
            best = (rank, name, split, end, carry)
    return best


# Words a qualitative 指标值 or 完成值 starts or ends with (明显提升, 无负面影响, 按时完成 …),
# and words an indicator's name ends with (…率, …意识, …期限). A name run together with
# its values is cut where the parts read as values and the name as a name.
_VALUE_HEADS = (
    "明显", "显著", "有效", "有所", "逐步", "稳步", "持续", "进一步", "大幅", "较好", "良好", "好",
    "优", "无", "未", "不", "长期", "中长期", "短期", "按时", "按期", "及时", "如期", "延期",
    "提前", "全部", "全面", "基本", "部分", "初步", "达到", "达标", "达成", "符合", "合格",
    "完成", "已", "均", "效果", "满意", "规范", "健全", "合规", "完整", "准确", "是", "否",
    "正常", "得到", "实现", "健康", "明确", "合理",
)  # fmt: skip
_VALUE_TAILS = (
    "提升", "提高", "增强", "增加", "增长", "改善", "促进", "明显", "显著", "良好", "较好", "好",
    "完成", "达成", "达标", "合格", "满意", "规范", "健全", "合规", "完整", "及时", "准确",
    "有效", "长期", "短期", "影响", "作用", "运行", "建立", "较小", "无", "是", "否", "正常",
    "实现", "到位", "发挥", "优", "良", "高", "低", "健康", "明确", "公开", "落实", "合理",
)  # fmt: skip
_NAME_TAILS = (
    "率", "数", "量", "度", "性", "期限", "时间", "时限", "影响", "意识", "增收", "机制", "效益",
    "效果", "情况", "状况", "水平", "能力", "作用", "标准", "成本", "比例", "占比", "面积",
    "规模", "周期", "次数", "人数", "覆盖", "质量", "收入", "就业", "维护",
)  # fmt: skip
# A value never starts with a suffix or a particle: 合规|性合规 is not a cut.
_BOUND_HEADS = ("性", "率", "度", "的", "之", "等", "和", "与", "并", "或")
MIN_NAME_CHARS = 2
# Weights of the cues (see split_text_values).
NAME_TAIL_WEIGHT = 2.0
DOUBLED_WEIGHT = 3.0
SINGLE_WORD_WEIGHT = 1.5  # a part that is one value word alone (明显), not a phrase
ECHO_WEIGHT = 1.0  # the 完成值 repeats a word of the name or the 指标值 (中长期 | 长期持续…)
REPEAT_COST = 1.5  # a part repeating its own word is two cells (中长期长期)
REPEATED_LATER_WEIGHT = 2.0  # a 指标值 the row's 完成值 repeats (绿地完整 … 绿地完整)
LATER_CHARS = 40  # how far along the row to look for that repeat
# Ranking a row's readings: one that fills every column beats any that does not; each
# value cut out of the name costs, so a name is only cut when the figures cannot fill
# the row without it.
COMPLETE_ROW_BONUS = 10.0
TEXT_PART_COST = 2.0


def _value_words(part: str) -> float:
    """How much `part` reads as a value: it starts with a value's first word and ends with
    a value's last; one word alone reads less as a whole value than a phrase does."""
    if part.startswith(_BOUND_HEADS):
        return 0.0
    words = float(part.startswith(_VALUE_HEADS)) + float(part.endswith(_VALUE_TAILS))
    return SINGLE_WORD_WEIGHT if words == 2 and part in _VALUE_HEADS + _VALUE_TAILS else words


def _echoes(part: str, before: Sequence[str]) -> bool:
    """Whether `part` repeats a two-character word of the texts before it."""
    return any(part[i : i + 2] in text for i in range(len(part) - 1) for text in before)


def _repeats(text: str) -> bool:
    """Whether `text` holds one two-character word twice (健全性健全)."""
    pairs = [text[i : i + 2] for i in range(len(text) - 1)]
    return len(set(pairs)) < len(pairs)


def split_text_values(
    text: str, count: int, later: str = ""
) -> tuple[str, list[str], float] | None:
    """`text` as an indicator name followed by `count` text values (the row's 指标值 and
    完成值 run into its name), with how plausible the cut is; None when no cut makes every
    part read as a value. Cues: each part starts or ends like a value (明显…, …提升) or is
    written again `later` in the row (日产日清 … 日产日清: met as planned), the name ends
    like a name (…率, …意识), a value written twice (显著提升显著提升) is both. Ties go
    to the earliest cuts."""
    best: tuple[float, str, list[str]] | None = None
    for cuts in combinations(range(MIN_NAME_CHARS, len(text)), count):
        bounds = [0, *cuts, len(text)]
        name, *parts = (text[a:b] for a, b in pairwise(bounds))
        words = [
            max(_value_words(part), REPEATED_LATER_WEIGHT * (len(part) > 1 and part in later))
            for part in parts
        ]
        doubled = count == 2 and parts[0] == parts[1]
        if not doubled and not all(words):
            continue
        plausible = (
            sum(words)
            + DOUBLED_WEIGHT * doubled
            + NAME_TAIL_WEIGHT * name.endswith(_NAME_TAILS)
            + ECHO_WEIGHT * (not doubled and _echoes(parts[-1], [name, *parts[:-1]]))
            - REPEAT_COST * sum(_repeats(part) for part in [name, *parts])
        )
        if best is None or plausible > best[0]:
            best = (plausible, name, parts)
    return None if best is None else (best[1], best[2], best[0])


# The grade right after the 总分 figures, when the sign-off below the form follows it
# (优部门:…, 良填报人:…): a grade is one word, and these words are not part of it.
_GRADE_BEFORE = re.compile(
    r"^(?:优秀|良好|不合格|合格|优|良|中|差)"
    r"(?=$|部门|单位|填报|填表|备注|说明|附件|联系|审核|负责|日期|[\s:：,，。])"
)


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
            _BARE_FIGURES.match(v) and kind_ in ("target", "actual")
            for v, kind_ in zip(values, template, strict=False)
        )
        if kind == "text" and text.startswith("(") and values and tokens[index - 1][1] == "value":
            values[-1] += text  # >=98% (百分比): the figure's unit, written after it
        elif kind == "text" and slot in _TEXT_KINDS and not misplaced:
            half = len(text) // 2
            doubled = len(text) % 2 == 0 and text[:half] == text[half:]
            wants_both = slot == "target" and "actual" in template
            values += [text[:half], text[half:]] if doubled and wants_both else [text]
        elif kind == "text" and slot in _POINTS and values and _continues(values, template):
            values[-1] += text  # 757万平方米 养护全覆盖: one 指标值, a figure and words
        elif kind != "value":
            pending = prefix  # the next row's name gets it back
            break
        elif _CENTS_RUN.fullmatch(text) and set(template[len(values) :]) <= _POINTS:
            # The points written with two decimals each (25.0025.006.25); before other
            # columns such a run is ambiguous (22.822.81 is 22.8 | 22.8 | 1).
            values += re.findall(r"\d+\.\d{2}", text)
        elif (unit := _POINTS_WITH_WORD.match(text)) and slot in _POINTS:
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


def _header_name(label: str) -> str:
    """A header label without the note it may carry: 预期指标值(包含数字及文字描述)."""
    return re.sub(r"\([^()]*\)$", "", label)


def _budget_kind(label: str) -> str:
    bare = re.sub(r"\([AB/]+\)$", "", label)
    for kind, words in HEADER_WORDS.items():
        if bare in words:
            return kind
    return "other"


# --- the budget row -----------------------------------------------------------------------


def _split_budget_row(
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


_MONEY = ("initial", "budget", "executed")
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
    amounts = [v for k, v in named.items() if k in _MONEY]
    if amounts:
        rank += 2.0 if _same_decimals(amounts) == len(amounts) else -1.0
    if "weight" in numbers and "score" in numbers:
        rank += 1.0 if numbers["score"] <= numbers["weight"] else -1.0
    if numbers.get("score") == 0:
        rank -= 1.0  # a 0 got by cutting a run's last digit, more likely than a 0 score
    return rank


def _amounts(split: Sequence[str], columns: Sequence[str]) -> list[float]:
    """The money figures of a split 年度资金总额 row (年初预算数, 预算数, 执行数 as present)."""
    if "rate" not in columns or not any(v.endswith("%") for v in split):
        return [float(v) for v in split if _PLAIN.match(v)]
    before = list(split[: next(i for i, v in enumerate(split) if v.endswith("%"))])
    names = columns[: columns.index("rate")][-len(before) :] if before else []
    return [float(v) for v, name in zip(before, names, strict=False) if name in _MONEY]


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
            amounts = [n for n, name in zip(numbers, names, strict=False) if name in _MONEY]
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


def _split_total(values: list[str]) -> list[str]:
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


# --- an indicator row ---------------------------------------------------------------------


def _split_indicator_row(
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
        score += POINTS_FIRST * sum(1 for k in _POINTS if k in named and _PLAIN.match(named[k]))
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
                len(parts) == 1 or all(_VALUE_RE.fullmatch(p) and p != "0" for p in parts)
            )
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
    if target and not re.search(r"\d", target) and _PLAIN.match(actual):
        score -= WORDED_MET_BY_FIGURE_COST  # a worded 指标值 is met in words, not a bare figure
    if any(named.get(key, "").endswith(_NAME_TAILS) for key in ("target", "actual")):
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
        if _PLAIN.match(head) and head != "0":
            for rest in _splits(digits[end:], count - 1):
                yield [head, *rest]
