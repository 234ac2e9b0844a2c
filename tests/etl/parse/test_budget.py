"""etl.parse.budget: the budget block lexer, the value-row alignment and read_budget.

Snippets are cut from the fixtures (file and lines named above each); tabs are written as
\\t escapes and full-width spaces as \\u3000, everything else is as in the file.
"""

from __future__ import annotations

from etl.parse.budget import Token, align, lex, read_budget
from etl.parse.cells import Cell, to_cells


def _cells(snippet: str) -> list[Cell]:
    return to_cells(snippet.split("\n"))[1]


def _header(snippet: str) -> list[str]:
    """Column kinds of the header words in a snippet."""
    return [t.sub for t in lex(_cells(snippet)) if t.kind == "header"]


def _values(snippet: str) -> list[Token]:
    """The number and dash tokens of a value row."""
    return [t for t in lex(_cells(snippet)) if t.kind in ("number", "dash")]


def _aligned(values: list[Token], header: list[str]) -> list[tuple[str, str]]:
    return [(token.text, column) for token, column in align(values, header)]


# --- align ------------------------------------------------------------------------------------

# corpus/real_01.txt lines 7-8: 年初预算数 is blank and dropped from the value row.
REAL_01_HEADER = "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |"
REAL_01_ROW = "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |"
# corpus/real_02.txt lines 9 and 11
REAL_02_HEADER = "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |"
REAL_02_ROW = "| 32.4 | 31.69 | 10 | 97.80% | 9 |"


def test_header_words_of_the_2020_form() -> None:
    assert _header(REAL_01_HEADER) == ["initial", "budget", "executed", "weight", "rate", "score"]
    assert _header(REAL_02_HEADER) == _header(REAL_01_HEADER)


def test_align_real_01_initial_skipped() -> None:
    header = _header(REAL_01_HEADER)
    assert _aligned(_values(REAL_01_ROW), header) == [
        ("387664.62", "budget"),
        ("387664.62", "executed"),
        ("10", "weight"),
        ("100%", "rate"),
        ("10", "score"),
    ]


def test_align_real_02_initial_skipped() -> None:
    header = _header(REAL_02_HEADER)
    assert _aligned(_values(REAL_02_ROW), header) == [
        ("32.4", "budget"),
        ("31.69", "executed"),
        ("10", "weight"),
        ("97.80%", "rate"),
        ("9", "score"),
    ]


def test_align_real_06_all_columns() -> None:
    # corpus/real_06.txt lines 24-30 (header) and 32-37 (the 总额 row), one cell per line
    header = _header(
        "年初预算 |\n调整后预算数 |\n预算执行数 |\n预算执行率 |\n权重 |\n得分 |\n原因 |"
    )
    assert header == ["initial", "budget", "executed", "rate", "weight", "score", "other"]
    values = _values("238.93 |\n251.89 |\n251.89 |\n100.00% |\n10 |\n|")
    pairs = [(t, c) for t, c in _aligned(values, header) if t]
    assert pairs == [
        ("238.93", "initial"),
        ("251.89", "budget"),
        ("251.89", "executed"),
        ("100.00%", "rate"),
        ("10", "weight"),
    ]


# corpus/real_08.txt lines 14-31: 行次 numbers the rows, the percents are 预算到位 and 预算执行.
REAL_08_HEADER = """行次 全年预算数
(A)
统筹整合资金数
(B)
扣除统筹整合资金后预算金额
(C)
全年到位资金
(D)
预算到位
(D/C×100%)
全年执行资金
(E)
预算执行
(E/C×100%)
佐证材料"""
REAL_08_TOTAL_ROW = """年度资金总额(万元): 1 52.800000
52.800000 52.800000 100.00% 30.800000 58.33%"""


def test_align_real_08_with_row_index() -> None:
    header = _header(REAL_08_HEADER)
    assert header == [
        "index",
        "budget",
        "other",
        "other",
        "other",
        "other",
        "executed",
        "rate",
        "other",
    ]
    pairs = _aligned(_values(REAL_08_TOTAL_ROW), header)
    assert pairs[0] == ("1", "index")
    assert pairs[1] == ("52.800000", "budget")
    assert ("30.800000", "executed") in pairs
    assert ("58.33%", "rate") in pairs
    assert ("100.00%", "other") in pairs  # 预算到位, not the execution rate
    assert [column for _, column in pairs].count("budget") == 1


