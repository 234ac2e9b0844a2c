"""单位对比: two to six reporting units side by side (metrics, small multiples, a table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, widgets
from dashboard.charts import units as units_charts
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries import units
from dashboard.sidebar import PICKER_OPTIONS

COMPARE_KEY = "compare"  # URL parameter: the compared units travel with a shared link

filters = widgets.start_page(
    "单位对比", "选 2–6 个单位并排比较预算执行、指标完成、自评得分与数据质量"
)
choices = cache.run(units.unit_choices, filters)
if choices.empty:
    widgets.empty()
    st.stop()

picked = st.multiselect(
    t("对比单位"),
    choices["unit_name"].tolist(),
    default=units.default_units(choices),
    max_selections=units.MAX_COMPARED,
    key=COMPARE_KEY,
    bind="query-params",
    **PICKER_OPTIONS,
    placeholder=t("选择 2–6 个单位"),
    help=t("默认选中当前筛选范围内报告最多的单位；所选单位写入网址，可直接分享对比链接"),
)
if len(picked) < 2:
    widgets.empty(
        t("单位对比至少需要 2 个单位。")
        + (
            t("请在上方再选择单位。")
            if len(choices) > 1
            else t("当前筛选范围内只有 1 个单位，请放宽筛选条件。")
        )
    )
    st.stop()

chosen = tuple(picked)
metrics = cache.run(units.unit_metrics, filters, chosen)
unit_years = cache.run(units.unit_years, filters, chosen)


CARD_METRICS = ("report_count", "budget_total", "executed_total", "execution_rate",
                "completion_rate", "average_self_score", "flags_per_report")  # fmt: skip


def _metric_cards(row: pd.Series) -> None:
    """One unit's figures as a column of metric cards."""
    st.markdown(f"**{markdown(row['unit_name'])}**")
    for key in CARD_METRICS:
        card = widgets.metric(key, row[key])
        st.metric(card.label, card.value, help=card.help, border=True)


# layout
for column, (_, row) in zip(st.columns(len(metrics)), metrics.iterrows(), strict=False):
    with column:
        _metric_cards(row)

widgets.chart(units_charts.unit_rates(metrics), "unit_rates")
st.caption(t("虚线为预算执行率分档线：80%、90%、100%。"))
widgets.chart(
    units_charts.unit_small_multiples(unit_years, units_charts.EXECUTION_RATE),
    "unit_execution_rate_by_year",
)
widgets.chart(
    units_charts.unit_small_multiples(unit_years, units_charts.BUDGET), "unit_budget_by_year"
)

st.subheader(t("对比表"))
widgets.table(metrics, "单位对比", hide_index=True)
