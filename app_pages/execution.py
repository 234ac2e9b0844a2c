"""预算执行: who spends their budget, year by year, and where the money comes from."""

import streamlit as st

from dashboard import cache, pager, theme, widgets
from dashboard.charts import execution as execution_charts
from dashboard.i18n import t
from dashboard.queries import execution
from dashboard.queries.reports import report_totals

filters = widgets.start_page(
    "预算执行",
    "各单位（或所选单位的各项目）预算执行率排名、逐年执行情况、预算与执行对比及资金来源。",
)
kind, ranking = cache.run(execution.execution_ranking, filters)
if ranking.empty:
    widgets.empty("当前筛选条件下没有同时填报预算数和执行数的报告，无法计算执行率。")
    st.stop()

totals = cache.run(report_totals, filters)
funds = cache.run(execution.funds_by_year, filters)
by_unit_year = cache.run(execution.execution_by_unit_year, filters)
counts = execution.band_counts(ranking)
period = execution_charts.period_label(funds["year"])
entity = t("项目") if kind == "project" else t("单位")
counted = "{n}个项目" if kind == "project" else "{n}个单位"  # Chinese source texts

# layout
widgets.kpi_row(
    [
        widgets.metric("execution_rate", totals.execution_rate),
        *(
            widgets.Kpi(t(theme.BAND_LABELS[band]), t(counted, n=counts[band]))
            for band in execution.BAND_ORDER
        ),
    ]
)

# A unit's bar filters to that unit (its projects then rank); project bars do not filter.
widgets.chart(
    execution_charts.ranking_bar(ranking, entity, period),
    "execution_ranking",
    on_click=widgets.unit_of_point if kind == "unit" else None,
)

widgets.chart(
    execution_charts.rate_heatmap(by_unit_year),
    "execution_heatmap",
    on_click=widgets.unit_year_of_point,  # a cell filters to that unit and year
)

left, right = st.columns(2)
with left:
    widgets.chart(
        execution_charts.budget_vs_executed(ranking, entity, period), "execution_budget_vs_executed"
    )
with right:
    widgets.chart(execution_charts.funds_by_year(funds), "execution_funds")

st.subheader(t("报告明细"), help=t("排名所依据的报告，执行率最低的在前；勾选行首方框打开报告详情"))
pager.paged_table(
    "预算执行明细",
    execution.ranking_report_page,
    filters,
    ["year", "unit_name", "project_name", "budget", "executed", "execution_rate", "band_label",
     "execution_rate_stated"],
    execution.RANKING_REPORTS.sortable,
)  # fmt: skip
