"""The command line on real fixtures: parse, show."""

from __future__ import annotations

import json

from etl.cli import main

OFFICE = "tests/fixtures/office"


def test_parse_json_answers_in_the_contract_shape_for_an_office_file(capsys) -> None:
    assert main(["parse", "--json", f"{OFFICE}/real_01.docx"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "docx"
    assert printed["reports"][0]["project_name"] == "义务教育营养改善计划专项资金"
    assert printed["reports"][0]["indicators"][0]["source"].startswith("real_01.docx table 1 R")


def test_parse_of_a_damaged_file_names_it_and_fails(capsys) -> None:
    assert main(["parse", "tests/fixtures/corrupt/truncated.xlsx"]) == 1
    err = capsys.readouterr().err
    assert "truncated.xlsx" in err and "truncated" in err


def test_show_prints_the_grid_the_reader_sees(capsys) -> None:
    assert main(["show", f"{OFFICE}/real_01.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "[xlsx]" in out and "项目名称 | · |" in out


def test_show_rejects_a_scanned_pdf_with_its_reason(capsys) -> None:
    assert main(["show", "tests/fixtures/corrupt/scanned.pdf"]) == 1
    assert "scanned PDF" in capsys.readouterr().err
