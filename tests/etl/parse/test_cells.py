"""etl.parse.cells: dump layouts → cells, on snippets cut from the fixtures.

Every snippet keeps the fixture's characters, tabs, pipes and blank lines (tabs are written
as \\t escapes); the comment above each names the file and lines it comes from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parse.cells import (
    Cell,
    clean_text,
    detect_layout,
    explode,
    join_numbered_lines,
    looks_like_prose,
    to_cells,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# seeds/000_3d3cd3b106848c44.txt lines 1-26: the 2018 form's head, one cell per tab line.
SEED_1_HEAD = """\t  项目支出绩效目标完成情况表（1）
   (2018 年度)

\t项目名称
\t专利资助与奖励

\t预算单位
\t绵阳市知识产权局

\t预算执行情况(万元)
\t预算数:
\t499.86万
\t执行数:
\t423.65万

\t
\t其中-财政拨款:
\t499.86万
\t其中-财政拨款:
\t423.65万

\t
\t其它资金:
\t0
\t其它资金:
\t0"""

# seeds/000_3d3cd3b106848c44.txt lines 352-397: the last report's indicator table. Row 1 has
# three blank lines inside it (between 项目完成指标 and 社会效益指标); row 2's 二级 cell wraps
# onto an unindented line ("社会效益" / "指标").
SEED_1_TABLE = """\t绩效指标完成情况
\t一级指标
\t二级指标
\t三级指标
\t预期指标值(包含数字及文字描述)
\t实际完成指标值(包含数字及文字描述)

\t
\t项目完成指标



\t社会效益指标
\t加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流合作
\t加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流，推进与国家自主创新示范区、高新\
区、等合作。
\t加强了与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流，推进与北京中关村、甘肃兰白国\
家自主创新示范区、成都高新区、广西柳州、浙江衢州科技局等合作。积极推进成德绵区域科技创新合作，加\
强国家两用技术交易中心、四川省大型仪器共享平台市场化运营和辐射带动能力，国家两用技术交易中心目前\
已建成河北分中心、山东分中心、成都工作站。

\t
\t项目完成指标
\t社会效益
指标
\t推进院地、校地合作推进成果转移转化，
\t推动西南科技大学等市内高校与一带一路沿线国家高校签署了校际合作协议
\t西南科技大学先后和巴基斯坦拉斯贝拉海洋与农业大学、越南农业大学、老挝国立大学、泰国皇家理工大学\
、尼泊尔阔博工程学院、捷克帕尔杜比采大学、波兰罗兹理工大学等一带一路沿线国家高校签署了校际合作协\
议，从2018年起承办四川尼泊尔农业人员研修班。

\t
\t项目完成指标
\t社会效益
\t辅导支持优势在绵企业或者产业联盟“走出去”，推动技术输出
\t组织我市优质水稻制种技术推广到东南亚国家，推动汽车产业技术联盟与德国合作，推进国际科技合作成果\
产业化，推动科技交流合作。
\t组织我市水稻制种技术推广到越南、泰国等东南亚国家，推动新晨动力开展王子发动机项目各项工作与德国\
宝马集团衔接，推进国际科技合作成果产业化，推动科技交流合作

\t
\t项目完成指标
\t时效指标
\t完成时间
\t2018年12月底前
\t2018年12月底前

\t
\t满意度指标
\t满意度指标
\t科技上级主管部门及服务对象满意度\t\t
\t\t≥95%\t
\t\t≥95%\t
"""

# corpus/real_01.txt lines 1-10 (pipe rows, a bare "|" line, merged cells).
REAL_01_HEAD = """2022年度项目支出绩效自评表 | 部门:临沧市永德县明朗中学 |
|
|
|
|
| 公开14表 | 项目名称 | 义务教育营养改善计划专项资金 | 主管部门 | 永德县教育体育局 | 实施单位 | \
永德县明朗中学 | 项目资金 (元) |
| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |
| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |
| 387664.62 | 387664.62 | — |
| — | 上年结转 资金 |"""

# corpus/real_03.txt lines 15-58: one cell per line, one blank line between cells and a run
# of ten blank lines between table rows.
REAL_03_BLOCKS = """项目名称

昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目










主管部门

昌宁县供销合作社联合社

项目实施单位

昌宁县昌龙鸿运牧业专业合作社










项目类别

