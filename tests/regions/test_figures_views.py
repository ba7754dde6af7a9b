"""The figures screens per role (issue 8): members of the region read, the project leader and
beheerder add, edit, delete and import; another region's project leader gets 404."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from regions.constants import FigureKind
from regions.figures import figures_for_report
from regions.models import NationalFigure, RegionalFigure
from regions.reference import _read, sync_national_figures
from tests.factories import MunicipalityFactory, RegionalFigureFactory

READERS = ["bestuurder", "burgemeester", "stuurgroeplid", "projectleider", "beheerder", "landelijk"]
READ_ONLY = ["bestuurder", "stuurgroeplid", "landelijk"]
EDITORS = ["projectleider", "beheerder"]
EDIT_VIEWS = ["figure_create", "figure_import", "figure_update", "figure_delete"]
VALID_POST = {
    "kind": FigureKind.VT_ADVICE,
    "label": "",
    "year": "2021",
    "value": "900",
    "source": "CBS StatLine 84849NED",
}


@pytest.fixture
def figure(region):
    MunicipalityFactory(region=region, cbs_code="GM9001", inhabitants=60_000)
    MunicipalityFactory(region=region, cbs_code="GM9002", inhabitants=40_000)
    return RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_REPORTS, year=2021, value=700, source="CBS 84849NED"
    )


def url_for(name, figure):
    if name in ("figure_update", "figure_delete"):
        return reverse(f"regions:{name}", args=[figure.region.slug, figure.uuid])
    return reverse(f"regions:{name}", args=[figure.region.slug])


def test_anonymous_is_sent_to_login_on_every_figures_view(client_for, figure):
    client = client_for(None)
    for name in ["figures", *EDIT_VIEWS]:
        for response in (client.get(url_for(name, figure)), client.post(url_for(name, figure))):
            assert response.status_code == 302
            assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert RegionalFigure.objects.count() == 1


@pytest.mark.parametrize("name", ["figures", *EDIT_VIEWS])
def test_other_regions_projectleider_gets_404_on_every_figures_view(
    client_for, other_projectleider, figure, name
):
    client = client_for(other_projectleider)
    assert client.get(url_for(name, figure)).status_code == 404
    assert client.post(url_for(name, figure), VALID_POST).status_code == 404
    assert list(RegionalFigure.objects.values_list("value", flat=True)) == [700]


def test_a_figure_of_another_region_is_not_found_through_ones_own_region(
    client_for, projectleider, figure, other_region
):
    foreign = RegionalFigure.objects.create(
        region=other_region, kind=FigureKind.VT_REPORTS, year=2021, value=5, source="x"
    )
    client = client_for(projectleider)
    url = reverse("regions:figure_update", args=[figure.region.slug, foreign.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, VALID_POST).status_code == 404
    assert RegionalFigure.objects.get(pk=foreign.pk).value == 5


@pytest.mark.parametrize("role_client", READERS, indirect=True)
def test_members_and_national_roles_read_the_figures_page(role_client, figure):
    _, _, client = role_client
    response = client.get(url_for("figures", figure))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Veilig Thuis: meldingen" in content
    assert "100.000 inwoners" in content
    assert "7,0" in content  # 700 / 100,000 * 1000


@pytest.mark.parametrize("role_client", READ_ONLY, indirect=True)
@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_read_only_roles_get_403_on_figure_edits(role_client, figure, name):
    _, _, client = role_client
    assert client.get(url_for(name, figure)).status_code == 403
    assert client.post(url_for(name, figure), VALID_POST).status_code == 403
    assert list(RegionalFigure.objects.values_list("value", flat=True)) == [700]


@pytest.mark.parametrize("role_client", READ_ONLY, indirect=True)
def test_read_only_roles_see_no_edit_links(role_client, figure):
    _, _, client = role_client
    response = client.get(url_for("figures", figure))
    content = response.content.decode()
    assert response.status_code == 200
    assert "CBS 84849NED" in content  # the figure is shown, only its edit links are not
    assert url_for("figure_create", figure) not in content
    assert url_for("figure_delete", figure) not in content


@pytest.mark.parametrize("role_client", EDITORS, indirect=True)
@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_editors_open_every_figure_form(role_client, figure, name):
    _, _, client = role_client
    assert client.get(url_for(name, figure)).status_code == 200


@pytest.mark.parametrize("role_client", EDITORS, indirect=True)
def test_editors_add_a_figure(role_client, figure):
    _, _, client = role_client
    response = client.post(url_for("figure_create", figure), VALID_POST)
    assert response.status_code == 302
    added = RegionalFigure.objects.get(kind=FigureKind.VT_ADVICE)
    assert (added.region, added.year, added.value, added.source) == (
        figure.region,
        2021,
        900,
        "CBS StatLine 84849NED",
    )


def test_projectleider_edits_a_figure(client_for, projectleider, figure):
    response = client_for(projectleider).post(
        url_for("figure_update", figure),
        {**VALID_POST, "kind": FigureKind.VT_REPORTS, "value": "750"},
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 750


def test_projectleider_deletes_a_figure(client_for, projectleider, figure):
    response = client_for(projectleider).post(url_for("figure_delete", figure))
    assert response.status_code == 302
    assert not RegionalFigure.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"source": ""}, "source", "Dit veld is verplicht."),
        ({"value": "veel"}, "value", "Voer een geheel getal in."),
        ({"year": "1850"}, "year", "minstens 1990"),
        ({"kind": FigureKind.OTHER, "label": ""}, "label", "Geef het cijfer een naam."),
        (
            {"kind": FigureKind.VT_REPORTS},
            "year",
            "Dit cijfer staat voor 2021 al in de regio; bewerk dat cijfer.",
        ),
    ],
)
def test_bad_input_gives_a_dutch_error_at_the_field_and_saves_nothing(
    client_for, projectleider, figure, changes, field, message
):
    response = client_for(projectleider).post(
        url_for("figure_create", figure), {**VALID_POST, **changes}
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert RegionalFigure.objects.count() == 1


def test_a_too_long_name_is_said_once_not_also_as_missing(client_for, projectleider, figure):
    response = client_for(projectleider).post(
        url_for("figure_create", figure),
        {**VALID_POST, "kind": FigureKind.OTHER, "label": "H" * 151},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [
        "Zorg dat deze waarde niet meer dan 150 tekens bevat (het zijn er nu 151)."
    ]
    assert RegionalFigure.objects.count() == 1


def test_an_other_figure_keeps_its_own_name(client_for, projectleider, figure):
    client_for(projectleider).post(
        url_for("figure_create", figure),
        {**VALID_POST, "kind": FigureKind.OTHER, "label": "Huisverboden"},
    )
    assert RegionalFigure.objects.get(kind=FigureKind.OTHER).name == "Huisverboden"


# --- Import through the browser ------------------------------------------------------------


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("cbs.csv", text.encode(), content_type="text/csv")


def import_post(client, figure, text):
    return client.post(
        url_for("figure_import", figure),
        {
            "kind": FigureKind.VT_REPORTS,
            "label": "",
            "source": "CBS StatLine 84849NED",
            "file": upload(text),
        },
    )


@pytest.mark.parametrize("role_client", EDITORS, indirect=True)
def test_editors_import_after_a_preview(role_client, figure):
    _, _, client = role_client
    response = import_post(
        client,
        figure,
        "code;periode;waarde\nGM9001;2021JJ00;500\nGM9002;2021JJ00;300\n"
        "GM9001;2022JJ00;1\nGM9002;2022JJ00;2\n",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "wordt bijgewerkt (was 700)" in content
    assert "1 nieuw, 1 bijgewerkt, 0 ongewijzigd" in content
    assert RegionalFigure.objects.get().value == 700  # nothing saved before confirming

    response = client.post(url_for("figure_import", figure), {"confirm": "1"})
    assert response.status_code == 302
    assert dict(RegionalFigure.objects.values_list("year", "value")) == {2021: 800, 2022: 3}


def test_a_bad_file_shows_errors_per_line_and_imports_nothing(client_for, projectleider, figure):
    client = client_for(projectleider)
    response = import_post(client, figure, "code;periode;waarde\nGM9001;2022;5\nGM9001;2022;6\n")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Regel 3: dubbele periode" in content
    assert "Er is niets geïmporteerd" in content
    # A confirm after a failed preview has nothing to import.
    response = client.post(url_for("figure_import", figure), {"confirm": "1"})
    assert response.status_code == 302
    assert list(RegionalFigure.objects.values_list("year", flat=True)) == [2021]


def test_a_file_over_2_mb_is_refused_at_the_field_and_imports_nothing(
    client_for, projectleider, figure
):
    client = client_for(projectleider)
    text = "code;periode;waarde\n" + "GM9001;2022;5\n" * (2 * 1024 * 1024 // 14)

    response = import_post(client, figure, text)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Het bestand is groter dan 2 MB."]}
    assert list(RegionalFigure.objects.values_list("year", flat=True)) == [2021]


def test_a_file_of_a_million_short_lines_is_refused_in_dutch(client_for, projectleider, figure):
    client = client_for(projectleider)

    response = import_post(client, figure, "code;periode;waarde\n" + "x\n" * 1_000_000)

    assert response.status_code == 200
    assert [str(e) for e in response.context["plan"].errors] == [
        "Regel 5002: Het bestand heeft meer dan 5000 regels met gegevens; splits het bestand."
    ]
    assert "Er is niets geïmporteerd" in response.text
    assert list(RegionalFigure.objects.values_list("year", flat=True)) == [2021]


def test_prevalence_conversion_shows_the_estimate_with_the_caveat(
    client_for, stuurgroeplid, figure
):
    response = client_for(stuurgroeplid).get(
        url_for("figures", figure), {"percentage": "5,5", "source": "WODC 2019"}
    )
    content = response.content.decode()
    assert "naar schatting 5.500 mensen" in content
    assert "grove schatting" in content


def test_a_bad_percentage_gives_a_dutch_error(client_for, stuurgroeplid, figure):
    response = client_for(stuurgroeplid).get(
        url_for("figures", figure), {"percentage": "veel", "source": "WODC"}
    )
    assert response.status_code == 200
    assert response.context["prevalence_form"].errors["percentage"] == [
        "Vul een getal in, bijv. 5,5."
    ]


def test_the_shipped_presets_are_converted_for_the_region(client_for, stuurgroeplid, figure):
    content = client_for(stuurgroeplid).get(url_for("figures", figure)).content.decode()
    assert "ca. 5.500" in content  # 5.5% of 100,000
    assert "ca. 8.000" in content  # 8% of 100,000
    assert "WODC, Ten Boom &amp; Wittebrood, 2019" in content


def test_unknown_inhabitants_are_said_and_per_thousand_is_unknown(
    client_for, stuurgroeplid, figure
):
    MunicipalityFactory(region=figure.region, inhabitants=None)
    content = client_for(stuurgroeplid).get(url_for("figures", figure)).content.decode()
    assert "van 1 gemeente is het aantal inwoners onbekend" in content
    assert "onbekend" in response_cells(content)


def response_cells(content: str) -> str:
    return content.split("Cijfers per jaar", 1)[1]


def test_national_figure_per_thousand_uses_the_shipped_cbs_population(
    client_for, stuurgroeplid, figure
):
    sync_national_figures(_read("national_figures.json"))
    content = client_for(stuurgroeplid).get(url_for("figures", figure)).content.decode()
    # 119,380 reports in 2021 / 17,475,415 inhabitants on 1 January 2021 * 1000 = 6.8
    assert "6,8" in content
    assert "84727NED" in content


def test_national_per_thousand_is_unknown_without_a_population_for_that_year(
    client_for, stuurgroeplid, region
):
    MunicipalityFactory(region=region, inhabitants=10_000)
    NationalFigure.objects.create(kind="vt_meldingen", year=2020, value=127_415, source="CBS")
    RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_REPORTS, year=2020, value=70, source="CBS"
    )
    response = client_for(stuurgroeplid).get(reverse("regions:figures", args=[region.slug]))
    row = response.context["page"].series[0].rows[0]
    assert row.national_value == 127_415
    assert row.national_per_1000 is None
    assert row.per_1000 == 7.0


def test_the_chart_compares_with_other_regions_and_has_no_style_attributes(
    client_for, stuurgroeplid, figure, other_region
):
    MunicipalityFactory(region=other_region, inhabitants=50_000)
    RegionalFigure.objects.create(
        region=other_region, kind=FigureKind.VT_REPORTS, year=2021, value=100, source="CBS"
    )
    content = client_for(stuurgroeplid).get(url_for("figures", figure)).content.decode()
    assert "<svg" in content
    assert "Regio Elders" in content
    assert "2,0" in content  # 100 / 50,000 * 1000
    assert "style=" not in content


def test_the_project_leader_ticks_a_figure_into_the_meeting_reports(
    client_for, projectleider, figure
):
    assert figures_for_report(figure.region).is_empty
    client_for(projectleider).post(
        url_for("figure_update", figure),
        {**VALID_POST, "kind": FigureKind.VT_REPORTS, "value": "700", "in_report": "on"},
    )
    assert [r.value for r in figures_for_report(figure.region).rows] == [700]


def test_an_import_can_tick_the_figures_into_the_reports(client_for, projectleider, figure):
    client = client_for(projectleider)
    client.post(
        url_for("figure_import", figure),
        {
            "kind": FigureKind.VT_ADVICE,
            "source": "CBS",
            "in_report": "on",
            "file": upload("code;periode;waarde\nGM9001;2021;5\nGM9002;2021;6\n"),
        },
    )
    client.post(url_for("figure_import", figure), {"confirm": "1"})
    added = RegionalFigure.objects.get(kind=FigureKind.VT_ADVICE)
    assert (added.value, added.in_report) == (11, True)


def test_a_cbs_dot_is_skipped_in_the_preview_and_the_figure_gets_no_rate(
    client_for, projectleider, figure
):
    """QA: a StatLine file with '.' (unknown or secret) failed as a whole; imported, the total of
    1 of the 2 municipalities was divided by the whole region's inhabitants."""
    client = client_for(projectleider)
    response = import_post(client, figure, "code;periode;waarde\nGM9001;2022;500\nGM9002;2022;.\n")

    assert "Er is niets geïmporteerd" not in response.text
    assert "de waarde van 1 gemeente onbekend of geheim" in response.text
    assert "GM9002" in response.text and "(regel 3)" in response.text
    client.post(url_for("figure_import", figure), {"confirm": "1"})
    added = RegionalFigure.objects.get(year=2022)
    assert (added.value, added.municipality_count) == (500, 1)

    response = client.get(url_for("figures", figure))
    rows = {r.figure.year: r for r in response.context["page"].series[0].rows}
    assert rows[2022].per_1000 is None
    assert rows[2022].per_1000_display == "–"
    assert rows[2021].per_1000_display == "7,0"  # entered by hand: 700 / 100,000 * 1000
    assert "niet berekend: opgeteld uit 1 van de 2 gemeenten" in response.text


