"""dashboard.queries.quality against the demo warehouse (and one with a rejected file)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries import quality as queries
from etl.checks import FLAG_CODES

NOTHING = Filters(search="没有这样的项目名称")


@pytest.fixture(scope="module")
def rejecting_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds plus an empty .docx, which ingest rejects."""
    from tests.dashboard.conftest import build_seed_warehouse

    root = tmp_path_factory.mktemp("rejecting")
    (root / "raw").mkdir()
    (root / "raw" / "empty.docx").write_bytes(b"")
    return build_seed_warehouse(root / "raw", root / "warehouse.duckdb")


def test_every_check_code_has_a_chinese_description() -> None:
    for code in (*FLAG_CODES, "UNKNOWN_MONEY_UNIT"):
        assert queries.describe_flag(code) != code, code
    assert queries.describe_flag("RATE_MISMATCH") == "执行率与填报不符"
    assert queries.describe_flag("NEW_CODE") == "NEW_CODE"


def test_flags_by_code_match_the_flags_table(con: duckdb.DuckDBPyConnection) -> None:
    expected = dict(
        con.execute(
            "select code || '/' || severity, count(*) from quality_flags group by 1"
        ).fetchall()
    )

    counts = queries.flags_by_code(con, Filters())

    assert {f"{c}/{s}": n for c, s, n in counts[["code", "severity", "n_flags"]].to_numpy()} == (
        expected
    )
    totals = counts.groupby("code", sort=False)["n_flags"].sum()
    assert list(totals) == sorted(totals, reverse=True)  # most frequent first


def test_year_and_unit_filters_narrow_the_flags(con: duckdb.DuckDBPyConnection) -> None:
    (unit,) = con.execute(
        """select u.name from quality_flags f join reports r using (report_id)
           join units u on u.unit_id = r.unit_id group by 1 order by count(*) desc limit 1"""
    ).fetchone()
    (expected,) = con.execute(
        """select count(*) from quality_flags f join reports r using (report_id)
           left join units u on u.unit_id = r.unit_id
           left join units d on d.unit_id = r.department_unit_id
           where r.year between 2020 and 2022 and ? in (u.name, d.name)""",
        [unit],
    ).fetchone()
    narrowed = Filters(2020, 2022, units=(unit,))

    assert queries.flags_by_code(con, narrowed)["n_flags"].sum() == expected
    assert len(queries.flag_list(con, narrowed)) == expected
    assert queries.flags_by_year(con, narrowed)["n_flags"].sum() == expected
    by_year = queries.flags_by_year(con, narrowed)
    assert set(by_year["year"]) <= {2020, 2021, 2022}
    by_unit = queries.flags_by_unit_year(con, narrowed)
    assert by_unit["n_flags"].sum() == expected


def test_flag_counts_per_unit_and_year(con: duckdb.DuckDBPyConnection) -> None:
    expected = con.execute(
        """select u.name, r.year, count(*) from quality_flags f join reports r using (report_id)
           join units u on u.unit_id = r.unit_id where r.year is not null group by 1, 2"""
    ).fetchall()

    counts = queries.flags_by_unit_year(con, Filters())

    assert sorted(map(tuple, counts[["unit_name", "year", "n_flags"]].to_numpy())) == sorted(
        expected
    )


def test_an_empty_filter_result_is_empty_everywhere(con: duckdb.DuckDBPyConnection) -> None:
    for query in (queries.flags_by_code, queries.flags_by_year, queries.flags_by_unit_year,
                  queries.flag_list, queries.coverage):  # fmt: skip
        assert query(con, NOTHING).empty, query.__name__
    judged = queries.indicator_judgeability(con, NOTHING)
    assert judged.n_indicators == 0 and judged.share is None


def test_coverage_shares_match_plain_sql(con: duckdb.DuckDBPyConnection) -> None:
    (n, budget, fiscal, indicators, goals) = con.execute(
        """select count(*), count(budget), count(fiscal_budget),
                  count(*) filter (where n_indicators > 0),
                  count(*) filter (where trim(goal_target) <> '')
           from reports"""
    ).fetchone()

    coverage = queries.coverage(con, Filters())
    overall = coverage[coverage["dimension"] == "all"].set_index("field")

    assert list(overall.index) == list(queries.COVERAGE_FIELDS)
    assert (overall["n_reports"] == n).all()
    assert overall.loc["budget", "share"] == pytest.approx(budget / n * 100)
    assert overall.loc["fiscal_budget", "n_present"] == fiscal
    assert overall.loc["indicators", "n_present"] == indicators
    assert overall.loc["goals", "n_present"] == goals