def test_align_real_03_a_b_columns() -> None:
    # corpus/real_03.txt lines 76-84 (header) and 95-103 (年度财政资金总额 row)
    header = _header("预算数(A)\n\n执行数(B)\n\n执行率(B/A)\n\n得分\n\n(20分*执行率)")
    assert header == ["budget", "executed", "rate", "score"]
    values = _values("年度财政资金总额\n\n50\n\n10\n\n20\n\n4")
    # 20 is the rate in percent without a % sign, 4 the score (20分 × 20%)
    assert _aligned(values, header) == [
        ("50", "budget"),
        ("10", "executed"),
        ("20", "rate"),
        ("4", "score"),
    ]


def test_align_prefers_money_columns_over_skipping_them() -> None:
    # real_02's first figure alone: on a 2020 header it is the 全年预算数, not 年初预算数
    header = _header(REAL_02_HEADER)
    assert _aligned(_values("| 32.4 |"), header) == [("32.4", "budget")]


# --- lex --------------------------------------------------------------------------------------


def test_lex_joins_labels_broken_across_spaces() -> None:
    # corpus/real_01.txt line 8: "其中:当年财政 拨款" is one row label
    tokens = lex(_cells(REAL_01_ROW))
    assert [(t.kind, t.sub, t.text) for t in tokens][-1] == ("row", "fiscal", "其中:当年财政拨款")
    assert [t.value for t in tokens if t.kind == "number"] == [387664.62, 387664.62, 10, 100, 10]
    assert [t.percent for t in tokens if t.kind == "number"] == [False, False, False, True, False]


def test_lex_drops_bracketed_notes() -> None:
    # corpus/real_08.txt line 30: "(万元)" is no token, the label and both numbers are
    tokens = lex(_cells("年度资金总额(万元): 1 52.800000"))
    assert [(t.kind, t.text) for t in tokens] == [
        ("row", "年度资金总额"),
        ("number", "1"),
        ("number", "52.800000"),
    ]


# --- read_budget ------------------------------------------------------------------------------

# seeds/000_3d3cd3b106848c44.txt lines 10-26: the 2018 form's label/value pairs. Each fund is
# stated twice: first on the 预算数 side, then on the 执行数 side.
SEED_1_PAIRS = """\t预算执行情况(万元)
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

# seeds/000_3d3cd3b106848c44.txt lines 178-194 (third report): 其它资金 blank on the 执行数 side.
SEED_1_REPORT_3 = """\t预算执行情况(万元)
\t预算数:
\t10
\t执行数:
\t10

\t
\t其中-财政拨款:
\t10
\t其中-财政拨款:
\t10

\t
\t其它资金:
\t0
\t其它资金:
\t"""

# seeds/002_78a807617c647145.txt lines 94-114: totals blank, only 财政拨款 filled.
SEED_2_BLOCK = """\t预算
执行
情况
（万元）
\t 预算数：
\t\u3000
\t 执行数：
\t\u3000

\t
\t其中：财政拨款
\t\u30001200万元
\t其中：财政拨款
\t1200万元\u3000

