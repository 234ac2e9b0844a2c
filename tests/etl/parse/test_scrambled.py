"""etl.parse.scrambled: an indicator table whose PDF text lost its reading order (real_14)."""

from __future__ import annotations

from pathlib import Path

from etl.parse import parse_lines, text_cells
from etl.parse.scrambled import scrambled_start

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


def lines_of(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").splitlines()


def test_rows_are_rebuilt_by_order_with_broken_names_rejoined() -> None:
    first, _ = parse_lines(lines_of("real_14.txt"), "real_14.txt")

    assert [i.level3 for i in first.indicators] == [
        "与委托运营方结算完成率",  # printed as 与委托运营方结算完成 … 率
        "合同结算条款完成率",
        "费用结算及时性",
        "与委托运营方合同完成率",
        "场馆开放满意度",
    ]
    assert [(i.target, i.actual, i.weight, i.score) for i in first.indicators][2:] == [
        ("及时", "及时", 20, 20),
        ("=100%", "100%", 30, 30),
        (">=90%", "100%", 10, 10),
    ]
    assert [i.level1 for i in first.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]


def test_ordered_tables_are_not_taken_for_scrambled_ones() -> None:
    for name in ("real_01.txt", "real_10.txt", "real_16.txt"):
        _, cells = text_cells(lines_of(name))
        header = next(i for i, c in enumerate(cells) if c.text.replace(" ", "") == "一级指标")
        assert scrambled_start(cells, header) is None, name
