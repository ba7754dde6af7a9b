import datetime

import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from governance.constants import AgendaAsk
from governance.models import AgendaItem, ChecklistItem, FollowUpAction, Meeting
from regions.constants import SeatMembership
from tests.factories import GovernanceBodyFactory, SeatFactory
from tests.locking import page_lock

from .factories import (
    AgendaItemFactory,
    AssessmentFactory,
    FollowUpActionFactory,
    MeetingFactory,
)


def test_projectleider_plans_a_meeting_and_records_who_was_present(
    region, body, seats, projectleider, client_for
):
    response = client_for(projectleider).post(
        reverse("governance:meeting_create", args=[region.slug, body.uuid]),
        {
            "date": "2026-04-02",
            "place": "Stadhuis",
            "present_seats": [seats[0].pk],
            "guests": "Gast Veilig Thuis",
        },
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "governance:meeting_detail", args=[region.slug, meeting.uuid]
    )
    assert (meeting.body, meeting.date) == (body, datetime.date(2026, 4, 2))
    assert list(meeting.present_seats.all()) == [seats[0]]


def test_a_seat_of_another_body_cannot_be_marked_present(region, body, projectleider, client_for):
    stranger = SeatFactory(body=GovernanceBodyFactory(region=region))

    response = client_for(projectleider).post(
        reverse("governance:meeting_create", args=[region.slug, body.uuid]),
        {"date": "2026-04-02", "present_seats": [stranger.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["present_seats"]
    assert not Meeting.objects.exists()


def test_the_meeting_page_shows_expected_members_from_the_seats(
    region, body, bestuurder, client_for
):
    SeatFactory(body=body, person_name="Vaste Voorzitter", membership=SeatMembership.FIXED)
    SeatFactory(body=body, person_name="Gast Op Afroep", membership=SeatMembership.ON_REQUEST)
    meeting = MeetingFactory(body=body)

    response = client_for(bestuurder).get(
        reverse("governance:meeting_detail", args=[region.slug, meeting.uuid])
    )

    assert [s.person_name for s in response.context["expected"]] == ["Vaste Voorzitter"]
    assert [s.person_name for s in response.context["on_request"]] == ["Gast Op Afroep"]


def test_projectleider_puts_an_item_on_the_agenda_with_links(
    checklist, region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body)
    item = ChecklistItem.objects.get(section__version=checklist, code="3D-2")
    action = FollowUpActionFactory(region=region)

    response = client_for(projectleider).post(
        reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid]),
        {
            "order": 1,
            "title": "Niet-Vergeten-Lijst vaststellen",
            "ask": AgendaAsk.DECIDE,
            "introduced_by": "Voorzitter",
            "checklist_items": [item.pk],
            "actions": [action.pk],
            "outcome": "",
        },
    )

    agenda_item = AgendaItem.objects.get()
    assert response.status_code == 302
    assert agenda_item.ask == AgendaAsk.DECIDE
    assert list(agenda_item.checklist_items.all()) == [item]
    assert list(agenda_item.actions.all()) == [action]


def test_actions_of_another_region_cannot_be_linked(
    checklist, region, other_region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body)
    foreign = FollowUpActionFactory(region=other_region)

    response = client_for(projectleider).post(
        reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid]),
        {"order": 1, "title": "Punt", "ask": AgendaAsk.INFORM, "actions": [foreign.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["actions"]
    assert not AgendaItem.objects.exists()


def test_afterwards_the_outcome_and_new_actions_are_recorded(
    checklist, region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body)
    agenda_item = AgendaItemFactory(meeting=meeting, title="Cijfers")
    client = client_for(projectleider)

    url = reverse("governance:agenda_item_edit", args=[region.slug, meeting.uuid, agenda_item.pk])
    client.post(
        url,
        {
            "order": 1,
            "title": "Cijfers",
            "ask": AgendaAsk.INFORM,
            "outcome": "Besproken.",
            **page_lock(client, url),
        },
    )
    client.post(
        reverse(
            "governance:agenda_action_create", args=[region.slug, meeting.uuid, agenda_item.pk]
        ),
        {"description": "Cijfers per gemeente opvragen", "owner_name": "Pim", "due_date": ""},
    )

    agenda_item.refresh_from_db()
    action = FollowUpAction.objects.get()
    assert agenda_item.outcome == "Besproken."
    assert (action.agenda_item, action.region, action.due_date) == (agenda_item, region, None)
    page = client.get(
        reverse("governance:meeting_detail", args=[region.slug, meeting.uuid])
    ).content.decode()
    assert "Besproken." in page and "Cijfers per gemeente opvragen" in page


@pytest.mark.parametrize("role", ["projectleider", "bestuurder"])
def test_linked_actions_say_which_are_closed_as_new_actions_do(
    role, region, body, request, client_for
):
    meeting = MeetingFactory(body=body)
    agenda_item = AgendaItemFactory(meeting=meeting)
    closed = FollowUpActionFactory(region=region, description="Convenant tekenen", is_closed=True)
    still_open = FollowUpActionFactory(region=region, description="Cijfers opvragen")
    agenda_item.actions.set([closed, still_open])
    client = client_for(request.getfixturevalue(role))

    page = client.get(reverse("governance:meeting_detail", args=[region.slug, meeting.uuid])).text

    linked = page.split("Gekoppelde acties</dt>")[1].split("</dd>")[0]
    assert "Convenant tekenen (Pim Projectleider) (afgerond)" in linked
    assert "Cijfers opvragen (Pim Projectleider)" in linked
    assert linked.count("(afgerond)") == 1


def test_projectleider_removes_an_agenda_item(region, body, projectleider, client_for):
    meeting = MeetingFactory(body=body)
    agenda_item = AgendaItemFactory(meeting=meeting)

    client_for(projectleider).post(
        reverse("governance:agenda_item_delete", args=[region.slug, meeting.uuid, agenda_item.pk])
    )

    assert not AgendaItem.objects.exists()


def test_a_new_agenda_item_comes_after_the_last_also_after_one_was_removed(
    region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body)
    first = AgendaItemFactory(meeting=meeting, order=1)
    AgendaItemFactory(meeting=meeting, order=2)
    AgendaItemFactory(meeting=meeting, order=3)
    client = client_for(projectleider)
    client.post(
        reverse("governance:agenda_item_delete", args=[region.slug, meeting.uuid, first.pk])
    )

    page = client.get(reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid]))

    assert page.context["form"]["order"].value() == 4  # not 3, the number of the last item


