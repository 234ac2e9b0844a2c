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


def test_show_prints_what_ocr_reads_in_a_scanned_form(capsys) -> None:
    assert main(["show", "tests/fixtures/corrupt/scanned.pdf"]) == 0  # a blank form, scanned
    out = capsys.readouterr().out
    assert "recognised from the page image by OCR" in out and "主管部门 |" in out


def test_show_rejects_a_scan_with_nothing_to_recognise(capsys, tmp_path) -> None:
    from PIL import Image

    blank = tmp_path / "blank.pdf"
    Image.new("RGB", (400, 560), "white").save(blank, "PDF", resolution=72)
    assert main(["show", str(blank)]) == 1
    assert "scanned PDF: no text was recognised" in capsys.readouterr().err


def test_score_prints_one_csv_row_per_report_under_the_chosen_profile(
    capsys, demo_warehouse
) -> None:
    import csv
    import io

    import duckdb

    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (reports,) = con.execute("select count(*) from reports").fetchone()

    results = {}
    for profile in ("national", "provincial_20_80"):
        assert main(["score", "--db", str(demo_warehouse), "--profile", profile]) == 0
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert tuple(rows[0]) == (
            "report_id", "stated_score", "stated_grade", "recomputed_score",
            "recomputed_grade", "warnings",
        )  # fmt: skip
        assert len(rows) - 1 == reports
        results[profile] = {row[0]: row[3] for row in rows[1:]}
    # A 20-point budget block and the execution-rate cap move some totals.
    assert results["national"] != results["provincial_20_80"]


def test_score_lists_profiles_and_refuses_an_unknown_one(capsys, tmp_path) -> None:
    assert main(["score", "--list-profiles"]) == 0
    assert "national\t全国通用" in capsys.readouterr().out
    assert main(["score", "--profile", "nope", "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "unknown scoring profile 'nope'" in capsys.readouterr().err
