"""产出成效: outcome figures stated in the reports, over the years, by unit, with sources."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, catalogue, i18n, pager, theme, widgets
from dashboard.charts import outcomes as outcomes_charts
from dashboard.i18n import t
from dashboard.queries import outcomes
from dashboard.queries.outcomes import LatestFigure

METRIC_KEY = "outcome_metric"

filters = widgets.start_page(
    "产出成效", "报告正文陈述的专利、带动投入、培训等产出数字：逐年、分单位，并附原文出处"
)
figure_count, stated_count = cache.run(outcomes.figure_counts, filters)
if figure_count == 0:
    widgets.empty("当前筛选范围内的报告没有陈述产出数字。请放宽年度范围或单位等筛选条件。")
    st.stop()
unit_years = cache.run(outcomes.unit_year_outcomes, filters)
yearly = outcomes.yearly_totals(unit_years)
by_unit = outcomes.unit_totals(unit_years)
latest = [f for f in outcomes.latest_year_figures(yearly) if f.value is not None]
sources = (
    cache.run(outcomes.headline_sources, filters, latest[0].year, [f.metric for f in latest])
    if latest
    else None
)


def _format(value: float | None, unit: str) -> str:
    """A figure the Chinese way: money as 万元/亿元, counts as 8,765 / 7.52万 plus the unit."""
    if value is None:
        return theme.MISSING
    if unit == "万元":
        return catalogue.format_value("money", value, i18n.current())
    space = " " if i18n.current() == "en" else ""
    return f"{theme.format_count(value)}{space}{t(unit)}"


def _delta(figure: LatestFigure) -> str | None:
    """Change against the year before, signed, in the figure's unit (None when unknown)."""
    if figure.value is None or figure.previous is None:
        return None
    change = figure.value - figure.previous
    return ("+" if change >= 0 else "-") + _format(abs(change), figure.unit)


# layout
if latest and sources is not None:
    st.subheader(t("{year}年主要产出", year=latest[0].year))
    widgets.kpi_row(
        [
            widgets.Kpi(
                t(figure.label),
                _format(figure.value, figure.unit),
                delta=_delta(figure),
                help=t("较{year}年变化；", year=figure.year - 1) + t(outcomes.DEDUP_RULE),
            )
            for figure in latest
        ],
        per_row=len(latest),
    )
    with st.expander(t("这些数字出自哪里（每个单位取其报告陈述的最大值，不把分项加到总数上）")):
        widgets.table(
            sources.drop(columns=["metric", "report_id"]),
            "主要产出出处",
            hide_index=True,
            report_ids=sources["report_id"],
        )

if not yearly.empty:
    widgets.chart(outcomes_charts.outcomes_by_year(yearly), "outcomes_by_year")
    st.caption(t("合计口径：") + t(outcomes.DEDUP_RULE))

    metric_keys = list(dict.fromkeys(yearly["metric"]))
    metric = st.selectbox(
        t("分单位查看的指标"),
        metric_keys,
        format_func=lambda key: t(outcomes.metric_info(key).label),
        key=METRIC_KEY,
    )
    left, right = st.columns(2)
    with left:
        widgets.chart(
            outcomes_charts.outcome_by_unit_year(unit_years, metric), f"outcome_{metric}_by_year"
        )
    with right:
        widgets.chart(outcomes_charts.outcome_by_unit(by_unit, metric), f"outcome_{metric}_by_unit")

if stated_count:
    st.subheader(t("比率与增幅（按原文列示，不作加总）"))
    pager.paged_table(
        "比率与增幅",
        outcomes.figure_page,
        filters,
        ["unit_name", "metric_label", "value", "unit", "sentence", "year"],
        outcomes.FIGURES.sortable,
        query_args=(True,),
    )

st.subheader(t("产出数字及原文出处"))
st.caption(
    t("共 {n} 个数字，数值与单位均按原文；勾选行首方框打开报告详情。", n=f"{figure_count:,d}")
)
pager.paged_table(
    "产出数字",
    outcomes.figure_page,
    filters,
    # the source sentence beside its figure, not off-screen
    ["unit_name", "metric_label", "value", "unit", "sentence", "year", "project_name",
     "qualifier", "entity", "scope", "source_position", "rule_label", "conflict"],
    outcomes.FIGURES.sortable,
    prepare=lambda rows: rows.assign(
        scope=rows["scope"].map(theme.OUTCOME_SCOPE_LABELS),
        conflict=rows["conflict"].map(theme.CONFLICT_LABELS),
    ),
)  # fmt: skip
