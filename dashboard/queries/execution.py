"""Budget execution under the global filters: rates by unit, project and year, and funds.

The execution rate of any group (a unit, a project, a unit in one year) is
Σexecuted ÷ Σbudget × 100 over the group's reports that state both figures, never a mean
of the reports' rates: a large project weighs as much as its money. The budget and executed
sums returned beside a rate are over those same reports, so they always reproduce it.
Money is in 万元, rates in percent.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dashboard import catalogue, theme
from dashboard.filters import Filters
from dashboard.queries.base import frame, with_filters
from dashboard.queries.paging import Paged, PageRequest, fetch_page
from dashboard.queries.reports import REPORTS

RATE_COLUMNS = ("report_count", "budget", "executed", "execution_rate", "band")
BAND_ORDER = ("bad", "warning", "good", "over")  # worst first, as the legends read


def _rate_sql(keys: str, order: str, group_by: str = "all", where: str = "true") -> str:
    """Σexecuted/Σbudget per group of `keys` over the reports stating both figures."""
    return with_filters(f"""
select
    {keys},
    count(*) as report_count,
    sum(budget) as budget,
    sum(executed) as executed,
    {catalogue.EXECUTION_RATE_SQL} as execution_rate
from filtered_reports
where {catalogue.STATES_BOTH_SQL} and unit_name is not null and {where}
group by {group_by}
order by {order}
""")


_BY_UNIT_SQL = _rate_sql("unit_name", "execution_rate nulls last, unit_name")
# A report without a year has no cell in the unit × year matrix.
_BY_UNIT_YEAR_SQL = _rate_sql("unit_name, year", "unit_name, year", where="year is not null")
_BY_PROJECT_SQL = _rate_sql(
    "coalesce(project_id, project_name) as project_key, unit_name, "
    "arg_max(project_name, year) as project_name",
    "execution_rate nulls last, project_name, unit_name",
    group_by="project_key, unit_name",
)

_FUNDS_BY_YEAR_SQL = with_filters("""
select
    year,
    count(*) as report_count,
    sum(budget) as budget,
    sum(fiscal_budget) as fiscal_budget,
    sum(other_budget) as other_budget,
    -- The part of a stated budget that the form does not split into the two sources.
    -- Rounded to the forms' two decimals: 万元 sums otherwise leave 1e-14 of float noise.
    round(sum(greatest(budget - coalesce(fiscal_budget, 0) - coalesce(other_budget, 0), 0)), 2)
        as unsplit_budget,
    sum(fiscal_executed) as fiscal_executed,
    sum(other_executed) as other_executed
from filtered_reports
where year is not null
group by year
order by year
""")


def _with_band(rates: pd.DataFrame) -> pd.DataFrame:
    """Add the `band` column (good/warning/bad/over, None when the rate is unknown)."""
    rates["report_count"] = rates["report_count"].astype("int64")
    rates["band"] = [theme.rate_band(rate) for rate in rates["execution_rate"]]
    return rates


def execution_by_unit(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Execution rate per unit (lowest first) over the reports stating budget and executed.

    Returns:
        Columns `unit_name` + `RATE_COLUMNS`; `report_count` counts the reports behind the
        rate. Units with no such report are absent; a zero budget gives a null rate.
    """
    return _with_band(frame(con, _BY_UNIT_SQL, filters))


def execution_by_project(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Execution rate per project of a unit (lowest first), across the years in scope.

    A project is `project_id` (the ETL's cross-year link), else its name. `label` is the
    latest name, followed by the unit when two projects would otherwise read the same.

    Returns:
        Columns `project_key`, `unit_name`, `project_name`, `label` + `RATE_COLUMNS`.
    """
    projects = _with_band(frame(con, _BY_PROJECT_SQL, filters))
    names = projects["project_name"].fillna("（未命名项目）")
    clash = names.duplicated(keep=False)
    projects["label"] = names.where(~clash, names + "（" + projects["unit_name"] + "）")
    # Same name in the same unit (two unlinked projects): number them so bars stay apart.
    repeat = projects.groupby("label").cumcount()
    projects["label"] = projects["label"].where(
        repeat == 0, projects["label"] + " #" + (repeat + 1).astype(str)
    )
    return projects


def execution_ranking(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, pd.DataFrame]:
    """What the ranking compares: units, or the projects when exactly one unit is chosen.

    Returns:
        ("unit" | "project", frame) where the frame has a `label` column naming each bar
        and the `RATE_COLUMNS`, lowest rate first.
    """
    if len(filters.units) == 1:
        return "project", execution_by_project(con, filters)
    units = execution_by_unit(con, filters)
    units.insert(0, "label", units["unit_name"])
    return "unit", units


def execution_by_unit_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Execution rate per unit and year (long form: one row per cell with data).

    Returns:
        Columns `unit_name`, `year` + `RATE_COLUMNS`, ordered by unit and year.
    """
    cells = _with_band(frame(con, _BY_UNIT_YEAR_SQL, filters))
    cells["year"] = cells["year"].astype("int64")
    return cells


def funds_by_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Budget per year split into 财政拨款 (fiscal) and 其他资金 (other funds), 万元.

    Sums are over every report that states the figure; `budget` is the stated total.
    Some forms state a total without splitting it: `unsplit_budget` sums, per report, what
    the total exceeds fiscal + other by (never negative), so the three parts add up to the
    stated budgets.

    Returns:
        Columns `year`, `report_count`, `budget`, `fiscal_budget`, `other_budget`,
        `unsplit_budget`, `fiscal_executed`, `other_executed` (null when no report states
        that figure).
    """
    funds = frame(con, _FUNDS_BY_YEAR_SQL, filters)
    funds["year"] = funds["year"].astype("int64")
    funds["report_count"] = funds["report_count"].astype("int64")
    return funds


def band_counts(rates: pd.DataFrame) -> dict[str, int]:
    """How many rows of a rate frame fall in each band, in `BAND_ORDER` (zeros kept)."""
    counts = rates["band"].value_counts()
    return {band: int(counts.get(band, 0)) for band in BAND_ORDER}


# The reports behind the ranking: worst execution rate first, those without one last.
RANKING_REPORTS = replace(
    REPORTS, order="execution_rate asc nulls last, year desc nulls last, report_id"
)


def ranking_report_page(
    con: duckdb.DuckDBPyConnection, filters: Filters, request: PageRequest
) -> Paged:
    """A page of the reports behind the ranking (`RANKING_REPORTS`).

    Returns:
        `reports.REPORT_COLUMNS` plus `band_label` (the rate's band in Chinese, null when
        the report lacks a figure).
    """
    page = fetch_page(con, RANKING_REPORTS, filters, request)
    page.rows["band_label"] = [
        theme.BAND_LABELS.get(theme.rate_band(rate) or "") for rate in page.rows["execution_rate"]
    ]
    return page
