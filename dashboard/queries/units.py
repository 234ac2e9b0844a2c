"""Side-by-side figures for a few reporting units under the global filters.

A unit here is the reporting unit of a report (`filtered_reports.unit_name`: the canonical
implementing unit, else the 主管部门), so a bureau and its subordinate centres are compared
as separate units even when the sidebar filter brought them in together.

Group rates follow the dashboard's conventions:
- execution rate = Σexecuted ÷ Σbudget × 100 over the reports that state both figures
  (not a mean of report rates, so large projects weigh as much as their money);
- indicator completion rate = met ÷ (met + partly_met + not_met) × 100 over the indicator
  rows in scope (the sidebar's category filter applies); `not_judgeable` rows are left out
  because they say nothing either way.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard import catalogue
from dashboard.filters import Filters
from dashboard.queries.base import frame, with_filters

DEFAULT_COMPARED = 4  # units pre-selected when the page opens (the most reported ones)
MAX_COMPARED = 6  # more panels than this no longer fit side by side

UNIT_METRIC_COLUMNS = (
    "unit_name",
    "report_count",
    "budget_total",
    "executed_total",
    "execution_rate",
    "indicators_met",
    "indicators_partly_met",
    "indicators_not_met",
    "completion_rate",
    "average_self_score",
    "quality_flag_count",
    "flags_per_report",
)
UNIT_YEAR_COLUMNS = (
    "unit_name",
    "year",
    "report_count",
    "budget_total",
    "executed_total",
    "execution_rate",
    "completion_rate",
)

_UNIT_CHOICES_SQL = with_filters("""
select unit_name, count(*) as report_count
from filtered_reports
where unit_name is not null
group by unit_name
order by report_count desc, unit_name
""")

# Per-report indicator and flag counts first, so grouping by unit then by (unit, year)
# shares one definition; `$compare` narrows to the chosen units before anything is summed.
_PER_REPORT_CTES = f"""
chosen as (
    select * from filtered_reports
    where list_contains($compare::varchar[], unit_name)
),
indicator_counts as (
    select
        report_id,
        count(*) filter (where is_met) as met,
        count(*) filter (where completion_status = 'partly_met') as partly_met,
        count(*) filter (where completion_status = 'not_met') as not_met
    from filtered_indicators
    group by report_id
),
flag_counts as (
    select report_id, count(*) as flags
    from quality_flags
    where {catalogue.SERIOUS_FLAG_SQL}
    group by report_id
),
per_report as (
    select
        c.unit_name, c.year, c.budget, c.executed, c.self_score_total,
        coalesce(i.met, 0) as met,
        coalesce(i.partly_met, 0) as partly_met,
        coalesce(i.not_met, 0) as not_met,
        coalesce(f.flags, 0) as flags
    from chosen as c
    left join indicator_counts as i using (report_id)
    left join flag_counts as f using (report_id)
)"""

# The aggregate columns both groupings share; {keys} is the grouping.
_AGGREGATES = f"""
    count(*) as report_count,
    coalesce(sum(budget), 0) as budget_total,
    coalesce(sum(executed), 0) as executed_total,
    {catalogue.EXECUTION_RATE_SQL} as execution_rate,
    sum(met) as indicators_met,
    sum(partly_met) as indicators_partly_met,
    sum(not_met) as indicators_not_met,
    {catalogue.percent_sql("sum(met)", "sum(met + partly_met + not_met)")} as completion_rate,
    avg(self_score_total) as average_self_score,
    sum(flags) as quality_flag_count,
    sum(flags) / count(*) as flags_per_report"""

_UNIT_METRICS_SQL = with_filters(
    ctes=_PER_REPORT_CTES,
    body=f"select unit_name, {_AGGREGATES}\nfrom per_report group by unit_name",
)
_UNIT_YEARS_SQL = with_filters(
    ctes=_PER_REPORT_CTES,
    body=f"""select unit_name, year, {_AGGREGATES}
from per_report where year is not null group by unit_name, year order by unit_name, year""",
)


def unit_choices(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The reporting units under `filters`, most reports first.

    Returns:
        Columns `unit_name`, `report_count` (ties ordered by name, so defaults are stable).
    """
    choices = frame(con, _UNIT_CHOICES_SQL, filters)
    choices["report_count"] = choices["report_count"].astype("int64")
    return choices


def default_units(choices: pd.DataFrame, count: int = DEFAULT_COMPARED) -> list[str]:
    """The units pre-selected for comparison: the `count` with most reports (fewer if absent)."""
    return choices["unit_name"].head(count).tolist()


def unit_metrics(
    con: duckdb.DuckDBPyConnection, filters: Filters, units: tuple[str, ...]
) -> pd.DataFrame:
    """One row per unit in `units` that has reports under `filters`, in the order given.

    Money in 万元, rates in percent (None when nothing to divide by), `average_self_score` is
    the mean stated total self score, `flags_per_report` = quality flags ÷ reports.

    Returns:
        A DataFrame with the columns in `UNIT_METRIC_COLUMNS`.
    """
    metrics = frame(con, _UNIT_METRICS_SQL, filters, {"compare": list(units)})
    return _typed(_in_order(metrics, units), UNIT_METRIC_COLUMNS)


def unit_years(
    con: duckdb.DuckDBPyConnection, filters: Filters, units: tuple[str, ...]
) -> pd.DataFrame:
    """One row per (unit, year) for the units in `units`, for the small multiples.

    Same definitions as `unit_metrics`; reports without a year are left out.

    Returns:
        A DataFrame with the columns in `UNIT_YEAR_COLUMNS`, units in the order given, then
        by year.
    """
    years = frame(con, _UNIT_YEARS_SQL, filters, {"compare": list(units)})
    return _typed(_in_order(years, units), UNIT_YEAR_COLUMNS)


def _in_order(result: pd.DataFrame, units: tuple[str, ...]) -> pd.DataFrame:
    """Rows in the order the user picked the units (stable, so years stay ascending)."""
    order = {name: position for position, name in enumerate(units)}
    ordered = result.sort_values("unit_name", key=lambda names: names.map(order), kind="stable")
    return ordered.reset_index(drop=True)


def _typed(result: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Keep `columns` in order; counts as int64 and measures as float (NaN for unknown)."""
    result = result[list(columns)].copy()
    for column in columns:
        if column == "unit_name":
            continue
        if column == "year" or column.endswith("_count") or column.startswith("indicators_"):
            result[column] = result[column].astype("int64")
        else:
            result[column] = result[column].astype("float64")
    return result
