"""Seats in a body: whom they represent is limited to the region; bad input gives a Dutch error at
the field and saves nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ghnt_portal.accounts.services import withdraw_membership
from governance.models import Assessment, Meeting
from governance.report import build_meeting_report
from regions.constants import AmbassadorType, SeatMembership, SeatRole
from regions.forms import REPRESENTS_ONE
from regions.models import Seat
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    SeatFactory,
    UserFactory,
)
from tests.governance.factories import AssessmentFactory, MeetingFactory
from tests.locking import page_lock


@pytest.fixture
def editor(client_for, projectleider):
    return client_for(projectleider)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep")


def create_url(body):
    return reverse("regions:seat_create", args=[body.region.slug, body.uuid])


def update_url(seat):
    return reverse("regions:seat_update", args=[seat.body.region.slug, seat.uuid])


def valid_data(**overrides):
    data = {
        "person_name": "Fenna Fictief",
        "person_function": "wethouder Jeugd",
        "represents_municipality": "",
        "represents_partner": "",
        "domain": "",
        "mandate": "Mag besluiten binnen de begroting.",
        "membership": SeatMembership.FIXED,
        "seat_role": SeatRole.CHAIR,
        "ambassador_type": AmbassadorType.HARTWERKER,
        "is_expert_by_experience": "on",
        "user": "",
    }
    data.update(overrides)
    return data


def test_projectleider_adds_a_seat_for_a_municipality_of_the_region(editor, region, body):
    municipality = MunicipalityFactory(region=region, name="Teststad")
    jeugd = DomainFactory(slug="jeugd")
    member = MembershipFactory(region=region).user

    response = editor.post(
        create_url(body),
        valid_data(represents_municipality=municipality.pk, domain=jeugd.pk, user=member.pk),
        follow=True,
    )

    seat = Seat.objects.get()
    assert seat.body == body
    assert seat.represents == municipality
    assert seat.domain == jeugd
    assert seat.user == member
    assert seat.seat_role == SeatRole.CHAIR
    assert seat.is_expert_by_experience
    assert "De zetel van Fenna Fictief is toegevoegd aan ‘Stuurgroep’." in response.text


def test_projectleider_edits_a_seat_to_represent_a_partner(editor, region, body):
    partner = PartnerOrganisationFactory(region=region, name="Veilig Thuis Testland")
    seat = SeatFactory(body=body)

    response = editor.post(
        update_url(seat),
        {
            **valid_data(represents_partner=partner.pk, seat_role=SeatRole.MEMBER),
            **page_lock(editor, update_url(seat)),
        },
    )

    seat.refresh_from_db()
    assert response.status_code == 302
    assert seat.represents_partner == partner
    assert seat.person_name == "Fenna Fictief"


def test_the_seat_form_only_offers_the_regions_municipalities_partners_and_people(
    editor, region, other_region, body
):
    MunicipalityFactory(region=region, name="Teststad")
    MunicipalityFactory(region=other_region, name="Verweg")
    PartnerOrganisationFactory(region=region, name="Politie Testland")
    PartnerOrganisationFactory(region=other_region, name="Politie Elders")
    MembershipFactory(region=other_region, user=UserFactory(full_name="Olga Outsider"))

    text = editor.get(create_url(body)).text

    assert "Teststad" in text
    assert "Politie Testland" in text
    assert "Verweg" not in text
    assert "Politie Elders" not in text
    assert "Olga Outsider" not in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("person_name", "", "Dit veld is verplicht."),
        ("person_name", "x" * 151, "Zorg dat deze waarde niet meer dan 150 tekens bevat"),
        ("person_function", "x" * 201, "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ("mandate", "x" * 2001, "Zorg dat deze waarde niet meer dan 2000 tekens bevat"),
        ("membership", "altijd", "Selecteer een geldige keuze."),
        ("seat_role", "koning", "Selecteer een geldige keuze."),
        ("ambassador_type", "fan", "Selecteer een geldige keuze."),
        ("domain", 999999, "Selecteer een geldige keuze."),
        ("represents_municipality", 999999, "Selecteer een geldige keuze."),
    ],
)
def test_invalid_input_gives_a_dutch_error_at_the_field_and_saves_nothing(
    editor, body, field, value, message
):
    response = editor.post(create_url(body), valid_data(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not Seat.objects.exists()


@pytest.mark.parametrize("field", ["represents_municipality", "represents_partner", "user"])
def test_a_posted_id_from_another_region_is_a_field_error(editor, other_region, body, field):
    foreign = {
        "represents_municipality": lambda: MunicipalityFactory(region=other_region),
        "represents_partner": lambda: PartnerOrganisationFactory(region=other_region),
        "user": lambda: MembershipFactory(region=other_region).user,
    }[field]()

    response = editor.post(create_url(body), valid_data(**{field: foreign.pk}))

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.context["form"].errors[field][0]
    assert not Seat.objects.exists()


def test_a_seat_cannot_represent_both_a_municipality_and_a_partner(editor, region, body):
    municipality = MunicipalityFactory(region=region)
    partner = PartnerOrganisationFactory(region=region)

    response = editor.post(
        create_url(body),
        valid_data(represents_municipality=municipality.pk, represents_partner=partner.pk),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["represents_partner"] == [str(REPRESENTS_ONE)]
    assert not Seat.objects.exists()


def test_a_failed_edit_leaves_the_seat_as_it_was(editor, body):
    seat = SeatFactory(body=body, person_name="Blijft Staan")

    response = editor.post(update_url(seat), valid_data(person_name="", mandate="x" * 2001))

    assert response.status_code == 200
    seat.refresh_from_db()
    assert seat.person_name == "Blijft Staan"


def test_deleting_a_seat_asks_first_and_then_removes_it(editor, body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek")
    url = reverse("regions:seat_delete", args=[body.region.slug, seat.uuid])

    confirm = editor.get(url)
    response = editor.post(url, follow=True)

    assert "Vera Vertrek" in confirm.text
    assert not Seat.objects.filter(pk=seat.pk).exists()
    assert "De zetel van Vera Vertrek is verwijderd uit ‘Stuurgroep’." in response.text


def _attended(body, seat, *, days: int) -> Meeting:
    meeting = MeetingFactory(body=body, date=timezone.localdate() + datetime.timedelta(days=days))
    meeting.present_seats.add(seat)
    return meeting


def test_deleting_a_seat_says_what_happens_to_the_meetings_and_rounds_it_was_in(editor, body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek")
    _attended(body, seat, days=-30)
    _attended(body, seat, days=-1)
    _attended(body, seat, days=14)
    AssessmentFactory(region=body.region, body=body).participant_seats.add(seat)

    page = editor.get(reverse("regions:seat_delete", args=[body.region.slug, seat.uuid]))

    assert "Er gaat niets anders mee verloren" not in page.text
    assert (
        "Deze persoon staat als aanwezig bij 2 vergaderingen en 1 checklistronde tot en met "
        "vandaag. Daar blijft de naam staan, bij de overige aanwezigen" in page.text
    )
    assert "Bij 1 latere vergadering staat de zetel als aanwezig; daar verdwijnt hij." in page.text


def test_a_deleted_seat_stays_in_past_meeting_reports_and_rounds_by_name(editor, body):
    """Without this the seat's rows of "who was present" went with it: past reports changed."""
    seat = SeatFactory(body=body, person_name="Vera Vertrek", person_function="wethouder")
    past = _attended(body, seat, days=-30)
    past.guests = "Gerrit Gast"
    past.save()
    later = _attended(body, seat, days=14)
    assessment = AssessmentFactory(region=body.region, body=body, participants="Anna Anders")
    assessment.participant_seats.add(seat)
    before = build_meeting_report(past)
    before_names = [s.person_name for s in before.present] + before.guests

    editor.post(reverse("regions:seat_delete", args=[body.region.slug, seat.uuid]))

    assert not Seat.objects.filter(pk=seat.pk).exists()
    past.refresh_from_db()
    assert past.guests.splitlines() == ["Gerrit Gast", "Vera Vertrek (wethouder)"]
    after = build_meeting_report(past)
    assert after.present == [] and after.guests == ["Gerrit Gast", "Vera Vertrek (wethouder)"]
    assert before_names == ["Vera Vertrek", "Gerrit Gast"]
    later.refresh_from_db()
    assert later.guests == ""
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert assessment.participants.splitlines() == ["Anna Anders", "Vera Vertrek (wethouder)"]