1、部门预算项目 □ 2、县直专项 ☑ 3、省市对下转移支付项目 □










项目属性"""

# corpus/real_07.txt lines 7-10: web text, label/value pairs and flattened rows on one line.
REAL_07_BASICS = [
    "一、基本情况 项目名称: 19名百岁老人高龄津贴 是否为专项资金: 实施(主管)单位 "
    "314002-成安县民政局机关 金额单位: 万元  ",
    "二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)",
    "预算数 6.84 到位数 6.84 执行数 6.84 100.00",
    "其中:财政资金 6.84 其中:财政资金 6.84 其中:财政资金 6.84",
]


def _texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells]


# --- detect_layout ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "layout"),
    [
        (SEED_1_HEAD, "tab"),
        (SEED_1_TABLE, "tab"),
        (REAL_01_HEAD, "pipe"),
        (REAL_03_BLOCKS, "lines"),
        ("\n".join(REAL_07_BASICS), "lines"),
        ("\n\n", "lines"),
    ],
    ids=["seed1-head", "seed1-table", "real_01", "real_03", "real_07", "blank"],
)
def test_detect_layout(snippet: str, layout: str) -> None:
    assert detect_layout(snippet.split("\n")) == layout


def test_detect_layout_on_whole_fixtures() -> None:
    def layout_of(name: str) -> str:
        return detect_layout((FIXTURES / name).read_text(encoding="utf-8").splitlines())

    assert layout_of("seeds/000_3d3cd3b106848c44.txt") == "tab"
    assert layout_of("corpus/real_01.txt") == "pipe"
    assert layout_of("corpus/real_06.txt") == "pipe"  # "value |" lines
    assert layout_of("corpus/real_04.txt") == "lines"
    assert layout_of("corpus/real_03.txt") == "lines"


# --- tab layout -------------------------------------------------------------------------------


def test_tab_cells_one_per_tab_line() -> None:
    layout, cells = to_cells(SEED_1_HEAD.split("\n"))
    assert layout == "tab"
    texts = _texts(cells)
    # the title wraps onto the unindented "(2018 年度)" line
    assert texts[0] == "项目支出绩效目标完成情况表（1）\n(2018 年度)"
    assert texts[1:9] == [
        "项目名称",
        "专利资助与奖励",
        "预算单位",
        "绵阳市知识产权局",
        "预算执行情况(万元)",
        "预算数:",
        "499.86万",
        "执行数:",
    ]
    lines_of = {}
    for cell in cells:
        lines_of.setdefault(cell.text, []).append(cell.line)
    assert lines_of["专利资助与奖励"] == [5]
    assert lines_of["499.86万"] == [12, 18]  # 预算数 and 其中-财政拨款 (budget side)
    # a tab line with nothing on it is an explicitly empty cell
    empties = [c for c in cells if c.empty]
    assert [c.line for c in empties] == [16, 22]
    assert all(c.raw_empty for c in empties)


def test_tab_cell_wraps_onto_unindented_line() -> None:
    _, cells = to_cells(SEED_1_TABLE.split("\n"))
    wrapped = [c for c in cells if c.text.startswith("社会效益")]
    assert [c.text for c in wrapped] == ["社会效益指标", "社会效益\n指标", "社会效益"]
    assert wrapped[1].line == 20  # where the cell starts, not where it ends
    assert "指标" not in _texts(cells)  # the continuation line is no cell of its own


def test_tab_blank_lines_inside_a_row_make_no_cells() -> None:
    _, cells = to_cells(SEED_1_TABLE.split("\n"))
    texts = _texts(cells)
    start = texts.index("项目完成指标")
    # the three blank lines between 一级 and 二级 leave the cell sequence unbroken
    assert texts[start - 1 : start + 3] == [
        "",
        "项目完成指标",
        "社会效益指标",
        "加强与京津冀、长江经济带、泛珠三角或省内创新先进地区等科技交流合作",
    ]
    # the header row, then five rows of an empty section cell + 5 cells
    assert len(cells) == 6 + 5 * 6


def test_tab_inner_tabs_become_spaces_and_are_trimmed() -> None:
    _, cells = to_cells(SEED_1_TABLE.split("\n"))
    assert _texts(cells)[-3:] == ["科技上级主管部门及服务对象满意度", "≥95%", "≥95%"]


# --- pipe layout ------------------------------------------------------------------------------


def test_pipe_framing_pipes_make_no_cells() -> None:
    _, cells = to_cells(["| 质量指标 | 营养改善计划覆盖率 | ≧ | 100 | % | 100% | 10 | 10 |"])
    assert _texts(cells) == ["质量指标", "营养改善计划覆盖率", "≧", "100", "%", "100%", "10", "10"]
    assert not any(c.raw_empty for c in cells)


def test_pipe_rows() -> None:
    layout, cells = to_cells(REAL_01_HEAD.split("\n"))
    assert layout == "pipe"
    rows: dict[int, list[str]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert rows[1] == ["2022年度项目支出绩效自评表", "部门:临沧市永德县明朗中学"]
    assert rows[2] == [""]  # a bare "|" line is one empty cell
    assert [c.raw_empty for c in cells if c.row == 2] == [True]
    assert rows[6][-1] == "项目资金 (元)"
    assert rows[8] == ["387664.62", "387664.62", "10", "100%", "10", "其中:当年财政 拨款"]
    assert rows[10] == ["—", "上年结转 资金"]
    assert all(c.line == c.row for c in cells)  # one row per line


def test_pipe_value_rows_of_real_06() -> None:
    # corpus/real_06.txt lines 6-8 and 98: one cell per line, "|" closes each.
    _, cells = to_cells(["|", "部门预算项目支出绩效自评表(2023年度) |", "项目名称 |", "合计 |"])
    assert _texts(cells) == ["", "部门预算项目支出绩效自评表(2023年度)", "项目名称", "合计"]


# --- lines layout -----------------------------------------------------------------------------


def test_line_cells_blank_runs_mark_rows() -> None:
    layout, cells = to_cells(REAL_03_BLOCKS.split("\n"))
    assert layout == "lines"
    rows: dict[int, list[str]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert list(rows.values()) == [
        ["项目名称", "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目"],
        ["主管部门", "昌宁县供销合作社联合社", "项目实施单位", "昌宁县昌龙鸿运牧业专业合作社"],
        ["项目类别", "1、部门预算项目", "□", "2、县直专项", "☑", "3、省市对下转移支付项目", "□"],
        ["项目属性"],
    ]
    assert [c.line for c in cells[:4]] == [1, 3, 14, 16]


def test_line_cells_without_blank_runs_one_row_per_line() -> None:
    _, cells = to_cells(REAL_07_BASICS)
    rows: dict[int, list[str]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert len(rows) == 4
    assert rows[3] == ["预算数", "6.84", "到位数", "6.84", "执行数", "6.84", "100.00"]
    assert rows[1][-2:] == ["金额单位:", "万元"]  # trailing spaces dropped


# --- join_numbered_lines ----------------------------------------------------------------------


def test_join_numbered_lines_real_05() -> None:
    """real_05 is one text cut into four lines prefixed 1、 2、 3、 4、 mid-word."""
    lines = (FIXTURES / "corpus" / "real_05.txt").read_text(encoding="utf-8").splitlines()
    assert [line[:2] for line in lines] == ["1、", "2、", "3、", "4、"]
    (joined,) = join_numbered_lines(lines)
    assert joined.startswith("苏州市级财政支出项目绩效自评价报告")
    # "…标段 1718.94201" + "2、7 年 1 月…": the break fell inside 2017
    assert "政府采购标段 1718.942017 年 1 月-2017 年 9 月" in joined
    assert "预算执行率 95% 2.8 =98% 2.8专款专用率" in joined
    assert "绿地面积保有率 95% 4 95%4结果目标(16 分)" in joined
    assert not any(f"{n}、" in joined for n in (2, 3, 4))
    assert len(joined) == sum(len(line) - 2 for line in lines)


def test_join_numbered_lines_leaves_short_numbered_lists() -> None:
    # corpus/real_04.txt lines 10-12: a real 1、 2、 3、 list, short lines: not an artefact.
    lines = [
        "1、项目资金到位情况分析。乡村振兴衔接资金2179万元目前已全部拨付,及时安排到相关项目。",
        "2、项目资金执行情况分析。项目资金共2179万元,截止2022年12月8日,"
        "已完成拨付2113.63万元,执行率97%。",
        "3、项目资金管理情况分析。严格按照《河南省衔接推进乡村振兴补助资金管理办法》,"
        "资金报账严格规范,资金专款专用,已完成的项目能及时完成报账。",
    ]
    assert join_numbered_lines(lines) == lines


def test_join_numbered_lines_needs_every_line_numbered() -> None:
    lines = (FIXTURES / "corpus" / "real_05.txt").read_text(encoding="utf-8").splitlines()
    unnumbered_first = [lines[0][2:], *lines[1:]]
    assert join_numbered_lines(unnumbered_first) == unnumbered_first
    out_of_order = [lines[0], lines[2], lines[1], lines[3]]
    assert join_numbered_lines(out_of_order) == out_of_order


# --- explode ----------------------------------------------------------------------------------


def test_explode_splits_number_glued_to_next_cell() -> None:
    # corpus/real_05.txt line 2
    row = (
        "自评分资金使用合规性 合规 2.8 好 2.8财务制度健全性 健全 2.8 好 2.8"
        "资产产权明确性 资产明确 2.8 好 2.8"
    )
    assert explode(row) == [
        "自评分资金使用合规性",
        "合规",
        "2.8",
        "好",
        "2.8",
        "财务制度健全性",
        "健全",
        "2.8",
        "好",
        "2.8",
        "资产产权明确性",
        "资产明确",
        "2.8",
        "好",
        "2.8",
    ]


def test_explode_keeps_number_with_its_unit() -> None:
    # corpus/real_05.txt line 3
    row = "产出目标(28 分)养护面积 757万平方米养护全覆盖 5.6 好 5.6树木保存率 98% 4 98%"
    cells = explode(row)
    assert "757万平方米养护全覆盖" in cells
    assert cells[cells.index("757万平方米养护全覆盖") - 1] == "产出目标(28分)养护面积"
    assert cells[-5:] == ["5.6", "树木保存率", "98%", "4", "98%"]


def test_explode_normalizes_points() -> None:
    # corpus/real_05.txt line 3: "(80 分)" and "(28 分)" become "(80分)" / "(28分)"
    row = "=100% 2.8 =100% 2.8项目绩效实现情况(80 分)投入目标(28 分)资金节约率 15% 2.8 15% 2.8"
    cells = explode(row)
    joined = " ".join(cells)
    assert "项目绩效实现情况(80分)投入目标(28分)资金节约率" in joined
    assert "分)" in joined and " 分)" not in joined
    assert cells[:3] == ["=100%", "2.8", "=100%"]
    assert cells[-4:] == ["15%", "2.8", "15%", "2.8"]


def test_explode_flattened_indicator_row() -> None:
    # corpus/real_07.txt line 17
    row = (
        "产出指标 质量指标 符合条件申报对象覆盖率 享受补贴政策人数占符合条件申报对象总数的比例 "
        ">= 98 %(百分比) 100% 完成 25.00 25.00 6.25"
    )
    assert explode(row) == [
        "产出指标",
        "质量指标",
        "符合条件申报对象覆盖率",
        "享受补贴政策人数占符合条件申报对象总数的比例",
        ">=",
        "98",
        "%(百分比)",
        "100%",
        "完成",
        "25.00",
        "25.00",
        "6.25",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # corpus/real_07.txt line 13: prose (has 。), stays whole
        "为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 "
        "为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 100.00",
        # corpus/real_08.txt: short label/value lines stay whole
        "年度:2024年",
        "发布时间: 2025年05月28日",
    ],
)
def test_explode_leaves_prose_and_short_lines(text: str) -> None:
    assert explode(text) == [text]


def test_looks_like_prose() -> None:
    # seeds/000 goal text vs. a flattened row of corpus/real_07.txt
    assert looks_like_prose(
        "专利资助项目项目全年预算数499.86万元，执行数为423.25万元，完成预算的84.68%。"
    )
    assert not looks_like_prose("预算数 6.84 到位数 6.84 执行数 6.84 100.00")
    assert not looks_like_prose("项目名称")


def test_clean_text_drops_word_processor_artefacts() -> None:
    # seeds/000 line 224: a bookmark inside a cell; seeds/002: full-width spaces around values
    assert (
        clean_text("[bookmark: _GoBack]管理维护科技金融信息服务平台，发挥其效能")
        == "管理维护科技金融信息服务平台，发挥其效能"
    )
    assert clean_text("\u30001200万元\u3000") == "1200万元"
    assert clean_text(" 指标2：\n\u3000") == "指标2："
