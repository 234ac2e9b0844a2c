"""绩效指标: how many indicators were met, where they fell short and why, how measurable."""

import streamlit as st

from dashboard import cache, pager, rules, theme, widgets
from dashboard.charts import indicators as indicator_charts
from dashboard.i18n import t
from dashboard.queries import design, indicators, scores

DIMENSIONS = {"category": "指标类别", "unit": "单位", "year": "年度"}  # Chinese source text

filters = widgets.start_page(
    "绩效指标",
    "各类别、各单位绩效指标完成情况，未完成指标及偏差原因，目标量化程度与目标值对比。",
)
totals = cache.run(indicators.indicator_totals, filters)
if totals.indicator_count == 0:
    widgets.empty()
    st.stop()
# Every grouping of the breakdown: the quantified-target chart switches among them.
breakdowns = {
    dimension: cache.run(indicators.completion_breakdown, filters, dimension)
    for dimension in DIMENSIONS
}
shortfall_count, reasons_missing = cache.run(indicators.shortfall_counts, filters)
points = cache.run(indicators.target_vs_actual, filters)
design_rules = cache.run(design.rule_counts, filters)
warned = cache.run(scores.indicator_rule_counts, filters)

# layout
widgets.kpi_row(
    [
        widgets.metric("indicator_count", totals.indicator_count),
        widgets.metric("completion_rate", totals.completion_rate),
        widgets.metric(
            "shortfall_count",
            totals.partly_met + totals.not_met,
            help=t(
                "部分完成 {partly} 个，未完成 {not_met} 个",
                partly=totals.partly_met,
                not_met=totals.not_met,
            ),
        ),
        widgets.metric("not_judgeable_count", totals.not_judgeable),
        widgets.metric("quantified_share", totals.quantified_share),
        widgets.metric("reason_missing", totals.reason_missing),
    ],
    per_row=6,
)

st.subheader(t("完成情况"))
left, right = st.columns(2)
with left:
    widgets.chart(
        indicator_charts.completion_bars(breakdowns["category"], t("指标类别")),
        "indicators_category",
    )
with right:
    widgets.chart(
        indicator_charts.completion_bars(breakdowns["unit"], t("单位")), "indicators_unit"
    )

st.subheader(
    t("未完成指标及偏差原因"), help=t("部分完成、未完成，以及无法判断但填写了偏差原因的指标")
)
if shortfall_count == 0:
    widgets.empty("当前范围内没有未完成或部分完成的指标。")
else:
    st.caption(
        t(
            "共 {n} 条，其中 {missing} 条未填写偏差原因（标记为“⚠ 未填写”）。"
            "勾选行首方框打开报告详情。",
            n=shortfall_count,
            missing=reasons_missing,
        )
    )
    pager.paged_table(
        "未完成指标",
        indicators.shortfall_page,
        filters,
        # The reason is what the reader came for: beside the indicator, not off-screen.
        ["unit_name", "level3", "deviation_reason", "target", "actual", "completion_status",
         "completion_percent", "year", "project_name", "level1_category"],
        indicators.SHORTFALLS.sortable,
        prepare=lambda rows: rows.assign(
            completion_status=rows["completion_status"].map(theme.COMPLETION_LABELS),
            deviation_reason=rows["deviation_reason"].fillna(t("⚠ 未填写")),
        ),
    )  # fmt: skip

st.subheader(t("目标量化程度"))
dimension = st.radio(
    t("分组"),
    list(DIMENSIONS),
    format_func=lambda key: t(DIMENSIONS[key]),
    horizontal=True,
    key="ind_share_by",
)
widgets.chart(
    indicator_charts.quantified_share_bars(
        breakdowns[dimension], t(DIMENSIONS[dimension]), dimension != "year"
    ),
    f"indicators_quantified_{dimension}",
)

st.subheader(t("数值型指标：目标与实际"))
if points.empty:
    widgets.empty("当前范围内没有目标值与实际值均为同一计量单位数字的指标。")
else:
    st.caption(
        t(
            "{n} 个指标的目标值与实际值均为正数且计量单位相同（实际值未写单位的按目标值单位）。"
            "对角虚线上方为超额完成（反向指标相反）。",
            n=len(points),
        )
    )
    widgets.chart(indicator_charts.target_actual_scatter(points), "indicators_target_actual")

st.subheader(t("指标预警"), help=t("针对单个指标的红色、黄色预警；各规则说明如下"))
if warned.empty:
    widgets.empty("当前范围内没有针对指标的预警。")
else:
    st.markdown(
        "\n".join(
            "- "
            + t(
                "{level}　{rule}：{warnings} 条，涉及 {reports} 份报告",
                level=t(theme.WARNING_LEVEL_LABELS[level]),
                rule=rules.warning_rule(rule),
                warnings=count,
                reports=reports,
            )
            for rule, level, count, reports in warned.itertuples(index=False)
        )
    )
    pager.paged_table(
        "指标预警",
        scores.indicator_warning_page,
        filters,
        ["warning_level", "unit_name", "level3", "warning_message", "year", "project_name"],
        scores.INDICATOR_WARNINGS.sortable,
        prepare=lambda rows: rows.assign(
            warning_level=rows["level"].map(theme.WARNING_LEVEL_LABELS)
        ),
    )  # fmt: skip
st.page_link(
    "app_pages/library.py",
    label=t("在指标库中查看各指标的使用与完成情况"),
    icon=":material/menu_book:",
)

st.subheader(
    t("指标设计质量"),
    help=t("每份有绩效指标的报告按下列规则审查；单位按每份报告的设计问题数由少到多排名"),
)
if design_rules.empty:
    widgets.empty("当前范围内的报告未发现指标设计问题（或没有绩效指标）。")
else:
    audited = int(design_rules["audited_reports"].iloc[0])
    st.markdown(
        "\n".join(
            "- "
            + t(
                "{rule}：{reports} / {audited} 份报告，{findings} 处",
                rule=rules.design_rule(rule),
                reports=reports,
                audited=audited,
                findings=findings,
            )
            for rule, reports, findings in design_rules[["rule", "reports", "findings"]].itertuples(
                index=False
            )
        )
    )
    pager.paged_table(
        "单位指标设计质量排名",
        design.unit_ranking_page,
        filters,
        ["design_rank", "unit_name", "audited_reports", "design_findings",
         "findings_per_report", "clean_share"],
        design.UNIT_RANKING.sortable,
        report_ids=False,
    )  # fmt: skip
