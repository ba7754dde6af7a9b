"""'Mijn regio's': national roles see every active region, others only their own."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from regions.constants import RegionRole
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    RegionFactory,
)


@pytest.mark.parametrize("role_client", ["beheerder", "landelijk"], indirect=True)
def test_national_roles_see_all_active_regions(role_client, region, other_region):
    _, _, client = role_client
    RegionFactory(name="Opgeheven regio", is_active=False)

    response = client.get(reverse("regions:region_list"))

    assert [r.name for r in response.context["regions"]] == ["Regio Elders", "Regio Testland"]
    assert "<h1>Alle regio&#x27;s</h1>" in response.text or "<h1>Alle regio's</h1>" in response.text


@pytest.mark.parametrize(
    "role_client", ["bestuurder", "stuurgroeplid", "projectleider"], indirect=True
)
def test_members_see_only_their_own_regions_with_their_role(role_client, region, other_region):
    role, _, client = role_client

    response = client.get(reverse("regions:region_list"))

    assert [r.name for r in response.context["regions"]] == ["Regio Testland"]
    assert "Regio Elders" not in response.text
    assert str(RegionRole(role).label) in response.text


def test_the_list_counts_bodies_per_region(client_for, projectleider, region):
    GovernanceBodyFactory.create_batch(3, region=region)

    response = client_for(projectleider).get(reverse("regions:region_list"))

    (listed,) = response.context["regions"]
    assert listed.body_count == 3


@pytest.mark.parametrize("role_client", ["landelijk"], indirect=True)
def test_each_count_counts_only_its_own_rows(role_client, region, other_region):
    """Municipalities, partners and bodies together: counts over joins would multiply."""
    _, _, client = role_client
    MunicipalityFactory.create_batch(2, region=region)
    PartnerOrganisationFactory.create_batch(3, region=region)
    GovernanceBodyFactory.create_batch(4, region=region)

    response = client.get(reverse("regions:region_list"))

    counts = {
        r.name: (r.municipality_count, r.partner_count, r.body_count)
        for r in response.context["regions"]
    }
    assert counts == {"Regio Testland": (2, 3, 4), "Regio Elders": (0, 0, 0)}


def test_a_person_with_roles_in_two_regions_sees_both(client_for, projectleider, other_region):
    MembershipFactory(user=projectleider, region=other_region, role=RegionRole.STUURGROEPLID)

    response = client_for(projectleider).get(reverse("regions:region_list"))

    assert len(response.context["regions"]) == 2


def test_anonymous_is_sent_to_login(client_for, db):
    response = client_for(None).get(reverse("regions:region_list"))

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_the_menu_links_to_the_regions(client_for, projectleider):
    response = client_for(projectleider).get(reverse("home"))

    assert f'href="{reverse("regions:region_list")}"' in response.text


@pytest.mark.parametrize(
    ("role_client", "sees_link"),
    [("projectleider", True), ("beheerder", True), ("stuurgroeplid", False), ("bestuurder", False)],
    indirect=["role_client"],
)
def test_only_editors_get_the_link_to_people_and_invitations(role_client, sees_link, region):
    _, _, client = role_client

    response = client.get(reverse("regions:region_detail", args=[region.slug]))

    assert (reverse("accounts:region_people", args=[region.slug]) in response.text) is sees_link


def test_the_region_page_writes_inhabitants_with_a_thousands_dot(client_for, projectleider, region):
    MunicipalityFactory(region=region, inhabitants=152_000)
    MunicipalityFactory(region=region, inhabitants=1_250)

    response = client_for(projectleider).get(reverse("regions:region_detail", args=[region.slug]))

    assert '<td class="text-end">152.000</td>' in response.text
    assert '<td class="text-end">1.250</td>' in response.text
    assert '<td class="text-end">153.250</td>' in response.text  # the total


def test_two_roles_in_one_region_show_once_with_both_roles_in_order(
    client_for, projectleider, region
):
    MembershipFactory(user=projectleider, region=region, role=RegionRole.BESTUURDER)

    response = client_for(projectleider).get(reverse("regions:region_list"))

    (listed,) = response.context["regions"]
    assert listed.my_roles == ["bestuurder", "regionaal projectleider"]
    assert "<td>bestuurder, regionaal projectleider</td>" in response.text
