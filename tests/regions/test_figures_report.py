"""``regions.figures.figures_for_report`` and its include, for the meeting report (issue 8)."""

import io
import logging

from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from ghnt_portal.pdf import render_to_pdf
from regions.constants import FigureKind
from regions.figures import figures_for_report
from regions.models import RegionalFigure
from tests.factories import MunicipalityFactory, RegionalFigureFactory, RegionFactory


def make_figures(region):
    MunicipalityFactory(region=region, inhabitants=100_000)
    RegionalFigure.objects.create(
        region=region,
        kind=FigureKind.VT_ADVICE,
        year=2021,
        value=900,
        source="CBS 84849NED",
        in_report=True,
    )
    RegionalFigure.objects.create(
        region=region,
        kind=FigureKind.OTHER,
        label="Huisverboden",
        year=2021,
        value=12,
        source="Politie",
        in_report=True,
    )
    RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_REPORTS, year=2021, value=5, source="niet aangevinkt"
    )


def test_the_report_holds_every_figure_with_per_thousand_and_source(region):
    make_figures(region)
    report = figures_for_report(region)
    assert report.inhabitants.value == 100_000
    assert [(r.name, r.year, r.value, r.per_1000_display, r.source) for r in report.rows] == [
        ("Veilig Thuis: adviesvragen", 2021, 900, "9,0", "CBS 84849NED"),
        ("Huisverboden", 2021, 12, "0,1", "Politie"),
    ]
    assert [p.estimate for p in report.prevalence] == [5_500, 8_000, 9_000]
    assert "grove schatting" in report.caveat


def test_figures_that_are_not_ticked_stay_out_of_the_report(region):
    make_figures(region)
    assert "niet aangevinkt" not in {r.source for r in figures_for_report(region).rows}


def test_the_report_of_a_region_without_figures_is_empty(region):
    report = figures_for_report(region)
    assert report.is_empty
    assert [p.estimate for p in report.prevalence] == [None, None, None]


def test_the_include_renders_the_figures_and_the_caveat(region):
    make_figures(region)
    html = render_to_string(
        "regions/includes/figures_table.html",
        {"figures": figures_for_report(region), "heading_level": 3},
    )
    assert "<h3" in html
    assert "Huisverboden" in html
    assert "ca. 5.500" in html
    assert "grove schatting" in html
    assert "style=" not in html


def test_the_include_works_in_a_pdf_without_logged_errors(region, caplog):
    make_figures(region)
    with caplog.at_level(logging.WARNING):
        _html, pdf = render_to_pdf(
            "regions/figures/report_sample.html", {"figures": figures_for_report(region)}
        )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Huisverboden" in text
    assert "Regio Testland" in text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _prevalence_rows(html: str) -> str:
    """The body of the prevalence table, whitespace collapsed."""
    table = html[html.index("Landelijk percentage") :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return " ".join(body.split())


def test_the_page_and_the_report_render_the_prevalence_table_with_one_include(
    client_for, stuurgroeplid, region
):
    make_figures(region)
    page = client_for(stuurgroeplid).get(reverse("regions:figures", args=[region.slug]))
    report = render_to_string(
        "regions/includes/figures_table.html", {"figures": figures_for_report(region)}
    )

    assert "regions/includes/prevalence_table.html" in [t.name for t in page.templates]
    assert "ca. 5.500" in _prevalence_rows(report)
    assert _prevalence_rows(page.content.decode()) == _prevalence_rows(report)


def test_figures_for_report_runs_a_fixed_number_of_queries(region, django_assert_max_num_queries):
    make_figures(region)
    with django_assert_max_num_queries(6) as captured:
        figures_for_report(region)
    for year in range(2000, 2020):
        RegionalFigure.objects.create(
            region=region,
            kind=FigureKind.VT_REPORTS,
            year=year,
            value=year,
            source="CBS",
            in_report=True,
        )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert len(figures_for_report(region).rows) == 22


def test_the_figures_page_runs_a_fixed_number_of_queries(
    client_for, stuurgroeplid, region, django_assert_max_num_queries
):
    make_figures(region)
    client = client_for(stuurgroeplid)
    page = reverse("regions:figures", args=[region.slug])
    with django_assert_max_num_queries(40) as captured:
        client.get(page)
    for n in range(10):
        other = RegionFactory()
        MunicipalityFactory(region=other, inhabitants=10_000 + n)
        RegionalFigure.objects.create(
            region=other, kind=FigureKind.VT_ADVICE, year=2021, value=50 + n, source="CBS"
        )
        RegionalFigure.objects.create(
            region=region, kind=FigureKind.VT_REPORTS, year=2000 + n, value=n, source="CBS"
        )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = client.get(page)
    assert len(response.context["page"].series[0].chart.bars) == 12  # national + 11 regions


def test_the_report_gives_no_rate_for_a_figure_of_part_of_the_municipalities(region, caplog):
    MunicipalityFactory(region=region, inhabitants=60_000)
    MunicipalityFactory(region=region, inhabitants=40_000)
    RegionalFigureFactory(region=region, value=500, municipality_count=1, in_report=True)
    report = figures_for_report(region)

    assert [(r.per_1000_display, r.per_1000_note) for r in report.rows] == [
        ("–", "niet berekend: opgeteld uit 1 van de 2 gemeenten")
    ]
    with caplog.at_level(logging.WARNING):
        html, pdf = render_to_pdf("regions/figures/report_sample.html", {"figures": report})
    assert "niet berekend: opgeteld uit 1 van de 2 gemeenten" in html
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "– (niet berekend: opgeteld uit 1 van de 2 gemeenten)" in " ".join(text.split())
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
