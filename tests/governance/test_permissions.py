"""Every governance screen, per role, GET and POST: anonymous -> login; other region's project
leader -> 404; readers (bestuurder, stuurgroeplid, landelijk) read but get 403 on edits; the
report is for the steering group only (project leader, stuurgroeplid, beheerder)."""

import datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from governance import services
from governance.models import (
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from tests.conftest import ROLES

from .factories import (
    AgendaItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
)

READ, EDIT, FILL, REPORT = "read", "edit", "fill", "report"

VIEWS = [
    ("region", (), READ),
    ("assessment_start", (), EDIT),
    ("assessment_detail", ("assessment",), READ),
    ("assessment_edit", ("assessment",), EDIT),
    ("assessment_fill", ("assessment",), FILL),
    ("action_create", ("assessment", "answer"), FILL),
    ("action_list", (), READ),
    ("action_toggle", ("action",), EDIT),
    ("action_edit", ("action",), EDIT),
    ("action_delete", ("action",), EDIT),
    ("body_detail", ("body",), READ),
    ("nvl_edit", ("body",), EDIT),
    ("communication_create", ("body",), EDIT),
    ("communication_edit", ("body", "entry"), EDIT),
    ("communication_delete", ("body", "entry"), EDIT),
    ("meeting_create", ("body",), EDIT),
    ("meeting_detail", ("meeting",), READ),
    ("meeting_edit", ("meeting",), EDIT),
    ("agenda_item_create", ("meeting",), EDIT),
    ("agenda_item_edit", ("meeting", "agenda_item"), EDIT),
    ("agenda_item_delete", ("meeting", "agenda_item"), EDIT),
    ("agenda_action_create", ("meeting", "agenda_item"), EDIT),
    ("meeting_report", ("meeting",), REPORT),
    ("meeting_report_pdf", ("meeting",), REPORT),
    ("body_report", ("body",), REPORT),
    ("body_report_pdf", ("body",), REPORT),
]
POST_ONLY = {"action_toggle"}
ALLOWED = {
    READ: {"bestuurder", "stuurgroeplid", "projectleider", "beheerder", "landelijk"},
    EDIT: {"projectleider", "beheerder"},
    FILL: {"projectleider", "beheerder"},  # stuurgroeplid only when the round allows it
    REPORT: {"stuurgroeplid", "projectleider", "beheerder"},
}


@pytest.fixture
def world(checklist, region, body, seats):
    assessment = services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    meeting = MeetingFactory(body=body)
    return SimpleNamespace(
        region=region,
        body=body,
        assessment=assessment,
        answer=assessment.answers.first(),
        action=FollowUpActionFactory(region=region),
        entry=CommunicationEntryFactory(body=body),
        meeting=meeting,
        agenda_item=AgendaItemFactory(meeting=meeting),
    )


def url_for(name, world, objects):
    args = []
    for obj in objects:
        value = getattr(world, obj)
        args.append(value.pk if obj in {"answer", "agenda_item"} else value.uuid)
    return reverse(f"governance:{name}", args=[world.region.slug, *args])


def state():
    """Everything a forbidden POST could have changed."""
    return (
        Assessment.objects.count(),
        list(AssessmentAnswer.objects.order_by("pk").values_list("status", "explanation")),
        list(Assessment.objects.values_list("date", "stuurgroep_may_edit")),
        list(
            FollowUpAction.objects.order_by("pk").values_list(
                "description", "owner_name", "due_date", "is_closed"
            )
        ),
        NietVergetenLijst.objects.count(),
        list(CommunicationEntry.objects.values_list("audience", flat=True)),
        list(Meeting.objects.values_list("date", "place")),
        list(AgendaItem.objects.order_by("pk").values_list("title", "outcome")),
    )


@pytest.mark.parametrize(("name", "objects", "kind"), [v for v in VIEWS if v[0] not in POST_ONLY])
@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_get_per_role(role_client, name, objects, kind, world):
    role, _user, client = role_client
    url = url_for(name, world, objects)

    response = client.get(url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    elif role == "other_projectleider":
        assert response.status_code == 404
    elif role in ALLOWED[kind]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("name", "objects", "kind"), [v for v in VIEWS if v[2] in {EDIT, FILL}])
@pytest.mark.parametrize(
    "role_client",
    ["anonymous", "other_projectleider", "bestuurder", "stuurgroeplid", "landelijk"],
    indirect=True,
)
def test_post_by_roles_without_edit_rights_changes_nothing(role_client, name, objects, kind, world):
    role, _user, client = role_client
    url = url_for(name, world, objects)
    before = state()

    response = client.post(
        url,
        {
            "title": "x",
            "description": "x",
            "owner_name": "x",
            "date": "2026-09-09",
            "problem": "x",
            "audience": "x",
        },
    )

    assert state() == before
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    elif role == "other_projectleider":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("name", "objects", "kind"), [v for v in VIEWS if v[2] == EDIT])
@pytest.mark.parametrize("role_client", ["projectleider", "beheerder"], indirect=True)
def test_post_by_editors_is_accepted_or_answered_with_form_errors(
    role_client, name, objects, kind, world
):
    _role, _user, client = role_client

    # Not empty: an empty POST leaves a `Form(request.POST or None)` unbound, without errors.
    response = client.post(url_for(name, world, objects), {"onbekend": "x"})

    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors


