"""Partner organisations of a region: create, edit, delete; bad input gives a Dutch field error."""

import pytest
from auditlog.models import LogEntry
from django.db.models import ProtectedError
from django.urls import reverse

from regions.forms import DUPLICATE_PARTNER_NAME
from regions.models import PartnerOrganisation, Seat
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    OrganisationTypeFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)
from tests.locking import page_lock


@pytest.fixture
def editor(client_for, projectleider):
    return client_for(projectleider)


@pytest.fixture
def organisation_type(db):
    return OrganisationTypeFactory()


def create_url(region):
    return reverse("regions:partner_create", args=[region.slug])


def valid_data(kind, **overrides):
    data = {"name": "Veilig Thuis Testland", "organisation_type": kind.pk}
    data.update(overrides)
    return data


def test_projectleider_adds_a_partner(editor, region, organisation_type):
    wmo = DomainFactory(slug="wmo-sociaal-domein")

    response = editor.post(
        create_url(region), valid_data(organisation_type, main_domain=wmo.pk), follow=True
    )

    partner = PartnerOrganisation.objects.get()
    assert partner.region == region
    assert partner.main_domain == wmo
    assert "Partnerorganisatie ‘Veilig Thuis Testland’ is toegevoegd." in response.text


def test_projectleider_renames_a_partner(editor, region, organisation_type):
    partner = PartnerOrganisationFactory(region=region, name="Oude naam")
    url = reverse("regions:partner_update", args=[region.slug, partner.uuid])

    response = editor.post(
        url, {**valid_data(organisation_type, name="Nieuwe naam"), **page_lock(editor, url)}
    )

    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.name == "Nieuwe naam"


def test_editing_a_partner_says_saved_and_returns_to_the_partner_list(
    editor, region, organisation_type
):
    partner = PartnerOrganisationFactory(region=region, name="Oude naam")
    url = reverse("regions:partner_update", args=[region.slug, partner.uuid])

    page = editor.get(url)
    response = editor.post(
        url, {**valid_data(organisation_type, name="Nieuwe naam"), **page_lock(editor, url)}
    )

    assert "Partnerorganisatie ‘Oude naam’ bewerken" in page.text
    assert response.url == reverse("regions:region_detail", args=[region.slug]) + "#partners"
    followed = editor.get(response.url)
    assert "Partnerorganisatie ‘Nieuwe naam’ is opgeslagen." in followed.text
    assert "is toegevoegd" not in followed.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Dit veld is verplicht."),
        ("name", "x" * 201, "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ("organisation_type", "", "Dit veld is verplicht."),
        ("organisation_type", 999999, "Selecteer een geldige keuze."),
        ("main_domain", 999999, "Selecteer een geldige keuze."),
    ],
)
def test_invalid_input_gives_a_dutch_error_at_the_field_and_saves_nothing(
    editor, region, organisation_type, field, value, message
):
    response = editor.post(create_url(region), valid_data(organisation_type, **{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not PartnerOrganisation.objects.exists()


def test_a_duplicate_partner_name_in_the_region_is_refused(editor, region, organisation_type):
    PartnerOrganisationFactory(region=region, name="Veilig Thuis Testland")

    response = editor.post(
        create_url(region), valid_data(organisation_type, name="veilig thuis testland")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [str(DUPLICATE_PARTNER_NAME)]
    assert PartnerOrganisation.objects.count() == 1


def test_deleting_a_partner_keeps_the_seats_that_represented_it(editor, region):
    partner = PartnerOrganisationFactory(region=region, name="Politie Testland")
    seat = SeatFactory(
        body=GovernanceBodyFactory(region=region, name="Stuurgroep"),
        person_name="Teun Teamchef",
        represents_partner=partner,
    )
    url = reverse("regions:partner_delete", args=[region.slug, partner.uuid])

    confirm = editor.get(url)
    response = editor.post(url, follow=True)

    assert "Teun Teamchef (Stuurgroep)" in confirm.text
    assert not PartnerOrganisation.objects.filter(pk=partner.pk).exists()
    seat = Seat.objects.get(pk=seat.pk)
    assert seat.represents_partner is None
    assert "Partnerorganisatie ‘Politie Testland’ is verwijderd." in response.text
    # The region's history shows the seat losing whom it represented.
    change = LogEntry.objects.get_for_object(seat).get(action=LogEntry.Action.UPDATE)
    assert change.changes_dict["represents_partner"][1] == "None"


def test_a_delete_the_database_refuses_is_a_message_not_an_error_page(editor, region, monkeypatch):
    """E.g. a protected record added by someone else between the confirm page and the click."""
    from regions import services

    partner = PartnerOrganisationFactory(region=region, name="Politie Testland")
    blocker = GovernanceBodyFactory(region=region, name="Stuurgroep")
    url = reverse("regions:partner_delete", args=[region.slug, partner.uuid])

    def refuse(**kwargs):
        raise ProtectedError("protected", {blocker})

    monkeypatch.setattr(services, "partner_delete", refuse)

    response = editor.post(url, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert "Niet verwijderd: hier hoort iets bij dat niet mee mag verdwijnen (Stuurgroep)" in (
        response.text
    )
    assert PartnerOrganisation.objects.filter(pk=partner.pk).exists()


def test_after_deleting_a_partner_the_region_page_opens_at_its_partners(editor, region):
    partner = PartnerOrganisationFactory(region=region)
    url = reverse("regions:partner_delete", args=[region.slug, partner.uuid])

    response = editor.post(url)

    assert response.url == reverse("regions:region_detail", args=[region.slug]) + "#partners"
