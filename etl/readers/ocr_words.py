"""The labels printed on the national self-evaluation forms (and the dash that fills
cells), to mend OCR's misreadings.

A recogniser that reads 主管部门 as 主管部內 turns a label into a value, and the parser
then takes it for a unit's name. Form labels are a small closed vocabulary, printed the
same on every copy, so a cell whose whole text is one character away from exactly one
label (and is not a label itself) is that label. Values are never touched: they are not
in the vocabulary, and a value one character from a label is rarer than a misreading.
"""

from __future__ import annotations

import functools
import re

# The fixed words of the 2018 完成情况表 and the 2020 自评表 (MoF standard layouts),
# their usual variants, and the indicator categories. Only words of MIN_LENGTH or more
# are mended: a short word is one character from too many others.
FORM_LABELS = (
    "项目名称", "主管部门", "项目主管部门", "实施单位", "项目实施单位", "预算单位",
    "项目资金", "年度资金总额", "年初预算数", "全年预算数", "全年执行数", "执行率",
    "其中：当年财政拨款", "当年财政拨款", "上年结转资金", "其他资金", "财政拨款", "预算执行率",
    "年度总体目标", "总体目标", "预期目标", "实际完成情况", "绩效指标", "一级指标",
    "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施",
    "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标", "成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标", "满意度", "总分", "自评得分", "项目支出绩效自评表",
    "绩效目标完成情况表", "预算执行情况", "年度预算数", "实际执行数",
    # 2018-style and provincial forms: valid labels one character from the above must
    # be here, or they would be "mended" into them (效果指标 is not 效益指标).
    "项目完成指标", "项目效果指标", "效果指标", "完成指标", "投入指标", "过程指标",
    "预期指标值", "实际完成指标值", "年度目标完成情况", "年度绩效指标完成情况",
    "实际完成目标", "指标性质", "度量单位", "指标值", "服务对象满意度",
)  # fmt: skip
MIN_LENGTH = 4
# A dash (—, the form's "not applicable") as OCR reads it: 一, ー or －, once or twice.
_DASH_MISREAD = re.compile(r"[一ー－]{1,2}")


@functools.cache
def _by_length() -> dict[int, tuple[str, ...]]:
    lengths: dict[int, list[str]] = {}
    for label in FORM_LABELS:
        lengths.setdefault(len(label), []).append(label)
    return {length: tuple(labels) for length, labels in lengths.items()}


def mended(text: str) -> str:
    """`text`; or the one form label it misreads by a single character; or a dash, for a
    cell holding nothing but a dash read as 一 (a cell says "none" with a dash, never
    with a lone 一)."""
    if _DASH_MISREAD.fullmatch(text):
        return "—"
    if len(text) < MIN_LENGTH or text in FORM_LABELS:
        return text
    near = [
        label
        for label in _by_length().get(len(text), ())
        if sum(a != b for a, b in zip(text, label, strict=True)) == 1
    ]
    return near[0] if len(near) == 1 else text