def _partial_region(region):
    """QA's case: 1,768 reports from 3 of the region's 4 municipalities (235,000 inhabitants)."""
    for inhabitants in (60_000, 70_000, 88_000, 17_000):
        MunicipalityFactory(region=region, inhabitants=inhabitants)


@pytest.mark.parametrize(
    ("count", "per_1000", "note"),
    [
        (3, None, "niet berekend: opgeteld uit 3 van de 4 gemeenten"),
        (4, 7.5, ""),
        # a municipality has left the region since the import
        (5, None, "niet berekend: opgeteld uit 5 gemeenten; de regio heeft er nu 4"),
        (None, 7.5, ""),  # entered by hand, or imported with the region's code
    ],
)
def test_only_a_figure_of_every_municipality_gets_a_rate(
    client_for, stuurgroeplid, region, count, per_1000, note
):
    _partial_region(region)
    RegionalFigureFactory(region=region, value=1768, municipality_count=count)
    response = client_for(stuurgroeplid).get(reverse("regions:figures", args=[region.slug]))

    row = response.context["page"].series[0].rows[0]
    assert (row.per_1000, row.per_1000_note) == (per_1000, note)
    assert ("7,5" in response_cells(response.text)) == (per_1000 is not None)


def test_the_comparison_chart_gives_no_rate_for_a_partial_figure_of_another_region(
    client_for, stuurgroeplid, figure, other_region
):
    _partial_region(other_region)
    RegionalFigureFactory(region=other_region, value=1768, municipality_count=3)
    response = client_for(stuurgroeplid).get(url_for("figures", figure))

    bars = {b.label: b for b in response.context["page"].series[0].chart.bars}
    elders = bars["Regio Elders"]
    assert (elders.value, elders.width, elders.display) == (None, 0, "–")
    assert elders.note == "niet berekend: opgeteld uit 3 van de 4 gemeenten"
    assert "niet berekend: opgeteld uit 3 van de 4 gemeenten" in response.text
    assert bars["Regio Testland (deze regio)"].display == "7,0"


def test_the_comparison_chart_says_why_for_a_region_whose_municipalities_all_left(
    client_for, stuurgroeplid, figure, other_region
):
    # Imported from two municipalities; both have since moved to another region.
    RegionalFigureFactory(region=other_region, value=1768, municipality_count=2)
    response = client_for(stuurgroeplid).get(url_for("figures", figure))

    elders = {b.label: b for b in response.context["page"].series[0].chart.bars}["Regio Elders"]
    assert (elders.value, elders.display) == (None, "–")
    assert elders.note == "niet berekend: opgeteld uit 2 gemeenten; de regio heeft er nu 0"
