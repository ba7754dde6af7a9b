"""Forms that create something save it once (ghnt_portal.submissions): the same form sent twice
(a double click on "Opslaan", the browser sending the POST again) creates one object and the
second answer is the page of the first's success with a message, also when that is the new
object's own page (only for the person who sent it first); a form without a valid token creates
nothing and says so in Dutch."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from ghnt_portal import housekeeping
from ghnt_portal.accounts.models import Invitation
from ghnt_portal.submissions import services as submission_services
from ghnt_portal.submissions.forms import SUBMIT_FIELD
from ghnt_portal.submissions.models import UsedSubmission
from governance import reference
from governance import services as governance_services
from governance import views as governance_views
from governance.constants import AgendaAsk
from governance.models import (
    AgendaItem,
    Assessment,
    ChecklistVersion,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
)
from regions.constants import BodyKind, FigureKind, RegionRole, SeatMembership, SeatRole
from regions.models import GovernanceBody, PartnerOrganisation, RegionalFigure, Seat
from scan.models import ScanSession
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import (
    BodyFormFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    OrganisationTypeFactory,
)
from tests.governance.factories import AgendaItemFactory, MeetingFactory
from tests.governance.test_communication_plan import VALID as COMMUNICATION_LINE
from tests.scan.factories import QuestionnaireFactory

ALREADY = "Dit formulier was al verstuurd; het is één keer opgeslagen."
EXPIRED = "Dit formulier is verlopen. Verstuur het opnieuw."


@dataclass
class Case:
    url: str
    data: dict
    objects: models.QuerySet
    # Where a second post by someone else goes: the page listing what the first made (for a
    # form whose success page is a list, that list).
    done_url: str


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _assessment(region):
    reference.load_checklist(reference.read_checklist())
    return governance_services.start_assessment(region=region, body=None, on=timezone.localdate())


def _action_case(region, body) -> Case:
    assessment = _assessment(region)
    answer = assessment.answers.select_related("item").first()
    detail = reverse("governance:assessment_detail", args=[region.slug, assessment.uuid])
    return Case(
        reverse("governance:action_create", args=[region.slug, assessment.uuid, answer.pk]),
        {"description": "Communicatieplan schrijven", "owner_name": "Pim", "due_date": ""},
        FollowUpAction.objects.all(),
        f"{detail}#punt-{answer.item.code}",
    )


def _agenda_action_case(region, body) -> Case:
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    return Case(
        reverse("governance:agenda_action_create", args=[region.slug, meeting.uuid, item.pk]),
        {"description": "Cijfers opvragen", "owner_name": "Pim", "due_date": ""},
        FollowUpAction.objects.all(),
        reverse("governance:meeting_detail", args=[region.slug, meeting.uuid]) + "#agenda",
    )


def _assessment_case(region, body) -> Case:
    reference.load_checklist(reference.read_checklist())
    return Case(
        reverse("governance:assessment_start", args=[region.slug]),
        {"body": body.pk, "date": _today(), "participants": "Gast"},
        Assessment.objects.all(),
        reverse("governance:region", args=[region.slug]),
    )


def _communication_case(region, body) -> Case:
    return Case(
        reverse("governance:communication_create", args=[region.slug, body.uuid]),
        COMMUNICATION_LINE,
        CommunicationEntry.objects.all(),
        reverse("governance:body_detail", args=[region.slug, body.uuid]) + "#communicatieplan",
    )


def _meeting_case(region, body) -> Case:
    return Case(
        reverse("governance:meeting_create", args=[region.slug, body.uuid]),
        {"date": _today(7), "place": "Stadhuis"},
        Meeting.objects.all(),
        reverse("governance:body_detail", args=[region.slug, body.uuid]) + "#h-meetings",
    )


def _agenda_item_case(region, body) -> Case:
    meeting = MeetingFactory(body=body)
    return Case(
        reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid]),
        {"order": 1, "title": "Cijfers", "ask": AgendaAsk.INFORM},
        AgendaItem.objects.all(),
        reverse("governance:meeting_detail", args=[region.slug, meeting.uuid]) + "#agenda",
    )


def _body_case(region, body) -> Case:
    return Case(
        reverse("regions:body_create", args=[region.slug]),
        {
            "name": "Regiegroep",
            "form": BodyFormFactory().pk,
            "kind": BodyKind.ADVISORY,
            "meetings_per_year": 4,
            "purpose": "",
            "reports_to": "",
        },
        GovernanceBody.objects.exclude(pk=body.pk),
        reverse("regions:region_detail", args=[region.slug]),
    )


def _seat_case(region, body) -> Case:
    return Case(
        reverse("regions:seat_create", args=[region.slug, body.uuid]),
        {
            "person_name": "Fenna Fictief",
            "person_function": "wethouder Jeugd",
            "mandate": "",
            "membership": SeatMembership.FIXED,
            "seat_role": SeatRole.MEMBER,
        },
        Seat.objects.all(),
        reverse("regions:body_detail", args=[region.slug, body.uuid]),
    )


def _partner_case(region, body) -> Case:
    return Case(
        reverse("regions:partner_create", args=[region.slug]),
        {"name": "Veilig Thuis", "organisation_type": OrganisationTypeFactory().pk},
        PartnerOrganisation.objects.all(),
        reverse("regions:region_detail", args=[region.slug]) + "#partners",
    )


def _figure_case(region, body) -> Case:
    return Case(
        reverse("regions:figure_create", args=[region.slug]),
        {"kind": FigureKind.VT_ADVICE, "label": "", "year": "2021", "value": "9", "source": "CBS"},
        RegionalFigure.objects.all(),
        reverse("regions:figures", args=[region.slug]),
    )


def _session_case(region, body) -> Case:
    QuestionnaireFactory(version=1)
    return Case(
        reverse("scan:session_create", args=[region.slug]),
        {"title": "Regiobijeenkomst voorjaar", "meeting_date": "", "body": body.pk},
        ScanSession.objects.all(),
        reverse("scan:session_list"),
    )


def _invitation_case(region, body) -> Case:
    return Case(
        reverse("accounts:invite", args=[region.slug]),
        {"email": "nieuw@example.nl", "role": RegionRole.STUURGROEPLID},
        Invitation.objects.all(),
        reverse("accounts:region_people", args=[region.slug]),
    )


CASES: dict[str, Callable[..., Case]] = {
    "action_create": _action_case,
    "agenda_action_create": _agenda_action_case,
    "assessment_start": _assessment_case,
    "communication_create": _communication_case,
    "meeting_create": _meeting_case,
    "agenda_item_create": _agenda_item_case,
    "body_create": _body_case,
    "seat_create": _seat_case,
    "partner_create": _partner_case,
    "figure_create": _figure_case,
    "session_create": _session_case,
    "invite": _invitation_case,
}


# The forms whose first save goes to the new object's own page (the others go to a list).
OBJECT_PAGE_CASES = ["assessment_start", "meeting_create", "body_create", "session_create"]


class _TokenFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tokens: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == SUBMIT_FIELD:
            assert attrs.get("type") == "hidden"
            self.tokens.append(attrs.get("value") or "")


def rendered_token(html: str) -> str:
    finder = _TokenFinder()
    finder.feed(html)
    assert len(finder.tokens) == 1, finder.tokens
    return finder.tokens[0]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep")


@pytest.fixture(params=list(CASES))
def case(request, region, body) -> Case:
    return CASES[request.param](region, body)


@pytest.fixture
def leader_client(client_for, projectleider):
    client = client_for(projectleider)
    client.sends_submit_token = False  # only the token the page rendered
    return client


def test_the_same_form_sent_twice_creates_once(case, leader_client):
    page = leader_client.get(case.url)
    data = {**case.data, SUBMIT_FIELD: rendered_token(page.text)}

    first = leader_client.post(case.url, data)
    second = leader_client.post(case.url, data)

    assert first.status_code == 302, first.context and first.context["form"].errors
    assert case.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY in _messages(second)


@pytest.mark.parametrize("name", OBJECT_PAGE_CASES)
def test_a_second_send_goes_to_the_new_objects_own_page(name, region, body, leader_client):
    case = CASES[name](region, body)
    data = {**case.data, SUBMIT_FIELD: rendered_token(leader_client.get(case.url).text)}

    first = leader_client.post(case.url, data)
    second = leader_client.post(case.url, data)

    created = case.objects.get()
    assert str(created.uuid) in first["Location"]
    assert second["Location"] == first["Location"]
    page = leader_client.get(second["Location"])
    assert page.status_code == 200
    assert ALREADY in page.text


def test_someone_elses_token_does_not_lead_to_what_they_made(
    case, leader_client, client_for, region
):
    """A token sent by another person (a shared computer, a hand-made request) is answered as
    before: the page that lists what was made, never the object page the first person got."""
    other = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    data = {**case.data, SUBMIT_FIELD: rendered_token(leader_client.get(case.url).text)}
    first = leader_client.post(case.url, data)
    assert first.status_code == 302

    response = client_for(other).post(case.url, data)

    assert response.status_code == 302
    assert response["Location"] == case.done_url
    assert ALREADY in _messages(response)
    assert case.objects.count() == 1


@pytest.mark.parametrize("name", OBJECT_PAGE_CASES)
def test_a_second_send_after_the_new_object_was_deleted_finds_it_gone(
    name, region, body, leader_client
):
    """Someone removed what the first send made before the second arrived: the second goes to
    where the first went, whose "not found" page says someone may just have removed it; it
    makes nothing again and is no server error."""
    case = CASES[name](region, body)
    data = {**case.data, SUBMIT_FIELD: rendered_token(leader_client.get(case.url).text)}
    first = leader_client.post(case.url, data)
    case.objects.get().delete()

    second = leader_client.post(case.url, data)

    assert second["Location"] == first["Location"]
    page = leader_client.get(second["Location"])
    assert page.status_code == 404
    assert ALREADY in page.text
    assert not case.objects.exists()


@pytest.mark.parametrize("token", [None, "", "niet-een-code", "1" * 80])
def test_a_form_without_a_valid_token_creates_nothing(case, leader_client, token):
    data = dict(case.data)
    if token is not None:
        data[SUBMIT_FIELD] = token

    response = leader_client.post(case.url, data)

    assert response.status_code in (200, 400)
    assert case.objects.count() == 0
    assert EXPIRED in response.context["form"].non_field_errors()
    assert EXPIRED in response.text
    # A fresh token on the page, with the user's input: sending it again saves.
    fresh = rendered_token(response.text)
    assert uuid.UUID(fresh)
    again = leader_client.post(case.url, {**case.data, SUBMIT_FIELD: fresh})
    assert again.status_code == 302
    assert case.objects.count() == 1


def test_two_opened_pages_each_save(client_for, projectleider, region, body):
    """Two tabs are two forms: the token stops a resend, not a second meeting."""
    client = client_for(projectleider)
    client.sends_submit_token = False
    case = _meeting_case(region, body)
    tokens = [rendered_token(client.get(case.url).text) for _ in range(2)]

    assert tokens[0] != tokens[1]
    for token in tokens:
        assert client.post(case.url, {**case.data, SUBMIT_FIELD: token}).status_code == 302
    assert Meeting.objects.count() == 2


def test_an_edit_form_has_no_token_and_needs_none(client_for, projectleider, region, body):
    meeting = MeetingFactory(body=body)
    client = client_for(projectleider)
    client.sends_submit_token = False
    url = reverse("governance:meeting_edit", args=[region.slug, meeting.uuid])

    assert SUBMIT_FIELD not in client.get(url).text


def test_a_save_that_fails_leaves_the_token_for_the_next_try(
    client_for, projectleider, region, body
):
    """No published checklist: the round is refused inside the transaction, and so is the claim
    of its token; once there is a checklist, the same form starts the round."""
    client = client_for(projectleider)
    client.sends_submit_token = False
    url = reverse("governance:assessment_start", args=[region.slug])
    data = {"body": "", "date": _today(), SUBMIT_FIELD: rendered_token(client.get(url).text)}

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not Assessment.objects.exists()
    assert not UsedSubmission.objects.exists()

    reference.load_checklist(reference.read_checklist())
    assert ChecklistVersion.objects.current() is not None
    assert client.post(url, data).status_code == 302
    assert Assessment.objects.count() == 1


def test_the_token_row_holds_the_token_its_time_who_sent_it_and_where_that_went():
    """Nothing of what the form said: only enough to answer a second send (kept for a day)."""
    assert {field.name for field in UsedSubmission._meta.get_fields()} == {
        "token",
        "created_at",
        "user",
        "url",
    }


def test_housekeeping_removes_tokens_older_than_a_day(db):
    now = timezone.now()
    old, recent = uuid.uuid4(), uuid.uuid4()
    UsedSubmission.objects.create(token=old)
    UsedSubmission.objects.create(token=recent)
    UsedSubmission.objects.filter(pk=old).update(created_at=now - timedelta(days=1, hours=1))
    UsedSubmission.objects.filter(pk=recent).update(created_at=now - timedelta(hours=23))

    assert housekeeping.remove_old_submission_tokens(dry_run=True) == 1
    assert UsedSubmission.objects.count() == 2
    assert housekeeping.remove_old_submission_tokens(dry_run=False) == 1
    assert list(UsedSubmission.objects.values_list("token", flat=True)) == [recent]


# --- Two clicks at the same moment ---------------------------------------------------------

AT_ONCE = postgresql_only("two transactions meeting at a row lock: PostgreSQL only")


def _poster(client_for, user, url, data):
    def post():
        client = client_for(user)
        client.raise_request_exception = False
        client.sends_submit_token = False
        response = client.post(url, data)
        return response.status_code, response.get("Location")

    return post


@AT_ONCE
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_case", [_meeting_case, _body_case])
def test_a_new_object_sent_twice_at_once_is_saved_once(
    client_for, projectleider, region, body, monkeypatch, make_case
):
    """For a body the region lock alone would give the second click the form's "name exists"
    error; with the same token it is answered as saved, on the new object's page: the first
    kept that page with its token before it committed."""
    case = make_case(region, body)
    data = {**case.data, SUBMIT_FIELD: str(uuid.uuid4())}

    results = twice_at_once(
        monkeypatch,
        submission_services,
        "claim_submission",
        _poster(client_for, projectleider, case.url, data),
    )

    assert [status for status, _location in results] == [302, 302]
    assert case.objects.count() == 1
    first, second = (location for _status, location in results)
    assert first == second
    assert str(case.objects.get().uuid) in first


@AT_ONCE
@pytest.mark.django_db(transaction=True)
def test_when_the_first_of_two_at_once_fails_the_second_saves(
    client_for, projectleider, region, body, monkeypatch
):
    """The second insert of the token waits for the first transaction; when that rolls back
    (here: its service fails once), the token is free and the second request saves."""
    case = _meeting_case(region, body)
    data = {**case.data, SUBMIT_FIELD: str(uuid.uuid4())}
    save = governance_services.save_form
    failed = []

    def fail_once(*, form):
        if not failed:
            failed.append(True)
            raise governance_services.EditConflict("Mislukt.")
        return save(form=form)

    monkeypatch.setattr(governance_services, "save_form", fail_once)
    # The view's default argument was bound at import: patch it there too.
    monkeypatch.setattr(governance_views._saved, "__defaults__", (fail_once,))

    results = twice_at_once(
        monkeypatch,
        submission_services,
        "claim_submission",
        _poster(client_for, projectleider, case.url, data),
    )

    assert sorted(status for status, _location in results) == [200, 302]
    assert Meeting.objects.count() == 1


def test_a_claimed_token_cannot_be_claimed_again_and_rolls_back_with_its_save(db):
    token = uuid.uuid4()
    with pytest.raises(ValueError), transaction.atomic():
        submission_services.claim_submission(token)
        raise ValueError("the save fails")
    assert not submission_services.token_used(token)

    with transaction.atomic():
        submission_services.claim_submission(token)
        with pytest.raises(submission_services.AlreadySubmitted):
            submission_services.claim_submission(token)
    assert submission_services.token_used(token)
