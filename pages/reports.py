"""报告列表: every report in the warehouse, filtered by year and project name."""

import streamlit as st

from dashboard import db, queries, theme

ALL_YEARS = "全部"
# The flag count sits before the long text columns so that it stays in view.
TABLE_COLUMNS = [
    "year",
    "department",
    "project_name",
    "budget",
    "executed",
    "execution_rate",
    "execution_rate_stated",
    "quality_flag_count",
    "self_score_total",
    "grade",
    "form_kind",
    "source_file",
]

st.title("报告列表")

try:
    con = db.get_connection()
except db.WarehouseUnavailable as err:
    st.info(str(err), icon=":material/info:")
    st.stop()

year_column, search_column = st.columns([1, 3])
year_choice = year_column.selectbox(
    "年度",
    [ALL_YEARS, *queries.list_years(con)],
    format_func=lambda year: year if year == ALL_YEARS else f"{year} 年",
    key="year",
)
search = search_column.text_input("项目名称", placeholder="输入项目名称中的字词", key="search")

reports = queries.list_reports(
    con, year=None if year_choice == ALL_YEARS else int(year_choice), search=search
)
totals = queries.summarize_reports(reports)

count_tile, budget_tile, executed_tile, rate_tile = st.columns(4)
count_tile.metric("报告数", totals.report_count)
budget_tile.metric("预算总额(万元)", theme.format_wan_yuan(totals.budget_total))
executed_tile.metric("执行总额(万元)", theme.format_wan_yuan(totals.executed_total))
rate_tile.metric(
    "执行率",
    theme.format_percent(totals.execution_rate),
    help="执行总额 ÷ 预算总额，只计同时填报了预算数和执行数的报告",
)

if reports.empty:
    st.info("没有符合条件的报告。")
else:
    st.dataframe(
        reports.assign(form_kind=reports["form_kind"].map(theme.form_kind_label)),
        hide_index=True,
        placeholder="—",
        column_order=TABLE_COLUMNS,
        column_config={
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "department": st.column_config.TextColumn("预算部门"),
            "project_name": st.column_config.TextColumn("项目名称"),
            "budget": st.column_config.NumberColumn("预算数(万元)", format=theme.WAN_YUAN_FORMAT),
            "executed": st.column_config.NumberColumn("执行数(万元)", format=theme.WAN_YUAN_FORMAT),
            "execution_rate": st.column_config.NumberColumn(
                "执行率", format=theme.PERCENT_FORMAT, help="执行数 ÷ 预算数，由数据计算"
            ),
            "execution_rate_stated": st.column_config.NumberColumn(
                "填报执行率", format=theme.PERCENT_FORMAT, help="报告中填写的执行率"
            ),
            "self_score_total": st.column_config.NumberColumn(
                "自评得分", format=theme.SCORE_FORMAT
            ),
            "grade": st.column_config.TextColumn("评价等级"),
            "form_kind": st.column_config.TextColumn("表式"),
            "source_file": st.column_config.TextColumn("来源文件"),
            "quality_flag_count": st.column_config.NumberColumn(
                "质量提示", format="%d", help="该报告的数据质量问题条数"
            ),
        },
    )
