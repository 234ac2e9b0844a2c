"""etl.parse.fused: a form run together without separators, on corpus real_11."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parse import parse_lines
from etl.parse.cells import detect_layout
from etl.parse.fused import Piece, fused_pieces, is_fused, number_splits, split_text_values
from etl.warehouse import flag_rows

REAL_11 = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "real_11.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return REAL_11.read_text(encoding="utf-8")


def test_real_11_is_recognised_as_fused(text: str) -> None:
    assert is_fused(text.strip())
    assert detect_layout(text.splitlines()) == "fused"
    assert not is_fused("项目名称 专利资助 主管部门 绵阳市知识产权局 " * 20)  # spaced: not fused


def test_number_splits_never_write_leading_zeros() -> None:
    # 2020 is not 202 | 0: a zero cut off a run reads zero spending or a zero score into it.
    assert list(number_splits("2020", 2)) == [["20", "20"]]
    assert list(number_splits("0", 1)) == [["0"]]
    assert list(number_splits("100.00", 1)) == [["100.00"]]


def rows_of(text: str) -> dict[str, list[str]]:
    """Rows by their first text: a budget row by its label, an indicator row by its name
    (the level names before it are merged cells of the grid)."""
    rows: dict[int, list[Piece]] = {}
    for piece in fused_pieces(text.strip()):
        rows.setdefault(piece.row, []).append(piece)
    out = {}
    for pieces in rows.values():
        first = next((i for i, p in enumerate(pieces) if p.kind == "text"), 0)
        if pieces[first].col is None:
            first = 0
        out[pieces[first].text] = [p.text for p in pieces[first + 1 :]]
    return out


def test_budget_row_split_by_its_execution_rate(text: str) -> None:
    rows = rows_of(text)
    # 202010100.00%10: 20 | 20 | 10 | 100.00% | 10 (20/20 = 100 %), 其中 row within it.
    assert rows["年度资金总额"] == ["20", "20", "10", "100.00%", "10"]
    assert rows["其中:本年财政拨款"] == ["20", "20"]
    assert rows["总分"] == ["100", "100"]


def test_indicator_rows_split_under_the_forms_constraints(text: str) -> None:
    rows = rows_of(text)
    assert rows["项目(工程)验收合格率"] == ["20", "100%", "100%", "20"]  # 20100%100%20
    assert rows["项目计划总投资"] == ["10", "20万元", "20万元", "10"]  # 1020万元20万元10
    assert rows["群众生产生活条件改善状况"] == ["10", "显著提升", "显著提升", "10"]  # doubled text


def test_a_run_no_split_fits_is_left_unread_and_flagged(text: str) -> None:
    # 150.00% cannot be 执行数 ÷ 预算数 for any reading of 2020: nothing is guessed.
    broken = text.replace("202010100.00%10", "202010150.00%10")
    (report,) = parse_lines(broken.splitlines(), source="broken.txt")

    assert (report.budget, report.executed, report.execution_rate_stated) == (None, None, None)
    # The total row, and the 其中 row that can no longer be checked against it.
    assert [note.code for note in report.notes] == ["UNREAD_FIGURES"] * 2
    assert "202010150.00%10" in report.notes[0].message
    flags = flag_rows("r1", report)
    assert sum(f["code"] == "UNREAD_FIGURES" for f in flags) == 2
    assert [i.level3 for i in report.indicators][:2] == ["安装坡面水标尺", "水标尺宽度"]


# --- other forms run together: the corpus reports rendered without separators ------------


@pytest.fixture(scope="module")
def fused_reports() -> dict:
    """Each corpus report of the office generator in the fused layout, parsed, with its gold."""
    from etl.demo.render.text import render_text
    from tests.fixtures.generator.stems import build_fixtures

    wanted = {"real_03", "real_05", "real_06", "real_07", "seed002"}
    out = {}
    for fixture in build_fixtures():
        if fixture.stem in wanted:
            text = render_text(fixture, "fused")
            out[fixture.stem] = (parse_lines(text.splitlines(), source="f.txt"), fixture.gold)
    return out


def test_a_2017_form_reads_its_groups_as_levels(fused_reports: dict) -> None:
    # 项目类别 over 一级/二级, groups 项目绩效实现情况(80分) 投入目标(28分): real_05 (Suzhou).
    (report,), gold = fused_reports["real_05"]
    first = report.indicators[0]
    assert (first.level1, first.level2, first.level3) == (
        "项目绩效实现情况",
        "投入目标",
        "资金使用合规性",
    )
    # 资金使用合规性合规2.8好2.8: the 目标值 run into the name, before the 权重.
    assert (first.target, first.weight, first.actual, first.score) == ("合规", 2.8, "好", 2.8)
    assert report.budget_initial == 2960 and report.executed == 2798.3  # two-decimal runs
    assert len(report.indicators) == len(gold["reports"][0]["indicators"])


def test_a_total_row_without_a_percent_is_read_by_the_forms_rules(fused_reports: dict) -> None:
    # 年度财政资金总额5010204 under 预算数 执行数 执行率 得分: 50 | 10 | 20 | 4 (10/50 = 20 %).
    (report,), _ = fused_reports["real_03"]
    assert (report.budget, report.executed, report.execution_rate_stated) == (50, 10, 20)


def test_blank_columns_keep_the_figures_where_the_form_prints_them(fused_reports: dict) -> None:
    # 发放(缴纳)覆盖率=100%60: 指标值 =100%, 权重 60, 完成值 and 得分 left blank (real_06).
    (report,), _ = fused_reports["real_06"]
    first = report.indicators[0]
    assert (first.target, first.actual, first.weight, first.score) == ("=100%", None, 60, None)
    assert report.budget == 251.89 and report.execution_rate_stated == 100


def test_an_explanation_column_and_a_unit_after_the_figure(fused_reports: dict) -> None:
    # real_07 (Hebei): 三级 then 指标解释 run together; >=98%(百分比); 完成; 25.0025.006.25.
    (report,), gold = fused_reports["real_07"]
    got = [(i.level3, i.target, i.actual, i.weight, i.score) for i in report.indicators]
    want = [
        (g["level3"], g["target"], g["actual"], g["weight"], g["score"])
        for g in gold["reports"][0]["indicators"]
    ]
    assert got == want


def test_template_numbering_ends_rows(fused_reports: dict) -> None:
    # seed002: 指标1:支持专利实施项目49家49家指标2:培训…500人次完成500人次以上……
    (report,), _ = fused_reports["seed002"]
    first, second = report.indicators[:2]
    assert (first.level3, first.target, first.actual) == ("支持专利实施项目", "49家", "49家")
    assert (second.target, second.actual) == ("500人次", "完成500人次以上")


def test_split_text_values_cuts_where_the_parts_read_as_values() -> None:
    assert split_text_values("资金使用合规性合规", 1)[:2] == ("资金使用合规性", ["合规"])
    assert split_text_values("设施维护维护良好维护良好", 2)[:2] == ("设施维护", ["维护良好"] * 2)
    name, parts, _ = split_text_values("对生态环境的影响无负面影响未产生负面影响", 2)
    assert (name, parts) == ("对生态环境的影响", ["无负面影响", "未产生负面影响"])
    # A value the row writes again later is one (日产日清 … 日产日清), though no word marks it.
    assert split_text_values("养护垃圾清运及时日产日清", 1)[1] == ["及时日产日清"]
    assert split_text_values("养护垃圾清运及时日产日清", 1, "4日产日清4")[:2] == (
        "养护垃圾清运及时",
        ["日产日清"],
    )
