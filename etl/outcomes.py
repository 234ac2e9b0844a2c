"""Outcome figures stated in prose: 专利申请量 1389件, 带动社会投入 37590.1万元, 培训 1100余人次 …

Pure functions, no I/O. The caller hands in paragraphs (or table cells) with their
position; `extract_outcomes` returns `Outcome` records in reading order.

How a figure is read:
- Text is cut into sentences at 。！？ and line ends, sentences into pieces at ；, pieces into
  clauses at ，/：. 、 is kept inside a clause ("新申请发明、实用新型专利共计近400件").
- A figure is a number with one of `UNITS` right after it ("10486件", "近400件", "1100余人次").
  Numbers without a unit (years, 〔2011〕167号, phone 12330, list numbering) are never read.
- The metric is the trigger (see `METRICS`) closest before the figure in its clause, among the
  metrics that accept the figure's unit; a few metrics also look after it (…家企业通过…认证).
- Growth rates ("增幅达 40.1%") are stored under the base metric's key plus "_growth", e.g.
  "patent_grants_growth": the base is a trigger before the growth word in the same clause, else
  the last figure read earlier in the same piece. Without a base the rate is dropped.
- Targets are not outcomes: figures after a comparator (不少于80件, ≥95%) and sentences with
  力争 are skipped. Target cells of 2018 forms carry no such marker, so callers should pass
  only actual-value cells and prose.
- Entity: a short organization name right before the trigger (中物院新增专利申请量…) holds for
  the rest of the sentence; 全市/全省/全区/全县 mean the report's own jurisdiction and reset it
  to None.
- Scope: "cumulative" when 累计 precedes the figure in its clause; "year" when the clause
  names the year (本年, 全年, opens with "2018年") or the sentence opens with "2018年，";
  funds_leveraged defaults to "year" because reports contrast it with the 累计 figure;
  otherwise None (not stated). The stated year is not compared with the report's year, so
  "2017年结转项目50项" in a 2018 report is also "year".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from etl.records import Outcome, SourceRef


@dataclass(frozen=True)
class MetricSpec:
    """One outcome metric: its Chinese label, accepted units and trigger regexes."""

    label: str
    units: frozenset[str]
    before: tuple[str, ...] = ()  # triggers that precede the figure (专利授权6651件)
    after: tuple[str, ...] = ()  # triggers that follow it, anchored at the unit's end


_PATENTS = frozenset({"件"})
_MONEY = frozenset({"万元", "亿元", "元"})
_NOT_DIGIT = r"[^，,；;。\d]"

# Order does not matter: the closest trigger wins, ties go to the longer match, so
# 发明专利申请量 beats 专利申请量 and 万人发明专利拥有量 beats 发明专利拥有量.
METRICS: dict[str, MetricSpec] = {
    "patent_applications": MetricSpec(
        "专利申请量",
        _PATENTS,
        before=(
            r"专利申请量?",
            r"申请专利",
            r"(?<=全市|全省|全区|全县)(?:新增)?申请",
            rf"新申请{_NOT_DIGIT}{{0,12}}?专利",
        ),
    ),
    "invention_applications": MetricSpec("发明专利申请量", _PATENTS, before=(r"发明专利申请量?",)),
    "patent_grants": MetricSpec(
        "专利授权量", _PATENTS, before=(r"专利授权量?", r"授权量", r"授权专利")
    ),
    "invention_grants": MetricSpec("发明专利授权量", _PATENTS, before=(r"发明专利授权量?",)),
    "invention_patents_held": MetricSpec(
        "发明专利拥有量", _PATENTS, before=(r"(?:有效)?发明专利拥有量?",)
    ),
    "invention_patents_per_10k": MetricSpec(
        "万人发明专利拥有量", _PATENTS, before=(r"万人(?:有效)?发明专利拥有量?",)
    ),
    "funds_leveraged": MetricSpec("带动社会投入", _MONEY, before=(r"带动社会(?:投入|投资|资金)",)),
    "people_trained": MetricSpec(
        "培训人次", frozenset({"人次", "万人次", "人"}), before=(r"培训",)
    ),
    "enterprises_supported": MetricSpec(
        "支持企业/项目数", frozenset({"家", "项"}), before=(r"支持|扶持|资助", r"项目")
    ),
    "certifications": MetricSpec(
        "通过认证企业数",
        frozenset({"家"}),
        before=(rf"通过{_NOT_DIGIT}{{0,30}}?认证(?:的)?(?:企业|单位)?",),
        after=(r"^(?:企业|单位)?(?:已)?通过[^，,；;。]{0,40}?认证",),
    ),
    "enforcement_cases": MetricSpec(
        "执法案件", _PATENTS, before=(r"执法案件", r"查处", rf"办理{_NOT_DIGIT}{{0,12}}?案件")
    ),
    "loans": MetricSpec("贷款", _MONEY, before=(r"贷款余额", r"质押贷款", r"质押融资", r"贷款")),
}

GROWTH_SUFFIX = "_growth"
_GROWTH_RE = re.compile(r"同比增长|增长率?|增幅|增速")

# Longer units first so 人次 is not read as 人 and 万元 not as 元.
UNITS = ("万人次", "万元", "亿元", "人次", "件", "家", "项", "人", "元", "%", "％")
_FIGURE_RE = re.compile(
    r"(?P<pre>近|约)?"
    # Not glued to letters or digits: codes like 12533025MB0T65759N are not figures.
    r"(?<![0-9A-Za-z._/\-])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<suf>余|多)?"
    r"(?P<unit>" + "|".join(UNITS) + r")"
    # 项目, 人员, 人民 are words, not units: "项目年份 2017项目主管部门" in flattened text.
    r"(?![目员民口])"
    r"(?P<post>以上)?"
)
_SENTENCE_SPLIT = re.compile(r"[。！？!?\r\n]")
_PIECE_SPLIT = re.compile(r"[；;]")
# An ASCII comma between digit groups is a thousands separator, not a clause break.
_CLAUSE_SPLIT = re.compile(r"[，：:]|,(?!\d{3}(?!\d))")
_COMPARATOR_BEFORE = re.compile(r"(?:不少于|不低于|不超过|不高于|不多于|突破|[≥≧≤≦＞＜><]=?)\s*$")
_TARGET_MARKER = re.compile(r"力争")
_YEAR_IN_CLAUSE = re.compile(r"本年度?|当年|全年|年内|今年|^\s*\d{4}年度?")
_YEAR_LEAD = re.compile(r"^\s*(?:截[至止])?\d{4}年(?:度|底|末)?[，,]")
_JURISDICTION = ("全市", "全省", "全区", "全县")
_LEADING_NOISE = re.compile(
    r"^(?:\s|截[至止]|\d{4}年度?(?:\d{1,2}月)?[底末]?|其中|同时|另外|此外)+"
)
_ENTITY_RE = re.compile(
    r"(?P<entity>全市|全省|全区|全县|[\u4e00-\u9fff]{1,10}?(?:院|局|公司|大学|中心|所|企业))"
    r"(?:新增|共计|共|累计|全年|本年|已有|已)*"
)


@dataclass
class _SentenceState:
    """What carries across the pieces of one sentence: the named entity, a leading year."""

    entity: str | None = None
    lead_year: bool = False


def extract_outcomes(paragraphs: Iterable[tuple[str, SourceRef | None]]) -> list[Outcome]:
    """Read outcome figures from paragraphs or cells, each given with its position.

    Identical (metric, value, entity, scope) found again, e.g. in the repeated target and
    actual cells of 2018 forms, is kept once with the first source.
    """
    seen: set[tuple[str, float, str | None, str | None]] = set()
    outcomes: list[Outcome] = []
    for text, source in paragraphs:
        for outcome in _outcomes_in_paragraph(text, source):
            key = (outcome.metric, outcome.value, outcome.entity, outcome.scope)
            if key not in seen:
                seen.add(key)
                outcomes.append(outcome)
    return outcomes


def _outcomes_in_paragraph(text: str, source: SourceRef | None) -> Iterator[Outcome]:
    for sentence in _SENTENCE_SPLIT.split(text):
        if not sentence.strip() or _TARGET_MARKER.search(sentence):
            continue
        state = _SentenceState(lead_year=bool(_YEAR_LEAD.match(sentence)))
        for piece in _PIECE_SPLIT.split(sentence):
            if piece.strip():
                yield from _outcomes_in_piece(piece.strip(), state, source)


def _outcomes_in_piece(
    piece: str, state: _SentenceState, source: SourceRef | None
) -> Iterator[Outcome]:
    last: Outcome | None = None  # base for a growth rate stated after its figure
    for clause in _CLAUSE_SPLIT.split(piece):
        figures = list(_FIGURE_RE.finditer(clause))
        previous_end = 0
        for index, match in enumerate(figures):
            # Context stops at neighbouring figures so one trigger labels one figure.
            next_start = figures[index + 1].start() if index + 1 < len(figures) else len(clause)
            before = clause[previous_end : match.start()]
            after = clause[match.end() : next_start]
            previous_end = match.end()
            outcome = _read_figure(match, before, after, state, last)
            if outcome is None:
                continue
            outcome.sentence, outcome.source = piece, source
            if not outcome.metric.endswith(GROWTH_SUFFIX):
                last = outcome
            yield outcome


def _read_figure(
    match: re.Match[str], before: str, after: str, state: _SentenceState, last: Outcome | None
) -> Outcome | None:
    """Turn one number+unit into an Outcome, or None when no metric claims it."""
    unit = "%" if match["unit"] == "％" else match["unit"]
    value = float(match["num"].replace(",", ""))
    if _COMPARATOR_BEFORE.search(before) or (unit == "%" and value > 1000):
        return None  # a target, or fused table numbers ("40404010100%")
    qualifier = match["pre"] or match["suf"] or match["post"]
    if unit == "%":
        return _read_growth(value, qualifier, before, state, last)
    hit = _trigger_before(before, unit)
    if hit is None:
        metric = _trigger_after(after, unit)
        if metric is None:
            return None
        hit = (metric, len(before))
    metric, trigger_start = hit
    entity = _update_entity(state, before[:trigger_start])
    scope = _scope(metric, before, state)
    return Outcome(metric, value, unit, "", qualifier, entity, scope)


def _read_growth(
    value: float, qualifier: str | None, before: str, state: _SentenceState, last: Outcome | None
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
    return Outcome(metric + GROWTH_SUFFIX, value, "%", "", qualifier, entity, scope)


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


def _trigger_after(text: str, unit: str) -> str | None:
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
    if "累计" in before:
        return "cumulative"
    if state.lead_year or _YEAR_IN_CLAUSE.search(before):
        return "year"
    return "year" if metric == "funds_leveraged" else None