def test_coverage_per_format_and_form_kind_adds_up(con: duckdb.DuckDBPyConnection) -> None:
    formats = dict(con.execute("select source_format, count(*) from reports group by 1").fetchall())

    coverage = queries.coverage(con, Filters(2021, 2021))
    by_format = coverage[(coverage["dimension"] == "source_format") & (coverage["field"] == "year")]
    by_form = coverage[(coverage["dimension"] == "form_kind") & (coverage["field"] == "year")]
    (n_2021,) = con.execute("select count(*) from reports where year = 2021").fetchone()

    by_layout = coverage[(coverage["dimension"] == "layout") & (coverage["field"] == "year")]
    layouts = dict(
        con.execute("select layout, count(*) from reports where year = 2021 group by 1").fetchall()
    )

    assert set(by_format["group_name"]) <= set(formats)
    assert by_format["n_reports"].sum() == by_form["n_reports"].sum() == n_2021
    assert dict(zip(by_layout["group_name"], by_layout["n_reports"], strict=True)) == layouts
    assert "grid" in layouts  # the office tables
    assert (by_format["share"] == 100).all()  # every 2021 report has its year
    # How each report's indicator rows were rebuilt, a null (no table) read as 无指标表.
    by_builder = coverage[(coverage["dimension"] == "row_builder") & (coverage["field"] == "year")]
    builders = dict(
        con.execute(
            "select coalesce(row_builder, '无指标表'), count(*) from reports where year = 2021 "
            "group by 1"
        ).fetchall()
    )
    assert dict(zip(by_builder["group_name"], by_builder["n_reports"], strict=True)) == builders
    assert by_builder["n_reports"].sum() == n_2021 and "grid" in builders


def test_indicator_judgeability_matches_plain_sql(con: duckdb.DuckDBPyConnection) -> None:
    total, judged = con.execute(
        """select count(*), count(*) filter (where completion_status <> 'not_judgeable')
           from indicators"""
    ).fetchone()
    (in_output,) = con.execute(
        "select count(*) from indicators where level1_category = '产出指标'"
    ).fetchone()

    result = queries.indicator_judgeability(con, Filters())

    assert (result.n_indicators, result.n_judgeable) == (total, judged)
    assert result.share == pytest.approx(judged / total * 100)
    narrowed = queries.indicator_judgeability(con, Filters(categories=("产出指标",)))
    assert narrowed.n_indicators == in_output


def test_ingest_log_is_one_row_per_file_and_ignores_filters(
    con: duckdb.DuckDBPyConnection,
) -> None:
    (files,) = con.execute("select count(distinct file) from ingest_log").fetchone()

    log = queries.ingest_log(con)

    assert len(log) == files and log["file"].is_unique
    assert set(log["status"]) == {"loaded"}
    assert log["report_count"].sum() == con.execute("select count(*) from reports").fetchone()[0]


def test_ingest_log_lists_a_rejected_file_first_with_its_reason(
    rejecting_warehouse: Path, query: Callable[..., list[tuple]]
) -> None:
    connection = duckdb.connect(str(rejecting_warehouse), read_only=True)
    try:
        log = queries.ingest_log(connection)
    finally:
        connection.close()
    ((rejected,),) = query(
        rejecting_warehouse, "select count(*) from ingest_log where status = 'rejected'"
    )

    assert rejected == 1
    first = log.iloc[0]
    assert first["status"] == "rejected" and first["file"].endswith("empty.docx")
    assert "empty" in first["reason"] and first["report_count"] == 0
    assert (log["status"].iloc[1:] == "loaded").all()


def test_evidence_reads_in_chinese_words_with_values_and_positions_kept(
    con: duckdb.DuckDBPyConnection,
) -> None:
    flags = queries.flag_list(con, Filters())
    raw = [evidence for (evidence,) in con.execute("select evidence from quality_flags").fetchall()]

    english_field = re.compile(r"(?<![\w.])[a-z][a-z0-9_]{2,}=")
    shown = flags["evidence"].dropna()
    assert len(shown) > 100
    assert not [e for e in shown if english_field.search(e)]
    # Values and positions stay as the checks wrote them.
    sample = next(e for e in raw if e and e.startswith("budget="))
    value, position = re.match(r"budget=([\d.]+) @ ([^;]+)", sample).groups()
    assert queries.readable_evidence(sample).startswith(f"预算数={value} 见 {position}")
