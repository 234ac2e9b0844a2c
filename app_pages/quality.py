"""数据质量: what the load-time checks found, which files were rejected, how complete parsing is."""

import streamlit as st

from dashboard import cache, pager, rectification, rectification_view, theme, widgets
from dashboard.charts import quality as quality_charts
from dashboard.i18n import t
from dashboard.queries import quality, scores
from dashboard.queries import rectification as rectification_queries
from dashboard.sidebar import PICKER_OPTIONS, current_profile
from etl.scoring.profiles import get_profile

# Building these figures costs ~0.3 s per run (plotly validates every trace); cached per
# filter value they come back from memory, so a re-run stays well under 0.5 s.
_FIGURES = {
    "by_code": (quality_charts.flags_by_code_chart, quality.flags_by_code, ()),
    "by_year": (quality_charts.flags_by_year_chart, quality.flags_by_year, ()),
    "by_unit_year": (quality_charts.flags_heatmap, quality.flags_by_unit_year, ()),
    "coverage": (quality_charts.coverage_chart, quality.coverage, ()),
    "coverage_by_format": (
        quality_charts.coverage_heatmap, quality.coverage, ("source_format", "文件格式")
    ),
    "coverage_by_form": (quality_charts.coverage_heatmap, quality.coverage, ("form_kind", "表式")),
    "coverage_by_layout": (
        quality_charts.coverage_heatmap, quality.coverage, ("layout", "文本版式")
    ),
    "coverage_by_row_builder": (
        quality_charts.coverage_heatmap, quality.coverage, ("row_builder", "指标行构建方式")
    ),
}  # fmt: skip


def _chart(kind: str) -> None:
    chart, query, chart_args = _FIGURES[kind]
    widgets.chart(cache.figure(chart, query, filters, chart_args=chart_args), f"quality_{kind}")


filters = widgets.start_page("数据质量", "哪些报告有问题、哪些文件未能入库、各字段解析得是否完整")
by_code = cache.run(quality.flags_by_code, filters)
flagged_reports = cache.run(quality.flagged_report_count, filters)
has_years = not cache.run(quality.flags_by_year, filters).empty
has_unit_years = not cache.run(quality.flags_by_unit_year, filters).empty
log = cache.run(quality.ingest_log)  # files, not reports: no filter applies
coverage = cache.run(quality.coverage, filters)
judged = cache.run(quality.indicator_judgeability, filters)
profile = get_profile(current_profile())
rescored = cache.run(scores.score_summary, filters, profile.key)
tracked, store_error = rectification.items_or_error()
open_units = cache.run(rectification_queries.open_by_unit, filters, tracked)
unmatched = cache.run(rectification_queries.unmatched_count, tracked)

# layout
# --- quality flags (follow the filters) ---------------------------------------------------
st.subheader(t("质量问题"))
if by_code.empty:
    widgets.empty("当前筛选范围内的报告没有质量问题记录（或没有报告）。")
else:
    counts = by_code.groupby("severity")["n_flags"].sum()
    widgets.kpi_row(
        [
            widgets.metric("flag_total", int(by_code["n_flags"].sum())),
            widgets.metric("flagged_reports", flagged_reports),
            *(
                widgets.metric(f"{code}_flags", int(counts.get(code, 0)))
                for code in theme.SEVERITY_LABELS
            ),
        ]
    )
    _chart("by_code")
    # Full width: the per-year legend lists every check, the heatmap every unit.
    if not has_years:
        widgets.empty("没有带年度的质量问题。")
    else:
        _chart("by_year")
    if not has_unit_years:
        widgets.empty("没有带单位和年度的质量问题。")
    else:
        _chart("by_unit_year")

    st.markdown(t("**问题明细**（勾选行首方框打开报告详情）"))
    codes = st.multiselect(
        t("问题类型"),
        list(dict.fromkeys(by_code["code"])),
        format_func=lambda code: t(quality.describe_flag(code)),
        placeholder=t("全部问题类型"),
        key="quality_codes",
        **PICKER_OPTIONS,
    )
    pager.paged_table(
        "质量问题清单",
        quality.flag_page,
        filters,
        ["year", "unit_name", "project_name", "severity", "description", "message", "evidence"],
        quality.FLAGS.sortable,
        query_args=(tuple(codes),),
        prepare=lambda rows: rows.assign(
            severity=rows["severity"].map(lambda s: theme.SEVERITY_LABELS.get(s, s))
        ),
    )

