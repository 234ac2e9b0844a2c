"""The display language: Chinese by default, English when the sidebar switch says so.

Chinese is the source text: pages write their words in Chinese and pass them through `t`,
which looks the English up in `dashboard.locale_en.EN` when the session reads English.
Column and metric labels are the catalogue's own (`dashboard.catalogue`, both languages).
The choice lives in the URL (``?lang=en``) like the filters, so a shared link opens in
the language it was copied from. Outside a Streamlit session (exports, CLI) the language
is Chinese.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Language
from dashboard.locale_en import EN, PHRASES

LANGUAGE_KEY = "lang"  # widget key and URL parameter


def current() -> Language:
    """The language pages draw in: the switch's value, else the URL's, else Chinese."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANGUAGE
    value = st.session_state.get(LANGUAGE_KEY) or st.query_params.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


def t(text: str, **values: object) -> str:
    """`text` in the session's language, with `values` filled in ({year} and the like).

    A text without an English entry stays Chinese (a test lists every such text in the
    code, so none ships untranslated).
    """
    if current() == "en":
        text = EN.get(text, text)
    return text.format(**values) if values else text


# Chinese punctuation and year suffixes as English writes them.
_PUNCTUATION = {"（": " (", "）": ")", "：": ": ", "，": ", ", "、": ", ", "；": "; ", "　": " "}
_YEAR = re.compile(r"(\d{4})年")
# Figure properties holding words (not data): titles, axis titles, trace names, hovers.
_FIGURE_TEXT_KEYS = frozenset({"text", "name", "hovertemplate"})


@cache
def _phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """The word pattern (longest first) and the words' English, built once per process."""
    words = {**EN, **PHRASES}
    ordered = sorted((w for w in words if "{" not in w), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered)), words


def translate_text(text: str) -> str:
    """A built text (a chart title such as '各单位预算执行率排名（2017–2024年）') in English:
    the whole text when `EN` has it, else word by word from `PHRASES` and `EN`."""
    if text in EN:
        return EN[text]
    pattern, words = _phrases()
    text = _YEAR.sub(r"\1", text)
    # Words run together in Chinese: each English word gets spaces, tidied after.
    text = pattern.sub(lambda m: f" {words[m.group()]} ", text)
    for chinese, english in _PUNCTUATION.items():
        text = text.replace(chinese, english)
    text = re.sub(r" +", " ", text)
    text = re.sub(r" ([),:;%])", r"\1", text)
    return re.sub(r"\( ", "(", text).strip()


def localized_figure(figure: go.Figure) -> go.Figure:
    """The figure in the session's language: in English a copy with its titles, axis
    titles, legend, trace names and hover texts translated (data values stay as reported)."""
    if current() != "en":
        return figure
    return go.Figure(_translated(figure.to_dict()))


def _translated(node: Any, key: str | None = None) -> Any:
    if isinstance(node, dict):
        return {k: _translated(v, k) for k, v in node.items()}
    if isinstance(node, list):
        if key == "ticktext":  # value labels of a colour bar; names from reports stay
            return [EN.get(v, v) if isinstance(v, str) else v for v in node]
        return [_translated(v) for v in node] if key in (None, "data", "annotations") else node
    if isinstance(node, str) and key in _FIGURE_TEXT_KEYS:
        return translate_text(node)
    return node


def localized_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with coded text values (statuses, bands, severities…) in English when the
    session reads English; names and sentences from the reports are left as written."""
    if current() != "en":
        return frame
    text = [
        c
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])
    ]
    return frame.assign(
        **{c: frame[c].map(lambda v: EN.get(v, v) if isinstance(v, str) else v) for c in text}
    )
