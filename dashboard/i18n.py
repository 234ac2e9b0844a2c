"""The display language: Chinese by default, English when the sidebar switch says so.

Chinese is the source text: pages write their words in Chinese and pass them through `t`,
which looks the English up in `dashboard.locale_en.EN` when the session reads English.
Column and metric labels are the catalogue's own (`dashboard.catalogue`, both languages).
The choice lives in the URL (``?lang=en``) like the filters, so a shared link opens in
the language it was copied from. Outside a Streamlit session (exports, CLI) the language
is Chinese.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Language
from dashboard.locale_en import EN

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
