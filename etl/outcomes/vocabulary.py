"""The outcome metrics: one definition for the reader, the warehouse and the dashboard.

Each metric has its Chinese label (产出成效, briefings, the contract's vocabulary), the
units a report writes it in, how it adds up on the dashboard (`kind`: a `flow` adds over
units and years, a `level` over units within a year, a `stated` figure is never added),
and the words that name it in a sentence: a trigger right before the figure (专利授权6651件),
one anchored after it (…家企业通过…认证), or the noun the figure counts (20家企业, 12个项目).
Every outcome also records the `rule` that took it (`RULES`), shown on 数据质量 and 报告详情.
"""

from __future__ import annotations

from dataclasses import dataclass

_NOT_DIGIT = r"[^，,；;。\d]"
_SUPPORT = r"(?:支持|扶持|资助|帮扶|服务|培育|奖补|补助|补贴|奖励|认定|引进|指导|惠及|受益)"


@dataclass(frozen=True)
class OutcomeMetric:
    """One outcome metric (see the module docstring)."""

    label: str
    units: frozenset[str]
    kind: str  # flow / level / stated
    std_unit: str  # the unit its figures are shown in (money converted to 万元)
    before: tuple[str, ...] = ()  # triggers that end right before the figure
    after: tuple[str, ...] = ()  # triggers anchored at the figure's end
    nouns: str = ""  # the noun the figure counts, soon after its unit (20家文化科技企业)
    # Count nouns a bare figure may follow (培训人数：300); ^ is the start of the clause.
    unitless: tuple[str, ...] = ()


_PATENTS = frozenset({"件", "项"})
_MONEY = frozenset({"万元", "亿元", "元"})

# Order does not matter: the closest trigger wins, ties go to the longer match, so
# 发明专利申请量 beats 专利申请量 and 万人发明专利拥有量 beats 发明专利拥有量.
METRICS: dict[str, OutcomeMetric] = {
    "patent_applications": OutcomeMetric(
        "专利申请量",
        _PATENTS,
        "flow",
        "件",
        before=(
            r"专利申请量?",
            r"申请专利",
            r"(?<=全市|全省|全区|全县)(?:新增)?申请",
            rf"新申请{_NOT_DIGIT}{{0,12}}?专利",
        ),
        unitless=(r"专利申请(?:量|数|数量)",),
    ),
    "invention_applications": OutcomeMetric(
        "发明专利申请量", _PATENTS, "flow", "件", before=(r"发明专利申请量?",)
    ),
    "patent_grants": OutcomeMetric(
        "专利授权量",
        _PATENTS,
        "flow",
        "件",
        before=(r"专利授权量?", r"授权量", r"授权专利", r"获(?:得)?(?:专利)?授权"),
        unitless=(r"专利授权(?:量|数|数量)",),
    ),
    "invention_grants": OutcomeMetric(
        "发明专利授权量", _PATENTS, "flow", "件", before=(r"发明专利授权量?",)
    ),
    "invention_patents_held": OutcomeMetric(
        "有效发明专利拥有量", _PATENTS, "level", "件", before=(r"(?:有效)?发明专利拥有量?",)
    ),
    "invention_patents_per_10k": OutcomeMetric(
        "万人发明专利拥有量",
        _PATENTS,
        "stated",
        "件/万人",
        before=(r"万人(?:有效)?发明专利拥有量?",),
    ),
    "funds_leveraged": OutcomeMetric(
        "带动社会投入",
        _MONEY,
        "flow",
        "万元",
        before=(rf"(?:带动|撬动|吸引){_NOT_DIGIT}{{0,6}}?(?:投入|投资|资金)",),
    ),
    "people_trained": OutcomeMetric(
        "培训人次",
        frozenset({"人次", "万人次", "人", "名"}),
        "flow",
        "人次",
        before=(r"培训", r"参训"),
        unitless=(r"培训(?:人数|人次|学员|人员)(?:数|数量)?",),
    ),
    "enterprises_supported": OutcomeMetric(
        "支持企业数",
        frozenset({"家", "个", "户"}),
        "flow",
        "家",
        before=(rf"{_SUPPORT}{_NOT_DIGIT}{{0,8}}?企业",),
        nouns=r"^[^，,；;。\d]{0,10}?(?:企业|公司)",
        unitless=(rf"(?:^|{_SUPPORT})企业(?:数|数量|家数)",),
    ),
    "projects_supported": OutcomeMetric(
        "支持项目数",
        frozenset({"项", "个"}),
        "flow",
        "项",
        before=(
            rf"(?:{_SUPPORT}|实施|立项|列入|安排|验收|完成){_NOT_DIGIT}{{0,10}}?项目(?:计划)?",
            r"项目(?:计划)?(?:共|共计|合计)?$",  # right before the figure: 项目计划169项
        ),
        nouns=r"^[^，,；;。\d]{0,6}?项目",
        # (完成…改造项目数量：1 counts works done, not projects the money supported)
        unitless=(rf"(?:^|{_SUPPORT}|立项)项目(?:数|数量|个数)",),
    ),
    "certifications": OutcomeMetric(
        "贯标认证企业数",
        frozenset({"家"}),
        "flow",
        "家",
        before=(rf"通过{_NOT_DIGIT}{{0,30}}?认证(?:的)?(?:企业|单位)?",),
        after=(r"^(?:企业|单位)?(?:已)?通过[^，,；;。]{0,40}?认证",),
    ),
    "enforcement_cases": OutcomeMetric(
        "执法办案数",
        frozenset({"件"}),
        "flow",
        "件",
        before=(r"执法案件", r"查处", rf"办理{_NOT_DIGIT}{{0,12}}?案件"),
    ),
    # Only IP-pledge financing: a 贷款余额 is the city's stock, a 贷款贴息 a subsidy.
    "loans": OutcomeMetric(
        "知识产权质押融资额", _MONEY, "flow", "万元", before=(r"质押(?:贷款|融资)(?:金额|额)?",)
    ),
}
GROWTH_SUFFIX = "_growth"

# Why an outcome was taken (its `rule`), as 数据质量 and 报告详情 show it.
RULES: dict[str, str] = {
    "trigger": "正文：指标词在数字前（专利授权6651件）",
    "after": "正文：指标词在数字后（20家企业通过认证）",
    "noun": "正文：数字所计的名词（12个项目、20家企业）",
    "unitless": "正文：无单位的计数（培训人数：300）",
    "indicator": "指标表：实际完成值",
}
