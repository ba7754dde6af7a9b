"""No lost updates: two people open the same edit page, the first saves, the second gets a
Dutch conflict message with the newer values, keeps their own input, and the first's value stays.
An edit posted without a valid version (a hand-made request, an old page) is refused the same
way; creating needs no version."""

from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse

from governance.constants import AgendaAsk, CommunicationMoment, ItemStatus
from governance.forms import (
    ActionForm,
    AgendaItemForm,
    AssessmentEditForm,
    CommunicationEntryForm,
    MeetingForm,
    NietVergetenLijstForm,
)
from governance.models import (
    AgendaItem,
    AssessmentAnswer,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from regions.constants import AmbassadorType, BodyKind, SeatMembership, SeatRole
from regions.forms import GovernanceBodyForm, PartnerOrganisationForm, SeatForm
from regions.models import GovernanceBody, PartnerOrganisation, Seat
from tests.factories import (
    BodyFormFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    OrganisationTypeFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)
from tests.governance.factories import (
    AgendaItemFactory,
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    NietVergetenLijstFactory,
)
from tests.locking import form_data, lock_fields

CONFLICT = "Iemand anders heeft dit intussen gewijzigd en opgeslagen"
NO_VERSION = "Dit formulier kwam zonder geldige versie binnen"
RACE = "Iemand anders sloeg dit op hetzelfde moment op"


@pytest.fixture
def two_editors(client_for, projectleider, region):
    second = MembershipFactory(region=region, role="projectleider").user
    return client_for(projectleider), client_for(second)


@pytest.fixture
def editor(client_for, projectleider):
    return client_for(projectleider)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep", form=BodyFormFactory())


def error_summary(html: str) -> str:
    """The error summary at the top of the form page (includes/form_errors.html)."""
    assert "error-summary" in html, "the page shows no error summary"
    return html.split("error-summary", 1)[1].split("</div>", 1)[0]


@dataclass
class Edit:
    """An edit page with optimistic locking, and one of its text fields to change."""

    obj: models.Model
    url: str
    field: str
    form_class: type

    def stored(self):
        self.obj.refresh_from_db()
        return getattr(self.obj, self.field)


EDITS = [
    "body",
    "seat",
    "partner",
    "nvl",
    "communication",
    "meeting",
    "agenda_item",
    "assessment",
    "action",
]


@pytest.fixture
def edit(request, body) -> Edit:
    slug = body.region.slug
    match request.param:
        case "body":
            url = reverse("regions:body_update", args=[slug, body.uuid])
            return Edit(body, url, "purpose", GovernanceBodyForm)
        case "seat":
            seat = SeatFactory(body=body)
            url = reverse("regions:seat_update", args=[slug, seat.uuid])
            return Edit(seat, url, "person_function", SeatForm)
        case "partner":
            partner = PartnerOrganisationFactory(region=body.region)
            url = reverse("regions:partner_update", args=[slug, partner.uuid])
            return Edit(partner, url, "name", PartnerOrganisationForm)
        case "nvl":
            nvl = NietVergetenLijstFactory(body=body)
            url = reverse("governance:nvl_edit", args=[slug, body.uuid])
            return Edit(nvl, url, "problem", NietVergetenLijstForm)
        case "communication":
            entry = CommunicationEntryFactory(body=body)
            url = reverse("governance:communication_edit", args=[slug, body.uuid, entry.uuid])
            return Edit(entry, url, "subject", CommunicationEntryForm)
        case "meeting":
            meeting = MeetingFactory(body=body)
            url = reverse("governance:meeting_edit", args=[slug, meeting.uuid])
            return Edit(meeting, url, "place", MeetingForm)
        case "agenda_item":
            item = AgendaItemFactory(meeting=MeetingFactory(body=body))
            url = reverse("governance:agenda_item_edit", args=[slug, item.meeting.uuid, item.pk])
            return Edit(item, url, "title", AgendaItemForm)
        case "assessment":
            assessment = AssessmentFactory(region=body.region)
            url = reverse("governance:assessment_edit", args=[slug, assessment.uuid])
            return Edit(assessment, url, "participants", AssessmentEditForm)
        case "action":
            action = FollowUpActionFactory(region=body.region)
            url = reverse("governance:action_edit", args=[slug, action.uuid])
            return Edit(action, url, "owner_name", ActionForm)
    raise AssertionError(request.param)


per_edit = pytest.mark.parametrize("edit", EDITS, indirect=True)


@per_edit
def test_the_edit_page_renders_the_version_it_shows(editor, edit):
    page = editor.get(edit.url)

    token = page.context["form"]["lock_version"].value()
    assert token.startswith(f"{edit.obj.lock_version}:")
    assert lock_fields(page.text) == {"lock_version": token}


@per_edit
def test_the_second_save_is_refused_and_keeps_the_first(two_editors, edit):
    first, second = two_editors
    data_first = form_data(first.get(edit.url).context["form"])
    data_second = form_data(second.get(edit.url).context["form"])

    saved = first.post(edit.url, {**data_first, edit.field: "Versie van de eerste"})
    refused = second.post(edit.url, {**data_second, edit.field: "Versie van de tweede"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    summary = error_summary(refused.text)
    assert CONFLICT in summary
    assert "Versie van de eerste" in summary  # the newer value is shown
    assert "Versie van de tweede" in refused.text  # and the user's own input is kept in the form
    assert edit.stored() == "Versie van de eerste"


@per_edit
def test_a_save_after_someone_else_saved_only_outside_the_form_goes_through(editor, edit):
    """Someone else saved the object, but nothing this page shows changed (say an action was
    closed): nothing of theirs is lost by saving, so the page does not refuse."""
    data = form_data(editor.get(edit.url).context["form"])
    type(edit.obj).objects.filter(pk=edit.obj.pk).update(lock_version=F("lock_version") + 1)

    saved = editor.post(edit.url, {**data, edit.field: "Na een andere opslag"})

    assert saved.status_code == 302, error_summary(saved.text)
    assert edit.stored() == "Na een andere opslag"
    assert edit.obj.lock_version == 3


@per_edit
def test_a_double_click_on_save_is_no_conflict(editor, edit):
    """The second post of the same form finds the first's save: the values it sends are the
    stored ones, so nothing can be lost and the page does not claim someone else changed it."""
    data = {**form_data(editor.get(edit.url).context["form"]), edit.field: "Dubbel geklikt"}

    first = editor.post(edit.url, data)
    second = editor.post(edit.url, data)

    assert first.status_code == 302
    assert second.status_code == 302, error_summary(second.text)
    assert edit.stored() == "Dubbel geklikt"


@per_edit
def test_the_same_values_without_a_version_are_still_refused(editor, edit):
    data = form_data(editor.get(edit.url).context["form"])
    del data["lock_version"]

    refused = editor.post(edit.url, data)

    assert refused.status_code == 200
    assert NO_VERSION in error_summary(refused.text)


@per_edit
def test_an_edit_posted_without_a_version_is_refused(editor, edit):
    data = form_data(editor.get(edit.url).context["form"])
    del data["lock_version"]
    before, version = edit.stored(), edit.obj.lock_version

    refused = editor.post(edit.url, {**data, edit.field: "Zonder versie"})

    assert refused.status_code == 200
    assert NO_VERSION in error_summary(refused.text)
    assert "Zonder versie" in refused.text
    assert edit.stored() == before
    assert edit.obj.lock_version == version
    # The page now carries the stored version: saving again is a deliberate choice.
    again = editor.post(edit.url, {**data, **lock_fields(refused.text), edit.field: "Bewust"})
    assert again.status_code == 302
    assert edit.stored() == "Bewust"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "1",
        "1:",
        ":0123456789abcdef",
        "-1:0123456789abcdef",
        "1:0123456789ABCDEF",
        "1:0123456789abcdef0",
        "1:0123456789abcdef",  # the version with one digest of all fields: not one per field
        "1:" + "0" * 24,  # a digest too many
        "\u0661:0123456789abcdef",  # an Arabic-Indic digit one
        "1" * 41,
        "1\x00:0123456789abcdef",
    ],
)
@pytest.mark.parametrize("edit", ["partner"], indirect=True)
def test_an_edit_with_a_malformed_version_is_refused(editor, edit, token):
    data = form_data(editor.get(edit.url).context["form"])
    before = edit.stored()

    refused = editor.post(edit.url, {**data, "lock_version": token, edit.field: "Knutselwerk"})

    assert refused.status_code == 200
    summary = error_summary(refused.text)
    assert NO_VERSION in summary
    assert "Lock version" not in summary  # a hidden field's own error is named in Dutch
    assert edit.stored() == before


@per_edit
def test_a_save_racing_past_the_form_check_is_refused_with_a_message(editor, edit, monkeypatch):
    data = form_data(editor.get(edit.url).context["form"])
    check = edit.form_class.clean

    def check_then_someone_else_saves(form):
        cleaned = check(form)
        type(form.instance).objects.filter(pk=form.instance.pk).update(
            lock_version=F("lock_version") + 1
        )
        return cleaned

    monkeypatch.setattr(edit.form_class, "clean", check_then_someone_else_saves)
    before = edit.stored()

    refused = editor.post(edit.url, {**data, edit.field: "Net te laat"})

    assert refused.status_code == 200
    assert RACE in error_summary(refused.text)
    assert edit.stored() == before


@per_edit
def test_the_audit_trail_records_the_edit_but_not_the_version(editor, edit):
    data = form_data(editor.get(edit.url).context["form"])

    editor.post(edit.url, {**data, edit.field: "Nieuwe waarde"})

    assert edit.stored() == "Nieuwe waarde"
    assert edit.obj.lock_version == 2
    entry = LogEntry.objects.get_for_object(edit.obj).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict[edit.field][1] == "Nieuwe waarde"
    assert "lock_version" not in entry.changes_dict


@dataclass
class Create:
    """A create page of a locked model, what a browser posts to it, and where it lands."""

    url: str
    data: dict
    model: type
    field: str


CREATES = ["body", "seat", "partner", "nvl", "communication", "meeting", "agenda_item", "action"]


@pytest.fixture
def create(request, body) -> Create:
    slug = body.region.slug
    match request.param:
        case "body":
            data = {
                "name": "Nieuw",
                "form": body.form_id,
                "kind": BodyKind.ADVISORY,
                "meetings_per_year": 4,
            }
            return Create(reverse("regions:body_create", args=[slug]), data, GovernanceBody, "name")
        case "seat":
            data = {
                "person_name": "Nieuw",
                "membership": SeatMembership.FIXED,
                "seat_role": SeatRole.MEMBER,
                "ambassador_type": AmbassadorType.NONE,
            }
            url = reverse("regions:seat_create", args=[slug, body.uuid])
            return Create(url, data, Seat, "person_name")
        case "partner":
            data = {"name": "Nieuw", "organisation_type": OrganisationTypeFactory().pk}
            url = reverse("regions:partner_create", args=[slug])
            return Create(url, data, PartnerOrganisation, "name")
        case "nvl":
            url = reverse("governance:nvl_edit", args=[slug, body.uuid])
            return Create(url, {"problem": "Nieuw"}, NietVergetenLijst, "problem")
        case "communication":
            data = {
                "audience": "Raden",
                "moment": CommunicationMoment.AFTER_MEETING,
                "subject": "Nieuw",
                "channel": "Nieuwsbrief",
                "responsible": "Projectleider",
            }
            url = reverse("governance:communication_create", args=[slug, body.uuid])
            return Create(url, data, CommunicationEntry, "subject")
        case "meeting":
            url = reverse("governance:meeting_create", args=[slug, body.uuid])
            return Create(url, {"date": "2026-05-01", "place": "Nieuw"}, Meeting, "place")
        case "agenda_item":
            meeting = MeetingFactory(body=body)
            data = {"order": 1, "title": "Nieuw", "ask": AgendaAsk.INFORM}
            url = reverse("governance:agenda_item_create", args=[slug, meeting.uuid])
            return Create(url, data, AgendaItem, "title")
        case "action":
            item = AgendaItemFactory(meeting=MeetingFactory(body=body))
            data = {"description": "Nieuw", "owner_name": "Pim"}
            url = reverse(
                "governance:agenda_action_create", args=[slug, item.meeting.uuid, item.pk]
            )
            return Create(url, data, FollowUpAction, "description")
    raise AssertionError(request.param)


@pytest.mark.parametrize("create", CREATES, indirect=True)
def test_creating_needs_no_version(editor, create):
    assert lock_fields(editor.get(create.url).text) == {"lock_version": ""}

    response = editor.post(create.url, create.data)  # no lock_version at all

    assert response.status_code == 302, response.context and response.context["form"].errors
    created = create.model.objects.get(**{create.field: "Nieuw"})
    assert created.lock_version == 1


@pytest.mark.parametrize("create", CREATES, indirect=True)
def test_the_audit_trail_of_a_new_object_leaves_the_version_out(editor, create):
    editor.post(create.url, create.data)

    created = create.model.objects.get(**{create.field: "Nieuw"})
    entry = LogEntry.objects.get_for_object(created).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict[create.field][1] == "Nieuw"
    assert "lock_version" not in entry.changes_dict


def test_after_a_conflict_saving_again_is_a_deliberate_overwrite(two_editors, body):
    first, second = two_editors
    url = reverse("regions:body_update", args=[body.region.slug, body.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])
    first.post(url, {**data_first, "purpose": "Versie van de eerste"})
    refused = second.post(url, {**data_second, "purpose": "Versie van de tweede"})

    again = second.post(url, form_data(refused.context["form"]))

    assert again.status_code == 302
    body.refresh_from_db()
    assert body.purpose == "Versie van de tweede"


def test_the_conflict_lists_only_what_someone_else_changed(two_editors, body):
    """The first changes the name, the second the purpose: the second's save is refused for the
    name only, with the first's name; the second's own purpose is no "newer value"."""
    first, second = two_editors
    body.purpose = "Oude bedoeling"
    body.save()
    url = reverse("regions:body_update", args=[body.region.slug, body.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])

    first.post(url, {**data_first, "name": "Stuurgroep van de eerste"})
    refused = second.post(url, {**data_second, "purpose": "Bedoeling van de tweede"})

    assert refused.status_code == 200
    summary = error_summary(refused.text)
    assert CONFLICT in summary
    assert "Intussen gewijzigd: Naam: ‘Stuurgroep van de eerste’." in summary
    assert "bedoeling" not in summary.lower()
    assert "Bedoeling van de tweede" in refused.text  # kept in the form
    body.refresh_from_db()
    assert (body.name, body.purpose) == ("Stuurgroep van de eerste", "Oude bedoeling")


def _answer_forms(response):
    return [form for _section, forms in response.context["sections"] for form in forms]


def test_the_second_save_of_an_assessment_item_is_refused_and_keeps_the_first(two_editors, region):
    item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=item.section.version)
    answer = AssessmentAnswerFactory(assessment=assessment, item=item)
    first, second = two_editors
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    (form_first,) = _answer_forms(first.get(url))
    (form_second,) = _answer_forms(second.get(url))
    explanation = form_first.add_prefix("explanation")

    first.post(url, {**form_data(form_first), explanation: "Toelichting van de eerste"})
    refused = second.post(url, {**form_data(form_second), explanation: "Toelichting van de tweede"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert "Toelichting van de eerste" in page
    assert "Toelichting van de tweede" in page
    answer.refresh_from_db()
    assert answer.explanation == "Toelichting van de eerste"


def test_a_double_click_on_saving_checklist_answers_is_no_conflict(editor, region):
    item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=item.section.version)
    answer = AssessmentAnswerFactory(assessment=assessment, item=item)
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    (form,) = _answer_forms(editor.get(url))
    data = {
        **form_data(form),
        form.add_prefix("status"): ItemStatus.DONE,
        form.add_prefix("explanation"): "Twee keer op Opslaan geklikt",
    }

    first = editor.post(url, data)
    second = editor.post(url, data)

    assert first.status_code == 302
    assert second.status_code == 302, error_summary(second.text)
    answer.refresh_from_db()
    assert (answer.status, answer.explanation) == (ItemStatus.DONE, "Twee keer op Opslaan geklikt")


def test_checklist_answers_posted_without_a_version_are_refused(editor, region):
    item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=item.section.version)
    answer = AssessmentAnswerFactory(assessment=assessment, item=item)
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    (form,) = _answer_forms(editor.get(url))
    data = form_data(form)
    del data[form.add_prefix("lock_version")]

    refused = editor.post(url, {**data, form.add_prefix("explanation"): "Zonder versie"})

    assert refused.status_code == 200
    assert NO_VERSION in error_summary(refused.text)
    answer.refresh_from_db()
    assert answer.explanation != "Zonder versie"


