"""Dates in the governance forms: a checklist round, a follow-up action's due date, a meeting, a
line of the communication plan and a report's date. A syntactically valid but implausible date
(year 1, 1899, 9999, 40 years ahead) and a string that is no date get a Dutch error next to the
field, and nothing is saved; dates saved before (or in the admin) still show everywhere."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ghnt_portal.dates import years_from
from governance.constants import CommunicationMoment
from governance.forms import ActionForm
from governance.models import Assessment, CommunicationEntry, FollowUpAction, Meeting
from tests.dates import (
    IMPLAUSIBLE,
    INVALID,
    NO_DATE,
    STORED_EXTREMES,
    TOO_EARLY,
    TOO_LATE,
    shows_date,
)
from tests.factories import UserFactory
from tests.locking import form_data
from tests.pdf import pdf_text

from .factories import (
    AgendaItemFactory,
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
)


@dataclass(frozen=True)
class DateForm:
    url_name: str
    args: tuple[str, ...]  # keys of the world's objects
    field: str
    extra: dict  # what a valid post needs besides the date


ACTION = {"description": "Cijfers opvragen", "owner_name": "Pim"}
FORMS = {
    "action_create": DateForm(
        "governance:action_create", ("region", "assessment", "answer"), "due_date", ACTION
    ),
    "agenda_action_create": DateForm(
        "governance:agenda_action_create", ("region", "meeting", "agenda_item"), "due_date", ACTION
    ),
    "assessment_start": DateForm("governance:assessment_start", ("region",), "date", {}),
    "assessment_edit": DateForm("governance:assessment_edit", ("region", "assessment"), "date", {}),
    "meeting_create": DateForm("governance:meeting_create", ("region", "body"), "date", {}),
    "meeting_edit": DateForm("governance:meeting_edit", ("region", "meeting"), "date", {}),
    "communication_create": DateForm(
        "governance:communication_create",
        ("region", "body"),
        "date",
        {
            "audience": "Gemeenteraden",
            "moment": CommunicationMoment.ON_DATE,
            "subject": "Advies",
            "channel": "Raadsinformatiebrief",
            "responsible": "Portefeuillehouder",
        },
    ),
    "communication_edit": DateForm(
        "governance:communication_edit",
        ("region", "body", "entry"),
        "date",
        {"moment": CommunicationMoment.ON_DATE},
    ),
}


@pytest.fixture
def world(region, body):
    item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, body=body, version=item.section.version)
    meeting = MeetingFactory(body=body)
    return {
        "region": region.slug,
        "body": body.uuid,
        "assessment": assessment.uuid,
        "answer": AssessmentAnswerFactory(assessment=assessment, item=item).pk,
        "meeting": meeting.uuid,
        "agenda_item": AgendaItemFactory(meeting=meeting).pk,
        "entry": CommunicationEntryFactory(body=body).uuid,
    }


def stored() -> list:
    """What the forms could have written."""
    return [
        list(model.objects.values().order_by("pk"))
        for model in (Assessment, FollowUpAction, Meeting, CommunicationEntry)
    ]


def post_date(client, world, form: DateForm, value: str):
    url = reverse(form.url_name, args=[world[key] for key in form.args])
    data = form_data(client.get(url).context["form"])  # with an edit form's lock_version
    data.update(form.extra)
    data[form.field] = value
    return client.post(url, data)


@pytest.mark.parametrize("value", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE)
@pytest.mark.parametrize("key", FORMS)
def test_an_implausible_date_is_refused_next_to_the_field(
    world, projectleider, client_for, key, value
):
    form = FORMS[key]
    text, expected = value
    before = stored()

    response = post_date(client_for(projectleider), world, form, text)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [form.field]
    assert len(errors[form.field]) == 1 and errors[form.field][0].startswith(expected)
    # crispy-bootstrap5 writes the error under the field's input, which points to it.
    assert re.search(f'aria-describedby="[^"]*id_{form.field}_error', response.text)
    assert f'<span id="error_1_id_{form.field}"><strong>{expected}' in response.text
    assert stored() == before


@pytest.mark.parametrize("value", NO_DATE.values(), ids=NO_DATE)
@pytest.mark.parametrize("key", FORMS)
def test_a_string_that_is_no_date_gets_one_dutch_error_and_nothing_is_saved(
    world, projectleider, client_for, key, value
):
    """One error: a plan line 'op een datum' no longer adds 'Vul een datum in' to it."""
    form = FORMS[key]
    before = stored()

    response = post_date(client_for(projectleider), world, form, value)

    assert response.status_code == 200
    assert response.context["form"].errors == {form.field: [INVALID]}
    assert stored() == before


@pytest.mark.parametrize(
    ("key", "years_ahead"),
    [
        ("meeting_create", None),
        ("meeting_create", 10),
        ("communication_create", 10),
        ("assessment_start", 1),
        ("action_create", -1),
        ("agenda_action_create", 10),
    ],
)
def test_the_first_and_last_plausible_dates_are_saved(
    world, projectleider, client_for, key, years_ahead
):
    """``years_ahead`` from today as the test runs (a run may pass midnight); None: a meeting's
    first date, 1 January 2000."""
    if years_ahead is None:
        value = "2000-01-01"
    else:
        value = years_from(timezone.localdate(), years_ahead).isoformat()
    form = FORMS[key]
    model = {
        "meeting_create": Meeting,
        "communication_create": CommunicationEntry,
        "assessment_start": Assessment,
        "action_create": FollowUpAction,
        "agenda_action_create": FollowUpAction,
    }[key]

    response = post_date(client_for(projectleider), world, form, value)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert model.objects.filter(**{form.field: value}).exists()


def test_a_checklist_round_more_than_a_year_ahead_is_refused(world, projectleider, client_for):
    """A round records what was filled in: a year ahead at most, unlike a planned meeting."""
    value = (years_from(timezone.localdate(), 1) + datetime.timedelta(days=1)).isoformat()

    response = post_date(client_for(projectleider), world, FORMS["assessment_start"], value)

    assert response.context["form"].errors["date"][0].startswith(TOO_LATE)
    assert Assessment.objects.count() == 1


# --- A follow-up action's due date --------------------------------------------------------


@pytest.mark.parametrize("key", ["action_create", "agenda_action_create"])
def test_a_new_action_due_more_than_a_year_ago_is_refused(world, projectleider, client_for, key):
    value = (years_from(timezone.localdate(), -1) - datetime.timedelta(days=1)).isoformat()

    response = post_date(client_for(projectleider), world, FORMS[key], value)

    assert response.status_code == 200
    first = date_format(years_from(timezone.localdate(), -1), "j F Y")
    assert response.context["form"].errors["due_date"] == [
        f"Deze datum ligt te ver in het verleden: kies {first} of later."
    ]
    assert not FollowUpAction.objects.exists()


def test_an_action_that_is_overdue_by_months_can_still_be_added(world, projectleider, client_for):
    value = (timezone.localdate() - datetime.timedelta(days=200)).isoformat()

    response = post_date(client_for(projectleider), world, FORMS["action_create"], value)

    assert response.status_code == 302
    assert FollowUpAction.objects.get().due_date.isoformat() == value


def test_an_existing_action_keeps_its_old_due_date_when_edited_without_changing_it(region):
    """The window moves with today: an action due two years ago was fine when it was made."""
    old = years_from(timezone.localdate(), -2)
    action = FollowUpActionFactory(region=region, due_date=old)
    # An edit carries the version it started from (optimistic locking).
    version = ActionForm(instance=action)["lock_version"].value()
    edit = {"description": "Nieuwe omschrijving", "owner_name": "Pim", "lock_version": version}

    kept = ActionForm({**edit, "due_date": old.isoformat()}, instance=action)
    moved = ActionForm({**edit, "due_date": "2020-01-01"}, instance=action)

    assert kept.is_valid(), kept.errors
    assert not moved.is_valid()
    assert moved.errors["due_date"][0].startswith(TOO_EARLY)


# --- The report's date in the query string ------------------------------------------------


@pytest.mark.parametrize("value", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE)
def test_a_report_on_an_implausible_date_shows_the_date_form_with_the_error(
    body, stuurgroeplid, client_for, value
):
    text, expected = value
    url = reverse("governance:body_report", args=[body.region.slug, body.uuid])

    response = client_for(stuurgroeplid).get(url, {"datum": text})

    assert response.status_code == 200
    assert "report" not in response.context
    assert response.context["form"].errors["datum"][0].startswith(expected)


def test_the_report_pdf_on_an_implausible_date_goes_back_to_the_date_form(
    body, projectleider, client_for
):
    url = reverse("governance:body_report_pdf", args=[body.region.slug, body.uuid])

    response = client_for(projectleider).get(url, {"datum": "0001-01-01"})

    assert response.status_code == 302
    assert response["Location"].endswith("/verslag/?datum=0001-01-01")


# --- Dates saved before the forms checked them --------------------------------------------


@pytest.mark.parametrize(
    "day",
    STORED_EXTREMES,
    ids=str,
)
def test_every_page_csv_and_pdf_shows_a_stored_extreme_date(
    region, body, projectleider, client_for, day
):
    """Still possible in the admin, and maybe in the database already: no page may fail."""
    item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=item.section.version, date=day)
    answer = AssessmentAnswerFactory(assessment=assessment, item=item)
    meeting = MeetingFactory(body=body, date=day)
    agenda_item = AgendaItemFactory(meeting=meeting)
    FollowUpActionFactory(region=region, answer=answer, due_date=day)
    FollowUpActionFactory(region=region, agenda_item=agenda_item, due_date=day)
    CommunicationEntryFactory(body=body, moment=CommunicationMoment.ON_DATE, date=day)
    slug = region.slug
    pages = [
        reverse("home"),
        reverse("governance:region", args=[slug]),
        reverse("governance:action_list", args=[slug]) + "?afgerond=1",
        reverse("governance:assessment_detail", args=[slug, assessment.uuid]),
        reverse("governance:assessment_edit", args=[slug, assessment.uuid]),
        reverse("governance:body_detail", args=[slug, body.uuid]),
        reverse("governance:meeting_detail", args=[slug, meeting.uuid]),
        reverse("governance:agenda_item_edit", args=[slug, meeting.uuid, agenda_item.pk]),
        reverse("governance:meeting_report", args=[slug, meeting.uuid]),
        reverse("governance:meeting_report_pdf", args=[slug, meeting.uuid]),
        reverse("governance:body_report", args=[slug, body.uuid]),
        reverse("governance:body_report_pdf", args=[slug, body.uuid]),
        reverse("region_history", args=[slug]),
    ]
    national = [
        reverse("regions:national_overview"),
        reverse("regions:national_overview_csv"),
        reverse("regions:national_overview_pdf"),
    ]
    client = client_for(projectleider)
    beheerder = client_for(UserFactory(beheerder=True))

    answers = {url: client.get(url) for url in pages}
    answers.update({url: beheerder.get(url) for url in national})

    assert {
        url: answer.status_code for url, answer in answers.items() if answer.status_code != 200
    } == {}
    assert [url for url, answer in answers.items() if not shows_date(answer, day)] == []


# --- One style for dates across governance ------------------------------------------------


def test_the_dates_of_a_meeting_action_and_plan_line_are_written_out_as_everywhere_else(
    region, body, projectleider, client_for
):
    """The actions table printed its due date as 1-3-2028 and its origin as 'vergadering
    03-02-2028', the plan and the meeting's breadcrumb with zero-padded days: every governance
    page, report and PDF writes a date as '3 februari 2028'."""
    year = timezone.localdate().year + 2
    meeting = MeetingFactory(body=body, date=datetime.date(year, 2, 3))
    agenda_item = AgendaItemFactory(meeting=meeting)
    action = FollowUpActionFactory(
        region=region,
        agenda_item=agenda_item,
        description="Cijfers opvragen",
        due_date=datetime.date(year, 3, 1),
    )
    entry = CommunicationEntryFactory(
        body=body, moment=CommunicationMoment.ON_DATE, date=datetime.date(year, 4, 5)
    )
    slug = region.slug
    client = client_for(projectleider)
    meeting_page = client.get(reverse("governance:meeting_detail", args=[slug, meeting.uuid]))
    report = client.get(reverse("governance:meeting_report", args=[slug, meeting.uuid]))
    pdf = client.get(reverse("governance:meeting_report_pdf", args=[slug, meeting.uuid]))
    pdf_words = " ".join(pdf_text(pdf.content).split())
    edit_url = reverse("governance:agenda_item_edit", args=[slug, meeting.uuid, agenda_item.pk])
    edit = client.get(edit_url)

    assert action.origin_label == f"vergadering 3 februari {year}"
    assert entry.when_label == f"5 april {year}"
    assert meeting_page.context["crumbs"][-1] == (f"3 februari {year}", None)
    actions_table = report.text.split('class="report-actions"')[1].split("</table>")[0]
    assert f"<td>1 maart {year}</td>" in actions_table
    assert f"<td>vergadering 3 februari {year}</td>" in actions_table
    assert f"Cijfers opvragen Pim Projectleider vergadering 3 februari {year}" in pdf_words
    assert f"1 maart {year}" in pdf_words and f"5 april {year}" in pdf_words
    assert f"Cijfers opvragen – Pim Projectleider (1 maart {year})" in edit.text
    for page in (meeting_page.text, report.text, pdf_words, edit.text):
        assert not re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", page)
