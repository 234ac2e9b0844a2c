"""dashboard.filters: widget state → Filters → SQL parameters and a scope sentence."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters, from_state

YEARS = [2017, 2018, 2019, 2020]


def test_full_year_range_is_no_restriction() -> None:
    # Reports without a year must not vanish just because the slider sits at its ends.
    assert from_state({"years": (2017, 2020)}, YEARS) == Filters()
    assert from_state({}, YEARS) == Filters()


def test_narrowed_state_becomes_filters() -> None:
    state = {
        "years": [2020, 2018],
        "units": ["绵阳市知识产权局"],
        "q": " 专利 ",
        "category": ["产出指标"],
        "form": ["项目支出绩效自评表(2020式)"],  # the sidebar shows (and the URL holds) names
    }

    filters = from_state(state, YEARS)

    assert filters == Filters(2018, 2020, ("绵阳市知识产权局",), " 专利 ", ("产出指标",),
                              ("form2020",))  # fmt: skip
    params = filters.sql_params()
    assert params["search"] == "专利"  # trimmed; blank becomes None
    assert params["units"] == ["绵阳市知识产权局"]
    assert Filters(search="  ").sql_params()["search"] is None


def test_describe_names_the_scope_in_chinese() -> None:
    assert Filters().describe() == "全部年度；全部单位"
    assert Filters(2021, 2021).describe().startswith("2021年；")
    text = Filters(2019, 2021, ("甲局", "乙中心"), "专利", ("产出指标",), ("form2018",)).describe()
    assert text == (
        "2019–2021年；甲局、乙中心；项目名称含“专利”；指标类别：产出指标；"
        "表式：绩效目标完成情况表(2018式)"
    )


def test_with_years_keeps_everything_else() -> None:
    filters = Filters(2020, 2021, ("甲局",), "专利", ("产出指标",), ("form2020",))
    previous = filters.with_years(2019, 2019)
    assert (previous.year_from, previous.year_to) == (2019, 2019)
    assert previous.units == filters.units and previous.search == filters.search
    assert previous.categories == filters.categories and previous.form_kinds == filters.form_kinds


@pytest.mark.parametrize(
    "chosen",
    [
        Filters(),
        Filters(2020, 2022, ("绵阳市科学技术和知识产权局",), "专利", ("产出指标",), ("form2020",)),
        Filters(2021, 2021, (), "  知识产权 ", (), ()),
    ],
)
def test_query_params_restore_the_same_filters(chosen: Filters) -> None:
    params = chosen.query_params()
    # As the sidebar reads a link: the slider holds the two years, the rest their values.
    state = {key: values for key, values in params.items()}
    if "years" in state:
        state["years"] = tuple(int(v) for v in state["years"])
    if "q" in state:
        state["q"] = state["q"][0]
    restored = from_state(state, list(range(2017, 2025)))
    assert restored == Filters(
        chosen.year_from, chosen.year_to, chosen.units, chosen.search.strip(),
        chosen.categories, chosen.form_kinds,
    )  # fmt: skip
