"""Calculations of the figures pages with known numbers (issue 8)."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import truncatechars

from regions.figures.calc import Inhabitants, per_thousand, prevalence_estimate
from regions.figures.charts import BAR_AREA, Bar, build_bar_chart


def test_prevalence_of_5_5_percent_of_100000_inhabitants_is_5500():
    assert prevalence_estimate(100_000, Decimal("5.5")) == 5_500


def test_prevalence_of_8_percent_of_250000_inhabitants_is_20000():
    assert prevalence_estimate(250_000, Decimal("8")) == 20_000


def test_prevalence_rounds_to_a_whole_person():
    assert prevalence_estimate(1_001, Decimal("5.5")) == 55  # 55.055
    assert prevalence_estimate(1_010, Decimal("5.5")) == 56  # 55.55


@pytest.mark.parametrize("inhabitants", [None, 0])
def test_prevalence_without_inhabitants_is_unknown(inhabitants):
    assert prevalence_estimate(inhabitants, Decimal("5.5")) is None


def test_prevalence_outside_0_to_100_percent_is_unknown():
    assert prevalence_estimate(1000, Decimal("101")) is None
    assert prevalence_estimate(1000, Decimal("-1")) is None


def test_per_thousand_divides_by_inhabitants_times_1000_to_one_decimal():
    assert per_thousand(1234, 100_000) == 12.3
    assert per_thousand(1235, 100_000) == 12.4  # half rounds up
    assert per_thousand(500, 100_000) == 5.0


def test_national_vt_reports_2021_per_thousand_inhabitants():
    # 119,380 reports (CBS) / 17,475,415 inhabitants on 1 January 2021 (CBS 84727NED) * 1000
    assert per_thousand(119_380, 17_475_415) == 6.8


@pytest.mark.parametrize("inhabitants", [None, 0])
def test_per_thousand_without_inhabitants_is_unknown(inhabitants):
    assert per_thousand(1234, inhabitants) is None


def test_per_thousand_without_a_value_is_unknown():
    assert per_thousand(None, 1000) is None


def test_inhabitants_count_only_when_every_municipality_is_known():
    assert Inhabitants(known_total=50_000, municipalities=2, unknown=0).value == 50_000
    assert Inhabitants(known_total=25_000, municipalities=2, unknown=1).value is None
    assert Inhabitants(known_total=0, municipalities=0, unknown=0).value is None


def test_a_percentage_chart_scales_to_100_not_to_the_largest_bar():
    chart = build_bar_chart("t", [Bar("a", 50, "50%"), Bar("b", None, "geen ronde")], maximum=100)
    assert [bar.width for bar in chart.bars] == [BAR_AREA // 2, 0]


def test_a_count_chart_scales_to_the_largest_bar():
    chart = build_bar_chart("t", [Bar("a", 2.0, "2,0"), Bar("b", 8.0, "8,0")])
    assert [bar.width for bar in chart.bars] == [round(BAR_AREA / 4), BAR_AREA]


@pytest.mark.parametrize(
    "label",
    [
        "Regio Noord",
        "x" * 34,
        "x" * 35,
        "Veiligheidsregio Zuid-Holland-Zuid (deze regio)",
        "Cafe\u0301 de Regio",  # not NFC: é as e + combining accent
        "e\u0301" * 40,  # combining characters do not count
    ],
)
def test_a_bar_label_is_shortened_as_truncatechars_does(label):
    assert Bar(label=label, value=1, display="1").short_label == truncatechars(label, 34)


def test_a_bar_is_filled_by_its_kind():
    own, national, other = (
        Bar(label="a", value=1, display="1", css_class=css)
        for css in ("chart-bar chart-bar-own", "chart-bar chart-bar-national", "chart-bar")
    )
    assert (own.fill, national.fill, other.fill) == ("#154273", "#8fa8c8", "#c5d3e6")
