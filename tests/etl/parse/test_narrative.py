"""etl.parse.narrative: budget figures stated in running text, on sentences from the fixtures."""

from __future__ import annotations

import pytest

from etl.parse.cells import Cell
from etl.parse.narrative import is_prose, stated_figures

# seeds/000_3d3cd3b106848c44.txt line 34: the first report's 实际完成目标 (tab stripped).
SEED_1_GOAL = (
    "专利资助项目项目全年预算数499.86万元，执行数为423.25万元，完成预算的84.68%。"
    "年末结转专利资助项目额度76.61万，下年度继续执行。通过专利资助政策的实施，"
    "调动了全市各类创新主体的主动性和积极性，全市专利申请、授权量得到极大发展，"
    "我市知识产权工作实现明显提升。"
)
# corpus/real_04.txt lines 4 and 12.
REAL_04_PLAN = (
    "我县2022年农村公路通村道路建设项目计划投资2179万元,实现新建村内道路、连通道路32.63公里。"
)
REAL_04_EXECUTION = (
    "2、项目资金执行情况分析。项目资金共2179万元,截止2022年12月8日,"
    "已完成拨付2113.63万元,执行率97%。"
)
# seeds/002_78a807617c647145.txt lines 12-20: tranche lists, none of them the year's figures.
SEED_2_TRANCHES = [
    "其中新上项目49项，项目总投资38925.1万元，财政支持资金1335万元，本年拨付160万元；"
    "结转项目共计120项，财政支持资金3626万元，本年拨付1040万元，带动社会投入37590.1万元。"
    "累计带动社会投入83553.61万元。",
    "（二）项目资金实际使用情况分析",
    "（主要是指财政资金）",
    "本年共计拨付专利实施项目经费1200万元，其中：",
    "2018年新上项目49项，财政支持资金1335，本年拨付160万元；",
    "2017年结转项目50项，财政支持资金1431，本年拨付680万元；",
    "2016年结转项目18项，财政支持资金586万元，本年拨付90万元；",
    "2015年结转项目30项，财政支持资金854万元，本年拨付160万元；",
    "2014年结转项目22项，财政支持资金755万元，本年拨付110万元。",
]


def _figures(text: str, line: int = 1) -> list[tuple[str, float]]:
    return [(f.field, f.value) for f in stated_figures([Cell(text, line, line)], "x.txt")]


def test_seed_1_goal_sentence() -> None:
    assert _figures(SEED_1_GOAL) == [
        ("budget", 499.86),
        ("executed", 423.25),  # the text's figure; the table says 423.65
        ("execution_rate", 84.68),
    ]


def test_seed_1_figures_cite_sentence_and_line() -> None:
    figures = stated_figures([Cell(SEED_1_GOAL, 34, 9)], "seed.txt")
    executed = next(f for f in figures if f.field == "executed")
    # the sentence around the figure (NFKC: full-width commas become ASCII)
    assert (
        executed.text
        == "专利资助项目项目全年预算数499.86万元,执行数为423.25万元,完成预算的84.68%。"
    )
    assert executed.source is not None
    assert executed.source.label() == "seed.txt:34"


def test_carry_over_is_no_figure() -> None:
    """年末结转…额度76.61万 is neither the budget nor the execution."""
    assert 76.61 not in [value for _, value in _figures(SEED_1_GOAL)]


def test_real_04_prose() -> None:
    assert _figures(REAL_04_EXECUTION) == [
        ("budget", 2179),  # 项目资金共2179万元
        ("executed", 2113.63),  # 已完成拨付2113.63万元
        ("execution_rate", 97),  # 执行率97%
    ]


def test_real_04_planned_investment_is_the_budget() -> None:
    assert _figures(REAL_04_PLAN) == [("budget", 2179)]


def test_tranche_payments_are_not_executed_figures() -> None:
    """本年拨付160万元 and 本年共计拨付…1200万元 are tranches, not the year's execution."""
    cells = [Cell(text, 12 + i, 12 + i) for i, text in enumerate(SEED_2_TRANCHES)]
    figures = stated_figures(cells, "002.txt")
    assert [f for f in figures if f.field == "executed"] == []
    assert figures == []


def test_form_cells_are_not_prose() -> None:
    # corpus/real_07.txt line 9 after explode, and a 2018 form value cell
    assert stated_figures([Cell("预算数 6.84 到位数 6.84 执行数 6.84 100.00", 9, 9)], "x") == []
    assert stated_figures([Cell("执行数:", 13, 3), Cell("423.65万", 14, 3)], "x") == []


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        (SEED_1_GOAL, True),
        (REAL_04_EXECUTION, True),
        ("本年共计拨付专利实施项目经费1200万元，其中：", True),  # seeds/002 line 15
        ("（二）项目资金实际使用情况分析", False),
        ("预算执行情况(万元)", False),
        ("499.86万", False),
    ],
)
def test_is_prose(text: str, prose: bool) -> None:
    assert is_prose(text) is prose
