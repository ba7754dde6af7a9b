import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.constants import ACTION_ORIGIN_GONE
from governance.models import FollowUpAction

from .factories import AgendaItemFactory, FollowUpActionFactory, MeetingFactory


def test_projectleider_adds_an_action_to_a_checklist_item(
    checklist, region, projectleider, client_for
):
    assessment = services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    answer = assessment.answers.get(item__code="3D-3")
    # Relative to today: a new action may not be due more than a year ago (test_dates).
    due = timezone.localdate() + datetime.timedelta(days=60)

    response = client_for(projectleider).post(
        reverse("governance:action_create", args=[region.slug, assessment.uuid, answer.pk]),
        {
            "description": "Communicatieplan schrijven",
            "owner_name": "Pim",
            "due_date": due.isoformat(),
        },
    )

    action = FollowUpAction.objects.get()
    assert response.status_code == 302
    assert (action.region, action.answer, action.due_date) == (region, answer, due)
    assert not action.is_closed


def test_an_action_without_description_or_owner_is_refused(
    checklist, region, projectleider, client_for
):
    assessment = services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    answer = assessment.answers.first()

    response = client_for(projectleider).post(
        reverse("governance:action_create", args=[region.slug, assessment.uuid, answer.pk]),
        {"description": "", "owner_name": "", "due_date": "geen datum"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"description", "owner_name", "due_date"}
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize("origin", ["answer", "agenda_item"])
def test_an_action_whose_origin_is_deleted_while_it_is_added_gets_an_error_not_a_500(
    checklist, region, body, projectleider, client_for, monkeypatch, origin
):
    """The round or meeting is deleted between the page's look-up and the save."""
    if origin == "answer":
        assessment = services.start_assessment(
            region=region, body=None, on=datetime.date(2026, 1, 1)
        )
        parent = assessment.answers.first()
        url = reverse("governance:action_create", args=[region.slug, assessment.uuid, parent.pk])
    else:
        parent = AgendaItemFactory(meeting=MeetingFactory(body=body))
        url = reverse(
            "governance:agenda_action_create",
            args=[region.slug, parent.meeting.uuid, parent.pk],
        )
    create_action = services.create_action

    def deleted_meanwhile(**kwargs):
        type(parent).objects.filter(pk=parent.pk).delete()
        return create_action(**kwargs)

    monkeypatch.setattr(services, "create_action", deleted_meanwhile)

    response = client_for(projectleider).post(url, {"description": "Plan", "owner_name": "Pim"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [ACTION_ORIGIN_GONE]
    assert not FollowUpAction.objects.exists()


def test_an_answer_of_another_round_gives_404(checklist, region, projectleider, client_for):
    first = services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    second = services.start_assessment(region=region, body=None, on=datetime.date(2026, 2, 1))

    response = client_for(projectleider).get(
        reverse(
            "governance:action_create",
            args=[region.slug, second.uuid, first.answers.first().pk],
        )
    )

    assert response.status_code == 404


def test_open_actions_are_sorted_by_due_date_with_undated_ones_last(
    region, other_region, bestuurder, client_for
):
    late = FollowUpActionFactory(
        region=region, description="Later", due_date=datetime.date(2026, 9, 1)
    )
    soon = FollowUpActionFactory(
        region=region, description="Eerst", due_date=datetime.date(2026, 2, 1)
    )
    undated = FollowUpActionFactory(region=region, description="Ooit", due_date=None)
    FollowUpActionFactory(region=region, description="Klaar", is_closed=True)
    FollowUpActionFactory(region=other_region, description="Van elders")
    url = reverse("governance:action_list", args=[region.slug])
    client = client_for(bestuurder)

    ascending = list(client.get(url).context["actions"])
    descending = list(client.get(url, {"sorteer": "-deadline"}).context["actions"])
    everything = list(client.get(url, {"afgerond": "1"}).context["actions"])

    assert ascending == [soon, late, undated]
    assert descending == [late, soon, undated]
    assert {a.description for a in everything} == {"Later", "Eerst", "Ooit", "Klaar"}


def test_projectleider_closes_and_reopens_an_action(region, projectleider, client_for):
    action = FollowUpActionFactory(region=region)
    url = reverse("governance:action_toggle", args=[region.slug, action.uuid])
    client = client_for(projectleider)

    closed = client.post(url, {"closed": "1"})
    action.refresh_from_db()
    assert closed.status_code == 302
    assert action.is_closed and action.closed_at is not None

    client.post(url, {"closed": "0"})
    action.refresh_from_db()
    assert not action.is_closed and action.closed_at is None


def test_closing_an_action_again_keeps_the_day_it_was_closed(region, projectleider, client_for):
    """A second 'afronden' (another tab, a double click) must not move the closing time: the
    report on a date in between would list the action as open."""
    closed_at = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    action = FollowUpActionFactory(region=region, is_closed=True, closed_at=closed_at)
    url = reverse("governance:action_toggle", args=[region.slug, action.uuid])

    client_for(projectleider).post(url, {"closed": "1"})

    action.refresh_from_db()
    assert action.is_closed and action.closed_at == closed_at


def test_closing_redirects_only_to_a_local_next_url(region, projectleider, client_for):
    action = FollowUpActionFactory(region=region)
    url = reverse("governance:action_toggle", args=[region.slug, action.uuid])

    response = client_for(projectleider).post(url, {"next": "https://evil.example/"})

    assert response["Location"] == reverse("governance:action_list", args=[region.slug])


def test_closing_needs_a_post(region, projectleider, client_for):
    action = FollowUpActionFactory(region=region)

    response = client_for(projectleider).get(
        reverse("governance:action_toggle", args=[region.slug, action.uuid])
    )

    assert response.status_code == 405


def test_action_list_query_count_stays_flat(
    region, bestuurder, client_for, django_assert_max_num_queries
):
    from governance.models import AgendaItem
    from tests.factories import GovernanceBodyFactory

    from .factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    for _ in range(30):
        FollowUpActionFactory(region=region, agenda_item=AgendaItemFactory(meeting=meeting))
    assert AgendaItem.objects.count() == 30
    client = client_for(bestuurder)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:action_list", args=[region.slug]))

    assert response.status_code == 200
    assert response.content.decode().count("Actie ") >= 30


def test_an_action_cannot_hang_from_a_checklist_point_of_another_region(
    checklist, region, other_region
):
    foreign = services.start_assessment(
        region=other_region, body=None, on=datetime.date(2026, 1, 1)
    )

    with pytest.raises(ValidationError) as refused:
        services.create_action(
            region=region, description="Iets", owner_name="Pim", answer=foreign.answers.first()
        )

    assert refused.value.message_dict == {"answer": ["Kies een checklistpunt uit deze regio."]}
    assert not FollowUpAction.objects.exists()


def test_an_action_cannot_hang_from_an_agenda_item_of_another_region(region, other_body):
    foreign = AgendaItemFactory(meeting=MeetingFactory(body=other_body))

    with pytest.raises(ValidationError) as refused:
        services.create_action(
            region=region, description="Iets", owner_name="Pim", agenda_item=foreign
        )

    assert refused.value.message_dict == {"agenda_item": ["Kies een agendapunt uit deze regio."]}
    assert not FollowUpAction.objects.exists()
