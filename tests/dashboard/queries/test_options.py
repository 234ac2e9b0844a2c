"""dashboard.queries.options: what the sidebar offers, and the unit tree's order."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.queries.options import filter_options, unit_tree


def test_options_cover_the_warehouse(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        options = filter_options(con)
        years = [
            y for (y,) in con.execute("select distinct year from reports order by 1").fetchall()
        ]
        units = {name for (name,) in con.execute("select name from units").fetchall()}

    assert list(options.years) == years
    assert {unit.name for unit in options.units} == units
    assert len(options.units) == len(units)
    assert set(options.categories) >= {"产出指标", "效益指标", "满意度指标"}
    assert "form2020" in options.form_kinds and "form2018" in options.form_kinds


def test_children_follow_their_parent(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        options = filter_options(con)
    names = [unit.name for unit in options.units]
    children = [unit for unit in options.units if unit.parent is not None]

    assert children, "the demo has bureaus with subordinate centres"
    for child in children:
        parent_at = names.index(child.parent)
        between = options.units[parent_at + 1 : names.index(child.name)]
        assert child.depth == 1
        assert all(unit.depth >= 1 for unit in between), child.name


def test_unit_tree_orders_depth_first_and_breaks_cycles() -> None:
    tree = unit_tree(
        [
            ("乙局", None, 3),
            ("甲局", None, 5),
            ("甲局一中心", "甲局", 2),
            ("甲局一中心分部", "甲局一中心", 1),
            ("丙", "丁", 1),
            ("丁", "丙", 1),
            ("孤儿中心", "不存在的局", 1),
        ]
    )

    order = [(unit.name, unit.depth) for unit in tree]
    assert order.index(("甲局", 0)) + 1 == order.index(("甲局一中心", 1))
    assert order.index(("甲局一中心", 1)) + 1 == order.index(("甲局一中心分部", 2))
    assert ("丙", 0) in order and ("丁", 0) in order  # a cycle: both shown at the top
    assert ("孤儿中心", 0) in order
    assert len(order) == 7
