"""导出中心: the briefing for the current filters as Excel, PowerPoint and Word files, and CSV.

Files are built only when a button is clicked: each download button gets a callable, which
Streamlit runs on its own thread at the click while the button shows a spinner. The
briefing itself (a few cached queries) is gathered on page load, to say what each file holds.
"""

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import cache, rectification, widgets
from dashboard.export import cli, images
from dashboard.export.briefing import Briefing, build_briefing
from dashboard.export.deck import slide_titles
from dashboard.export.tables import MIME_TYPES, to_csv_bytes
from dashboard.i18n import t
from dashboard.sidebar import current_profile
from etl.scoring.profiles import get_profile

filters = widgets.start_page(
    "导出中心", "按当前筛选条件生成简报材料：Excel 工作簿、PPT 演示文稿、Word 简报"
)
# The date, the scoring profile and the 整改 items are part of the cache key, so a
# briefing never carries yesterday's date, another profile's scores or a stale item.
tracked, _ = rectification.items_or_error()  # (an unreadable store: briefings without)
briefing: Briefing = cache.run(
    build_briefing,
    filters,
    today=dt.date.today(),
    profile=current_profile(),
    rectifications=tracked,
)
if briefing.is_empty:
    widgets.empty("当前筛选条件下没有报告，无法生成简报。请放宽年度范围或单位等筛选条件。")
    st.stop()
stem = cli.file_stem(filters, briefing.created)
chart_titles = [chart.title for chart in briefing.all_charts]
deck_slides = slide_titles(briefing)


def _file_card(title: str, contents: list[str], fmt: str, label: str, icon: str) -> None:
    """A bordered column: what the file holds, and its download button."""
    st.subheader(t(title), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in contents))
    st.download_button(
        t(label),
        data=partial(cli.build_file, briefing, fmt),
        file_name=f"{stem}.{fmt}",
        mime=MIME_TYPES[fmt],
        key=f"export_{fmt}",
        on_click="ignore",  # the file is the result; the page need not re-run
        icon=icon,
        type="primary",
        width="stretch",
    )


# layout
if briefing.period_caption:
    st.caption(briefing.period_caption)
st.caption(
    t(
        "得分按评分规则“{profile}”重算（左侧可切换）。",
        profile=t(get_profile(current_profile()).name),
    )
)
st.caption(t("点击按钮后开始生成文件，按钮上的转圈图标表示正在生成，完成后浏览器自动下载。"))
if not images.available():
    st.warning(
        t(
            "本机没有可用的 Chromium，演示文稿和 Word 简报中的图表将以文字要点代替；"
            "Excel 工作簿中的图表不受影响。"
        ),
        icon=":material/image_not_supported:",
    )

red_flags = t("重点问题（{n} 条）", n=len(briefing.red_flags.frame))
workbook, deck, report = st.columns(3, border=True)
with workbook:
    _file_card(
        "Excel 工作簿",
        [
            t("概要：范围、日期、关键指标、各图要点、重点问题"),
            t("各单位执行率、各年度执行率：数据与 Excel 原生图表"),
            *(
                t("{name}：{n} 行", name=table.name, n=f"{len(table.frame):,}")
                for table in briefing.tables
            ),
        ],
        "xlsx",
        "生成并下载 Excel",
        ":material/table_view:",
    )
with deck:
    _file_card(
        t("PPT 演示文稿（{n} 页）", n=len(deck_slides)),
        [
            t("封面：标题、范围、日期"),
            t("关键指标"),
            *(t("图表：{title}", title=title) for title in chart_titles),
            red_flags,
        ],
        "pptx",
        "生成并下载 PPT",
        ":material/slideshow:",
    )
with report:
    _file_card(
        "Word 简报",
        [
            t("标题、范围与关键指标"),
            t("{n} 张图表，各附一句要点", n=len(chart_titles)),
            red_flags,
        ],
        "docx",
        "生成并下载 Word",
        ":material/description:",
    )

st.subheader(t("明细表（CSV）"), anchor=False)
st.caption(t("UTF-8 带 BOM，Excel 可直接打开；以 = + - @ 开头的文字已加单引号，不会被当作公式。"))
for column, table in zip(st.columns(len(briefing.tables)), briefing.tables, strict=True):
    with column:
        st.download_button(
            t("{name}（{n} 行）", name=table.name, n=f"{len(table.frame):,}"),
            data=partial(to_csv_bytes, table),
            file_name=f"{stem}_{table.name}.csv",
            mime=MIME_TYPES["csv"],
            key=f"export_csv_{table.name}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
