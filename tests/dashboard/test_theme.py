"""dashboard.theme: number formats, bands, and one source for Streamlit and plotly colours."""

from __future__ import annotations

import tomllib

import pytest

from dashboard import theme


@pytest.mark.parametrize(
    ("rate", "band"),
    [(None, None), (float("nan"), None), (62.3, "bad"), (80.0, "warning"), (89.99, "warning"),
     (90.0, "good"), (100.0, "good"), (100.01, "over")],
)  # fmt: skip
def test_rate_bands(rate: float | None, band: str | None) -> None:
    assert theme.rate_band(rate) == band


def test_chinese_number_formats() -> None:
    assert theme.format_amount(1234.5) == "1,234.50万元"
    assert theme.format_amount(123456.0) == "12.35亿元"
    assert theme.format_amount(None) == "—"
    assert theme.format_count(8765) == "8,765"
    assert theme.format_count(75210) == "7.52万"
    assert theme.format_count(float("nan")) == "—"
    assert theme.format_percent(84.678) == "84.68%"
    assert theme.format_wan_yuan(1234567.891) == "1,234,567.89"


def test_plotly_template_uses_the_streamlit_theme() -> None:
    with theme.CONFIG_FILE.open("rb") as handle:
        config = tomllib.load(handle)["theme"]

    template = theme.plotly_template()

    assert list(template.layout.colorway) == config["chartCategoricalColors"]
    assert template.layout.font.family == config["font"]
    assert "Noto Sans CJK SC" in template.layout.font.family.split(",")[0]


def test_register_makes_it_the_default() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio

    theme.register_plotly_template()

    assert pio.templates.default == theme.TEMPLATE_NAME
    assert go.Figure().layout.template.layout.colorway == theme.plotly_template().layout.colorway


def test_every_parser_layout_has_a_chinese_name() -> None:
    from etl.parse.cells import LAYOUTS

    assert set(theme.LAYOUT_LABELS) == set(LAYOUTS)


def test_every_row_builder_has_a_chinese_name() -> None:
    from etl.parse.indicators import ROW_BUILDERS

    assert set(theme.ROW_BUILDER_LABELS) == set(ROW_BUILDERS)
