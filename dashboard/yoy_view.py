"""The 同比分析 page's parts: its year and grouping pickers, KPI row, movers, comparison
and multi-year tables. Layout only: the page runs the queries and hands the frames in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import catalogue, i18n, widgets
from dashboard.charts import yoy as yoy_charts
from dashboard.i18n import t
from dashboard.queries import yoy

MOVERS = 5  # rises and falls shown per metric
_INFO = yoy_charts.METRIC_INFO
# Chinese source texts (shown through t).
ENTITIES = {"unit": "单位", "project": "项目"}
TAB_LABELS = {"unit": "按单位", "project": "按延续项目"}


def pick(scope_years: list[int], all_years: list[int]) -> tuple[int, int | None, str]:
    """The page's own controls in one row: the compared years (default: the latest in
    scope against the one before) and whether units or recurring projects are compared."""
    left, middle, right = st.columns([1, 1, 2])
    year, base = _pick_years(left, middle, scope_years, all_years)
    # A radio rather than tabs: Streamlit runs every tab's body, and the charts are costly.
    by = right.radio(
        t("对比对象"),
        list(ENTITIES),
        format_func=lambda key: t(TAB_LABELS[key]),
        horizontal=True,
        key="yoy_by",
    )
    return year, base, by


def _pick_years(
    left: Any, right: Any, scope_years: list[int], all_years: list[int]
) -> tuple[int, int | None]:
    default_year, _ = yoy.default_pair(scope_years, all_years)
    newest_first = sorted(scope_years, reverse=True)
    year = left.selectbox(
        t("本期年度"),
        newest_first,
        index=newest_first.index(default_year),
        key="yoy_year",
        # A new current year brings back its default comparison year (the one before).
        on_change=lambda: st.session_state.pop("yoy_base", None),
    )
    _, default_base = yoy.default_pair([year], all_years)
    if default_base is None:
        return year, None
    earlier = [y for y in sorted(all_years, reverse=True) if y < year]
    base = right.selectbox(
        t("对比年度"),
        earlier,
        key="yoy_base",
        help=t("本期之前的任一年度，可在侧栏年度范围以外；默认为上一年"),
    )
    return year, base


def kpis(totals: pd.DataFrame, year: int, base: int) -> None:
    """The whole scope this year, with the change against the comparison year."""
    now, before = (totals.set_index("year").reindex([y]).iloc[0] for y in (year, base))
    lang = i18n.current()
    cards = []
    for metric in (*yoy.METRICS, "report_count"):
        spec = catalogue.field(metric)
        change = now[metric] - before[metric]
        cards.append(
            widgets.Kpi(
                t("{year}年", year=year) + spec.label(lang),
                spec.format(now[metric], lang),
                delta=None if pd.isna(change) else catalogue.format_change(spec.kind, change, lang),
                help=t("与{year}年相比", year=base),
                delta_color="off" if metric == "report_count" else "normal",
            )
        )
    widgets.kpi_row(cards)


def _comparison_table(comparison: pd.DataFrame, year: int, base: int, entity: str) -> None:
    """This year, the comparison year and the change of every metric, one row per entity."""
    lang = i18n.current()
    config = {
        "name": st.column_config.TextColumn(t(entity)),
        "status": st.column_config.TextColumn(
            catalogue.label("status", i18n.current()),
            help=t("延续：两年均有报告；新增/未报：仅一年"),
        ),
    }
    columns = ["name", "unit_name", "status"] if entity == "项目" else ["name", "status"]
    for metric in yoy.METRICS:
        spec = catalogue.field(metric)
        for suffix, shown in (("_base", base), ("", year)):
            config[metric + suffix] = widgets.column_setting(
                spec, header=t("{year}年", year=shown) + spec.header(lang)
            )
        config[f"{metric}_change"] = st.column_config.NumberColumn(
            spec.label(lang) + t("变化（{unit}）", unit=t(_INFO[metric].change_unit)),
            format="%+,.2f",
        )
        columns += [f"{metric}_base", metric, f"{metric}_change"]
        if metric == "budget":
            columns.append("budget_change_pct")
        if metric in yoy.TREND_METRICS:
            columns.append(f"{metric}_trend")
    st.caption(t("走向：变化超过 +{p} 个百分点（分）为改善，低于 −{p} 为下降，其间为持平。",
                 p=f"{yoy.TREND_POINTS:g}"))  # fmt: skip
    widgets.table(comparison[columns], f"{entity}同比对比", hide_index=True, column_config=config)


def _multi_year_table(table: pd.DataFrame, years: list[int], entity: str) -> None:
    """One row per entity with sparklines of each metric over `years`."""
    lang = i18n.current()
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}"
    config: dict[str, Any] = {"name": st.column_config.TextColumn(t(entity))}
    for metric in yoy.METRICS:
        spec = catalogue.field(metric)
        trend = spec.label(lang) + t(
            "走势（{unit}，{span}年）", unit=t(_INFO[metric].unit), span=span
        )
        config[f"{metric}_series"] = (
            st.column_config.BarChartColumn(trend, y_min=0)
            if metric == "budget"
            else st.column_config.LineChartColumn(trend)
        )
        config[metric] = widgets.column_setting(spec, header=t("最近") + spec.header(lang))
    columns = ["name", "unit_name"] if entity == "项目" else ["name"]
    columns += ["years_reported"]
    columns += [c for metric in yoy.METRICS for c in (metric, f"{metric}_series")]
    widgets.table(
        yoy.without_gaps(table[columns]), f"{entity}多年走势", hide_index=True, column_config=config
    )


def _movers(comparison: pd.DataFrame, year: int, base: int, entity: str, slug: str) -> None:
    """The biggest rises and falls of execution rate and of budget, side by side."""
    for column, metric in zip(st.columns(2), ("execution_rate", "budget"), strict=True):
        with column:
            movers = yoy.biggest_movers(comparison, metric, MOVERS)
            if movers.empty:
                widgets.empty(
                    t(
                        "没有{metric}有变化的{entity}。",
                        metric=catalogue.label(metric, i18n.current()),
                        entity=t(entity),
                    )
                )
            else:
                widgets.chart(
                    yoy_charts.movers_bars(movers, metric, year, base, entity),
                    f"yoy_movers_{metric}_{slug}",
                )


def year_pair(comparison: pd.DataFrame, by: str, year: int, base: int) -> None:
    """Movers, the this-year/comparison-year chart (units) and table of units or projects."""
    entity = ENTITIES[by]
    if by == "project":
        new, gone = (int((comparison["status"] == s).sum()) for s in ("新增", "未报"))
        comparison = comparison[comparison["status"] == "延续"]
        st.caption(
            t(
                "{year}年与{base}年均有报告的延续项目 {n} 个"
                "（另有仅{year}年的 {new} 个、仅{base}年的 {gone} 个，不参与对比）。",
                year=year,
                base=base,
                n=len(comparison),
                new=new,
                gone=gone,
            )
        )
    if comparison.empty:
        widgets.empty(
            t("{year}年与{base}年没有可对比的{entity}。", year=year, base=base, entity=t(entity))
        )
        return
    _movers(comparison, year, base, entity, by)
    if by == "unit":
        widgets.chart(
            yoy_charts.year_pair_dots(comparison, "execution_rate", year, base, entity),
            "yoy_unit_execution_rate",
        )
    st.markdown(
        t("**{year}年与{base}年对比（每{entity}一行）**", year=year, base=base, entity=t(entity))
    )
    _comparison_table(comparison, year, base, entity)


def trends(table: pd.DataFrame, by: str, years: list[int]) -> None:
    """The multi-year table of units, or of projects reported in at least two of `years`."""
    entity = ENTITIES[by]
    note = t("，仅含两年及以上有报告的项目") if by == "project" else ""
    st.markdown(t("**多年走势（每{entity}一行{note}）**", entity=t(entity), note=note))
    if table.empty:
        widgets.empty(t("所选年度内没有可显示多年走势的{entity}。", entity=t(entity)))
    else:
        _multi_year_table(table, years, entity)
