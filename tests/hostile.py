"""Hostile text for tests: payloads that markdown, HTML or plotly would run as markup,
and a warehouse whose every shown text column holds them.

Anyone can write anything into a 项目名称 or 单位名称; the pages (browser tests) and the
exports must show such text as written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

EVIL = "evil.example"
PAYLOADS = (
    f"![像素](http://{EVIL}/pixel.png)",
    f"[点此查看](http://{EVIL}/link)",
    f'<img src="http://{EVIL}/img.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">脚本链接</a>',
    "[脚本](javascript:alert(1))",
    f"http://{EVIL}/auto 与 www.{EVIL}",
    f'<a href="http://{EVIL}/svg">图表链接</a><b>粗</b>',
    "$x^2$ :red[红字] **粗体** :material/home: &lt;img&gt;",
)
# Every value written into the warehouse holds all of them.
HOSTILE = " ".join(PAYLOADS)
# Every text column a page can show, by table; each value is HOSTILE plus the column name
# and row number, which keep values unique where the warehouse needs them to be.
TEXT_COLUMNS = {
    "reports": ("project_name", "department", "implementing_unit", "grade", "goal_target",
                "goal_actual", "source_file", "money_unit"),
    "units": ("name",),
    "unit_variants": ("raw_name",),
    "projects": ("name",),
    "indicators": ("level1", "level2", "level3", "target", "actual", "deviation_reason",
                   "source_position"),
    "outcomes": ("sentence", "entity", "qualifier", "source_position"),
    "quality_flags": ("message", "evidence"),
    "ingest_log": ("file", "reason", "warnings"),
}  # fmt: skip
# A unit name as the hostile warehouse has it (first row of `units`).
HOSTILE_UNIT = f"{HOSTILE} name1"


def build_hostile_warehouse(seed_db: Path, target: Path) -> Path:
    """A copy of `seed_db` whose every shown text column holds a hostile payload."""
    shutil.copyfile(seed_db, target)
    con = duckdb.connect(str(target))
    try:
        for table, columns in TEXT_COLUMNS.items():
            con.execute(f"alter table {table} add column rn integer")
            con.execute(
                f"update {table} set rn = numbered.n from (select rowid as id, "
                f"row_number() over (order by rowid) as n from {table}) as numbered "
                "where numbered.id = rowid"
            )
            assignments = ", ".join(f"{c} = $hostile || ' {c}' || rn" for c in columns)
            con.execute(f"update {table} set {assignments}", {"hostile": HOSTILE})
            con.execute(f"alter table {table} drop column rn")
        con.execute(
            "update reports set provenance = json_object("
            "'execution_rate_stated', $h, 'self_score_total', $h, 'goal_target', $h)",
            {"h": HOSTILE},
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return target
