"""Editing and deleting a follow-up action: its description, who picks it up and its due date
change, where it came from (a checklist point or an agenda item) does not."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, FollowUpAction
from tests.factories import GovernanceBodyFactory, MembershipFactory
from tests.locking import form_data, page_lock

from .factories import (
    AgendaItemFactory,
    AssessmentAnswerFactory,
    AssessmentFactory,
    FollowUpActionFactory,
    MeetingFactory,
)

CONFLICT = "Iemand anders heeft dit intussen gewijzigd en opgeslagen"


def edit_url(action) -> str:
    return reverse("governance:action_edit", args=[action.region.slug, action.uuid])


def delete_url(action) -> str:
    return reverse("governance:action_delete", args=[action.region.slug, action.uuid])


def list_url(region) -> str:
    return reverse("governance:action_list", args=[region.slug])


def in_a_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def round_action(region):
    answer = AssessmentAnswerFactory(assessment=AssessmentFactory(region=region))
    return FollowUpActionFactory(
        region=region, answer=answer, description="Communicatieplan schrijven", owner_name="Pim"
    )


@pytest.fixture
def agenda_action(region):
    item = AgendaItemFactory(meeting=MeetingFactory(body=GovernanceBodyFactory(region=region)))
    return FollowUpActionFactory(
        region=region, agenda_item=item, description="Raad informeren", owner_name="Wim"
    )


# --- Saving -------------------------------------------------------------------------------


def test_projectleider_changes_description_owner_and_due_date(
    round_action, projectleider, client_for
):
    client = client_for(projectleider)
    url = edit_url(round_action)
    due = in_a_month()

    response = client.post(
        url,
        {
            "description": "Communicatieplan schrijven en rondsturen",
            "owner_name": "Anna (nieuwe beleidsadviseur)",
            "due_date": due.isoformat(),
            **page_lock(client, url),
        },
    )

    round_action.refresh_from_db()
    assert response.status_code == 302
    assert (round_action.description, round_action.owner_name, round_action.due_date) == (
        "Communicatieplan schrijven en rondsturen",
        "Anna (nieuwe beleidsadviseur)",
        due,
    )
    assert round_action.lock_version == 2


def test_where_the_action_came_from_does_not_change(
    round_action, agenda_action, projectleider, client_for
):
    client = client_for(projectleider)
    url = edit_url(round_action)
    answer = round_action.answer

    client.post(
        url,
        {
            "description": "Anders",
            "owner_name": "Pim",
            "answer": "",
            "agenda_item": agenda_action.agenda_item.pk,
            "region": "",
            "is_closed": "on",
            **page_lock(client, url),
        },
    )

    round_action.refresh_from_db()
    assert round_action.description == "Anders"
    assert (round_action.answer, round_action.agenda_item) == (answer, None)
    assert not round_action.is_closed


def test_the_form_shows_the_stored_values_and_no_origin_fields(
    round_action, projectleider, client_for
):
    form = client_for(projectleider).get(edit_url(round_action)).context["form"]

    assert set(form.fields) == {"description", "owner_name", "due_date", "lock_version"}
    assert form["description"].value() == "Communicatieplan schrijven"


def test_after_saving_the_person_goes_back_where_they_came_from(
    round_action, projectleider, client_for
):
    client = client_for(projectleider)
    back = list_url(round_action.region) + "?sorteer=-deadline&afgerond=1"
    url = f"{edit_url(round_action)}?next={back.replace('?', '%3F').replace('&', '%26')}"

    page = client.get(url)
    saved = client.post(url, {**form_data(page.context["form"]), "owner_name": "Anna"})

    assert f'href="{back.replace("&", "&amp;")}">Annuleren</a>' in page.text
    assert saved["Location"] == back


def test_a_next_to_another_site_is_ignored(round_action, projectleider, client_for):
    client = client_for(projectleider)
    url = f"{edit_url(round_action)}?next=https://evil.example/"

    page = client.get(url)
    saved = client.post(url, {**form_data(page.context["form"]), "owner_name": "Anna"})

    assert "evil.example" not in page.text
    assert saved["Location"] == list_url(round_action.region)


# --- Conflicts and bad input ------------------------------------------------------------


def test_a_second_edit_started_from_the_same_version_gets_the_conflict_message(
    round_action, region, projectleider, client_for
):
    first = client_for(projectleider)
    second = client_for(MembershipFactory(region=region, role="projectleider").user)
    url = edit_url(round_action)
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])

    saved = first.post(url, {**data_first, "owner_name": "Anna"})
    refused = second.post(url, {**data_second, "owner_name": "Bram"})

    round_action.refresh_from_db()
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert CONFLICT in refused.text
    assert "Anna" in refused.text  # the newer value
    assert 'value="Bram"' in refused.text  # the user's own input is kept
    assert round_action.owner_name == "Anna"


def test_an_edit_saved_after_someone_else_closed_the_action_keeps_both(
    round_action, region, projectleider, client_for
):
    """Closing is no field of the edit form: nothing the editor saw changed, so nothing is lost
    by saving, and the save keeps the action closed."""
    round_action.owner_name = "Pim Projectleider"
    round_action.save()
    closer = client_for(projectleider)
    editor = client_for(MembershipFactory(region=region, role="projectleider").user)
    url = edit_url(round_action)
    data = form_data(editor.get(url).context["form"])

    closer.post(toggle_url(round_action), {"closed": "1"})
    saved = editor.post(url, {**data, "owner_name": "Bram"})

    round_action.refresh_from_db()
    assert saved.status_code == 302, saved.text
    assert (round_action.owner_name, round_action.is_closed) == ("Bram", True)
    assert round_action.closed_at is not None


def test_an_edit_without_a_version_is_refused(round_action, projectleider, client_for):
    response = client_for(projectleider).post(
        edit_url(round_action), {"description": "Zonder versie", "owner_name": "Pim"}
    )

    round_action.refresh_from_db()
    assert response.status_code == 200
    assert round_action.description == "Communicatieplan schrijven"


def test_empty_fields_and_a_bad_date_are_refused_next_to_the_field(
    round_action, projectleider, client_for
):
    client = client_for(projectleider)
    url = edit_url(round_action)

    response = client.post(
        url,
        {"description": "", "owner_name": "", "due_date": "31-02-2027", **page_lock(client, url)},
    )

    round_action.refresh_from_db()
    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"description", "owner_name", "due_date"}
    for name in ("description", "owner_name", "due_date"):  # each error under its own field
        assert f'aria-describedby="id_{name}_error"' in response.text
    assert (
        '<span id="error_1_id_owner_name"><strong>Dit veld is verplicht.</strong></span>'
        in response.text
    )
    assert (round_action.description, round_action.owner_name) == (
        "Communicatieplan schrijven",
        "Pim",
    )
    assert round_action.lock_version == 1


def test_a_new_due_date_long_past_is_refused_as_at_creation(
    round_action, projectleider, client_for
):
    client = client_for(projectleider)
    url = edit_url(round_action)
    long_ago = timezone.localdate() - datetime.timedelta(days=3 * 365)
    before = round_action.due_date

    response = client.post(
        url,
        {
            "description": "Iets",
            "owner_name": "Pim",
            "due_date": long_ago.isoformat(),
            **page_lock(client, url),
        },
    )

    round_action.refresh_from_db()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["due_date"]
    assert (round_action.description, round_action.due_date) == (
        "Communicatieplan schrijven",
        before,
    )


def test_a_stored_due_date_long_past_does_not_block_other_changes(
    region, projectleider, client_for
):
    long_ago = timezone.localdate() - datetime.timedelta(days=3 * 365)
    action = FollowUpActionFactory(region=region, due_date=long_ago, owner_name="Pim")
    client = client_for(projectleider)
    url = edit_url(action)

    response = client.post(url, {**form_data(client.get(url).context["form"]), "owner_name": "Ann"})

    action.refresh_from_db()
    assert response.status_code == 302
    assert (action.owner_name, action.due_date) == ("Ann", long_ago)


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("bestuurder", 403),
        ("stuurgroeplid", 403),
        ("projectleider", 200),
        ("other_projectleider", 404),
        ("beheerder", 200),
        ("landelijk", 403),
    ],
)
@pytest.mark.parametrize("url_of", [edit_url, delete_url])
def test_who_may_edit_or_delete_an_action(
    request, round_action, client_for, role, expected, url_of
):
    client = client_for(request.getfixturevalue(role))

    response = client.get(url_of(round_action))

    if expected == "login":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == expected


def test_stuurgroeplid_edits_an_action_of_a_round_they_may_fill(
    round_action, stuurgroeplid, client_for
):
    assessment = round_action.answer.assessment
    assessment.stuurgroep_may_edit = True
    assessment.save()
    client = client_for(stuurgroeplid)
    url = edit_url(round_action)

    response = client.post(url, {**form_data(client.get(url).context["form"]), "owner_name": "Z"})

    round_action.refresh_from_db()
    assert response.status_code == 302
    assert round_action.owner_name == "Z"


def test_stuurgroeplid_may_not_edit_a_meeting_action_even_with_an_open_round(
    region, agenda_action, stuurgroeplid, client_for
):
    AssessmentFactory(region=region, stuurgroep_may_edit=True)

    response = client_for(stuurgroeplid).post(
        edit_url(agenda_action), {"description": "X", "owner_name": "Y"}
    )

    agenda_action.refresh_from_db()
    assert response.status_code == 403
    assert agenda_action.description == "Raad informeren"


def test_another_regions_projectleider_cannot_post_an_edit(
    round_action, other_projectleider, client_for
):
    response = client_for(other_projectleider).post(
        edit_url(round_action), {"description": "X", "owner_name": "Y"}
    )

    round_action.refresh_from_db()
    assert response.status_code == 404
    assert round_action.description == "Communicatieplan schrijven"


def test_an_action_of_another_region_gives_404(region, other_region, projectleider, client_for):
    foreign = FollowUpActionFactory(region=other_region)

    response = client_for(projectleider).get(
        reverse("governance:action_edit", args=[region.slug, foreign.uuid])
    )

    assert response.status_code == 404


# --- History --------------------------------------------------------------------------------


def test_the_edit_is_in_the_regions_history(round_action, region, projectleider, client_for):
    client = client_for(projectleider)
    url = edit_url(round_action)

    client.post(url, {**form_data(client.get(url).context["form"]), "owner_name": "Anna"})

    entry = LogEntry.objects.get_for_object(round_action).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == projectleider
    assert entry.changes_dict["owner_name"] == ["Pim", "Anna"]
    assert "lock_version" not in entry.changes_dict
    page = client.get(reverse("region_history", args=[region.slug])).text
    assert "<strong>Wie pakt het op</strong>: Pim → Anna</li>" in page


# --- Links ---------------------------------------------------------------------------------


def test_the_action_list_links_to_editing_each_action_with_its_name(
    round_action, region, projectleider, client_for
):
    page = client_for(projectleider).get(list_url(region)).text

    assert (
        f'href="{edit_url(round_action)}?next={list_url(region)}">Bewerken'
        '<span class="visually-hidden">: Communicatieplan schrijven</span></a>'
    ) in page
    assert f'href="{delete_url(round_action)}?next={list_url(region)}">Verwijderen' in page


def test_who_may_not_edit_sees_no_edit_links(round_action, region, bestuurder, client_for):
    client = client_for(bestuurder)
    assessment = round_action.answer.assessment

    pages = [
        client.get(list_url(region)).text,
        client.get(
            reverse("governance:assessment_detail", args=[region.slug, assessment.uuid])
        ).text,
    ]

    for page in pages:
        assert edit_url(round_action) not in page
        assert delete_url(round_action) not in page


def test_the_round_page_links_to_editing_its_actions(
    round_action, region, projectleider, client_for
):
    assessment = round_action.answer.assessment
    detail = reverse("governance:assessment_detail", args=[region.slug, assessment.uuid])

    page = client_for(projectleider).get(detail).text

    back = f"{detail}%23punt-{round_action.answer.item.code}"
    assert (
        f'href="{edit_url(round_action)}?next={back}">Bewerken'
        '<span class="visually-hidden">: Communicatieplan schrijven</span></a>'
    ) in page


def test_the_meeting_page_links_to_editing_its_new_and_linked_actions(
    agenda_action, round_action, region, projectleider, client_for
):
    item = agenda_action.agenda_item
    item.actions.add(round_action)
    detail = reverse("governance:meeting_detail", args=[region.slug, item.meeting.uuid])

    page = client_for(projectleider).get(detail).text

    for action in (agenda_action, round_action):
        assert f'href="{edit_url(action)}?next={detail}%23agenda-{item.pk}">Bewerken' in page
        assert f'<span class="visually-hidden">: {action.description}</span>' in page
    # A linked action is deleted where it was made, not by mistake from a meeting it is
    # only linked to.
    assert delete_url(agenda_action) in page
    assert delete_url(round_action) not in page


# --- Deleting -------------------------------------------------------------------------------


def test_projectleider_deletes_an_action_after_confirming(
    agenda_action, round_action, projectleider, client_for
):
    other_item = AgendaItemFactory(meeting=agenda_action.agenda_item.meeting)
    other_item.actions.add(agenda_action)
    client = client_for(projectleider)
    url = delete_url(agenda_action)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Raad informeren" in confirm.text
    assert FollowUpAction.objects.filter(pk=agenda_action.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == list_url(agenda_action.region)
    assert not FollowUpAction.objects.filter(pk=agenda_action.pk).exists()
    # The agenda items stay; only the action goes.
    assert AgendaItem.objects.filter(pk=other_item.pk).exists()
    assert not other_item.actions.exists()
    assert FollowUpAction.objects.filter(pk=round_action.pk).exists()
    entry = LogEntry.objects.get_for_object(agenda_action).get(action=LogEntry.Action.DELETE)
    assert entry.actor == projectleider


def test_a_bestuurder_cannot_delete_an_action(round_action, bestuurder, client_for):
    response = client_for(bestuurder).post(delete_url(round_action))

    assert response.status_code == 403
    assert FollowUpAction.objects.filter(pk=round_action.pk).exists()


def test_stuurgroeplid_deletes_an_action_of_a_round_they_may_fill_but_not_of_a_closed_one(
    round_action, stuurgroeplid, client_for
):
    client = client_for(stuurgroeplid)
    closed = client.post(delete_url(round_action))
    assert closed.status_code == 403
    assert FollowUpAction.objects.filter(pk=round_action.pk).exists()
    assessment = round_action.answer.assessment
    assessment.stuurgroep_may_edit = True
    assessment.save()

    response = client.post(delete_url(round_action))

    assert response.status_code == 302
    assert not FollowUpAction.objects.filter(pk=round_action.pk).exists()


# --- Closing ------------------------------------------------------------------------------


def toggle_url(action) -> str:
    return reverse("governance:action_toggle", args=[action.region.slug, action.uuid])


def test_stuurgroeplid_closes_an_action_of_a_round_they_may_fill_but_not_of_a_closed_one(
    round_action, stuurgroeplid, client_for
):
    """Who may edit or delete an action may also mark it done: a stuurgroeplid who fills in a
    round and adds its actions closes them too."""
    client = client_for(stuurgroeplid)
    refused = client.post(toggle_url(round_action), {"closed": "1"})
    round_action.refresh_from_db()
    assert refused.status_code == 403
    assert not round_action.is_closed
    assessment = round_action.answer.assessment
    assessment.stuurgroep_may_edit = True
    assessment.save()

    response = client.post(toggle_url(round_action), {"closed": "1"})

    round_action.refresh_from_db()
    assert response.status_code == 302
    assert round_action.is_closed


def test_stuurgroeplid_may_not_close_a_meeting_action(
    region, agenda_action, stuurgroeplid, client_for
):
    AssessmentFactory(region=region, stuurgroep_may_edit=True)

    response = client_for(stuurgroeplid).post(toggle_url(agenda_action), {"closed": "1"})

    agenda_action.refresh_from_db()
    assert response.status_code == 403
    assert not agenda_action.is_closed


def test_closing_an_action_on_the_round_page_comes_back_to_its_point(
    round_action, region, stuurgroeplid, client_for
):
    """The round page lists 40 points: after Afronden or Heropenen the page opens at the
    action's point again, as after editing it, not at the top."""
    assessment = round_action.answer.assessment
    assessment.stuurgroep_may_edit = True
    assessment.save()
    detail = reverse("governance:assessment_detail", args=[region.slug, assessment.uuid])
    client = client_for(stuurgroeplid)
    page = client.get(detail).text
    back = f"{detail}#punt-{round_action.answer.item.code}"
    assert f'<input type="hidden" name="next" value="{back}">' in page

    response = client.post(toggle_url(round_action), {"closed": "1", "next": back})

    round_action.refresh_from_db()
    assert round_action.is_closed
    assert response.url == back


@pytest.mark.parametrize("page", ["list", "round"])
def test_the_close_button_is_shown_to_who_may_close_the_action(
    round_action, agenda_action, stuurgroeplid, client_for, page
):
    assessment = round_action.answer.assessment
    assessment.stuurgroep_may_edit = True
    assessment.save()
    url = (
        list_url(round_action.region)
        if page == "list"
        else reverse(
            "governance:assessment_detail", args=[round_action.region.slug, assessment.uuid]
        )
    )

    html = client_for(stuurgroeplid).get(url).content.decode()

    assert toggle_url(round_action) in html
    assert toggle_url(agenda_action) not in html
