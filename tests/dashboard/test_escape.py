"""dashboard.escape: untrusted text keeps its letters and loses its power to make markup."""

from __future__ import annotations

import re

import pytest

from dashboard.escape import WORD_JOINER, markdown, plotly_text

HOSTILE = (
    "![x](http://evil.example/p.png)",
    "[点此查看](http://evil.example)",
    '<img src="http://evil.example/i.png">',
    "[js](javascript:alert(1))",
    "www.evil.example 与 someone@evil.example",
    "$x^2$ :red[红] **粗** _斜_ `码` ~删~ | 表格 |",
    "# 标题\n- 列表\n    代码",
    "&lt;img&gt; &#60;b&#62;",
    "科技计划项目（2023）",
)
UNESCAPED_PUNCTUATION = re.compile(r"""(?<!\\)[!"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~]""")


def shown(escaped: str) -> str:
    """The text a markdown renderer shows: backslash escapes resolved, joiners invisible."""
    return re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escapes_every_punctuation_mark_and_keeps_the_text(text: str) -> None:
    escaped = markdown(text)

    assert not UNESCAPED_PUNCTUATION.search(escaped.replace("\\\\", "")), escaped
    assert shown(escaped) == re.sub(r"\s*\n\s*", " ", text)  # one line, letters kept
    assert "\n" not in escaped


def test_markdown_breaks_bare_urls_and_addresses_that_gfm_would_link() -> None:
    escaped = markdown("见 http://evil.example、https://a.b、www.c.d 或 x@y.z")

    assert re.search(r"https?\\:", escaped) is None
    assert "www\\." not in escaped
    assert escaped.count(WORD_JOINER) == 4


def test_markdown_of_nothing_is_a_dash_and_plain_chinese_is_unchanged() -> None:
    assert markdown(None) == "—"
    assert markdown("绵阳市科学技术和知识产权局") == "绵阳市科学技术和知识产权局"
    assert markdown(12.5) == "12\\.5"


def test_plotly_text_turns_markup_characters_into_entities() -> None:
    assert plotly_text('<a href="http://x">A&B</a>') == '&lt;a href="http://x"&gt;A&amp;B&lt;/a&gt;'
    assert plotly_text("普通单位") == "普通单位"
