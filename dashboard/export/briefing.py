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

from dashboard import catalogue, kpi_cards, theme
from dashboard.charts import execution as execution_charts
from dashboard.charts import indicators as indicator_charts
from dashboard.charts import overview as overview_charts
from dashboard.charts import quality as quality_charts
from dashboard.export.tables import Column, Table, catalogue_columns
from dashboard.filters import Filters
from dashboard.queries import execution, indicators, outcomes, overview, quality, scores, yoy
from dashboard.queries import rectification as rectification_queries
from dashboard.queries.paging import PageRequest
from dashboard.queries.reports import list_reports
from dashboard.rectification import Item
from etl.scoring.profiles import DEFAULT_PROFILE, Profile, get_profile, load_warning_thresholds
from etl.scoring.warnings import rule_text

TITLE = "项目支出绩效自评情况简报"
RED_FLAG_LIMIT = 10
# A ranking of more units than this is unreadable on a slide (about 7 pt labels): the
# briefing shows the lowest and the highest half of this many instead.
RANKING_LIMIT = 16
MOVER_COUNT = 5  # the largest rises and falls of the execution rate on the YoY table
PROBLEM_LIMIT = 5  # problem types stated under 问题与建议
# What a bureau asks of the units for each kind of problem the checks find.
ADVICE = {
    "LOW_EXECUTION": "督促执行率偏低的单位分析未执行原因、加快支出进度，下年预算统筹考虑。",
    "UNSPENT_SHARE": "对未执行资金较多的项目核实原因，必要时收回或调整预算。",
    "OVER_EXECUTION": "核查执行数超过预算数的项目是否存在超预算支出或填报错误。",
    "RATE_MISMATCH": "要求单位核对填报的执行率与预算数、执行数是否一致，更正计算错误。",
    "MISSING_FIGURE": "要求单位补全项目名称、预算数、执行数等必填项。",
    "CONFLICTING_FIGURE": "要求单位核对正文与表格中的数字，统一口径。",
    "OUTCOME_CONFLICT": "要求单位核实同一产出前后不一致的数字。",
    "SCORE_ABOVE_WEIGHT": "复核自评打分，得分不应超过分值。",
    "SCORE_SUM_MISMATCH": "复核自评打分，各项得分合计应与总分一致。",
    "GRADE_MISMATCH": "按总分重新确定自评等级。",
    "MISSING_DEVIATION_REASON": "要求对扣分指标逐项说明偏差原因和改进措施。",
    "COPY_PASTE_ACTUAL": "要求如实填写实际完成情况，不得照抄年度目标。",
    "LOW_OCR_CONFIDENCE": "对照纸质原件核对扫描件中识别可信度低的数字，或请单位报送电子版。",
    "UNKNOWN_MONEY_UNIT": "要求在表中注明金额单位（元或万元）。",
}
DEFAULT_ADVICE = "请相关单位核实并更正。"


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
class Problem:
    """One kind of problem found in scope, how often, and what to ask of the units."""

    description: str
    n_flags: int
    n_reports: int
    advice: str


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
    appendix: tuple[ChartItem, ...]  # the data-quality charts, after the findings
    data_as_of: dt.datetime | None  # when the warehouse was last loaded (UTC)
    yoy_changes: Table  # units whose execution rate moved most against the year before
    problems: tuple[Problem, ...]  # 问题与建议, most frequent first
    scoring: tuple[str, ...]  # the recomputed scores, warnings and 整改 in sentences
    red_flags: Table
    execution_by_unit: Table  # for native workbook charts
    execution_by_year: Table
    # the detail tables: reports, indicators, outcomes, flags, warnings, recomputed
    # scores (under the chosen profile), 整改 items
    tables: tuple[Table, ...]

    @property
    def all_charts(self) -> tuple[ChartItem, ...]:
        """The key charts, then the appendix's."""
        return self.charts + self.appendix

    @property
    def is_empty(self) -> bool:
        """True when no report is in scope."""
        return not self.kpis


def build_briefing(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    today: dt.date | None = None,
    profile: str = DEFAULT_PROFILE,
    rectifications: tuple[Item, ...] = (),
) -> Briefing:
    """Gather the briefing for `filters` from the warehouse (read-only): scores recomputed
    under the scoring profile `profile`, and the `rectifications` (整改) items of the
    reports in scope."""
    chosen = get_profile(profile)
    by_year = overview.kpis_by_year(con, filters)
    latest = overview.latest_kpis(by_year)
    units = execution.execution_by_unit(con, filters)
    categories = indicators.completion_breakdown(con, filters, "category")
    flag_counts = quality.flags_by_code(con, filters)
    charts = (
        _trend_chart(by_year),
        _unit_chart(units, execution_charts.period_label(by_year["year"])),
        _category_chart(categories),
    )
    appendix = (_flag_chart(flag_counts),)
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
        appendix=tuple(chart for chart in appendix if chart is not None),
        data_as_of=quality.last_loaded(con),
        yoy_changes=_yoy_table(con, filters, latest),
        problems=_problems(flag_counts),
        scoring=_scoring_lines(con, filters, chosen, rectifications),
        red_flags=red_flag_table(overview.worst_flags(con, filters, RED_FLAG_LIMIT)),
        execution_by_unit=_execution_table(
            "各单位执行率", "各单位预算执行情况", units, "unit_name"
        ),
        execution_by_year=_execution_table(
            "各年度执行率",
            "各年度预算执行情况",
            by_year.rename(columns={"budget_total": "budget", "executed_total": "executed"}),
            "year",
        ),
        tables=detail_tables(con, filters, chosen, rectifications),
    )