def test_an_agenda_item_of_another_meeting_gives_404(region, body, projectleider, client_for):
    meeting = MeetingFactory(body=body)
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(body=body))

    response = client_for(projectleider).get(
        reverse("governance:agenda_item_edit", args=[region.slug, meeting.uuid, elsewhere.pk])
    )

    assert response.status_code == 404


def test_projectleider_edits_the_meeting(region, body, seats, projectleider, client_for):
    meeting = MeetingFactory(body=body)

    url = reverse("governance:meeting_edit", args=[region.slug, meeting.uuid])
    client = client_for(projectleider)

    client.post(
        url,
        {
            "date": "2026-05-05",
            "place": "Online",
            "present_seats": [s.pk for s in seats],
            **page_lock(client, url),
        },
    )

    meeting.refresh_from_db()
    assert (meeting.date, meeting.place) == (datetime.date(2026, 5, 5), "Online")
    assert meeting.present_seats.count() == 2


def test_deleting_an_agenda_item_names_the_actions_that_go_with_it(
    region, projectleider, client_for
):
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    item = AgendaItemFactory(meeting=meeting)
    FollowUpActionFactory.create_batch(2, region=region, agenda_item=item)
    url = reverse("governance:agenda_item_delete", args=[region.slug, meeting.uuid, item.pk])
    client = client_for(projectleider)

    page = client.get(url)

    assert "Ook dit wordt verwijderd" in page.text
    assert "2 × vervolgacties" in page.text

    client.post(url)

    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert not FollowUpAction.objects.filter(agenda_item_id=item.pk).exists()


