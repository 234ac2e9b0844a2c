"""charts.base.titled: every chart's data text is escaped for plotly's label markup."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import base
from dashboard.charts.base import titled

LINK = '<a href="http://evil.example">单位</a>'
ESCAPED = '&lt;a href="http://evil.example"&gt;单位&lt;/a&gt;'


def test_titled_escapes_categories_names_hover_columns_and_subplot_titles() -> None:
    figure = make_subplots(rows=1, cols=2, subplot_titles=[LINK, "普通"])
    figure.add_bar(
        x=[LINK, "普通单位"],
        y=[1.5, 2.0],
        name=LINK,
        customdata=np.array([[LINK, 3], ["普通", 4]], dtype=object),
        hovertemplate="%{customdata[0]}<br>%{y}<extra></extra>",
        row=1,
        col=1,
    )
    titled(figure, f"{LINK}执行率", x_title="单位 <b>", y_title="执行率（%）")

    bar = figure.data[0]
    assert list(bar.x) == [ESCAPED, "普通单位"]
    assert list(bar.y) == [1.5, 2.0]  # numbers untouched
    assert bar.name == ESCAPED
    assert bar.customdata[0][0] == ESCAPED and bar.customdata[0][1] == 3
    assert bar.hovertemplate == "%{customdata[0]}<br>%{y}<extra></extra>"  # our markup stays
    assert figure.layout.annotations[0].text == ESCAPED
    assert figure.layout.title.text == f"{ESCAPED}执行率"
    assert figure.layout.xaxis.title.text == "单位 &lt;b&gt;"


def test_titled_leaves_plain_data_as_it_is() -> None:
    figure = go.Figure(go.Bar(x=["甲", "乙"], y=[1, 2], name="预算数"))
    titled(figure, "标题")
    assert list(figure.data[0].x) == ["甲", "乙"] and figure.data[0].name == "预算数"


def test_long_category_names_are_drawn_on_two_lines_and_points_keep_them_whole() -> None:
    names = [
        "绵阳市游仙区科学技术和知识产权局",
        "四川省知识产权局",
        "a<b>c&d很长的单位名称还有更多",
    ]
    figure = go.Figure(go.Bar(x=[1, 2, 3], y=names, orientation="h"))

    base.wrap_category_labels(figure, names)

    axis = figure.layout.yaxis
    assert list(axis.tickvals) == names and list(figure.data[0].y) == names
    assert axis.ticktext[0] == "绵阳市游仙区科学<br>技术和知识产权局"
    assert axis.ticktext[1] == "四川省知识产权局"  # short: one line
    assert "<b>" not in axis.ticktext[2] and "&lt;b&gt;" in axis.ticktext[2]


def test_short_category_names_are_left_alone() -> None:
    figure = go.Figure(go.Bar(x=[1], y=["四川省知识产权局"], orientation="h"))
    base.wrap_category_labels(figure, ["四川省知识产权局"])
    assert figure.layout.yaxis.ticktext is None