# --- the key charts and their takeaways ------------------------------------------------


def _rate(key: str, value: float) -> str:
    return catalogue.field(key).format(value)


def _trend_chart(by_year: pd.DataFrame) -> ChartItem | None:
    rated = by_year.dropna(subset=["execution_rate"])
    if rated.empty:
        return None
    last = rated.iloc[-1]
    label = catalogue.label("execution_rate")
    takeaway = f"{int(last['year'])}年{label}{_rate('execution_rate', last['execution_rate'])}"
    if len(rated) > 1:
        before = rated.iloc[-2]
        change = float(last["execution_rate"] - before["execution_rate"])
        direction = "上升" if change >= 0 else "下降"
        takeaway += f"，较{int(before['year'])}年{direction}{abs(change):.2f}个百分点"
    return ChartItem("trend_by_year", overview_charts.yearly_trend(by_year), takeaway)


def _unit_chart(units: pd.DataFrame, period: str) -> ChartItem | None:
    rated = units.dropna(subset=["execution_rate"]).sort_values("execution_rate")
    if rated.empty:
        return None
    low, high = rated.iloc[0], rated.iloc[-1]
    label = catalogue.label("execution_rate")
    takeaway = f"{label}最低：{low['unit_name']} {_rate('execution_rate', low['execution_rate'])}"
    if len(rated) > 1:
        takeaway += f"；最高：{high['unit_name']} {_rate('execution_rate', high['execution_rate'])}"
    below = int((rated["execution_rate"] < theme.BAND_WARNING).sum())
    if below:
        takeaway += f"；{below}个单位低于{theme.BAND_WARNING:.0f}%"
    shown = rated
    if len(rated) > RANKING_LIMIT:
        half = RANKING_LIMIT // 2
        shown = pd.concat([rated.head(half), rated.tail(half)])
        takeaway += f"；图中为最低和最高的各{half}个单位（共{len(rated)}个）"
    figure = execution_charts.ranking_bar(shown, "单位", period)
    return ChartItem("execution_by_unit", figure, takeaway)


def _category_chart(categories: pd.DataFrame) -> ChartItem | None:
    rated = categories.dropna(subset=["completion_rate"]).sort_values("completion_rate")
    if rated.empty:
        return None
    low = rated.iloc[0]
    takeaway = (
        f"{catalogue.label('completion_rate')}最低的{catalogue.label('level1_category')}："
        f"{low['label']} {_rate('completion_rate', low['completion_rate'])}"
        f"（{int(low['partly_met'] + low['not_met'])}项未完全完成）"
    )
    figure = indicator_charts.completion_bars(categories, catalogue.label("level1_category"))
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


def _problems(counts: pd.DataFrame) -> tuple[Problem, ...]:
    """The most frequent serious problem types, each with its advice."""
    serious = counts[counts["severity"].isin(catalogue.SERIOUS_SEVERITIES)]
    if serious.empty:
        return ()
    by_code = serious.groupby(["code", "description"], as_index=False)[["n_flags", "n_reports"]]
    top = by_code.sum().sort_values(["n_flags", "code"], ascending=[False, True])
    return tuple(
        Problem(row.description, int(row.n_flags), int(row.n_reports),
                ADVICE.get(row.code, DEFAULT_ADVICE))
        for row in top.head(PROBLEM_LIMIT).itertuples()
    )  # fmt: skip


# --- tables ----------------------------------------------------------------------------


def _yoy_table(
    con: duckdb.DuckDBPyConnection, filters: Filters, latest: overview.LatestKpis | None
) -> Table:
    """The units whose execution rate rose or fell most, the cards' year against the one
    before (the year filter is the cards' pair; every other filter applies)."""
    year = None if latest is None else latest.year
    base = None if latest is None else latest.previous_year
    rate = catalogue.label("execution_rate")
    columns = (
        Column("name", catalogue.field("unit_name").header()),  # units: name is the unit
        Column("execution_rate_base", f"{base}年{rate}", "percent"),
        Column("execution_rate", f"{year}年{rate}", "percent"),
        Column("change", f"{rate}变化（百分点）", "number"),
    )
    title = f"{rate}变化最大的单位（{year}年比{base}年）"
    if year is None or base is None:
        return Table("同比变化", title, pd.DataFrame(columns=[c.key for c in columns]), columns)
    comparison = yoy.comparison_by(con, filters.with_years(None, None), "unit", year, base)
    movers = yoy.biggest_movers(comparison, "execution_rate", MOVER_COUNT)
    return Table("同比变化", title, movers, columns)


