"""Indicator rows by grid column, on real office fixtures whose headers span columns."""

from __future__ import annotations

from pathlib import Path

from etl.extract import read_document
from etl.parse import parse_document
from etl.parse.grid import document_cells
from etl.parse.grid_columns import grid_rows
from etl.parse.indicators import column_kind, find_header

OFFICE = Path("tests/fixtures/office")


def indicators_of(name: str):
    return parse_document(read_document(OFFICE / name))[0].indicators


def test_a_header_merged_over_two_level_columns_names_both() -> None:
    # real_05: 项目类别 spans the 一级 and 二级 columns; rows carry 投入目标(28 分)-style groups.
    first = indicators_of("real_05.html")[0]
    assert (first.level1, first.level2, first.level3) == (
        "项目绩效实现情况",
        "投入目标",
        "资金使用合规性",
    )
    assert (first.target, first.actual, first.weight, first.score) == ("合规", "好", 2.8, 2.8)


def test_a_subheader_splits_the_target_and_the_first_score_column_wins() -> None:
    # real_07: 预期指标值 over 符号/数值/单位; 自评得分 over 得分/权重占比/折算得分.
    first = indicators_of("real_07.html")[0]
    assert first.target == ">=98%(百分比)"
    assert (first.actual, first.weight, first.score) == ("100%", 25.0, 25.0)


def test_empty_cells_keep_their_column() -> None:
    # real_06: the 实际完成值 cell is empty; by content the 分值 60 would slide into it.
    rows = indicators_of("real_06.xlsx")
    assert rows[0].actual is None and rows[0].weight == 60


def test_text_cells_have_no_grid_so_the_content_alignment_is_used() -> None:
    from etl.parse.cells import to_cells

    lines = Path("tests/fixtures/corpus/real_01.txt").read_text(encoding="utf-8").splitlines()
    _, cells = to_cells(lines)
    header = find_header(cells)
    assert header is not None
    assert grid_rows(header.cells, header.start, cells[header.end :], column_kind) is None


def test_office_cells_carry_their_grid_column() -> None:
    _, cells, _ = document_cells(read_document(OFFICE / "real_01.docx"))
    header = find_header(cells)
    assert header is not None
    rows = grid_rows(header.cells, header.start, cells[header.end :], column_kind)
    assert rows and all("l3" in values for values, _ in rows[:3])
