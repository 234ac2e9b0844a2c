"""The sidebar with the global filters, drawn by app.py before every page.

Each widget is bound to a URL query parameter (its key), so the address bar always holds
the current filters and a copied link restores them. Pages read the result through
`current_filters()`.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters as f
from dashboard import i18n
from dashboard.catalogue import DEFAULT_LANGUAGE, LANGUAGES
from dashboard.escape import markdown
from dashboard.i18n import t
from dashboard.queries.options import FilterOptions
from dashboard.theme import form_kind_label
from etl.scoring.profiles import DEFAULT_PROFILE, load_profiles

_FILTERS_STATE = "_jixiao_filters"
# How every multi-choice picker behaves: typed text matches anywhere in a name (fuzzy
# subsequence matching offers 绵阳市科学技术和知识产权局 for 绵阳市知识产权), and Enter takes
# the first match, not every match ("select all matches" would silently widen the scope).
PICKER_OPTIONS: dict[str, object] = {"filter_mode": "contains", "select_all": False}


def _subordinates(options: FilterOptions, chosen: list[str]) -> list[str]:
    """Units below the chosen ones in the tree (not chosen themselves), in tree order."""
    inside = set(chosen)
    found = []
    for unit in options.units:  # tree order: a parent always comes before its children
        if unit.parent in inside and unit.name not in inside:
            inside.add(unit.name)
            found.append(unit.name)
    return found


def _clear(years: list[int]) -> None:
    """Back to no restriction: every widget set to its default value, which the binding
    writes to the URL (removing a widget's key from the state instead leaves the bound
    widget to read its value back from the URL: nothing would change)."""
    st.session_state.pop(_UNDO_KEY, None)
    defaults: dict[str, object] = {
        f.UNITS_KEY: [],
        f.SEARCH_KEY: "",
        f.CATEGORY_KEY: [],
        f.FORM_KEY: [],
    }
    if len(years) > 1:
        defaults[f.YEARS_KEY] = (years[0], years[-1])
    for key, value in defaults.items():
        st.session_state[key] = value


_UNDO_KEY = "_chart_filter_undo"  # the filter widgets' values before a chart click


def apply_chart_click(choice: dict[str, object]) -> None:
    """Narrow the filters to what a chart click picked (`choice`: widget key → value, e.g.
    {UNITS_KEY: [unit], YEARS_KEY: (2021, 2021)}), remembering the filters before it so the
    sidebar can offer the way back. Run as a widget callback, before the widgets are drawn.
    """
    if _UNDO_KEY not in st.session_state:
        st.session_state[_UNDO_KEY] = {
            key: st.session_state.get(key, [] if key == f.UNITS_KEY else None) for key in choice
        }
    for key, value in choice.items():
        st.session_state[key] = value


def _undo_chart_click() -> None:
    for key, value in st.session_state.pop(_UNDO_KEY, {}).items():
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value


def _chart_click_notice() -> None:
    """After a chart click narrowed the filters: say so, with the way back."""
    if _UNDO_KEY not in st.session_state:
        return
    st.info(t("已按图表中点击的项目筛选。"), icon=":material/ads_click:")
    st.button(t("返回点击前的筛选"), on_click=_undo_chart_click, icon=":material/undo:")


def _unknown_link_values(options: FilterOptions) -> list[str]:
    """Filter values in the address that the data does not have (a unit renamed since the
    link was shared, a mistyped year): the bound widgets drop them without a word, so they
    are named here before the widgets run."""
    known = {
        f.UNITS_KEY: ("单位", {unit.name for unit in options.units}),
        f.CATEGORY_KEY: ("指标类别", set(options.categories)),
        f.FORM_KEY: ("表式", {str(form_kind_label(code)) for code in options.form_kinds}),
    }
    dropped = []
    for key, (label, values) in known.items():
        dropped += [f"{t(label)}“{v}”" for v in st.query_params.get_all(key) if v not in values]
    years = options.years
    for value in st.query_params.get_all(f.YEARS_KEY):
        if not value.isdigit() or not years or not years[0] <= int(value) <= years[-1]:
            dropped.append(f"{t('年度')}“{value}”")
    return dropped


def _language_switch() -> None:
    """中文 | English. Not bound to the URL by Streamlit (a bound widget writes its option
    label, "English"): the code goes into ?lang= by hand, and only when not Chinese."""
    if i18n.LANGUAGE_KEY not in st.session_state:
        st.session_state[i18n.LANGUAGE_KEY] = i18n.current()
    st.segmented_control(
        "语言 / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=i18n.LANGUAGE_KEY,
        on_change=_sync_url,
        label_visibility="collapsed",
    )


def unbound_params() -> dict[str, str]:
    """The choices a link keeps by hand, none at their default: the language and the
    scoring profile (the filter widgets are bound to the URL and write their own)."""
    chosen = {
        i18n.LANGUAGE_KEY: (i18n.current(), DEFAULT_LANGUAGE),
        PROFILE_KEY: (current_profile(), DEFAULT_PROFILE),
    }
    return {key: value for key, (value, default) in chosen.items() if value != default}


def _sync_url() -> None:
    """Mirror `unbound_params` in the address, sending the browser nothing when it
    already says so (after a page switch the query string is new)."""
    wanted = unbound_params()
    for key in (i18n.LANGUAGE_KEY, PROFILE_KEY):
        if st.query_params.get(key) == wanted.get(key):
            continue
        if key in wanted:
            st.query_params[key] = wanted[key]
        else:
            del st.query_params[key]


PROFILE_KEY = "profile"  # widget key and URL parameter: the scoring profile


def current_profile() -> str:
    """The scoring profile chosen in the sidebar (or the link), else the default."""
    value = st.session_state.get(PROFILE_KEY) or st.query_params.get(PROFILE_KEY)
    return value if value in load_profiles() else DEFAULT_PROFILE


def _profile_picker() -> None:
    """The scoring profile: like the language, kept in ?profile= by hand (a bound select
    box would write the profile's long Chinese name), and only when not the default."""
    # Labels translated now, not inside format_func (which may run outside this session).
    names = {key: t(profile.name) for key, profile in load_profiles().items()}
    if PROFILE_KEY not in st.session_state:
        st.session_state[PROFILE_KEY] = current_profile()
    st.selectbox(
        t("评分规则"),
        list(names),
        format_func=names.__getitem__,
        help=t("重算得分所用的评分规则（etl/scoring/profiles.toml）；自评分照原文"),
        key=PROFILE_KEY,
        on_change=_sync_url,
    )


def render(options: FilterOptions) -> f.Filters:
    """Draw the filter widgets in the sidebar and return what they say."""
    dropped = _unknown_link_values(options)
    with st.sidebar:
        _language_switch()
        st.subheader(t("筛选条件"))
        if dropped:
            st.warning(
                t("链接中的以下筛选值在数据中不存在，已忽略：") + markdown("；".join(dropped)),
                icon=":material/link_off:",
            )
        years = options.years
        if len(years) > 1:
            st.slider(
                t("年度范围"),
                min_value=years[0],
                max_value=years[-1],
                value=(years[0], years[-1]),
                step=1,
                key=f.YEARS_KEY,
                bind="query-params",
            )
        elif years:
            st.caption(t("年度：{year} 年", year=years[0]))
        # Plain names as options: a bound widget writes its option labels into the URL.
        chosen = st.multiselect(
            t("单位"),
            [unit.name for unit in options.units],
            placeholder=t("全部单位"),
            help=t(
                "按隶属关系排列，下属单位紧随其主管部门；选择主管部门时，其下属单位的报告一并计入"
            ),
            key=f.UNITS_KEY,
            bind="query-params",
            **PICKER_OPTIONS,
        )
        if chosen:  # a chip cuts a long name; the scope is stated in full here
            st.caption(t("已选：") + markdown("、".join(chosen)))
        if below := _subordinates(options, chosen):
            st.caption(t("含下属单位：") + markdown("、".join(below)))
        st.text_input(
            t("项目名称"),
            placeholder=t("输入项目名称中的字词"),
            key=f.SEARCH_KEY,
            bind="query-params",
        )
        st.multiselect(
            t("指标类别"),
            list(options.categories),
            placeholder=t("全部类别"),
            help=t("只作用于绩效指标的统计（完成率、指标列表）"),
            key=f.CATEGORY_KEY,
            bind="query-params",
            **PICKER_OPTIONS,
        )
        # Options are the Chinese names (they are what the URL shows); Filters holds codes.
        st.multiselect(
            t("表式"),
            [str(form_kind_label(code)) for code in options.form_kinds],
            placeholder=t("全部表式"),
            key=f.FORM_KEY,
            bind="query-params",
            **PICKER_OPTIONS,
        )
        _profile_picker()
        _chart_click_notice()
        st.button(
            t("清除筛选"), on_click=_clear, args=(list(years),), icon=":material/filter_alt_off:"
        )
    # Moving to another page clears the query string; the unbound choices go back into
    # it, so the address of every page is a link to what is on screen.
    _sync_url()
    chosen = f.from_state(st.session_state, list(years))
    st.session_state[_FILTERS_STATE] = chosen
    return chosen


def current_filters() -> f.Filters:
    """The filters the sidebar drew on this run (no restriction before it has run)."""
    return st.session_state.get(_FILTERS_STATE, f.Filters())
