"""Recomputed scores (etl/scoring) under the filters and the chosen profile.

`report_scores` holds one row per report and profile, `score_lines` the arithmetic of each
line; the build writes both for every profile, so switching profiles is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.base import frame, rows, with_filters
from dashboard.queries.paging import DetailQuery, Paged, PageRequest, fetch_page

# How each departure code reads.
DIFFERENCE_LABELS = {"SCORE_DIFFERS": "总分相差超过阈值", "GRADE_DIFFERS": "等级不同"}

# Each report under the filters beside its recomputed result under $profile.
_SCORED = """
select r.report_id, r.year, r.unit_name, r.project_name,
       s.stated_score as self_score_total, s.stated_grade as grade,
       s.score as recomputed_score, s.grade as recomputed_grade,
       s.score - s.stated_score as score_gap, s.differences, s.note as score_note
from filtered_reports as r
join report_scores as s using (report_id)
where s.profile = $profile
"""
# Reports under the filters whose recomputed result departs from the stated one.
DIFFERENCES = DetailQuery(
    sql=with_filters(_SCORED + "and s.differences is not null"),
    order="abs(score_gap) desc nulls last, year desc nulls last, unit_name, report_id",
    sortable=("year", "unit_name", "project_name", "self_score_total", "recomputed_score",
              "score_gap"),
    searchable=("unit_name", "project_name"),
)  # fmt: skip
# Every recomputed report, departures first.
_SCORE_LIST_SQL = with_filters(
    _SCORED
    + """and s.score is not null
order by s.differences is null, abs(score_gap) desc nulls last, r.year desc nulls last,
         r.unit_name, r.report_id"""
)
_SUMMARY_SQL = with_filters(
    """
select count(s.score), avg(s.stated_score), avg(s.score),
       count(*) filter (where s.differences is not null)
from filtered_reports as r
join report_scores as s using (report_id)
where s.profile = $profile
"""
)
_REPORT_SQL = with_filters(
    """
select stated_score, stated_grade, score, grade, differences, note
from report_scores where report_id = $report_id and profile = $profile
"""
)
_LINES_SQL = with_filters(
    """
select line_index, item as line_item, weight, points as line_points, arithmetic
from score_lines where report_id = $report_id and profile = $profile
order by line_index
"""
)
# Each report under the filters with its worst warning: 2 red, 1 yellow, 0 green.
_WORST_CTE = """
levels as (
    select r.report_id, r.unit_name,
           coalesce(max(case w.level when 'red' then 2 when 'yellow' then 1 end), 0) as worst
    from filtered_reports as r
    left join report_warnings as w using (report_id)
    group by r.report_id, r.unit_name
)"""
_COLOUR_COUNTS = """
count(*) filter (where worst = 2) as red_reports,
count(*) filter (where worst = 1) as yellow_reports,
count(*) filter (where worst = 0) as green_reports"""
_STATUS_SQL = with_filters(ctes=_WORST_CTE, body=f"select {_COLOUR_COUNTS} from levels")
_UNIT_STATUS_SQL = with_filters(
    ctes=_WORST_CTE,
    body=f"""
select unit_name, {_COLOUR_COUNTS}
from levels
where unit_name is not null
group by unit_name
having count(*) filter (where worst > 0) > 0
order by red_reports desc, yellow_reports desc, unit_name
limit $limit
""",
)
# Warnings about one indicator, with the indicator's name.
INDICATOR_WARNINGS = DetailQuery(
    sql=with_filters(
        """
select r.report_id, r.year, r.unit_name, r.project_name, i.level3, w.level, w.rule,
       w.message as warning_message, w.warning_index
from filtered_reports as r
join report_warnings as w using (report_id)
join indicators as i on i.report_id = w.report_id and i.indicator_index = w.indicator_index
where len($rules::varchar[]) = 0 or list_contains($rules::varchar[], w.rule)
"""
    ),
    order="case level when 'red' then 0 else 1 end, year desc nulls last, unit_name, "
    "project_name, report_id, warning_index",
    sortable=("year", "unit_name", "project_name"),
    searchable=("unit_name", "project_name", "level3", "warning_message"),
)
_INDICATOR_RULES_SQL = with_filters(
    """
select w.rule, any_value(w.level) as level, count(*) as warnings,
       count(distinct w.report_id) as reports
from filtered_reports as r
join report_warnings as w using (report_id)
where w.indicator_index is not null
group by w.rule
order by warnings desc, w.rule
"""
)
_WARNINGS_SQL = with_filters(
    """