\t
\t其他资金
\t\u3000
\t其他资金
\t\u3000"""


def test_read_budget_2018_pairs() -> None:
    figures = read_budget(_cells(SEED_1_PAIRS))
    assert figures.values == {
        "budget": 499.86,
        "executed": 423.65,
        "fiscal_budget": 499.86,
        "fiscal_executed": 423.65,
        "other_budget": 0,
        "other_executed": 0,
    }
    # each figure names the line it came from (lines of the snippet)
    assert figures.lines == {
        "budget": 3,
        "executed": 5,
        "fiscal_budget": 9,
        "fiscal_executed": 11,
        "other_budget": 15,
        "other_executed": 17,
    }


def test_read_budget_blank_executed_side_stays_none() -> None:
    figures = read_budget(_cells(SEED_1_REPORT_3))
    assert figures.values["other_budget"] == 0
    assert "other_executed" not in figures.values
    assert figures.values["fiscal_executed"] == 10


def test_read_budget_blank_totals_are_not_invented() -> None:
    """Only 财政拨款 is stated; filling the totals is parse_segment's rule, not the lexer's."""
    figures = read_budget(_cells(SEED_2_BLOCK))
    assert figures.values == {"fiscal_budget": 1200, "fiscal_executed": 1200}


# corpus/real_01.txt lines 7-14
REAL_01_BLOCK = """| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |
| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |
| 387664.62 | 387664.62 | — |
| — | 上年结转 资金 |
|
|
| — |
| — | 其他资金 | — | — | — | — |"""


def test_read_budget_real_01() -> None:
    figures = read_budget(_cells(REAL_01_BLOCK))
    assert "budget_initial" not in figures.values  # blank in the form
    assert figures.values["budget"] == 387664.62
    assert figures.values["executed"] == 387664.62
    assert figures.values["execution_rate_stated"] == 100
    assert figures.values["fiscal_budget"] == 387664.62
    assert figures.values["fiscal_executed"] == 387664.62
    assert "other_budget" not in figures.values  # — dashes


def test_read_budget_real_06_one_cell_per_line() -> None:
    # corpus/real_06.txt lines 22-45
    block = "\n".join(
        [
            "预算执行情况(10分) |",
            "年度预算数(万元) |",
            *["年初预算 |", "调整后预算数 |", "预算执行数 |", "预算执行率 |"],
            *["权重 |", "得分 |", "原因 |"],
            *["总额 |", "238.93 |", "251.89 |", "251.89 |", "100.00% |", "10 |", "|"],
            "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
            "2.年中发生预算调整的(追加或调减),应单独说明理由;"
            "3.其他资金包括:社会投入资金、银行贷款. |",
            *["其中:财政资金 |", "238.93 |", "251.89 |", "251.89 |", "100.00% |", "/ |", "/ |"],
        ]
    )
    figures = read_budget(_cells(block))
    assert figures.values == {
        "budget_initial": 238.93,
        "budget": 251.89,
        "executed": 251.89,
        "execution_rate_stated": 100,
        "budget_weight": 10,
        "fiscal_budget": 251.89,
        "fiscal_executed": 251.89,
    }


def test_read_budget_real_03() -> None:
    # corpus/real_03.txt lines 71-103, blank lines as in the file
    block = (
        "预算执行情况(万元)\n\n(20分)\n\n\n预算数(A)\n\n执行数(B)\n\n执行率(B/A)\n\n得分\n\n"
        "(20分*执行率)" + "\n" * 11 + "年度财政资金总额\n\n50\n\n10\n\n20\n\n4"
    )
    figures = read_budget(_cells(block))
    assert figures.values == {
        "budget": 50,
        "executed": 10,
        "execution_rate_stated": 20,
        "budget_score": 4,
    }


def test_read_budget_real_07_flattened_pairs() -> None:
    # corpus/real_07.txt lines 8-10
    block = (
        "二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)\n"
        "预算数 6.84 到位数 6.84 执行数 6.84 100.00\n"
        "其中:财政资金 6.84 其中:财政资金 6.84 其中:财政资金 6.84"
    )
    figures = read_budget(_cells(block))
    assert figures.values["budget"] == 6.84
    assert figures.values["executed"] == 6.84
    assert figures.values["execution_rate_stated"] == 100  # last figure under 预算执行进度
    assert figures.values["fiscal_budget"] == 6.84
    assert figures.values["fiscal_executed"] == 6.84


REAL_08_BLOCK = (
    "资金投入情况\n(万元)\n\n"
    + REAL_08_HEADER
    + "\n列次 0 1 2 3 4 5 6 7 所需材料 上传端口\n"
    + REAL_08_TOTAL_ROW
    + """
其中:中央财政资金(万元) 2 52.800000
52.800000 52.800000 100.00% 30.800000 58.33% 预算下达文件、资金到位及支出凭证
地方财政资金(万元) 3"""
)


def test_read_budget_real_08() -> None:
    # corpus/real_08.txt lines 11-34
    figures = read_budget(_cells(REAL_08_BLOCK))
    assert figures.values["budget"] == 52.8
    assert figures.values["executed"] == 30.8
    assert figures.values["execution_rate_stated"] == 58.33
    assert figures.values["fiscal_executed"] == 30.8


def test_read_budget_column_numbering_is_no_row() -> None:
    # corpus/real_08.txt lines 14-29: header and the 列次 0 1 2 … 7 line, no figures yet
    block = REAL_08_HEADER + "\n列次 0 1 2 3 4 5 6 7 所需材料 上传端口"
    assert read_budget(_cells(block)).values == {}


def test_read_budget_real_08_fiscal_budget() -> None:
    figures = read_budget(_cells(REAL_08_BLOCK))
    assert figures.values["fiscal_budget"] == 52.8
