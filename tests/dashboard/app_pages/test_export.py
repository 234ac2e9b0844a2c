"""app_pages/export.py (导出中心) through app.py: what each file holds, its download button,
and nothing to download when the filters leave no report. Building the files is tested
through the command line (tests/dashboard/export/test_cli.py), which shares the code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export import images
from dashboard.export.briefing import build_briefing
from dashboard.export.deck import slide_titles
from dashboard.filters import Filters

PAGE = "app_pages/export.py"
UNIT = "绵阳市科学技术和知识产权局"
DOCUMENTS = ("生成并下载 Excel", "生成并下载 PPT", "生成并下载 Word")


def _markdown(app: AppTest) -> str:
    return "\n".join(block.value for block in app.markdown)


def test_offers_the_three_documents_and_seven_tables(
    open_app: Callable[..., AppTest], demo_warehouse: Path, con: duckdb.DuckDBPyConnection
) -> None:
    app = open_app(demo_warehouse, PAGE, years=[2020, 2022], units=[UNIT])
    reports = con.execute(
        """select count(*) from reports r
           left join units u on u.unit_id = r.unit_id
           left join units d on d.unit_id = r.department_unit_id
           where r.year between 2020 and 2022 and (u.name = ? or d.name = ?)""",
        [UNIT, UNIT],
    ).fetchone()[0]
    filters = Filters(2020, 2022, units=(UNIT,))
    slides = len(slide_titles(build_briefing(con, filters)))

    assert not app.exception, app.exception
    assert app.title[0].value == "导出中心"
    labels = [button.label for button in app.download_button]
    assert labels[:3] == list(DOCUMENTS)
    assert labels[3] == f"报告（{reports:,} 行）"
    tables = ["绩效指标", "产出成效", "质量问题", "预警", "重算得分", "整改"]
    assert [label.split("（")[0] for label in labels[4:]] == tables
    assert all(button.proto.ignore_rerun for button in app.download_button), "no re-run"
    assert f"报告：{reports:,} 行" in _markdown(app)
    assert f"PPT 演示文稿（{slides} 页）" in [h.value for h in app.subheader]


def test_empty_scope_says_so_and_offers_nothing(
    open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, PAGE, q="没有这样的项目名称")

    assert not app.exception, app.exception
    assert "无法生成简报" in app.info[0].value
    assert not app.download_button


def test_without_chromium_charts_become_text(
    open_app: Callable[..., AppTest], demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "available", lambda: False)

    app = open_app(demo_warehouse, PAGE)

    assert not app.exception, app.exception
    assert any("Chromium" in warning.value for warning in app.warning)
    assert len(app.download_button) == 10
