"""The beheerder's national import of figures (issue 8): one CBS file, every code to its own
region, errors per line, nothing partial. Other roles: 403; anonymous: login."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from regions.constants import FigureKind
from regions.figures import csv_import
from regions.models import RegionalFigure
from tests.factories import MunicipalityFactory

URL = "regions:national_figure_import"
NOT_ALLOWED = ["bestuurder", "stuurgroeplid", "projectleider", "other_projectleider", "landelijk"]


@pytest.fixture
def municipalities(region, other_region):
    MunicipalityFactory(region=region, cbs_code="GM9001")
    MunicipalityFactory(region=region, cbs_code="GM9002")
    MunicipalityFactory(region=other_region, cbs_code="GM9100")
    MunicipalityFactory(region=None, cbs_code="GM9200")


def post_file(client, text):
    return client.post(
        reverse(URL),
        {
            "kind": FigureKind.VT_ADVICE,
            "source": "CBS StatLine 84849NED",
            "file": SimpleUploadedFile("cbs.csv", text.encode(), content_type="text/csv"),
        },
    )


def test_anonymous_is_sent_to_login(client_for, municipalities):
    for response in (client_for(None).get(reverse(URL)), client_for(None).post(reverse(URL))):
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("role_client", NOT_ALLOWED, indirect=True)
def test_only_the_beheerder_may_import_nationally(role_client, municipalities):
    _, _, client = role_client
    assert client.get(reverse(URL)).status_code == 403
    assert post_file(client, "code;periode;waarde\nGM9001;2021;5\n").status_code == 403
    assert client.post(reverse(URL), {"confirm": "1"}).status_code == 403
    assert not RegionalFigure.objects.exists()


def test_the_beheerder_imports_one_file_for_every_region(
    client_for, beheerder, region, other_region, municipalities
):
    client = client_for(beheerder)
    assert client.get(reverse(URL)).status_code == 200
    response = post_file(
        client, "code;periode;waarde\nGM9001;2021;5\nGM9002;2021;6\nGM9100;2021;7\n"
    )
    content = response.content.decode()
    assert "Regio Elders" in content
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in content
    response = client.post(reverse(URL), {"confirm": "1"})
    assert response.status_code == 302
    assert dict(RegionalFigure.objects.values_list("region__name", "value")) == {
        "Regio Testland": 11,
        "Regio Elders": 7,
    }


def test_a_municipality_without_region_and_an_unknown_code_are_errors(region, municipalities):
    plan = csv_import.parse(
        "code;periode;waarde\nGM9200;2021;1\nGM0000;2021;1\nGM9001;2021;1\n",
        region=None,
        kind=FigureKind.VT_ADVICE,
        source="CBS",
    )
    assert [str(e) for e in plan.errors] == [
        "Regel 2: gemeente GM9200 hoort nog bij geen regio",
        "Regel 3: code GM0000 is onbekend: geen gemeente en geen regiocode in het portaal",
    ]
    with pytest.raises(ValueError):
        csv_import.apply(plan)
    assert not RegionalFigure.objects.exists()


def test_region_codes_go_to_their_region(region, other_region, municipalities):
    other_region.cbs_code = "VT98"
    other_region.save()
    plan = csv_import.parse(
        "code;periode;waarde\nVT98;2021JJ00;70\nGM9001;2021JJ00;5\n",
        region=None,
        kind=FigureKind.VT_REPORTS,
        source="CBS",
    )
    assert [(t.region.name, t.year, t.value) for t in plan.totals] == [
        ("Regio Elders", 2021, 70),
        ("Regio Testland", 2021, 5),
    ]


def test_a_value_too_long_for_python_shows_a_line_error(client_for, beheerder, municipalities):
    client = client_for(beheerder)

    response = post_file(client, "code;periode;waarde\nGM9001;2021;5\nGM9100;2021;" + "7" * 5000)

    assert response.status_code == 200
    assert [str(e) for e in response.context["plan"].errors] == [
        f"Regel 3: waarde: {'7' * 40}… is te groot (hoogstens 2.147.483.647)"
    ]
    assert client.post(reverse(URL), {"confirm": "1"}).status_code == 302
    assert not RegionalFigure.objects.exists()


def test_a_too_long_name_is_said_once_not_also_as_missing(client_for, beheerder, municipalities):
    response = client_for(beheerder).post(
        reverse(URL),
        {
            "kind": FigureKind.OTHER,
            "label": "H" * 151,
            "source": "CBS",
            "file": SimpleUploadedFile("cbs.csv", b"code;periode;waarde\nGM9001;2021;5\n"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["label"] == [
        "Zorg dat deze waarde niet meer dan 150 tekens bevat (het zijn er nu 151)."
    ]
