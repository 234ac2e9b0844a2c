"""同比分析: this year against the year before, per unit and per recurring project."""

import streamlit as st

from dashboard import cache, widgets, yoy_view
from dashboard.charts import yoy as yoy_charts
from dashboard.i18n import t
from dashboard.queries import yoy

filters = widgets.start_page(
    "同比分析",
    "各单位、各延续项目本期与上年相比预算、执行率、指标完成率、自评得分的变化，以及多年走势。",
)
# The comparison year may precede the sidebar's range, so the queries ignore the year
# filter (every other filter applies) and the years are chosen on the page.
unrestricted = filters.with_years(None, None)
by_unit = cache.run(yoy.yearly_by, unrestricted, "unit")
scope_years = yoy.years_in_scope(by_unit, filters)
if not scope_years:
    widgets.empty()
    st.stop()
all_years = sorted(int(y) for y in by_unit["year"].unique())
year, base, by = yoy_view.pick(scope_years, all_years)  # the page's inputs, drawn first
totals = yoy.totals_by_year(by_unit)
comparison = None if base is None else cache.run(yoy.comparison_by, unrestricted, by, year, base)
min_years = 2 if by == "project" else 1  # a project's trend needs two reported years
trend = cache.run(yoy.multi_year_by, unrestricted, by, tuple(scope_years), min_years)

# layout
if base is None:
    widgets.empty(t("只有{year}年的数据，无法同比；下方仅列出当年数值。", year=year))
else:
    yoy_view.kpis(totals, year, base)
widgets.chart(yoy_charts.year_trend(totals[totals["year"].isin(scope_years)]), "yoy_year_trend")
if comparison is not None and base is not None:
    yoy_view.year_pair(comparison, by, year, base)
yoy_view.trends(trend, by, scope_years)
