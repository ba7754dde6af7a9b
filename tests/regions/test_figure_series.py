"""A series of an 'ander cijfer' is its years under one name: a new year spelled differently is
refused (form and import), and a new name on one year renames the whole series."""

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions.constants import FigureKind
from regions.figures import csv_import
from regions.figures import services as figure_services
from regions.models import RegionalFigure
from tests.factories import MunicipalityFactory, RegionalFigureFactory

NAME = "Adressen met meldingen"
SAME_NAME_OTHER_SPELLING = "adressen  met méldingen"
CREATE_REFUSED = (
    f"Er is al een cijfer ‘{NAME}’. Schrijf de naam net zo, dan komt dit jaar in dezelfde reeks."
)


def series(region, label, *years):
    return [
        RegionalFigureFactory(region=region, kind=FigureKind.OTHER, label=label, year=year)
        for year in years
    ]


def labels(region) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for year, label in RegionalFigure.objects.filter(region=region).values_list("year", "label"):
        found.setdefault(year, []).append(label)
    return {year: sorted(names) for year, names in found.items()}


def post(client, url, **changes):
    data = {
        "kind": FigureKind.OTHER,
        "label": NAME,
        "year": "2022",
        "value": "12",
        "source": "Eigen telling",
        **changes,
    }
    return client.post(url, data)


def create_url(region):
    return reverse("regions:figure_create", args=[region.slug])


def update_url(figure):
    return reverse("regions:figure_update", args=[figure.region.slug, figure.uuid])


def test_a_new_year_spelled_differently_is_refused_and_the_same_spelling_joins(
    client_for, projectleider, region
):
    series(region, NAME, 2021)
    client = client_for(projectleider)

    response = post(client, create_url(region), label=SAME_NAME_OTHER_SPELLING)
    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [CREATE_REFUSED]
    assert labels(region) == {2021: [NAME]}

    assert post(client, create_url(region)).status_code == 302
    assert labels(region) == {2021: [NAME], 2022: [NAME]}


@pytest.mark.parametrize("national", [False, True])
def test_an_import_line_spelling_a_series_differently_is_an_error_and_imports_nothing(
    region, national
):
    MunicipalityFactory(region=region, cbs_code="GM9001")
    series(region, NAME, 2021)
    plan = csv_import.parse(
        "code;periode;waarde\nGM9001;2022;4\n",
        region=None if national else region,
        kind=FigureKind.OTHER,
        label=SAME_NAME_OTHER_SPELLING,
        source="CBS",
    )
    assert not plan.is_valid
    assert [str(error) for error in plan.errors] == [
        f"Regel 2: {region.name}: {CREATE_REFUSED}" if national else f"Regel 2: {CREATE_REFUSED}"
    ]
    with pytest.raises(ValueError, match="niets geïmporteerd"):
        csv_import.apply(plan)
    assert labels(region) == {2021: [NAME]}


def test_a_new_name_renames_every_year_of_the_series_with_history(
    client_for, projectleider, region, other_region
):
    years = series(region, NAME, 2020, 2021, 2022)
    series(region, "Huisverboden", 2021)
    elsewhere = series(other_region, NAME, 2021)
    client = client_for(projectleider)
    assert "Een nieuwe naam geldt voor alle jaren van dit cijfer." in (
        client.get(update_url(years[1])).content.decode()
    )

    response = post(client, update_url(years[1]), label="Adressen met drie meldingen", year="2021")

    assert response.status_code == 302
    assert labels(region) == {
        2020: ["Adressen met drie meldingen"],
        2021: ["Adressen met drie meldingen", "Huisverboden"],
        2022: ["Adressen met drie meldingen"],
    }
    assert labels(other_region) == {2021: [NAME]}
    assert elsewhere[0].label == NAME
    for figure in years:
        change = LogEntry.objects.get_for_object(figure).get(action=LogEntry.Action.UPDATE)
        assert change.changes_dict["label"] == [NAME, "Adressen met drie meldingen"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Cijfer ‘Adressen met drie meldingen’ over 2021 is opgeslagen; de nieuwe naam geldt "
        "voor alle 3 jaren."
    ]


def test_a_new_name_of_another_series_is_refused_and_nothing_changes(
    client_for, projectleider, region
):
    years = series(region, NAME, 2020, 2021)
    series(region, "Huisverboden", 2019)

    response = post(
        client_for(projectleider), update_url(years[1]), label="huisverboden", year="2021"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [
        "Er is al een cijfer ‘Huisverboden’. Kies een andere naam: de jaren van twee cijfers "
        "worden niet samengevoegd."
    ]
    assert labels(region) == {2019: ["Huisverboden"], 2020: [NAME], 2021: [NAME]}
    assert RegionalFigure.objects.get(pk=years[1].pk).value == years[1].value


def test_a_new_spelling_of_its_own_series_renames_it(client_for, projectleider, region):
    years = series(region, SAME_NAME_OTHER_SPELLING, 2020, 2021)

    response = post(client_for(projectleider), update_url(years[0]), year="2020")

    assert response.status_code == 302
    assert labels(region) == {2020: [NAME], 2021: [NAME]}


def test_a_rename_that_would_give_a_year_twice_is_refused_at_the_name_and_saves_nothing(
    client_for, projectleider, region
):
    # Two spellings of one name from before the check: one can take the other's spelling
    # (they become one series), but not while both have 2021.
    series(region, NAME, 2021)
    twin = series(region, SAME_NAME_OTHER_SPELLING, 2021, 2022)

    response = post(client_for(projectleider), update_url(twin[1]), year="2022", value="99")

    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [
        f"‘{NAME}’ heeft al een cijfer over 2021. Verwijder of bewerk dat jaar eerst."
    ]
    assert labels(region) == {
        2021: sorted([NAME, SAME_NAME_OTHER_SPELLING]),
        2022: [SAME_NAME_OTHER_SPELLING],
    }
    assert RegionalFigure.objects.get(pk=twin[1].pk).value == twin[1].value


def test_the_service_checks_the_name_again_and_saves_nothing(region):
    # Another page may have added the series after this form was checked.
    series(region, NAME, 2021)
    figure = RegionalFigure(
        kind=FigureKind.OTHER, label=SAME_NAME_OTHER_SPELLING, year=2022, value=1, source="x"
    )

    with pytest.raises(ValidationError) as refused:
        figure_services.figure_save(figure=figure, region=region)

    assert refused.value.message_dict == {"label": [CREATE_REFUSED]}
    assert labels(region) == {2021: [NAME]}


def test_a_rename_that_moves_the_year_onto_another_year_of_its_series_is_refused(
    client_for, projectleider, region
):
    """A new name and, on the same form, a year the series has already: the rename of the other
    years gave that year twice and failed in the database with a 500."""
    years = series(region, NAME, 2020, 2021)

    response = post(
        client_for(projectleider), update_url(years[0]), label="Huisbezoeken", year="2021"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [
        f"‘{NAME}’ heeft al een cijfer over 2021. Verwijder of bewerk dat jaar eerst."
    ]
    assert labels(region) == {2020: [NAME], 2021: [NAME]}
