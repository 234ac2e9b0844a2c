"""The session's display language: Chinese by default, English when the sidebar says so.

The choice lives in the URL (``?lang=en``) like the filters, so a shared link opens in the
language it was copied from.
"""

from __future__ import annotations

import streamlit as st

from dashboard.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Language

LANGUAGE_KEY = "lang"  # widget key and URL parameter


def current() -> Language:
    """The language pages draw in: the sidebar switch's value, else the URL's, else Chinese."""
    value = st.session_state.get(LANGUAGE_KEY) or st.query_params.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]