@pytest.mark.parametrize("name", ["assessment_fill", "action_create"])
def test_stuurgroeplid_may_fill_in_when_the_round_allows_it(name, world, stuurgroeplid, client_for):
    Assessment.objects.filter(pk=world.assessment.pk).update(stuurgroep_may_edit=True)
    args = ("assessment",) if name == "assessment_fill" else ("assessment", "answer")
    client = client_for(stuurgroeplid)

    assert client.get(url_for(name, world, args)).status_code == 200
    edit = client.get(url_for("assessment_edit", world, ("assessment",)))
    assert edit.status_code == 403


def test_objects_of_another_region_are_not_found_through_this_region(
    world, other_region, projectleider, client_for
):
    from tests.factories import GovernanceBodyFactory

    foreign_body = GovernanceBodyFactory(region=other_region)
    foreign_meeting = MeetingFactory(body=foreign_body)
    foreign_action = FollowUpActionFactory(region=other_region)
    client = client_for(projectleider)
    slug = world.region.slug

    assert (
        client.get(reverse("governance:body_detail", args=[slug, foreign_body.uuid])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("governance:meeting_detail", args=[slug, foreign_meeting.uuid])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("governance:action_toggle", args=[slug, foreign_action.uuid])
        ).status_code
        == 404
    )


def test_index_sends_a_single_region_member_to_the_region(world, projectleider, client_for):
    response = client_for(projectleider).get(reverse("governance:index"))

    assert response["Location"] == reverse("governance:region", args=[world.region.slug])


def test_index_lists_regions_for_national_roles(world, other_region, landelijk, client_for):
    response = client_for(landelijk).get(reverse("governance:index"))

    assert response.status_code == 200
    assert {r.slug for r in response.context["regions"]} >= {world.region.slug, other_region.slug}


def test_index_needs_a_login(db, client_for):
    response = client_for(None).get(reverse("governance:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


class PageChecker(HTMLParser):
    """Collects what a strict CSP and the accessibility rules forbid or count."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.h1 = 0
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in names):
            self.problems.append(f"event attribute on <{tag}>")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
            self.h1 += tag == "h1"


@pytest.mark.parametrize(
    ("name", "objects", "kind"), [v for v in VIEWS if v[0] not in POST_ONLY and "pdf" not in v[0]]
)
def test_every_page_keeps_to_csp_and_heading_rules(
    name, objects, kind, world, projectleider, client_for
):
    response = client_for(projectleider).get(url_for(name, world, objects))
    checker = PageChecker()

    checker.feed(response.content.decode())

    assert checker.problems == []
    assert checker.h1 == 1
    jumps = [b for a, b in zip(checker.headings, checker.headings[1:], strict=False) if b > a + 1]
    assert jumps == [], checker.headings


@pytest.mark.parametrize("name", [v[0] for v in VIEWS if v[2] in {READ, REPORT}])
def test_read_only_pages_refuse_a_post(name, world, projectleider, client_for):
    objects = next(v[1] for v in VIEWS if v[0] == name)

    response = client_for(projectleider).post(url_for(name, world, objects))

    assert response.status_code == 405


def test_closing_an_action_needs_a_post(world, projectleider, client_for):
    response = client_for(projectleider).get(url_for("action_toggle", world, ("action",)))

    assert response.status_code == 405
