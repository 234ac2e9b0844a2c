"""总览: the leadership's one-glance page: money spent, goals met, where the problems are."""

import streamlit as st

from dashboard import cache, catalogue, i18n, kpi_cards, rules, theme, widgets
from dashboard.charts import execution as execution_charts
from dashboard.charts import overview as overview_charts
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries import execution, overview, scores
from dashboard.sidebar import current_profile
from etl.scoring.profiles import get_profile

WARNED_UNITS = 8  # units listed beside the warning counts, most red reports first

filters = widgets.start_page(
    "总览", "钱花得怎么样、目标完成得怎么样、问题在哪里：最新年度关键指标、逐年趋势与重点问题。"
)
by_year = cache.run(overview.kpis_by_year, filters)
latest = overview.latest_kpis(by_year)
if latest is None:
    widgets.empty()
    st.stop()

units = cache.run(execution.execution_by_unit, filters)
latest_units = cache.run(execution.execution_by_unit, filters.with_years(latest.year, latest.year))
lowest = overview.lowest_units(latest_units)
flags = cache.run(overview.worst_flags, filters)
latest_year = filters.with_years(latest.year, latest.year)
status = cache.run(scores.warning_status, latest_year)
warned_units = cache.run(scores.unit_warning_status, latest_year, WARNED_UNITS)
profile = get_profile(current_profile())
rescored = cache.run(scores.score_summary, latest_year, profile.key)
period = execution_charts.period_label(by_year["year"])

# Streamlit markdown colour names closest to the band colours.
_MARKDOWN_COLORS = {"bad": "red", "warning": "orange", "good": "green", "over": "violet"}


def _cards(cards: tuple[kpi_cards.KpiCard, ...]) -> list[widgets.Kpi]:
    texts = [kpi_cards.card_text(card, latest, i18n.current()) for card in cards]
    return [widgets.Kpi(x.label, x.value, x.delta, x.help, x.delta_color) for x in texts]


# layout
st.caption(kpi_cards.period_caption(latest, i18n.current()))
widgets.kpi_row(_cards(kpi_cards.MONEY_CARDS), per_row=len(kpi_cards.MONEY_CARDS))
widgets.kpi_row(_cards(kpi_cards.OTHER_CARDS), per_row=len(kpi_cards.OTHER_CARDS))
st.subheader(t("预警状态（{period}）", period=t("{year}年", year=latest.year)))
widgets.kpi_row(
    [
        *(widgets.metric(f"{level}_reports", count) for level, count in status.items()),
        widgets.metric(
            "average_recomputed_score", rescored.average_recomputed, help=t(profile.name)
        ),
        widgets.metric("differing_reports", rescored.differing, help=t(profile.name)),
    ],
    per_row=5,
)
if not warned_units.empty:
    widgets.table(
        warned_units, "预警单位", hide_index=True, key="overview_warned_units",
        column_order=["unit_name", "red_reports", "yellow_reports", "green_reports"],
    )  # fmt: skip
with st.expander(t("预警规则")):
    st.markdown("\n".join(f"- {markdown(text)}" for text in rules.warning_rules()))

left, right = st.columns([3, 2])
with left:
    widgets.chart(overview_charts.yearly_trend(by_year), "overview_trend")
with right:
    st.subheader(
        t("最需关注的单位"),
        help=t(
            "{year}年（与上方卡片同一年度）执行率处于预警区间的单位，按未执行金额从大到小",
            year=latest.year,
        ),
    )
    if lowest.empty:
        st.success(
            t("{year}年没有执行率处于预警区间的单位。", year=latest.year),
            icon=":material/check_circle:",
        )
    else:
        for row in lowest.itertuples():
            rate = f":{_MARKDOWN_COLORS[row.band]}[{theme.format_percent(row.execution_rate)}]"
            st.markdown(
                f"**{markdown(row.unit_name)}**　"
                + t(
                    "执行率 {rate}　（预算{budget}，执行{executed}，{reports}份报告）",
                    rate=rate,
                    budget=catalogue.format_value("money", row.budget, i18n.current()),
                    executed=catalogue.format_value("money", row.executed, i18n.current()),
                    reports=row.report_count,
                )
            )

if not units.empty:
    widgets.chart(
        execution_charts.ranking_bar(units, t("单位"), period),
        "overview_unit_rates",
        on_click=widgets.unit_of_point,
    )

st.subheader(
    t("重点问题"),
    help=t("错误优先于警告，其次按偏离程度（如执行率离100%的距离）排序；每份报告列其最严重的一条"),
)
if flags.empty:
    st.success(
        t("当前范围内没有“错误”或“警告”级别的数据质量问题。"), icon=":material/check_circle:"
    )
else:
    table = flags.assign(severity=flags["severity"].map(theme.SEVERITY_LABELS))
    widgets.table(
        table[["severity", "unit_name", "message", "year", "project_name", "execution_rate",
               "report_flag_count"]],
        "需关注事项",
        hide_index=True,
        report_ids=flags["report_id"],
    )  # fmt: skip
