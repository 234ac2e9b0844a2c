"""`python -m dashboard.export` run in-process on the demo warehouse: files open, filters
narrow them (checked against plain SQL), problems exit 2 with a message in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest

from dashboard.export import cli
from dashboard.filters import Filters

UNIT = "绵阳市科学技术和知识产权局"
YEAR = 2021
TODAY = f"{dt.date.today():%Y%m%d}"
STEM = f"绩效简报_{YEAR}_{UNIT}_{TODAY}"
TABLES = ("报告", "绩效指标", "产出成效", "质量问题", "预警", "重算得分", "整改")

_REPORTS_SQL = """
select count(*) from reports r
left join units u on u.unit_id = r.unit_id
left join units d on d.unit_id = r.department_unit_id
where r.year = ? and (u.name = ? or d.name = ?)
"""


def _run(db: Path, out: Path, *args: str) -> int:
    return cli.main(["--db", str(db), "--out", str(out), *args])


def _scoped(db: Path, out: Path, *formats: str) -> int:
    return _run(db, out, "--years", str(YEAR), "--unit", UNIT, "--format", *formats)


def _reports_in_scope(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(_REPORTS_SQL, [YEAR, UNIT, UNIT]).fetchone()[0]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")  # Excel needs the BOM; it is there
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_holds_the_detail_tables_narrowed_by_year_and_unit(
    demo_warehouse: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path, capsys
) -> None:
    assert _scoped(demo_warehouse, tmp_path, "csv") == 0

    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(f"{STEM}_{name}.csv" for name in TABLES)
    reports = _csv_rows(tmp_path / f"{STEM}_报告.csv")
    assert len(reports) == _reports_in_scope(con) > 0
    assert {row["年度"] for row in reports} == {str(YEAR)}
    printed = capsys.readouterr().out
    assert all(str(tmp_path / name) in printed for name in files), "each path is printed"
    assert "KB" in printed


def test_xlsx_reports_sheet_has_one_row_per_report_in_scope(
    demo_warehouse: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("dashboard.export.workbook")

    assert _scoped(demo_warehouse, tmp_path, "xlsx") == 0

    book = openpyxl.load_workbook(tmp_path / f"{STEM}.xlsx", read_only=True)
    assert set(TABLES) <= set(book.sheetnames)
    rows = list(book["报告"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and "项目名称" in row)
    years = [row[rows[header].index("年度")] for row in rows[header + 1 :] if any(row)]
    assert len(years) == _reports_in_scope(con)
    assert set(years) == {YEAR}


def test_pptx_has_cover_kpis_one_slide_per_chart_and_red_flags(
    demo_warehouse: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    pptx = pytest.importorskip("pptx")
    pytest.importorskip("dashboard.export.deck")
    from dashboard.export.briefing import build_briefing
    from dashboard.export.deck import slide_titles

    slides = len(slide_titles(build_briefing(con, Filters(YEAR, YEAR, units=(UNIT,)))))

    assert _scoped(demo_warehouse, tmp_path, "pptx") == 0

    deck = pptx.Presentation(tmp_path / f"{STEM}.pptx")
    assert len(deck.slides) == slides
    text = " ".join(
        shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame
    )
    assert f"{YEAR}年" in text and UNIT in text, "the cover names the scope"


def test_docx_names_the_scope(demo_warehouse: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    pytest.importorskip("dashboard.export.report_docx")

    assert _scoped(demo_warehouse, tmp_path, "docx") == 0

    document = docx.Document(tmp_path / f"{STEM}.docx")
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"{YEAR}年" in text and UNIT in text


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_chart_images_one_file_per_key_chart(
    demo_warehouse: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str
) -> None:
    images = pytest.importorskip("dashboard.export.images")
    if not images.available():
        pytest.skip("no headless Chromium for chart images")
    from dashboard.export.briefing import build_briefing

    charts = build_briefing(con, Filters(YEAR, YEAR, units=(UNIT,))).all_charts

    assert _scoped(demo_warehouse, tmp_path, fmt) == 0

    magic = b"\x89PNG" if fmt == "png" else b"%PDF"
    for chart in charts:
        assert (tmp_path / f"{STEM}_{chart.key}.{fmt}").read_bytes().startswith(magic)


def test_defaults_read_jixiao_db_and_write_to_exports(
    demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_DB", str(demo_warehouse))
    monkeypatch.chdir(tmp_path)

    assert cli.main(["--format", "csv", "--search", "知识产权"]) == 0

    names = sorted(p.name for p in (tmp_path / "exports").iterdir())
    assert names == sorted(f"绩效简报_全部年度_知识产权_{TODAY}_{t}.csv" for t in TABLES)


def test_missing_warehouse_exits_2_saying_how_to_build_it(tmp_path: Path, capsys) -> None:
    assert _run(tmp_path / "absent.duckdb", tmp_path / "out", "--format", "csv") == 2

    err = capsys.readouterr().err
    assert "找不到数据仓库文件" in err and "Warehouse not found" in err and "make build" in err
    assert not (tmp_path / "out").exists()


def test_unknown_unit_exits_2_and_suggests_close_names(
    demo_warehouse: Path, tmp_path: Path, capsys
) -> None:
    typo = "绵阳市科学技术知识产权局"
    assert _run(demo_warehouse, tmp_path, "--unit", typo, "--format", "csv") == 2

    err = capsys.readouterr().err
    assert f"没有名为“{typo}”的单位" in err and "Unknown unit" in err
    assert UNIT in err, "the close canonical name is suggested"
    assert not list(tmp_path.iterdir())


def test_a_spelling_variant_is_read_as_its_unit(
    demo_warehouse: Path, con: duckdb.DuckDBPyConnection
) -> None:
    variant, name = con.execute(
        """select v.raw_name, u.name from unit_variants v join units u using (unit_id)
           where v.raw_name <> u.name order by v.raw_name limit 1"""
    ).fetchone()

    assert cli.resolve_units(con, [variant, name]) == (name,)


def test_empty_scope_exits_2(demo_warehouse: Path, tmp_path: Path, capsys) -> None:
    assert _run(demo_warehouse, tmp_path, "--search", "没有这样的项目", "--format", "csv") == 2

    err = capsys.readouterr().err
    assert "没有报告" in err and "No report matches" in err
    assert not list(tmp_path.iterdir())


def test_bad_years_exit_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--years", "20x", "--out", str(tmp_path)])

    assert exit_info.value.code == 2
    assert "2021-2024" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "years"),
    [("2023", (2023, 2023)), ("2021-2024", (2021, 2024)), ("2024–2021", (2021, 2024))],
)
def test_parse_years(text: str, years: tuple[int, int]) -> None:
    assert cli.parse_years(text) == years


def test_file_stem_is_safe_for_any_file_system() -> None:
    filters = Filters(2020, None, units=("甲单位", "乙/单位", "丙单位"), search=' a:b "c" ')

    stem = cli.file_stem(filters, dt.date(2026, 1, 2))

    assert stem == "绩效简报_2020-最新_甲单位_乙_单位等3个单位_a_b_c_20260102"
    assert cli.file_stem(Filters(), dt.date(2026, 1, 2)) == "绩效简报_全部年度_20260102"


def test_build_file_refuses_an_unknown_format(con: duckdb.DuckDBPyConnection) -> None:
    from dashboard.export.briefing import build_briefing

    with pytest.raises(ValueError, match="not a document format"):
        cli.build_file(build_briefing(con, Filters(YEAR, YEAR)), "odt")


def test_csv_scores_follow_the_profile_and_list_the_rectification_items(
    demo_warehouse: Path,
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dashboard import rectification

    store = tmp_path / "store" / "rectification.sqlite"
    monkeypatch.setenv(rectification.STORE_ENV_VAR, str(store))
    project = con.execute(
        """select r.project_name from reports r join units u using (unit_id)
           where r.year = ? and u.name = ? order by r.report_id limit 1""",
        [YEAR, UNIT],
    ).fetchone()[0]
    rectification.set_status(rectification.ItemKey(UNIT, project, YEAR), "in_progress", path=store)
    out = tmp_path / "out"

    assert _scoped(demo_warehouse, out, "csv", "--profile", "provincial_20_80") == 0

    scores = _csv_rows(out / f"{STEM}_重算得分.csv")
    expected = con.execute(
        """select count(*), sum(s.score) from report_scores s join reports r using (report_id)
           left join units u on u.unit_id = r.unit_id
           left join units d on d.unit_id = r.department_unit_id
           where s.profile = 'provincial_20_80' and s.score is not null and r.year = ?
             and (u.name = ? or d.name = ?)""",
        [YEAR, UNIT, UNIT],
    ).fetchone()
    assert len(scores) == expected[0] > 0
    assert sum(float(row["重算得分"]) for row in scores) == pytest.approx(
        expected[1], abs=0.005 * len(scores)
    )
    (item,) = _csv_rows(out / f"{STEM}_整改.csv")
    assert (item["整改状态"], item["项目名称"]) == ("整改中", project)


def test_an_unknown_profile_is_refused_by_name(demo_warehouse: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run(demo_warehouse, tmp_path, "--profile", "no_such_profile")
    assert exit_info.value.code == 2
