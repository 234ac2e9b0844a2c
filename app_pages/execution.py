"""预算执行: who spends their budget, year by year, and where the money comes from."""

import streamlit as st

from dashboard import cache, theme, widgets
from dashboard.charts import execution as execution_charts
from dashboard.queries import execution
from dashboard.queries.reports import summarize_reports

filters = widgets.start_page(
    "预算执行",
    "各单位（或所选单位的各项目）预算执行率排名、逐年执行情况、预算与执行对比及资金来源。",
)
kind, ranking = cache.run(execution.execution_ranking, filters)
if ranking.empty:
    widgets.empty("当前筛选条件下没有同时填报预算数和执行数的报告，无法计算执行率。")
    st.stop()

entity = "项目" if kind == "project" else "单位"
reports = cache.run(execution.ranking_reports, filters)
funds = cache.run(execution.funds_by_year, filters)
period = execution_charts.period_label(funds["year"])

totals = summarize_reports(reports)
counts = execution.band_counts(ranking)
widgets.kpi_row(
    [
        widgets.Kpi(
            "总体执行率",
            theme.format_percent(totals.execution_rate),
            help="执行数合计 ÷ 预算数合计，只计同时填报两项的报告（不是各报告执行率的平均）",
        ),
        *(
            widgets.Kpi(theme.BAND_LABELS[band], f"{counts[band]}个{entity}")
            for band in execution.BAND_ORDER
        ),
    ]
)

widgets.chart(execution_charts.ranking_bar(ranking, entity, period), "execution_ranking")

widgets.chart(
    execution_charts.rate_heatmap(cache.run(execution.execution_by_unit_year, filters)),
    "execution_heatmap",
)

left, right = st.columns(2)
with left:
    widgets.chart(
        execution_charts.budget_vs_executed(ranking, entity, period), "execution_budget_vs_executed"
    )
with right:
    widgets.chart(execution_charts.funds_by_year(funds), "execution_funds")

st.subheader("报告明细", help="排名所依据的报告，执行率最低的在前；点击“查看详情”打开报告详情")
widgets.table(
    reports.assign(link=widgets.report_links(reports["report_id"]))[
        ["link", "year", "unit_name", "project_name", "budget", "executed", "execution_rate",
         "band_label", "execution_rate_stated"]
    ],
    "预算执行明细",
    hide_index=True,
    column_config={
        **widgets.REPORT_COLUMNS,
        "budget": st.column_config.NumberColumn("预算数（万元）", format=theme.WAN_YUAN_FORMAT),
        "executed": st.column_config.NumberColumn("执行数（万元）", format=theme.WAN_YUAN_FORMAT),
        "execution_rate": st.column_config.NumberColumn("执行率", format=theme.PERCENT_FORMAT),
        "band_label": st.column_config.TextColumn("区间"),
        "execution_rate_stated": st.column_config.NumberColumn(
            "填报执行率", format=theme.PERCENT_FORMAT
        ),
    },
)  # fmt: skip