def _execution_table(name: str, title: str, rows: pd.DataFrame, label: str) -> Table:
    return Table(
        name, title, rows, catalogue_columns(label, "budget", "executed", "execution_rate")
    )


def red_flag_table(flags: pd.DataFrame) -> Table:
    """The worst quality flags (one per report), as on the 总览 page."""
    shown = flags.assign(severity=flags["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s)))
    return Table(
        "重点问题",
        "重点问题（每份报告列其最严重的一条）",
        shown,
        catalogue_columns(
            "severity", "unit_name", "year", "project_name", "message", "execution_rate"
        ),
    )


def _scoring_lines(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    profile: Profile,
    rectifications: tuple[Item, ...],
) -> tuple[str, ...]:
    """评分与整改: the recomputed scores under `profile`, the warning colours and the open
    整改 items, in sentences."""
    summary = scores.score_summary(con, filters, profile.key)
    status = scores.warning_status(con, filters)
    lines = [f"评分规则：{profile.name}。"]
    if summary.scored:
        lines.append(
            f"按此规则重算 {summary.scored} 份报告，平均重算分 "
            f"{theme.format_score(summary.average_recomputed)}（自评平均 "
            f"{theme.format_score(summary.average_stated)}），其中 {summary.differing} 份"
            f"与自评相差超过 {profile.difference_threshold:g} 分或等级不同。"
        )
    lines.append(
        f"预警：红色 {status['red']} 份，黄色 {status['yellow']} 份，无预警 {status['green']} 份。"
    )
    by_unit = rectification_queries.open_by_unit(con, filters, rectifications)
    if not by_unit.empty:
        lines.append(
            f"整改：待整改 {int(by_unit['rectification_open'].sum())} 项，整改中 "
            f"{int(by_unit['rectification_in_progress'].sum())} 项，涉及 {len(by_unit)} 个单位。"
        )
    return tuple(lines)


def detail_tables(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    profile: Profile | None = None,
    rectifications: tuple[Item, ...] = (),
) -> tuple[Table, ...]:
    """The detail tables of a briefing: reports, indicators, outcomes, quality flags,
    red/yellow warnings (each with its rule in words), every report's score recomputed
    under `profile` (the default one when None) and the 整改 items."""
    profile = profile or get_profile()
    reports = list_reports(con, filters)
    reports = reports.assign(form_kind=reports["form_kind"].map(theme.form_kind_label))
    rows = indicators.indicator_rows(con, filters)
    rows = rows.assign(completion_status=rows["completion_status"].map(theme.COMPLETION_LABELS))
    figures = outcomes.outcome_figures(con, filters)
    flags = quality.flag_list(con, filters)
    flags = flags.assign(severity=flags["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s)))
    warnings = scores.warning_list(con, filters)
    tracked = rectification_queries.tracked_page(
        con, filters, PageRequest(size=None), rectifications
    ).rows
    rescored = scores.score_list(con, filters, profile.key)
    thresholds = load_warning_thresholds()
    warnings = warnings.assign(
        warning_level=warnings["level"].map(theme.WARNING_LEVEL_LABELS),
        warning_message=warnings["message"],
        warning_rule=[rule_text(rule, thresholds) for rule in warnings["rule"]],
    )
    return (
        Table("报告", "自评报告", reports, catalogue_columns(
            "year", "department_name", "unit_name", "project_name", "budget", "executed",
            "execution_rate", "execution_rate_stated", "self_score_total", "grade", "form_kind",
            "quality_flag_count", "source_file",
        )),
        Table("绩效指标", "绩效指标", rows, catalogue_columns(
            "year", "unit_name", "project_name", "level1_category", "level2", "level3",
            "target", "actual", "weight", "score", "completion_status", "completion_percent",
            "deviation_reason", "source_position",
        )),
        Table("产出成效", "报告中陈述的产出与成效", figures, catalogue_columns(
            "year", "unit_name", "project_name", "metric_label", "value", "unit", "sentence",
            "rule_label", "source_position",
        )),
        Table("质量问题", "数据质量问题", flags, catalogue_columns(
            "year", "unit_name", "project_name", "severity", "description", "message",
            "evidence",
        )),
        Table("预警", "红色与黄色预警（规则见各行）", warnings, catalogue_columns(
            "warning_level", "year", "unit_name", "project_name", "warning_message",
            "warning_rule",
        )),
        Table("重算得分", f"按{profile.name}重算的得分", rescored, catalogue_columns(
            "year", "unit_name", "project_name", "self_score_total", "grade", "recomputed_score",
            "recomputed_grade", "score_gap", "difference_label", "score_note",
        )),
        Table("整改", "整改跟踪", rectification_queries.readable(tracked), catalogue_columns(
            "rectification_status", "unit_name", "year", "project_name", "rectification_target",
            "rectification_note", "status_date", "updated_at",
        )),
    )  # fmt: skip
