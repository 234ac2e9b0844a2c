"""The English switch: every text the code passes to `t` has its English, and the pages
draw in English under ?lang=en."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.locale_en import EN

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
           *sorted((ROOT / "dashboard").rglob("*.py"))]  # fmt: skip
# Calls whose text arguments are Chinese source text that `t` translates: the function
# name, and which positional arguments are texts.
TRANSLATED_ARGUMENTS = {"t": (0,), "start_page": (0, 1), "empty": (0,)}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _translated_texts() -> dict[str, str]:
    """Every text literal given to `t` (or translated inside a widget), with its place."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            for index in TRANSLATED_ARGUMENTS.get(name, ()):
                if index < len(node.args):
                    argument = node.args[index]
                    assert not isinstance(argument, ast.JoinedStr), (
                        f"{path.name}:{node.lineno}: an f-string given to {name}() cannot be "
                        "looked up; pass the values as keywords"
                    )
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found[argument.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_translated_text_has_its_english() -> None:
    texts = _translated_texts()
    assert len(texts) > 150  # the scan does find the pages' texts
    missing = {text: place for text, place in texts.items() if text not in EN}
    assert missing == {}


def test_english_texts_keep_their_placeholders() -> None:
    for chinese, english in EN.items():
        assert set(re.findall(r"{\w+}", chinese)) == set(re.findall(r"{\w+}", english)), chinese
        assert not CHINESE.search(english.replace("亿元", "").replace("万元", "")), english


def test_chart_words_are_translated_and_data_left_alone() -> None:
    assert i18n.translate_text("各单位预算执行率排名（2017–2024年）") == (
        "Unit execution rate ranking (2017–2024)"
    )
    figure = go.Figure(go.Bar(x=[1], y=["绵阳市知识产权局"], name="预算执行率"))
    figure.update_layout(title="关键字段解析覆盖率", xaxis_title="预算数（万元）")
    english = i18n._translated(figure.to_dict())
    assert english["layout"]["title"]["text"] == "Key fields read"
    assert english["layout"]["xaxis"]["title"]["text"] == "Budget (10k yuan)"
    assert english["data"][0]["name"] == "Execution rate"
    assert english["data"][0]["y"] == ["绵阳市知识产权局"]  # a unit's name is data


PAGES = ["overview", "execution", "indicators", "yoy", "units", "outcomes", "detail",
         "quality", "export"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_english_shows_no_chinese_words_of_its_own(
    page: str, open_app: Callable[..., AppTest], demo_warehouse: Path
) -> None:
    app = open_app(demo_warehouse, f"app_pages/{page}.py", lang="en")

    own = [app.title[0].value, *(s.value for s in app.subheader), *(m.label for m in app.metric)]
    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        own += [c["label"] for c in config.values() if c.get("label")]
    assert own
    assert [text for text in own if CHINESE.search(text)] == []


def test_every_scoring_rule_has_its_english() -> None:
    from etl.scoring import audit, warnings

    rules = [*warnings.RULES.values(), *warnings.RULE_LEVELS.values(), *audit.RULES.values()]
    assert [rule for rule in rules if rule not in EN] == []
