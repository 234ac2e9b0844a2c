"""Outcome figures in one paragraph or table cell: each figure, what it counts, and how.

Text is cut into sentences at 。！？ and line ends, sentences into pieces at ；, pieces into
clauses at ，/：. 、 is kept inside a clause ("新申请发明、实用新型专利共计近400件"). A
figure is a number with one of `UNITS` right after it ("10486件", "近400件", "1100余人次"),
or a bare number right after a count noun that says what it counts ("培训人数：300");
other bare numbers (years, 〔2011〕167号, phone 12330, list numbering) are never read.

What a figure counts, in this order (the rule is recorded on the outcome):
- `trigger`: the metric whose trigger ends closest before the figure in its clause, among
  the metrics that accept its unit (专利授权6651件; 发明专利申请量 beats 专利申请量);
- `noun`: the noun right after the unit (12个项目, 20家企业), where the clause says the
  project supported it;
- `after`: a trigger anchored after the figure (…家企业通过…认证);
- `unitless`: a count noun right before a bare number (培训人数：300).

What is not an outcome: a target (力争, 计划完成, 预期, 预计, 拟, 目标为, 任务数, a comparator
不少于/≥ before the figure, anywhere earlier in its piece); a stock that is not the metric
(贷款余额 is a balance, not financing granted); a growth rate or share (增幅40.1% is kept
under the base metric's key + "_growth", outside the scored vocabulary; 占比 is dropped).

Each figure is returned as a `Candidate` with what the report-level pass needs to keep one
fact once (etl/outcomes/__init__.py): whether the clause marks it a total (共, 共计, 合计) or
a part (a 其中/包括 sentence), its paragraph and sentence, and the entity the sentence names
(中物院新增专利申请量… holds for the rest of the sentence; 全市/全省 mean the report's own
jurisdiction). Scope: "cumulative" when 累计/历年 precedes the figure in its clause; "year"
when the clause names the year (本年, 全年, opens with "2018年") or the sentence opens with
"2018年，"; funds_leveraged defaults to "year" (reports contrast it with the 累计 figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from etl.outcomes.vocabulary import GROWTH_SUFFIX, METRICS
from etl.records import Outcome, SourceRef

# Longer units first so 人次 is not read as 人 and 万元 not as 元.
UNITS = (
    "万人次",
    "万元",
    "亿元",
    "人次",
    "件",
    "家",
    "项",
    "个",
    "户",
    "人",
    "名",
    "元",
    "%",
    "％",
)
_FIGURE_RE = re.compile(
    r"(?P<pre>近|约)?"
    # Not glued to letters or digits: codes like 12533025MB0T65759N are not figures.
    r"(?<![0-9A-Za-z._/\-])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<suf>余|多)?"
    r"(?P<unit>" + "|".join(UNITS) + r")"
    # 项目, 人员, 人民, 个人, 名称 are words, not units ("2017项目主管部门" in flattened text).
    r"(?!(?<=项)目)(?!(?<=人)[员民口])(?!(?<=个)[人体性])(?!(?<=名)[称单])"
    r"(?P<post>以上)?"
)
# A bare count right after the noun that says what it counts: 培训人数：300, 项目数为12.
_BARE_COUNT = (
    r"(?:为|达|达到|共|共计|合计|累计|是)?\s*[:：]?\s*(?P<num>\d+)(?![\d.,%％年月日号万亿元])"
)
_SENTENCE_SPLIT = re.compile(r"[。！？!?\r\n]")
_PIECE_SPLIT = re.compile(r"[；;]")
# An ASCII comma between digit groups is a thousands separator, not a clause break; a
# colon before a figure ties a count noun to it (培训人数：300).
_CLAUSE_SPLIT = re.compile(r"，|[：:](?!\s*\d)|,(?!\d{3}(?!\d))")
_COMPARATOR_BEFORE = re.compile(r"(?:不少于|不低于|不超过|不高于|不多于|突破|[≥≧≤≦＞＜><]=?)\s*$")
# Words that make what follows them in the piece a plan, not a result. 计划 is a target
# when it plans (计划完成, 年度计划); as a noun (列入项目计划169项) it is not.
_TARGET_MARKER = re.compile(
    r"力争|争取|预计|预期|拟|确保"
    r"|(?:^|年度?|全年|本年|今年)计划|计划(?:完成|实现|培训|支持|扶持|新增|达到|申请|投入|带动|开展|举办|组织)"
    r"|目标(?:值)?(?:为|是|[:：])|目标任务|任务(?:数|量)?(?:为|是|[:：])"
    r"|指标值|计划数|预期值|下一步|今后|明年"  # a target column's name; what is to come
    r"|将(?=[^，,；;。\d]{0,4}(?:培训|支持|扶持|新增|完成|实现|带动|开展|举办|组织|申请))"
)
# A stock stated beside a flow metric's words (贷款余额, 共有授权专利): what the place holds,
# not what the project brought this year.
_STOCK_MARKER = re.compile(r"余额|存量|共有|现有|拥有")
# A clause that only goes on saying the figure of the clause before (…增长15%，达到1200件).
_GOES_ON = re.compile(r"^\s*(?:达到|达|为|共计?|合计|累计|计)?\s*$")
_TOTAL_MARKER = re.compile(r"共计?|合计|总计|总共|总数")
_PART_LEAD = re.compile(r"^\s*(?:其中|包括|含)")
_YEAR_IN_CLAUSE = re.compile(r"本年度?|当年|全年|年内|今年|^\s*\d{4}年度?")
_YEAR_LEAD = re.compile(r"^\s*(?:截[至止])?\d{4}年(?:度|底|末)?[，,]")
_CUMULATIVE = re.compile(r"累计|历年|截[至止]目前")
_JURISDICTION = ("全市", "全省", "全区", "全县")
_LEADING_NOISE = re.compile(
    r"^(?:\s|截[至止]|\d{4}年度?(?:\d{1,2}月)?[底末]?|其中|同时|另外|此外)+"
)
_ENTITY_RE = re.compile(
    r"(?P<entity>全市|全省|全区|全县|[\u4e00-\u9fffA-Za-z]{1,10}?(?:院|局|公司|大学|中心|所|企业))"
    r"(?:新增|共计|共|累计|全年|本年|已有|已)*"
)
_GROWTH_RE = re.compile(r"同比增长|增长率?|增幅|增速")
# A supporting verb the clause must hold for a counted noun to be the project's outcome
# (支持12个项目, not 全市共有300家企业).
_SUPPORTING = re.compile(
    r"支持|扶持|资助|帮扶|服务|培育|奖补|补助|补贴|奖励|认定|实施|立项|列入|安排|验收|完成|引进|指导"
    r"|惠及|受益"
)
_UNITLESS = {
    key: [re.compile(f"(?:{pattern}){_BARE_COUNT}") for pattern in metric.unitless]
    for key, metric in METRICS.items()
    if metric.unitless
}


@dataclass
class Candidate:
    """One figure read from a paragraph, before the report-level pass."""

    outcome: Outcome
    paragraph: int  # index of the paragraph (or cell) it was read from
    sentence: int  # index of its sentence in that paragraph
    total: bool = False  # the clause marks it a total: 共, 共计, 合计
    part: bool = False  # in a sentence that lists parts: 其中 …, 包括 …


@dataclass
class _SentenceState:
    """What carries across the pieces of one sentence: the named entity, a leading year,
    whether it lists parts (其中 …)."""

    entity: str | None = None
    lead_year: bool = False
    parts: bool = False


def read_paragraph(
    text: str, source: SourceRef | None, paragraph: int, indicator: bool = False
) -> Iterator[Candidate]:
    """Every outcome figure of one paragraph (or an indicator's actual-value cell)."""
    for number, sentence in enumerate(_SENTENCE_SPLIT.split(text)):
        if not sentence.strip():
            continue
        state = _SentenceState(
            lead_year=bool(_YEAR_LEAD.match(sentence)), parts=bool(_PART_LEAD.match(sentence))
        )
        for piece in _PIECE_SPLIT.split(sentence):
            if not piece.strip():
                continue
            for candidate in _read_piece(piece.strip(), state):
                candidate.outcome.source = source
                candidate.paragraph, candidate.sentence = paragraph, number
                if indicator:
                    candidate.outcome.rule = "indicator"
                yield candidate


def _read_piece(piece: str, state: _SentenceState) -> Iterator[Candidate]:
    last: Outcome | None = None  # base for a growth rate stated after its figure
    offset = 0
    for clause in _CLAUSE_SPLIT.split(piece):
        start = piece.find(clause, offset)
        offset = start + len(clause)
        for figure in _figures(clause):
            before = clause[: figure.start]
            if _TARGET_MARKER.search(piece[: start + figure.start]):
                return  # the piece turns to the plan: nothing after is a result
            outcome = _read_figure(figure, clause, before, state, last)
            if outcome is None:
                continue
            outcome.sentence = piece
            last = outcome
            yield Candidate(
                outcome,
                paragraph=0,
                sentence=0,
                total=bool(_TOTAL_MARKER.search(before)),
                part=state.parts,
            )


@dataclass(frozen=True)
class _Figure:
    """A number in a clause: with its unit, or bare after a count noun (metric known)."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None
    metric: str | None = None  # set for a bare count: the noun before it named the metric
    next_start: int = 0  # where the next figure starts (context stops at neighbours)
    previous_end: int = 0  # where the figure before it ends


def _figures(clause: str) -> list[_Figure]:
    found = [
        _Figure(
            m.start(),
            m.end(),
            float(m["num"].replace(",", "")),
            "%" if m["unit"] == "％" else m["unit"],
            m["pre"] or m["suf"] or m["post"],
        )
        for m in _FIGURE_RE.finditer(clause)
    ]
    taken = [(f.start, f.end) for f in found]
    for key, patterns in _UNITLESS.items():
        for pattern in patterns:
            for m in pattern.finditer(clause):
                at = m.start("num")
                if not any(a <= at < b for a, b in taken):
                    found.append(_Figure(at, m.end(), float(m["num"]), None, None, metric=key))
                    taken.append((at, m.end()))
    found.sort(key=lambda f: f.start)
    if not found:
        return []
    starts = [g.start for g in found[1:]] + [len(clause)]
    ends = [0] + [g.end for g in found[:-1]]
    return [
        _Figure(f.start, f.end, f.value, f.unit, f.qualifier, f.metric, nxt, prev)
        for f, nxt, prev in zip(found, starts, ends, strict=True)
    ]


def _read_figure(
    figure: _Figure, clause: str, before: str, state: _SentenceState, last: Outcome | None
) -> Outcome | None:
    """Turn one figure into an Outcome, or None when no metric claims it."""
    # Context stops at the previous figure, so one trigger labels one figure.
    near = before[figure.previous_end :]
    after = clause[figure.end : figure.next_start]
    if _COMPARATOR_BEFORE.search(near) or (figure.unit == "%" and figure.value > 1000):
        return None  # a target, or fused table numbers ("40404010100%")
    if figure.unit == "%":
        return _read_growth(figure, near, state, _base(last))
    if figure.metric is not None:
        metric, rule, trigger_start = figure.metric, "unitless", len(near)
    else:
        hit = _metric_of(figure, clause, near, after)
        if (
            hit is None
            and last is not None
            and _GOES_ON.match(near)
            and (figure.unit in METRICS[last.metric.removesuffix(GROWTH_SUFFIX)].units)
        ):
            # 专利申请量同比增长15%，达到1200件: the clause goes on with the metric before it
            hit = (last.metric.removesuffix(GROWTH_SUFFIX), "trigger", len(near))
        if hit is None:
            return None
        metric, rule, trigger_start = hit
    if METRICS[metric].kind == "flow" and _STOCK_MARKER.search(near):
        return None  # 贷款余额319.4亿元: a balance, not the year's financing
    entity = _update_entity(state, near[:trigger_start])
    scope = _scope(metric, near, state)
    return Outcome(
        metric, figure.value, figure.unit, "", figure.qualifier, entity, scope, rule=rule
    )


def _metric_of(figure: _Figure, clause: str, near: str, after: str) -> tuple[str, str, int] | None:
    """(metric, rule, where its trigger starts in `near`) for a figure with a unit."""
    hit = _trigger_before(near, figure.unit)
    noun = _counted_noun(figure.unit, after, clause[: figure.start])
    if noun is not None and (hit is None or hit[0] != noun):
        return noun, "noun", len(near)
    if hit is not None:
        return hit[0], "trigger", hit[1]
    metric = _trigger_after(after, figure.unit)
    return None if metric is None else (metric, "after", len(near))


def _counted_noun(unit: str | None, after: str, before: str) -> str | None:
    """The metric whose noun the figure counts (12个项目), where the clause says the
    project supported it (支持, 实施 … before the figure)."""
    for key, spec in METRICS.items():
        if unit in spec.units and spec.nouns and re.match(spec.nouns, after):
            return key if _SUPPORTING.search(before) else None
    return None


def _base(last: Outcome | None) -> Outcome | None:
    """The figure a growth rate grows: the last one read, unless that was a rate itself."""
    return None if last is None or last.metric.endswith(GROWTH_SUFFIX) else last


def _read_growth(
    figure: _Figure, before: str, state: _SentenceState, last: Outcome | None
) -> Outcome | None:
    # The last growth word before the figure is the one that governs it.
    growth = next(reversed(list(_GROWTH_RE.finditer(before))), None)
    if growth is None:
        return None  # a share or rate (全省占比7.6%), not a growth figure
    base = _trigger_before(before[: growth.start()], None)
    if base is not None:
        metric, trigger_start = base
        entity = _update_entity(state, before[:trigger_start])
        scope = _scope(metric, before, state)
    elif last is not None:
        metric, entity, scope = last.metric, last.entity, last.scope
    else:
        return None
    return Outcome(
        metric + GROWTH_SUFFIX, figure.value, "%", "", figure.qualifier, entity, scope,
        rule="trigger",
    )  # fmt: skip


def _trigger_before(text: str, unit: str | None) -> tuple[str, int] | None:
    """The metric whose trigger ends closest to the end of `text` (longest on ties).

    `unit` None accepts any metric (used for the base of a growth rate).
    """
    best: tuple[int, int, str, int] | None = None
    for key, spec in METRICS.items():
        if unit is not None and unit not in spec.units:
            continue
        for pattern in spec.before:
            for found in re.finditer(pattern, text):
                candidate = (found.end(), found.end() - found.start(), key, found.start())
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    return None if best is None else (best[2], best[3])


def _trigger_after(text: str, unit: str | None) -> str | None:
    for key, spec in METRICS.items():
        if unit in spec.units and any(re.match(p, text) for p in spec.after):
            return key
    return None


def _update_entity(state: _SentenceState, prefix: str) -> str | None:
    """Record an entity named right before a trigger; return the one in force."""
    cleaned = _LEADING_NOISE.sub("", prefix).strip()
    found = _ENTITY_RE.fullmatch(cleaned)
    if found is not None:
        name = found["entity"]
        # 全市科技型企业 describes the whole city, not a sub-entity.
        state.entity = None if name.startswith(_JURISDICTION) else name
    return state.entity


def _scope(metric: str, before: str, state: _SentenceState) -> str | None:
    if _CUMULATIVE.search(before):
        return "cumulative"
    if state.lead_year or _YEAR_IN_CLAUSE.search(before):
        return "year"
    return "year" if metric == "funds_leveraged" else None