def test_two_people_filling_different_items_of_one_round_both_keep_their_answers(
    two_editors, region
):
    item_a = ChecklistItemFactory()
    item_b = ChecklistItemFactory(section=item_a.section)
    assessment = AssessmentFactory(region=region, version=item_a.section.version)
    answer_a = AssessmentAnswerFactory(assessment=assessment, item=item_a)
    answer_b = AssessmentAnswerFactory(assessment=assessment, item=item_b)
    first, second = two_editors
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    forms_first = _answer_forms(first.get(url))
    forms_second = _answer_forms(second.get(url))
    data_first = {k: v for form in forms_first for k, v in form_data(form).items()}
    data_second = {k: v for form in forms_second for k, v in form_data(form).items()}
    status_a = next(f for f in forms_first if f.instance == answer_a).add_prefix("status")
    status_b = next(f for f in forms_second if f.instance == answer_b).add_prefix("status")

    first.post(url, {**data_first, status_a: ItemStatus.DONE})
    saved = second.post(url, {**data_second, status_b: ItemStatus.DONE})

    assert saved.status_code == 302
    assert set(AssessmentAnswer.objects.values_list("status", flat=True)) == {ItemStatus.DONE}


def test_a_save_racing_past_the_form_check_is_refused_by_the_database(body):
    stale = GovernanceBody.objects.get(pk=body.pk)
    GovernanceBody.objects.get(pk=body.pk).save()  # someone else saved in between
    stale._expected_lock_version = stale.lock_version
    stale.purpose = "Verouderd"

    with pytest.raises(ValidationError):
        stale.save()

    body.refresh_from_db()
    assert body.purpose != "Verouderd"


def test_every_save_counts_the_version_up(body):
    seat = SeatFactory(body=body)
    assert seat.lock_version == 1

    seat.person_name = "Nieuwe naam"
    seat.save()
    seat.save()

    assert Seat.objects.get(pk=seat.pk).lock_version == 3
    assert seat.lock_version == 3
