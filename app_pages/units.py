"""单位对比: two to six reporting units side by side (metrics, small multiples, a table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, theme, widgets
from dashboard.charts import units as units_charts
from dashboard.escape import markdown
from dashboard.queries import units

COMPARE_KEY = "compare"  # URL parameter: the compared units travel with a shared link

filters = widgets.start_page(
    "单位对比", "选 2–6 个单位并排比较预算执行、指标完成、自评得分与数据质量"
)
choices = cache.run(units.unit_choices, filters)
if choices.empty:
    widgets.empty()
    st.stop()

picked = st.multiselect(
    "对比单位",
    choices["unit_name"].tolist(),
    default=units.default_units(choices),
    max_selections=units.MAX_COMPARED,
    key=COMPARE_KEY,
    bind="query-params",
    placeholder="选择 2–6 个单位",
    help="默认选中当前筛选范围内报告最多的单位；所选单位写入网址，可直接分享对比链接",
)
if len(picked) < 2:
    widgets.empty(
        "单位对比至少需要 2 个单位。"
        + (
            "请在上方再选择单位。"
            if len(choices) > 1
            else "当前筛选范围内只有 1 个单位，请放宽筛选条件。"
        )
    )
    st.stop()

chosen = tuple(picked)
metrics = cache.run(units.unit_metrics, filters, chosen)
unit_years = cache.run(units.unit_years, filters, chosen)


def _metric_cards(row: pd.Series) -> None:
    """One unit's figures as a column of metric cards."""
    st.markdown(f"**{markdown(row['unit_name'])}**")
    cards = (
        ("报告数", f"{row['report_count']:,d} 份", None),
        ("预算数", theme.format_amount(row["budget_total"]), "各报告全年预算数之和"),
        ("执行数", theme.format_amount(row["executed_total"]), "各报告全年执行数之和"),
        ("预算执行率", theme.format_percent(row["execution_rate"]),
         "Σ执行数 ÷ Σ预算数，只计同时填报两项的报告"),
        ("指标完成率", theme.format_percent(row["completion_rate"]),
         "已完成 ÷（已完成 + 部分完成 + 未完成），无法判断的指标不计"),
        ("平均自评分", theme.format_score(row["self_score_avg"]), "填报了自评总分的报告的平均值"),
        ("每份报告质量问题", f"{row['flags_per_report']:.2f}",
         f"质量检查发现 {row['quality_flag_count']:,d} 处问题"),
    )  # fmt: skip
    for label, value, help_text in cards:
        st.metric(label, value, help=help_text, border=True)


for column, (_, row) in zip(st.columns(len(metrics)), metrics.iterrows(), strict=False):
    with column:
        _metric_cards(row)

widgets.chart(units_charts.unit_rates(metrics), "unit_rates")
st.caption("虚线为预算执行率分档线：80%、90%、100%。")
widgets.chart(
    units_charts.unit_small_multiples(unit_years, units_charts.EXECUTION_RATE),
    "unit_execution_rate_by_year",
)
widgets.chart(
    units_charts.unit_small_multiples(unit_years, units_charts.BUDGET), "unit_budget_by_year"
)

st.subheader("对比表")
widgets.table(
    metrics,
    "单位对比",
    hide_index=True,
    column_config={
        "unit_name": st.column_config.TextColumn("单位"),
        "report_count": st.column_config.NumberColumn("报告数", format=theme.COUNT_FORMAT),
        "budget_total": st.column_config.NumberColumn(
            "预算数（万元）", format=theme.WAN_YUAN_FORMAT
        ),
        "executed_total": st.column_config.NumberColumn(
            "执行数（万元）", format=theme.WAN_YUAN_FORMAT
        ),
        "execution_rate": st.column_config.NumberColumn("预算执行率", format=theme.PERCENT_FORMAT),
        "indicators_met": st.column_config.NumberColumn("已完成指标", format=theme.COUNT_FORMAT),
        "indicators_partly_met": st.column_config.NumberColumn(
            "部分完成指标", format=theme.COUNT_FORMAT
        ),
        "indicators_not_met": st.column_config.NumberColumn(
            "未完成指标", format=theme.COUNT_FORMAT
        ),
        "completion_rate": st.column_config.NumberColumn("指标完成率", format=theme.PERCENT_FORMAT),
        "self_score_avg": st.column_config.NumberColumn("平均自评分", format=theme.SCORE_FORMAT),
        "quality_flag_count": st.column_config.NumberColumn(
            "质量问题数", format=theme.COUNT_FORMAT
        ),
        "flags_per_report": st.column_config.NumberColumn("每份报告质量问题", format="%.2f"),
    },
)
