"""绩效指标: how many indicators were met, where they fell short and why, how measurable."""

import streamlit as st

from dashboard import cache, theme, widgets
from dashboard.charts import indicators as indicator_charts
from dashboard.queries import indicators

DIMENSIONS = {"category": "指标类别", "unit": "单位", "year": "年度"}

filters = widgets.start_page(
    "绩效指标",
    "各类别、各单位绩效指标完成情况，未完成指标及偏差原因，目标量化程度与目标值对比。",
)
totals = cache.run(indicators.indicator_totals, filters)
if totals.indicator_count == 0:
    widgets.empty()
    st.stop()

widgets.kpi_row(
    [
        widgets.Kpi("指标数", theme.format_count(totals.indicator_count)),
        widgets.Kpi(
            "指标完成率",
            theme.format_percent(totals.completion_rate),
            help="已完成 ÷（已完成 + 部分完成 + 未完成）；“无法判断”的指标不计入",
        ),
        widgets.Kpi(
            "未完成及部分完成",
            theme.format_count(totals.partly_met + totals.not_met),
            help=f"部分完成 {totals.partly_met} 个，未完成 {totals.not_met} 个",
        ),
        widgets.Kpi(
            "无法判断",
            theme.format_count(totals.not_judgeable),
            help="目标或实际值为定性描述、无法比较的指标，不计入完成率",
        ),
        widgets.Kpi(
            "量化目标占比",
            theme.format_percent(totals.quantified_share),
            help="目标值含明确数字（非定性描述）的指标占全部指标的比例",
        ),
        widgets.Kpi(
            "缺少偏差原因",
            theme.format_count(totals.reason_missing),
            help="部分完成或未完成、但未填写偏差原因的指标",
        ),
    ],
    per_row=6,
)

st.subheader("完成情况")
by_category = cache.run(indicators.completion_breakdown, filters, "category")
by_unit = cache.run(indicators.completion_breakdown, filters, "unit")
left, right = st.columns(2)
with left:
    widgets.chart(indicator_charts.completion_bars(by_category, "指标类别"), "indicators_category")
with right:
    widgets.chart(indicator_charts.completion_bars(by_unit, "单位"), "indicators_unit")

st.subheader("未完成指标及偏差原因", help="部分完成、未完成，以及无法判断但填写了偏差原因的指标")
shortfalls = cache.run(indicators.shortfalls, filters)
if shortfalls.empty:
    widgets.empty("当前范围内没有未完成或部分完成的指标。")
else:
    missing = int(shortfalls["reason_missing"].sum())
    st.caption(
        f"共 {len(shortfalls)} 条，其中 {missing} 条未填写偏差原因（标记为“⚠ 未填写”）。"
        "点击“查看详情”打开报告。"
    )
    table = shortfalls.assign(
        link=widgets.report_links(shortfalls["report_id"]),
        status=shortfalls["completion_status"].map(theme.COMPLETION_LABELS),
        reason=shortfalls["deviation_reason"].fillna("⚠ 未填写"),
    )
    widgets.table(
        # The reason is what the reader came for: beside the indicator, not off-screen.
        table[["link", "unit_name", "level3", "reason", "target", "actual", "status",
               "completion_percent", "year", "project_name", "level1_category"]],
        "未完成指标",
        hide_index=True,
        column_config={
            **widgets.REPORT_COLUMNS,
            "level1_category": st.column_config.TextColumn("一级指标"),
            "level3": st.column_config.TextColumn("三级指标"),
            "target": st.column_config.TextColumn("指标值"),
            "actual": st.column_config.TextColumn("实际完成值"),
            "status": st.column_config.TextColumn("完成情况"),
            "completion_percent": st.column_config.NumberColumn(
                "完成比例", format=theme.PERCENT_FORMAT, help="实际 ÷ 目标（反向指标为目标 ÷ 实际）"
            ),
            "reason": st.column_config.TextColumn("偏差原因", width="large"),
        },
    )  # fmt: skip

st.subheader("目标量化程度")
dimension = st.radio(
    "分组", list(DIMENSIONS), format_func=DIMENSIONS.get, horizontal=True, key="ind_share_by"
)
share = {"category": by_category, "unit": by_unit}.get(dimension)
if share is None:
    share = cache.run(indicators.completion_breakdown, filters, dimension)
widgets.chart(
    indicator_charts.quantified_share_bars(share, DIMENSIONS[dimension], dimension != "year"),
    f"indicators_quantified_{dimension}",
)

st.subheader("数值型指标：目标与实际")
points = cache.run(indicators.target_vs_actual, filters)
if points.empty:
    widgets.empty("当前范围内没有目标值与实际值均为同一计量单位数字的指标。")
else:
    st.caption(
        f"{len(points)} 个指标的目标值与实际值均为正数且计量单位相同"
        "（实际值未写单位的按目标值单位）。"
        "对角虚线上方为超额完成（反向指标相反）。"
    )
    widgets.chart(indicator_charts.target_actual_scatter(points), "indicators_target_actual")