def test_a_seat_deleted_in_the_admin_stays_in_past_meetings_by_name(client_for, beheerder, body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek", person_function="")
    past = _attended(body, seat, days=-30)
    url = reverse("admin:regions_governancebody_change", args=[body.pk])
    data = {
        "name": body.name,
        "region": body.region.pk,
        "form": body.form.pk,
        "kind": body.kind,
        "meetings_per_year": body.meetings_per_year,
        "purpose": body.purpose,
        "seats-TOTAL_FORMS": "1",
        "seats-INITIAL_FORMS": "1",
        "seats-0-id": seat.pk,
        "seats-0-body": body.pk,
        "seats-0-person_name": seat.person_name,
        "seats-0-seat_role": seat.seat_role,
        "seats-0-membership": seat.membership,
        "seats-0-DELETE": "on",
    }

    response = client_for(beheerder).post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert not Seat.objects.filter(pk=seat.pk).exists()
    past.refresh_from_db()
    assert past.guests == "Vera Vertrek"


def _form_as_sent(html: str) -> dict[str, str]:
    """What the browser sends for the seat form as rendered: the value of each input (checked
    ones only for radios and check boxes), textarea and the selected option of each select (the
    first when none is selected)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        checkable = attrs.get("type") in ("radio", "checkbox")
        if "name" in attrs and (not checkable or re.search(r"\schecked\b", tag)):
            data[attrs["name"]] = attrs.get("value", "on")
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>([^<]*)</textarea>', html):
        data[name] = value.strip()
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        values = re.findall(r'<option value="([^"]*)"( selected)?', options)
        data[name] = next((v for v, selected in values if selected), values[0][0])
    return data


@pytest.fixture
def linked_seat(region, body):
    member = MembershipFactory(region=region, user=UserFactory(full_name="Karin Koppel"))
    seat = SeatFactory(body=body, person_name="Karin Koppel", user=member.user)
    withdraw_membership(membership=member)
    return seat


def test_editing_a_seat_keeps_the_link_to_someone_whose_role_was_withdrawn(editor, linked_seat):
    page = editor.get(update_url(linked_seat)).text
    assert "Karin Koppel (geen rol meer in de regio)" in page
    data = _form_as_sent(page)
    assert data["person_name"] == "Karin Koppel"

    response = editor.post(update_url(linked_seat), {**data, "person_function": "wethouder"})

    assert response.status_code == 302
    linked_seat.refresh_from_db()
    assert linked_seat.person_function == "wethouder"
    assert linked_seat.user is not None
    assert linked_seat.user.full_name == "Karin Koppel"


def test_editing_a_seat_keeps_the_link_to_someone_whose_account_was_deactivated(
    editor, region, body
):
    member = MembershipFactory(region=region, user=UserFactory(full_name="Dirk Dicht"))
    seat = SeatFactory(body=body, person_name="Dirk Dicht", user=member.user)
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])

    page = editor.get(update_url(seat)).text
    assert "Dirk Dicht (account niet meer actief)" in page
    assert "Dirk Dicht (geen rol meer in de regio)" not in page
    response = editor.post(
        update_url(seat), {**_form_as_sent(page), "person_function": "ambtenaar"}
    )

    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.person_function, seat.user_id) == ("ambtenaar", member.user_id)


def test_choosing_not_linked_still_unlinks_someone_whose_role_was_withdrawn(editor, linked_seat):
    data = _form_as_sent(editor.get(update_url(linked_seat)).text)

    response = editor.post(update_url(linked_seat), {**data, "user": ""})

    assert response.status_code == 302
    linked_seat.refresh_from_db()
    assert linked_seat.user is None


def test_a_former_member_is_offered_only_for_the_seat_linked_to_them(
    editor, region, body, linked_seat
):
    former = linked_seat.user
    other = SeatFactory(body=body)

    assert "Karin Koppel" not in editor.get(update_url(other)).text
    response = editor.post(
        update_url(other), {**valid_data(user=former.pk), **page_lock(editor, update_url(other))}
    )

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.context["form"].errors["user"][0]
