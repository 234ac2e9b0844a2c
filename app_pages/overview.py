"""总览: the leadership's one-glance page: money spent, goals met, where the problems are."""

import streamlit as st

from dashboard import cache, theme, widgets
from dashboard.charts import execution as execution_charts
from dashboard.charts import overview as overview_charts
from dashboard.queries import execution, overview

filters = widgets.start_page(
    "总览", "钱花得怎么样、目标完成得怎么样、问题在哪里：最新年度关键指标、逐年趋势与重点问题。"
)
by_year = cache.run(overview.kpis_by_year, filters)
latest = overview.latest_kpis(by_year)
if latest is None:
    widgets.empty()
    st.stop()

# label, KPI key, formatter, delta formatter, delta colour, help
_COUNT = (theme.format_count, lambda d: f"{d:+,.0f}")
_MONEY = (theme.format_amount, lambda d: ("+" if d >= 0 else "") + theme.format_amount(d))
_RATE = (theme.format_percent, lambda d: f"{d:+.2f}个百分点")
_SCORE = (theme.format_score, lambda d: f"{d:+.2f}分")
# Row 1: how the money is spent; row 2: are goals met, where are problems, and the scale.
MONEY_CARDS = (
    ("预算总额", "budget_total", _MONEY, "off", "全年预算数合计"),
    ("执行总额", "executed_total", _MONEY, "off", "全年执行数合计"),
    (
        "总体执行率",
        "execution_rate",
        _RATE,
        "normal",
        "执行数合计 ÷ 预算数合计，只计同时填报预算数和执行数的报告（不是各报告执行率的平均）",
    ),
)
OTHER_CARDS = (
    ("指标完成率", "indicator_completion_rate", _RATE, "normal",
     "已完成指标 ÷（已完成 + 部分完成 + 未完成）；无法判断完成情况的指标不计入"),
    ("平均自评分", "average_self_score", _SCORE, "normal", "填报了自评总分的报告的平均分"),
    ("质量问题", "quality_flag_count", _COUNT, "inverse",
     "数据质量检查发现的“错误”和“警告”条数（不含“提示”）"),
    ("报告数", "report_count", _COUNT, "off", "本年度纳入统计的自评报告份数"),
    ("项目数", "project_count", _COUNT, "off", "跨年度识别为同一项目的只计一次"),
    ("单位数", "unit_count", _COUNT, "off", "填报报告的实施单位（或预算单位）数"),
)  # fmt: skip
# Streamlit markdown colour names closest to the band colours.
_MARKDOWN_COLORS = {"bad": "red", "warning": "orange", "good": "green", "over": "violet"}


def _kpi(label: str, key: str, formats: tuple, delta_color: str, help_text: str) -> widgets.Kpi:
    value = latest.values[key]
    show, show_delta = formats
    delta = None if value.delta is None else show_delta(value.delta)
    return widgets.Kpi(label, show(value.current), delta, help_text, delta_color)


if latest.previous_year is None:
    st.caption(f"以下指标为{latest.year}年数据（范围内只有一个年度，不显示同比变化）。")
else:
    st.caption(f"以下指标为{latest.year}年数据，箭头为较{latest.previous_year}年的变化。")
widgets.kpi_row([_kpi(*card) for card in MONEY_CARDS], per_row=len(MONEY_CARDS))
widgets.kpi_row([_kpi(*card) for card in OTHER_CARDS], per_row=len(OTHER_CARDS))

units = cache.run(execution.execution_by_unit, filters)
period = execution_charts.period_label(by_year["year"])
left, right = st.columns([3, 2])
with left:
    widgets.chart(overview_charts.yearly_trend(by_year), "overview_trend")
with right:
    st.subheader("最需关注的单位", help="范围内各年度合计预算执行率最低的单位")
    lowest = overview.lowest_units(units)
    if lowest.empty:
        widgets.empty("没有同时填报预算数和执行数的报告，无法计算执行率。")
    else:
        for row in lowest.itertuples():
            st.markdown(
                f"**{row.unit_name}**　执行率 :{_MARKDOWN_COLORS[row.band]}"
                f"[{theme.format_percent(row.execution_rate)}]"
                f"　（预算{theme.format_amount(row.budget)}，"
                f"执行{theme.format_amount(row.executed)}，{row.report_count}份报告）"
            )

if not units.empty:
    widgets.chart(execution_charts.ranking_bar(units, "单位", period), "overview_unit_rates")

st.subheader(
    "重点问题",
    help="错误优先于警告，其次按偏离程度（如执行率离100%的距离）排序；每份报告列其最严重的一条",
)
flags = cache.run(overview.worst_flags, filters)
if flags.empty:
    st.success("当前范围内没有“错误”或“警告”级别的数据质量问题。", icon=":material/check_circle:")
else:
    table = flags.assign(
        link="detail?report=" + flags["report_id"],
        severity=flags["severity"].map(theme.SEVERITY_LABELS),
    )
    st.dataframe(
        table[["link", "severity", "unit_name", "year", "project_name", "message",
               "execution_rate", "report_flag_count"]],
        hide_index=True,
        column_config={
            "link": st.column_config.LinkColumn("报告", display_text="查看详情"),
            "severity": st.column_config.TextColumn("级别"),
            "unit_name": st.column_config.TextColumn("单位"),
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "project_name": st.column_config.TextColumn("项目"),
            "message": st.column_config.TextColumn("问题", width="large"),
            "execution_rate": st.column_config.NumberColumn(
                "执行率", format=theme.PERCENT_FORMAT
            ),
            "report_flag_count": st.column_config.NumberColumn(
                "该报告问题数", format=theme.COUNT_FORMAT
            ),
        },
    )  # fmt: skip