select level, rule, message, indicator_index
from report_warnings where report_id = $report_id
order by case level when 'red' then 0 else 1 end, warning_index
"""
)
_WARNING_LIST_SQL = with_filters(
    """
select r.report_id, r.year, r.unit_name, r.project_name, w.level, w.rule, w.message
from filtered_reports as r
join report_warnings as w using (report_id)
order by case w.level when 'red' then 0 else 1 end, r.year desc nulls last, r.unit_name,
         r.project_name, r.report_id, w.warning_index
"""
)
_NO_FILTERS = Filters()


@dataclass(frozen=True)
class ScoreSummary:
    """Recomputed scores over the reports under the filters."""

    scored: int
    average_stated: float | None
    average_recomputed: float | None
    differing: int


@dataclass(frozen=True)
class StoredScore:
    """One report's recomputed result and its lines."""

    stated_score: float | None
    stated_grade: str | None
    score: float | None
    grade: str | None
    differences: str | None
    note: str | None
    lines: pd.DataFrame


def difference_label(codes: str | None) -> str | None:
    """'SCORE_DIFFERS;GRADE_DIFFERS' as words."""
    if not isinstance(codes, str) or not codes:  # None, or NaN from a frame
        return None
    return "；".join(DIFFERENCE_LABELS.get(code, code) for code in codes.split(";"))


def score_summary(con: duckdb.DuckDBPyConnection, filters: Filters, profile: str) -> ScoreSummary:
    """How many reports could be recomputed, the mean stated and recomputed totals, and
    how many depart from their stated result."""
    ((scored, stated, recomputed, differing),) = rows(
        con, _SUMMARY_SQL, filters, {"profile": profile}
    )
    return ScoreSummary(int(scored), stated, recomputed, int(differing))


def difference_page(
    con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest, profile: str
) -> Paged:
    """A page of the reports whose recomputed result departs from the stated one,
    largest gap first."""
    page = fetch_page(con, DIFFERENCES, filters, request, {"profile": profile})
    shown = page.rows.assign(difference_label=page.rows["differences"].map(difference_label))
    return replace(page, rows=shown)


def score_list(con: duckdb.DuckDBPyConnection, filters: Filters, profile: str) -> pd.DataFrame:
    """Every recomputed report under `filters` and `profile`, departures first (largest
    gap first), with `difference_label` in words (the briefing's table)."""
    found = frame(con, _SCORE_LIST_SQL, filters, {"profile": profile})
    return found.assign(difference_label=found["differences"].map(difference_label))


def report_score(
    con: duckdb.DuckDBPyConnection, report_id: str, profile: str
) -> StoredScore | None:
    """The report's recomputed result under `profile`, None when it was not scored."""
    params = {"report_id": report_id, "profile": profile}
    found = rows(con, _REPORT_SQL, _NO_FILTERS, params)
    if not found:
        return None
    return StoredScore(*found[0], lines=frame(con, _LINES_SQL, _NO_FILTERS, params))


def warning_status(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, int]:
    """How many reports under `filters` are red, yellow and green (their worst warning)."""
    ((red, yellow, green),) = rows(con, _STATUS_SQL, filters)
    return {"red": int(red), "yellow": int(yellow), "green": int(green)}


def unit_warning_status(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int
) -> pd.DataFrame:
    """The `limit` units under `filters` with the most red (then yellow) reports: unit_name,
    red_reports, yellow_reports, green_reports (units without a warning left out)."""
    return frame(con, _UNIT_STATUS_SQL, filters, {"limit": limit})


def indicator_rule_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per rule raised on indicators under `filters`: rule, level, warnings, reports."""
    return frame(con, _INDICATOR_RULES_SQL, filters)


def indicator_warning_page(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    request: PageRequest,
    rules: tuple[str, ...] = (),
) -> Paged:
    """A page of the warnings on indicators (of `rules`; all when empty), red first."""
    return fetch_page(con, INDICATOR_WARNINGS, filters, request, {"rules": list(rules)})


def report_warning_rows(con: duckdb.DuckDBPyConnection, report_id: str) -> pd.DataFrame:
    """The report's warnings, red first: level, rule, message, indicator_index."""
    return frame(con, _WARNINGS_SQL, _NO_FILTERS, {"report_id": report_id})


def warning_list(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every warning on the reports under `filters`, red first, with the report's year,
    unit and project: level, rule, message."""
    return frame(con, _WARNING_LIST_SQL, filters)
