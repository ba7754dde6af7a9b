"""The demo data: a believable fictional structure, idempotent, with a few realistic gaps."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from regions import demo
from regions.models import GovernanceBody, PartnerOrganisation, Region, Seat
from regions.structure import build_structure_picture


@pytest.fixture
def reference(db):
    call_command("load_reference_content", stdout=StringIO())


def snapshot():
    return (
        sorted(PartnerOrganisation.objects.values_list("region__slug", "name")),
        sorted(
            GovernanceBody.objects.values_list("name", "reports_to__name", "kind", "updated_at")
        ),
        sorted(Seat.objects.values_list("body__name", "person_name", "user__email", "updated_at")),
    )


def test_demo_data_loads_twice_without_changes(reference):
    first = list(demo.load())
    before = snapshot()

    second = list(demo.load())

    assert snapshot() == before
    assert "demo-structuur Demo-regio Demoland: 11 partners, 4 overleggen" in first[1]
    assert second[1].endswith(": 0 partners, 0 overleggen, 0 zetels nieuw")
    assert second[2].endswith(": 0 partners, 0 overleggen, 0 zetels nieuw")


def test_the_demo_region_has_a_reporting_chain_and_linked_demo_users(reference):
    list(demo.load())
    region = Region.objects.get(slug=demo.DEMO_REGION_SLUG)

    lines = dict(region.bodies.values_list("name", "reports_to__name"))
    assert lines["Stuurgroep Zorg en Veiligheid Demoland"] == (
        "Regiobijeenkomst Zorg en Veiligheid Demoland"
    )
    assert lines["Bestuurlijk Overleg Sociaal Domein Demoland"] is None
    linked = set(
        Seat.objects.filter(body__region=region, user__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    assert linked == {
        "projectleider@demo.ghnt.nl",
        "stuurgroep@demo.ghnt.nl",
        "wethouder@demo.ghnt.nl",
        "burgemeester@demo.ghnt.nl",
    }
    for seat in Seat.objects.filter(body__region=region).select_related("body"):
        represents = seat.represents
        assert represents is None or represents.region_id == region.pk


def test_the_demo_region_keeps_three_realistic_white_spots(reference):
    list(demo.load())
    region = Region.objects.get(slug=demo.DEMO_REGION_SLUG)

    spots = build_structure_picture(region).white_spots

    assert [(s.code, s.domain.slug if s.domain else None) for s in spots] == [
        ("no_expert_by_experience", None),
        ("core_domain_without_ambassador", "veiligheid"),
        ("partner_not_at_table", None),
    ]


def test_the_second_region_has_a_smaller_structure(reference):
    list(demo.load())
    other = Region.objects.get(slug=demo.OTHER_REGION_SLUG)

    assert other.bodies.count() == 1
    assert Seat.objects.filter(body__region=other).count() == 4
    assert Seat.objects.get(person_name="Anna Andere").user.email == (
        "projectleider-andere-regio@demo.ghnt.nl"
    )


def test_a_demo_domain_taken_off_the_stuurgroep_names_the_body_where_someone_still_sits(
    reference,
):
    """QA's case: Henk Jansen (GGZ Demoland) keeps his seat for GGZ in the Stuurgroep after the
    domain is taken off the Stuurgroep's domains."""
    list(demo.load())
    region = Region.objects.get(slug=demo.DEMO_REGION_SLUG)
    stuurgroep = region.bodies.get(name="Stuurgroep Zorg en Veiligheid Demoland")
    stuurgroep.domains.remove(stuurgroep.domains.get(name="Zorg (GGZ / verslaving)"))

    spots = [
        s
        for s in build_structure_picture(region).white_spots
        if s.domain and s.domain.slug == "zorg-ggz-verslaving"
    ]

    assert [s.title for s in spots] == [
        "Domein Zorg (GGZ / verslaving) is aan geen overleg toegewezen"
    ]
    assert spots[0].advice.startswith(
        "In Stuurgroep Zorg en Veiligheid Demoland zit wel iemand voor Zorg (GGZ / verslaving) "
        "aan tafel"
    )


def test_the_demo_has_a_login_of_the_national_programme_team(reference, client):
    """Without one the national overview could not be tried in the demo."""
    list(demo.load())

    client.force_login(get_user_model().objects.get(email="landelijk@demo.ghnt.nl"))
    overview = client.get(reverse("regions:national_overview"))

    assert overview.status_code == 200
    assert "landelijk@demo.ghnt.nl" in dict(demo.DEMO_LOGINS)
