"""What the sidebar filters offer: years, the unit tree, indicator categories, form kinds.

These read the whole warehouse, not the filtered view: the choices must not vanish as the
user narrows the selection.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# Each unit's parent is the 主管部门 most of its reports name, when that is another unit.
_UNIT_TREE_SQL = """
with parents as (
    select unit_id, department_unit_id, count(*) as n
    from reports
    where unit_id is not null and department_unit_id is not null
      and department_unit_id <> unit_id
    group by all
),
best_parent as (
    select unit_id, arg_max(department_unit_id, n) as parent_id
    from parents
    group by unit_id
)
select u.name, p.name as parent_name, u.n_reports
from units as u
left join best_parent as b using (unit_id)
left join units as p on p.unit_id = b.parent_id
order by u.name
"""


@dataclass(frozen=True)
class UnitOption:
    """One entry of the unit picker: the canonical name and its depth in the tree."""

    name: str
    parent: str | None
    depth: int
    n_reports: int


@dataclass(frozen=True)
class FilterOptions:
    """Everything the sidebar offers."""

    years: tuple[int, ...]
    units: tuple[UnitOption, ...]
    categories: tuple[str, ...]
    form_kinds: tuple[str, ...]


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """Read the choices for every sidebar filter from the warehouse."""
    cursor = con.cursor()
    years = tuple(
        int(y)
        for (y,) in cursor.execute(
            "select distinct year from reports where year is not null order by year"
        ).fetchall()
    )
    categories = tuple(
        c
        for (c,) in cursor.execute(
            "select level1_category from indicators where level1_category is not null "
            "group by 1 order by count(*) desc"
        ).fetchall()
    )
    form_kinds = tuple(
        k
        for (k,) in cursor.execute(
            "select form_kind from reports where form_kind is not null "
            "group by 1 order by count(*) desc"
        ).fetchall()
    )
    tree = cursor.execute(_UNIT_TREE_SQL).fetchall()
    return FilterOptions(years, unit_tree(tree), categories, form_kinds)


def unit_tree(rows: list[tuple[str, str | None, int]]) -> tuple[UnitOption, ...]:
    """Order (name, parent, n_reports) rows depth-first: each unit followed by its children.

    A unit whose parent is missing from `rows` is shown at the top level; cycles (two
    units each naming the other as 主管部门) are broken by treating both as roots.
    """
    parent_of = {name: parent for name, parent, _ in rows if parent != name}
    counts = {name: n for name, _, n in rows}
    children: dict[str | None, list[str]] = {}
    for name in sorted(counts):
        parent = parent_of.get(name)
        if parent not in counts or _in_cycle(name, parent_of):
            parent = None
        children.setdefault(parent, []).append(name)

    ordered: list[UnitOption] = []

    def visit(parent: str | None, depth: int) -> None:
        for name in children.get(parent, []):
            ordered.append(UnitOption(name, parent, depth, counts[name]))
            visit(name, depth + 1)

    visit(None, 0)
    return tuple(ordered)


def _in_cycle(name: str, parent_of: dict[str, str | None]) -> bool:
    seen = {name}
    current = parent_of.get(name)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False
