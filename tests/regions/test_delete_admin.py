"""Deleting a municipality or partner organisation in the admin: the confirmation lists what stays
without its link to it, as the portal's confirm pages do; a partner goes through the portal's
service."""

import pytest
from django.urls import reverse

from ghnt_portal.accounts.models import Invitation
from regions import admin as regions_admin
from regions.constants import RegionRole
from regions.models import Membership, Municipality, PartnerOrganisation, Seat
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)

UNLINKED = "Dit blijft bestaan, maar verliest de koppeling"


@pytest.fixture
def client(client_for, beheerder):
    return client_for(beheerder)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region)


@pytest.fixture
def municipality(region, body):
    """Two seats and a wethouder's role in the region that name the municipality."""
    municipality = MunicipalityFactory(region=region, name="Dorpsveen")
    SeatFactory.create_batch(2, body=body, represents_municipality=municipality)
    MembershipFactory(region=region, wethouder=True, municipality=municipality)
    return municipality


@pytest.fixture
def partner(region, body):
    partner = PartnerOrganisationFactory(region=region, name="Veilig Thuis")
    SeatFactory(body=body, represents_partner=partner)
    return partner


@pytest.fixture
def partner_deletes(monkeypatch):
    """The partners the admin deleted through the portal's service."""
    deleted = []
    service = regions_admin.partner_delete

    def recorded(*, partner):
        deleted.append(partner.name)
        return service(partner=partner)

    monkeypatch.setattr(regions_admin, "partner_delete", recorded)
    return deleted


def delete_url(obj) -> str:
    return reverse(f"admin:regions_{obj._meta.model_name}_delete", args=[obj.pk])


def bulk_delete(client, model, objects, **extra):
    return client.post(
        reverse(f"admin:regions_{model._meta.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [o.pk for o in objects], **extra},
    )


def test_the_municipality_delete_page_lists_what_loses_its_link(client, municipality):
    page = client.get(delete_url(municipality))

    assert page.status_code == 200
    assert page.context["impact"] == [(UNLINKED, ["1 × rollen in regio's", "2 × zetels"])]
    assert UNLINKED in page.text
    assert "2 × zetels" in page.text


def test_a_deleted_municipality_leaves_its_seats_and_roles_unlinked(client, municipality):
    answer = client.post(delete_url(municipality), {"post": "yes"})

    assert answer.status_code == 302
    assert not Municipality.objects.filter(pk=municipality.pk).exists()
    assert Seat.objects.filter(represents_municipality__isnull=True).count() == 2
    assert Membership.objects.filter(role=RegionRole.BESTUURDER, municipality=None).exists()


def test_the_bulk_delete_of_municipalities_lists_what_loses_its_link_for_all(
    client, region, municipality
):
    other = MunicipalityFactory(region=region)
    Invitation.objects.create(
        email="nieuw@example.org",
        region=region,
        role=RegionRole.BESTUURDER,
        municipality=other,
        token_hash=Invitation.hash_token("nieuw"),
    )

    page = bulk_delete(client, Municipality, [municipality, other])

    assert page.status_code == 200
    assert page.context["impact"] == [
        (UNLINKED, ["1 × rollen in regio's", "1 × uitnodigingen", "2 × zetels"])
    ]
    assert Municipality.objects.filter(pk__in=[municipality.pk, other.pk]).count() == 2


def test_a_delete_page_without_links_says_nothing_extra(client, region):
    page = client.get(delete_url(MunicipalityFactory(region=region)))

    assert page.status_code == 200
    assert page.context["impact"] == []
    assert UNLINKED not in page.text


def test_the_partner_delete_page_lists_the_seats_that_lose_whom_they_represent(client, partner):
    page = client.get(delete_url(partner))

    assert page.context["impact"] == [(UNLINKED, ["1 × zetels"])]
    assert UNLINKED in page.text


def test_a_partner_deleted_in_the_admin_goes_through_the_portals_service(
    client, partner, partner_deletes
):
    answer = client.post(delete_url(partner), {"post": "yes"})

    assert answer.status_code == 302
    assert partner_deletes == ["Veilig Thuis"]
    assert not PartnerOrganisation.objects.filter(pk=partner.pk).exists()
    assert Seat.objects.get().represents_partner is None


def test_the_bulk_delete_of_partners_asks_first_then_goes_through_the_service(
    client, region, partner, partner_deletes
):
    other = PartnerOrganisationFactory(region=region, name="GGD")

    confirm = bulk_delete(client, PartnerOrganisation, [partner, other])
    answer = bulk_delete(client, PartnerOrganisation, [partner, other], post="yes")

    assert confirm.context["impact"] == [(UNLINKED, ["1 × zetels"])]
    assert UNLINKED in confirm.text
    assert answer.status_code == 302
    assert sorted(partner_deletes) == ["GGD", "Veilig Thuis"]
    assert not PartnerOrganisation.objects.exists()
    assert Seat.objects.get().represents_partner is None


def test_a_bulk_delete_of_partners_deleted_meanwhile_is_no_error(client, region):
    gone = PartnerOrganisationFactory(region=region)
    PartnerOrganisation.objects.filter(pk=gone.pk).delete()

    page = bulk_delete(client, PartnerOrganisation, [gone])

    assert page.status_code == 200
    assert page.context["impact"] == []
