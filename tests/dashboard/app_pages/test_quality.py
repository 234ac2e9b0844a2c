"""app_pages/quality.py (数据质量) through app.py, checked against plain SQL on the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import theme
from dashboard.queries.paging import PAGE_SIZE
from tests.dashboard.conftest import build_seed_warehouse, metric_value

PAGE = "app_pages/quality.py"
Query = Callable[..., list[tuple]]

_FLAGS_SQL = """
select count(*), count(distinct f.report_id),
       count(*) filter (where severity = 'error'),
       count(*) filter (where severity = 'warning'),
       count(*) filter (where severity = 'info')
from quality_flags f
join reports r using (report_id)
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where {where}
"""
_COVERAGE_SQL = """
select count(*), count(budget) * 100.0 / count(*), count(executed) * 100.0 / count(*),
       count(*) filter (where n_indicators > 0) * 100.0 / count(*)
from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where {where}
"""


@pytest.fixture(scope="module")
def rejecting_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds plus an empty .docx, which ingest rejects."""
    root = tmp_path_factory.mktemp("rejecting_page")
    (root / "raw").mkdir()
    (root / "raw" / "empty.docx").write_bytes(b"")
    return build_seed_warehouse(root / "raw", root / "warehouse.duckdb")


def _expect(app: AppTest, db: Path, query: Query, where: str, params: list) -> None:
    total, reports, errors, warnings, infos = query(db, _FLAGS_SQL.format(where=where), params)[0]
    assert metric_value(app, "问题总数") == theme.format_count(total)
    assert metric_value(app, "涉及报告数") == theme.format_count(reports)
    assert metric_value(app, "错误级问题") == theme.format_count(errors)
    assert metric_value(app, "警告级问题") == theme.format_count(warnings)
    assert metric_value(app, "提示级问题") == theme.format_count(infos)
    # The flag table: its first page, and the count of all.
    assert len(app.dataframe[0].value) == min(total, PAGE_SIZE)
    assert any(f"共 {total:,d} 行" in caption.value for caption in app.caption)
    n, budget, executed, indicators = query(db, _COVERAGE_SQL.format(where=where), params)[0]
    assert metric_value(app, "报告数") == theme.format_count(n)
    assert metric_value(app, "预算数解析率") == theme.format_percent(budget)
    assert metric_value(app, "执行数解析率") == theme.format_percent(executed)
    assert metric_value(app, "含绩效指标的报告") == theme.format_percent(indicators)


def test_unfiltered_figures_match_the_warehouse(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    app = open_app(demo_warehouse, PAGE)

    assert not app.exception
    _expect(app, demo_warehouse, query, "true", [])
    (files,) = query(demo_warehouse, "select count(distinct file) from ingest_log")[0]
    total, judged = query(
        demo_warehouse,
        "select count(*), count(*) filter (where completion_status <> 'not_judgeable') "
        "from indicators",
    )[0]
    assert metric_value(app, "文件数") == theme.format_count(files)
    assert metric_value(app, "被拒绝文件") == "0"
    assert metric_value(app, "可判断完成情况的指标") == theme.format_percent(judged / total * 100)
    assert any("没有被拒绝的文件" in note.value for note in app.success)
    links = app.dataframe[0].value["link"]
    assert links.str.startswith("detail?report=").all()

    app.multiselect(key="quality_codes").set_value(["RATE_MISMATCH"]).run()
    ((mismatches,),) = query(
        demo_warehouse, "select count(*) from quality_flags where code = 'RATE_MISMATCH'"
    )
    assert not app.exception
    assert len(app.dataframe[0].value) == min(mismatches, PAGE_SIZE) > 0
    assert any(f"共 {mismatches:,d} 行" in caption.value for caption in app.caption)
    assert set(app.dataframe[0].value["description"]) == {"执行率与填报不符"}


def test_url_filters_narrow_flags_and_coverage_but_not_the_ingest_log(
    open_app: Callable[..., AppTest], demo_warehouse: Path, query: Query
) -> None:
    unit = "绵阳市科学技术和知识产权局"
    app = open_app(demo_warehouse, PAGE, units=[unit], years=[2020, 2022])

    assert not app.exception
    _expect(app, demo_warehouse, query, "r.year between 2020 and 2022 and ? in (u.name, d.name)",
            [unit])  # fmt: skip
    (files,) = query(demo_warehouse, "select count(distinct file) from ingest_log")[0]
    assert metric_value(app, "文件数") == theme.format_count(files)  # not filtered


def test_rejected_files_are_shown_with_their_reason(
    open_app: Callable[..., AppTest], rejecting_warehouse: Path, query: Query
) -> None:
    (reason,) = query(
        rejecting_warehouse, "select reason from latest_ingest where status = 'rejected'"
    )[0]

    app = open_app(rejecting_warehouse, PAGE)

    assert not app.exception
    assert metric_value(app, "被拒绝文件") == "1"
    assert any("1 个文件未能入库" in error.value for error in app.error)
    logs = [f.value for f in app.dataframe if "status" in f.value.columns]
    rejected = next(log for log in logs if list(log["status"]) == ["rejected"])
    assert rejected["file"].iloc[0].endswith("empty.docx")
    assert rejected["reason"].iloc[0] == reason
