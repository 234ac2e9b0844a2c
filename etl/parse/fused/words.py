"""Text values run into an indicator's name, and goals written as sentences, cut apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations, pairwise

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


def name_end(text: str) -> int | None:
    """Where an indicator's name ends in a text that runs on into its 指标解释: after the
    first word a name ends with (…率, …度); None when the text has no such end before
    its last character."""
    for end in range(MIN_NAME_CHARS, len(text)):
        if text[:end].endswith(NAME_TAILS):
            while end + 1 < len(text) and text[: end + 1].endswith(NAME_TAILS):
                end += 1  # 覆盖 then 率: the name is 覆盖率
            return end
    return None


def reason_and_rest(text: str) -> tuple[str, str]:
    """Text right after a row's points: its 偏差原因, then maybe the next row's name. A
    reason written as a sentence ends at its last 。; a bare 无 or / is one character."""
    if "。" in text:
        reason, _, rest = text.rpartition("。")
        return reason + "。", rest
    if text[:1] in ("无", "/") and len(text) > 1:
        return text[:1], text[1:]
    return "", text


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
NAME_TAILS = (
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
            + NAME_TAIL_WEIGHT * name.endswith(NAME_TAILS)
            + ECHO_WEIGHT * (not doubled and _echoes(parts[-1], [name, *parts[:-1]]))
            - REPEAT_COST * sum(_repeats(part) for part in [name, *parts])
        )
        if best is None or plausible > best[0]:
            best = (plausible, name, parts)
    return None if best is None else (best[1], best[2], best[0])
