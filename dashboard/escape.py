"""Untrusted text made inert for the two places on a page that read markup.

Anything a report or a URL supplies (project and unit names, file names, positions,
search words) is data. Streamlit renders the strings given to st.markdown, st.caption,
st.subheader, st.warning, help tooltips and metric labels as GitHub-flavoured markdown,
so a name like ``![x](http://host/pixel.png)`` would become an image that every viewer's
browser fetches, and ``[点此](http://host)`` a live link. Plotly draws labels, legends and
hover text through its own small HTML dialect (``<a href>``, ``<b>``, entities), so a unit
name ``<a href="http://host">…</a>`` would become a link inside a chart.

`markdown` and `plotly_text` keep the text exactly as written on screen while taking away
its power to make markup. Pages call `markdown` on every value they put into a markdown
string; chart code gets `plotly_text` applied to trace data by `charts.base.titled`.
"""

from __future__ import annotations

import re

from dashboard.theme import MISSING

# CommonMark lets a backslash escape any ASCII punctuation character, and an escaped one
# never starts a construct: no link, image, emphasis, HTML tag, entity, math ($),
# directive (:red[...]) or table cell (|).
_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# GitHub-flavoured markdown also links bare URLs and e-mail addresses, and it does so on
# the parsed text, after escapes are gone: a WORD JOINER (invisible, zero width) after
# "http"/"https"/"www" or "@" breaks the pattern it looks for (see remark-gfm's
# autolink-literal). The text reads the same; a copied URL carries the joiner.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(https?(?=:)|www(?=\.)|@)")
WORD_JOINER = "\u2060"
# Line breaks would let a value open a heading, a list or a code block of its own.
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
_PLOTLY_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PLOTLY_SPECIAL = re.compile(r"[&<>]")


def markdown(value: object) -> str:
    """`value` as markdown that renders as exactly its text, on one line.

    None becomes MISSING ("—"). Leading and trailing white space is dropped (four leading spaces
    would open a code block).
    """
    if value is None:
        return MISSING
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    text = _AUTOLINK_TRIGGERS.sub(lambda match: match.group() + WORD_JOINER, text)
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def plotly_text(value: str) -> str:
    """`value` as plotly label text that shows as written: ``&``, ``<``, ``>`` as entities."""
    return _PLOTLY_SPECIAL.sub(lambda match: _PLOTLY_ENTITIES[match.group()], value)
