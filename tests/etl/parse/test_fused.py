"""etl.parse.fused: a form run together without separators, on corpus real_11."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parse import parse_lines
from etl.parse.cells import detect_layout
from etl.parse.fused import Piece, fused_pieces, is_fused, number_splits
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