def test_an_agenda_item_delete_the_database_refuses_is_a_message_not_an_error_page(
    region, projectleider, client_for, monkeypatch
):
    """E.g. a protected record added by someone else between the confirm page and the click."""
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    item = AgendaItemFactory(meeting=meeting, title="Cijfers")
    url = reverse("governance:agenda_item_delete", args=[region.slug, meeting.uuid, item.pk])

    def refuse(self, *args, **kwargs):
        raise RestrictedError("restricted", {meeting})

    monkeypatch.setattr(AgendaItem, "delete", refuse)

    response = client_for(projectleider).post(url, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert "Niet verwijderd: hier hoort iets bij dat niet mee mag verdwijnen" in response.text
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_edit_pages_say_which_meeting_with_the_date_written_out(
    region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body, date=datetime.date(2027, 1, 6))
    client = client_for(projectleider)
    name = f"{body.name} – 6 januari 2027"

    edit = client.get(reverse("governance:meeting_edit", args=[region.slug, meeting.uuid]))
    new_item = client.get(
        reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid])
    )

    assert str(meeting) == name
    assert f"<h1>Vergadering bewerken: {name}</h1>" in edit.text
    assert f"<h1>Nieuw agendapunt: {name}</h1>" in new_item.text


def test_an_agenda_number_above_999_is_refused_next_to_the_field(
    region, body, projectleider, client_for
):
    """32767 was saved and made the next item 32768, which the database refuses (a 500), and
    five digits wrap in the PDF's narrow 'Nr.' column."""
    meeting = MeetingFactory(body=body)
    url = reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid])
    data = {"title": "Punt", "ask": AgendaAsk.INFORM}
    client = client_for(projectleider)

    refused = [client.post(url, {**data, "order": number}) for number in (1000, 32768)]
    saved = client.post(url, {**data, "order": 999})

    for response in refused:
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "order": ["Geef een nummer van ten hoogste 999."]
        }
        assert 'id="error_1_id_order"' in response.text
    assert saved.status_code == 302
    assert list(AgendaItem.objects.values_list("order", flat=True)) == [999]


def test_a_new_agenda_item_after_one_numbered_999_gets_no_number_above_it(
    region, body, projectleider, client_for
):
    meeting = MeetingFactory(body=body)
    AgendaItemFactory(meeting=meeting, order=998)
    url = reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid])
    client = client_for(projectleider)

    after_998 = client.get(url).context["form"]["order"].value()
    AgendaItemFactory(meeting=meeting, order=999)
    after_999 = client.get(url)
    # Saved before the bound (in the admin, or before this check): still no default above it.
    AgendaItemFactory(meeting=meeting, order=32767)
    after_32767 = client.get(url)

    assert after_998 == 999
    for page in (after_999, after_32767):
        assert page.status_code == 200
        assert page.context["form"]["order"].value() is None
        assert 'max="999"' in page.text


def test_the_body_page_lists_meetings_and_rounds_of_one_day_newest_first(
    region, body, projectleider, client_for
):
    """As everywhere else: of two on the same date, the one made last comes first."""
    day = datetime.date(2026, 4, 1)
    first_meeting = MeetingFactory(body=body, date=day)
    last_meeting = MeetingFactory(body=body, date=day)
    first_round = AssessmentFactory(region=region, body=body, date=day)
    last_round = AssessmentFactory(region=region, body=body, date=day)

    page = client_for(projectleider).get(
        reverse("governance:body_detail", args=[region.slug, body.uuid])
    )

    assert list(page.context["meetings"]) == [last_meeting, first_meeting]
    assert list(page.context["assessments"]) == [last_round, first_round]
