"""etl.readers.pdf_text: the rules that join wrapped lines (PDF-level behaviour is in test_pdf)."""

from __future__ import annotations

import pytest

from etl.readers.pdf_text import ITEM_START, ends_sentence, separator, wrapped


@pytest.mark.parametrize(
    ("before", "after", "broke_word", "joiner"),
    [
        ("预算执行", "率", False, ""),  # CJK on both sides
        ("2022年", "度", False, ""),
        ("≥10", "家", False, ""),  # a number glued to its CJK unit
        ("91.4", "9%", False, ""),  # a number cut by a narrow column
        ("ISO quality", "audit passed", False, " "),  # two Latin words
        ("certifica", "tion", True, ""),  # a word too long for its line
        ("完成培训120人次，", "发放资料", False, ""),
    ],
)
def test_separator(before: str, after: str, broke_word: bool, joiner: str) -> None:
    assert separator(before, after, broke_word) == joiner


@pytest.mark.parametrize(
    ("line", "starts_item"),
    [
        ("1.完成培训", True),
        ("（2）发放资料", True),
        ("三、项目绩效", True),
        ("①专利申请", True),
        ("1.5万元的补助", False),  # a decimal, not a numbered item
        ("2022年度", False),
        ("率91.49%", False),
    ],
)
def test_item_start(line: str, starts_item: bool) -> None:
    assert bool(ITEM_START.match(line)) is starts_item


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("执行率97%。", True),
        ("有效；", True),
        ("was spent on training.", True),
        ("见附件1.", False),
    ],
)
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


def test_wrapped_compares_the_line_and_the_next_token_with_the_room() -> None:
    assert wrapped(40.0, 10.0, 45.0)  # the next character would not have fitted
    assert not wrapped(20.0, 10.0, 45.0)  # it would have: the author broke the line
