"""The product renderer (etl.demo.render): a gold report written as the 2020 form reads back."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.demo.render.docx import write_docx
from etl.demo.render.forms import form2020
from etl.demo.render.html import write_html
from etl.demo.render.model import Fixture
from etl.demo.render.xlsx import write_xlsx
from etl.extract import extract_file

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "real_01.gold.json"
WRITERS: dict[str, Callable[[Fixture, Path], None]] = {
    "docx": write_docx,
    "xlsx": write_xlsx,
    "html": write_html,
}


def gold_report() -> dict:
    """The first report of real_01's gold (a 2020 自评表 in 元)."""
    return json.loads(GOLD.read_text(encoding="utf-8"))["reports"][0]


def edited_report() -> dict:
    """The same report with other values, so a reader cannot pass by matching a fixture."""
    report = copy.deepcopy(gold_report())
    report["project_name"] = "演示项目渲染测试专项"
    report["budget"] = 1234.5
    report["indicators"] = report["indicators"][:5]
    return report


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("make_report", [gold_report, edited_report])
def test_form2020_reads_back(fmt: str, make_report: Callable[[], dict], tmp_path: Path) -> None:
    report = make_report()
    blocks = form2020(report, {"money_unit": "元", "split_target": True})
    path = tmp_path / f"report.{fmt}"
    WRITERS[fmt](Fixture(stem="report", gold=report, blocks=blocks), path)

    parsed = extract_file(path).reports
    assert len(parsed) == 1
    assert parsed[0].project_name == report["project_name"]
    assert parsed[0].money_unit == "元"
    assert parsed[0].budget == pytest.approx(report["budget"])
    assert len(parsed[0].indicators) == len(report["indicators"])
