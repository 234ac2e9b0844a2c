"""The global filters: one frozen value shared by every page and mirrored in the URL.

The sidebar widgets are bound to query parameters (``bind="query-params"``), so a
filtered view can be sent as a link; their keys below are the parameter names.
`Filters` itself is plain data: queries turn it into SQL parameters, exports into a
sentence that says what the figures cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dashboard.theme import FORM_KIND_LABELS, form_kind_label

# URL parameter names (also the widgets' session-state keys).
YEARS_KEY = "years"
UNITS_KEY = "units"
SEARCH_KEY = "q"
CATEGORY_KEY = "category"
FORM_KEY = "form"
FILTER_KEYS = (YEARS_KEY, UNITS_KEY, SEARCH_KEY, CATEGORY_KEY, FORM_KEY)


@dataclass(frozen=True)
class Filters:
    """What the user chose in the sidebar; empty fields mean "no restriction".

    Attributes:
        year_from, year_to: inclusive year range; None leaves that side open.
        units: canonical unit names; a report matches when its implementing unit or its
            主管部门 is one of them, so choosing a bureau brings in its subordinate units.
        search: text the project name must contain (case-insensitive, literal).
        categories: 一级指标 categories (产出指标 …); applies to indicator figures only.
        form_kinds: etl form_kind codes (form2020, form2018, …).
    """

    year_from: int | None = None
    year_to: int | None = None
    units: tuple[str, ...] = ()
    search: str = ""
    categories: tuple[str, ...] = ()
    form_kinds: tuple[str, ...] = field(default=())

    def sql_params(self) -> dict[str, Any]:
        """Named parameters for the filter CTEs in `dashboard.queries.base`."""
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "units": list(self.units),
            "search": self.search.strip() or None,
            "categories": list(self.categories),
            "form_kinds": list(self.form_kinds),
        }

    def with_years(self, year_from: int | None, year_to: int | None) -> Filters:
        """The same filters over another year range (for previous-year comparisons)."""
        return Filters(year_from, year_to, self.units, self.search, self.categories,
                       self.form_kinds)  # fmt: skip

    def query_params(self) -> dict[str, list[str]]:
        """The URL query parameters that restore these filters in the sidebar (the inverse
        of `from_state`): for a link that keeps the analyst's scope."""
        params: dict[str, list[str]] = {}
        if self.year_from is not None or self.year_to is not None:
            low = self.year_from if self.year_from is not None else self.year_to
            high = self.year_to if self.year_to is not None else self.year_from
            params[YEARS_KEY] = [str(low), str(high)]
        if self.units:
            params[UNITS_KEY] = list(self.units)
        if self.search.strip():
            params[SEARCH_KEY] = [self.search.strip()]
        if self.categories:
            params[CATEGORY_KEY] = list(self.categories)
        if self.form_kinds:
            params[FORM_KEY] = [str(form_kind_label(code)) for code in self.form_kinds]
        return params

    def describe(self, lang: str = "zh") -> str:
        """A sentence naming the scope, for captions and export title pages (Chinese, or
        English with lang="en")."""
        en = lang == "en"
        parts = []
        if self.year_from is not None or self.year_to is not None:
            if self.year_from == self.year_to:
                parts.append(f"{self.year_from}" if en else f"{self.year_from}年")
            else:
                low = self.year_from if self.year_from is not None else ("…" if en else "最早")
                high = self.year_to if self.year_to is not None else ("…" if en else "最新")
                parts.append(f"{low}–{high}" if en else f"{low}–{high}年")
        else:
            parts.append("all years" if en else "全部年度")
        joiner = ", " if en else "、"
        parts.append(joiner.join(self.units) if self.units else ("all units" if en else "全部单位"))
        if self.search.strip():
            term = self.search.strip()
            parts.append(f"project name contains “{term}”" if en else f"项目名称含“{term}”")
        if self.categories:
            parts.append(("categories: " if en else "指标类别：") + joiner.join(self.categories))
        if self.form_kinds:
            kinds = joiner.join(str(form_kind_label(k)) for k in self.form_kinds)
            parts.append(("forms: " if en else "表式：") + kinds)
        return ("; " if en else "；").join(parts)


def _form_kind_code(label: str) -> str:
    codes = {name: code for code, name in FORM_KIND_LABELS.items()}
    return codes.get(label, label)


def from_state(state: dict[str, Any], all_years: list[int]) -> Filters:
    """Build `Filters` from the sidebar widgets' values (session state or a plain dict).

    A year range equal to the full span of the data is stored as open (None, None), so
    that reports without a year are not dropped when the user has not narrowed it.
    """
    year_from = year_to = None
    years = state.get(YEARS_KEY)
    if years and all_years:
        low, high = int(min(years)), int(max(years))
        if (low, high) != (min(all_years), max(all_years)):
            year_from, year_to = low, high
    return Filters(
        year_from=year_from,
        year_to=year_to,
        units=tuple(state.get(UNITS_KEY) or ()),
        search=str(state.get(SEARCH_KEY) or ""),
        categories=tuple(state.get(CATEGORY_KEY) or ()),
        form_kinds=tuple(_form_kind_code(label) for label in state.get(FORM_KEY) or ()),
    )
