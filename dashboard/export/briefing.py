"""What a briefing says for given filters: one value that every export writer renders.

The KPI cards are the 总览 page's; the charts are the pages' own figures; each chart gets
a one-line takeaway computed from the same data (执行率最低：某单位 62.3%), so the deck, the
Word report and the workbook state the same facts as the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard import kpi_cards, theme
from dashboard.charts import execution as execution_charts
from dashboard.charts import indicators as indicator_charts
from dashboard.charts import overview as overview_charts
from dashboard.charts import quality as quality_charts
from dashboard.export.tables import Column, Table
from dashboard.filters import Filters
from dashboard.queries import execution, indicators, outcomes, overview, quality
from dashboard.queries.reports import list_reports

TITLE = "项目支出绩效自评情况简报"
RED_FLAG_LIMIT = 10


@dataclass(frozen=True)
class ChartItem:
    """A key chart: file stem, the figure (titled), and its one-line takeaway."""

    key: str
    figure: go.Figure
    takeaway: str

    @property
    def title(self) -> str:
        """The figure's own title (what the chart shows)."""
        return str(self.figure.layout.title.text or "")


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing states for one filter scope. Empty when nothing is in scope."""

    title: str
    scope: str  # Filters.describe()
    created: dt.date
    year: int | None  # the year the KPIs show (the latest in scope)
    previous_year: int | None  # the year their changes compare with
    period_caption: str | None  # which year the KPIs show and what they compare with
    kpis: tuple[kpi_cards.KpiText, ...]
    charts: tuple[ChartItem, ...]
    red_flags: Table
    execution_by_unit: Table  # for native workbook charts
    execution_by_year: Table
    tables: tuple[Table, ...]  # the detail tables: reports, indicators, outcomes, flags

    @property
    def is_empty(self) -> bool:
        """True when no report is in scope."""
        return not self.kpis


def build_briefing(
    con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date | None = None
) -> Briefing:
    """Gather the briefing for `filters` from the warehouse (read-only)."""
    by_year = overview.kpis_by_year(con, filters)
    latest = overview.latest_kpis(by_year)
    units = execution.execution_by_unit(con, filters)
    categories = indicators.completion_breakdown(con, filters, "category")
    flag_counts = quality.flags_by_code(con, filters)
    charts = (
        _trend_chart(by_year),
        _unit_chart(units, execution_charts.period_label(by_year["year"])),
        _category_chart(categories),
        _flag_chart(flag_counts),
    )
    return Briefing(
        title=TITLE,
        scope=filters.describe(),
        created=today or dt.date.today(),
        year=None if latest is None else latest.year,
        previous_year=None if latest is None else latest.previous_year,
        period_caption=None if latest is None else kpi_cards.period_caption(latest),
        kpis=()
        if latest is None
        else tuple(kpi_cards.card_text(card, latest) for card in kpi_cards.ALL_CARDS),
        charts=tuple(chart for chart in charts if chart is not None),
        red_flags=red_flag_table(overview.worst_flags(con, filters, RED_FLAG_LIMIT)),
        execution_by_unit=_execution_table(
            "各单位执行率", "各单位预算执行情况", units, Column("unit_name", "单位")
        ),
        execution_by_year=_execution_table(
            "各年度执行率",
            "各年度预算执行情况",
            by_year.rename(columns={"budget_total": "budget", "executed_total": "executed"}),
            Column("year", "年度", "int"),
        ),
        tables=detail_tables(con, filters),
    )


# --- the key charts and their takeaways ------------------------------------------------


def _trend_chart(by_year: pd.DataFrame) -> ChartItem | None:
    rated = by_year.dropna(subset=["execution_rate"])
    if rated.empty:
        return None
    last = rated.iloc[-1]
    takeaway = f"{int(last['year'])}年总体执行率{theme.format_percent(last['execution_rate'], 1)}"
    if len(rated) > 1:
        before = rated.iloc[-2]
        change = float(last["execution_rate"] - before["execution_rate"])
        direction = "上升" if change >= 0 else "下降"
        takeaway += f"，较{int(before['year'])}年{direction}{abs(change):.1f}个百分点"
    return ChartItem("trend_by_year", overview_charts.yearly_trend(by_year), takeaway)


def _unit_chart(units: pd.DataFrame, period: str) -> ChartItem | None:
    rated = units.dropna(subset=["execution_rate"]).sort_values("execution_rate")
    if rated.empty:
        return None
    low, high = rated.iloc[0], rated.iloc[-1]
    takeaway = f"执行率最低：{low['unit_name']} {theme.format_percent(low['execution_rate'], 1)}"
    if len(rated) > 1:
        takeaway += f"；最高：{high['unit_name']} {theme.format_percent(high['execution_rate'], 1)}"
    below = int((rated["execution_rate"] < theme.BAND_WARNING).sum())
    if below:
        takeaway += f"；{below}个单位低于{theme.BAND_WARNING:.0f}%"
    figure = execution_charts.ranking_bar(units, "单位", period)
    return ChartItem("execution_by_unit", figure, takeaway)


def _category_chart(categories: pd.DataFrame) -> ChartItem | None:
    rated = categories.dropna(subset=["completion_rate"]).sort_values("completion_rate")
    if rated.empty:
        return None
    low = rated.iloc[0]
    takeaway = (
        f"指标完成率最低的类别：{low['label']} {theme.format_percent(low['completion_rate'], 1)}"
        f"（{int(low['partly_met'] + low['not_met'])}项未完全完成）"
    )
    figure = indicator_charts.completion_bars(categories, "指标类别")
    return ChartItem("completion_by_category", figure, takeaway)


def _flag_chart(counts: pd.DataFrame) -> ChartItem | None:
    if counts.empty:
        return None
    by_code = counts.groupby(["code", "description"], as_index=False)["n_flags"].sum()
    top = by_code.sort_values(["n_flags", "code"], ascending=[False, True]).iloc[0]
    takeaway = (
        f"最常见的数据质量问题：{top['description']}（{int(top['n_flags'])}条，"
        f"共{int(by_code['n_flags'].sum())}条）"
    )
    return ChartItem("flags_by_code", quality_charts.flags_by_code_chart(counts), takeaway)


# --- tables ----------------------------------------------------------------------------


def _execution_table(name: str, title: str, rows: pd.DataFrame, label: Column) -> Table:
    return Table(
        name,
        title,
        rows,
        (
            label,
            Column("budget", "预算数（万元）", "money"),
            Column("executed", "执行数（万元）", "money"),
            Column("execution_rate", "执行率", "percent"),
        ),
    )


def red_flag_table(flags: pd.DataFrame) -> Table:
    """The worst quality flags (one per report), as on the 总览 page."""
    shown = flags.assign(severity=flags["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s)))
    return Table(
        "重点问题",
        "重点问题（每份报告列其最严重的一条）",
        shown,
        (
            Column("severity", "级别"),
            Column("unit_name", "单位"),
            Column("year", "年度", "int"),
            Column("project_name", "项目"),
            Column("message", "问题"),
            Column("execution_rate", "执行率", "percent"),
        ),
    )


def detail_tables(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[Table, ...]:
    """The four detail tables of a briefing: reports, indicators, outcomes, quality flags."""
    reports = list_reports(con, filters)
    reports = reports.assign(form_kind=reports["form_kind"].map(theme.form_kind_label))
    rows = indicators.indicator_rows(con, filters)
    rows = rows.assign(completion_status=rows["completion_status"].map(theme.COMPLETION_LABELS))
    figures = outcomes.outcome_figures(con, filters)
    flags = quality.flag_list(con, filters)
    flags = flags.assign(severity=flags["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s)))
    where = Column("source_position", "原文位置")
    return (
        Table("报告", "自评报告", reports, (
            Column("year", "年度", "int"), Column("department_name", "主管部门"),
            Column("unit_name", "单位"), Column("project_name", "项目名称"),
            Column("budget", "预算数（万元）", "money"),
            Column("executed", "执行数（万元）", "money"),
            Column("execution_rate", "执行率", "percent"),
            Column("execution_rate_stated", "填报执行率", "percent"),
            Column("self_score_total", "自评得分", "score"), Column("grade", "等级"),
            Column("form_kind", "表式"), Column("quality_flag_count", "质量问题数", "int"),
            Column("source_file", "来源文件"),
        )),
        Table("绩效指标", "绩效指标", rows, (
            Column("year", "年度", "int"), Column("unit_name", "单位"),
            Column("project_name", "项目名称"), Column("category", "一级指标"),
            Column("level2", "二级指标"), Column("level3", "三级指标"),
            Column("target", "年度指标值"), Column("actual", "实际完成值"),
            Column("weight", "分值", "score"), Column("score", "得分", "score"),
            Column("completion_status", "完成情况"),
            Column("completion_percent", "完成比例", "percent"),
            Column("deviation_reason", "偏差原因"), where,
        )),
        Table("产出成效", "报告中陈述的产出与成效", figures, (
            Column("year", "年度", "int"), Column("unit_name", "单位"),
            Column("project_name", "项目名称"), Column("metric_label", "指标"),
            Column("value", "数值", "number"), Column("unit", "计量单位"),
            Column("sentence", "原文"), Column("rule_label", "读取依据"), where,
        )),
        Table("质量问题", "数据质量问题", flags, (
            Column("year", "年度", "int"), Column("unit_name", "单位"),
            Column("project_name", "项目名称"), Column("severity", "级别"),
            Column("description", "问题类型"), Column("message", "说明"),
            Column("evidence", "依据"),
        )),
    )  # fmt: skip