# --- recomputed scores under the chosen profile ------------------------------------------
st.subheader(t("重算与自评不符的报告"), help=t(profile.name))
widgets.kpi_row(
    [
        widgets.metric("average_self_score", rescored.average_stated),
        widgets.metric("average_recomputed_score", rescored.average_recomputed),
        widgets.metric("differing_reports", rescored.differing),
    ],
    per_row=3,
)  # fmt: skip
if rescored.differing:
    pager.paged_table(
        "重算不符",
        scores.difference_page,
        filters,
        ["year", "unit_name", "project_name", "self_score_total", "grade", "recomputed_score",
         "recomputed_grade", "score_gap", "difference_label", "score_note"],
        scores.DIFFERENCES.sortable,
        query_args=(profile.key,),
    )  # fmt: skip

# --- rectification (整改) items of the reports in scope -----------------------------------
rectification_view.scope_items(filters, tracked, store_error, open_units, unmatched)

# --- ingest log (files, not reports: no filter applies) -----------------------------------
st.subheader(t("入库记录"))
st.caption(t("按文件统计每个源文件最近一次入库的结果；不受左侧报告筛选条件影响。"))
if log.empty:
    widgets.empty("还没有入库记录。")
else:
    rejected = log[log["status"] == "rejected"]
    widgets.kpi_row(
        [
            widgets.metric("file_count", len(log)),
            widgets.metric("loaded_files", int((log["status"] != "rejected").sum())),
            widgets.metric("rejected_files", len(rejected)),
            widgets.metric("loaded_reports", int(log["report_count"].sum())),
        ]
    )
    if rejected.empty:
        st.success(t("所有文件均已成功入库，没有被拒绝的文件。"), icon=":material/check_circle:")
    else:
        st.error(t("有 {n} 个文件未能入库，原因如下：", n=len(rejected)), icon=":material/error:")
        widgets.table(
            rejected,
            "拒收文件",
            hide_index=True,
            key="quality_rejected_table",
            column_order=["file", "reason", "ingested_at"],
        )
    with st.expander(t("全部入库记录（{n} 个文件）", n=len(log))):
        widgets.table(
            log.assign(status=log["status"].map(lambda s: quality.INGEST_STATUS_LABELS.get(s, s))),
            "入库记录",
            hide_index=True,
            key="quality_ingest_table",
        )

# --- parse coverage (follows the filters) -------------------------------------------------
st.subheader(t("解析覆盖率"))
if coverage.empty:
    widgets.empty()
    st.stop()
overall = coverage[coverage["dimension"] == "all"].set_index("field")
widgets.kpi_row(
    [
        widgets.metric("report_count", int(overall["n_reports"].iloc[0])),
        widgets.metric("budget_parsed", overall.loc["budget", "share"]),
        widgets.metric("executed_parsed", overall.loc["executed", "share"]),
        widgets.metric("indicators_parsed", overall.loc["indicators", "share"]),
        widgets.metric(
            "judgeable_share",
            judged.share,
            help=t(
                "{judged} / {total} 项指标能判断已完成、部分完成或未完成",
                judged=f"{judged.n_judgeable:,}",
                total=f"{judged.n_indicators:,}",
            ),
        ),
    ]
)
_chart("coverage")
_chart("coverage_by_format")
_chart("coverage_by_form")
_chart("coverage_by_layout")
_chart("coverage_by_row_builder")
