"""Access control, proved for every URL: one table lists every URL name with the outcome per role.

``test_every_url_name_is_in_the_access_table`` walks all urlpatterns (including included
namespaces), so a new view cannot skip the table. Excluded: the Django admin under /beheer/
(it has its own staff login and is covered by the admin's permission checks) and the views of
django-two-factor-auth itself (``two_factor:``), which the package tests.

Objects live in ``region``; ``other_projectleider`` is project leader of ``other_region`` and so
sees another region's objects. The scan response belongs to a second wethouder of ``region``: for
every role it is another person's response.

Outcomes: "200", "302" (a redirect elsewhere than the login), "login" (redirect to the login),
"403", "404", "405". Each row is ``name: (GET outcomes, POST outcomes)``, outcomes in ROLES order:
anonymous, bestuurder, stuurgroeplid, projectleider, other_projectleider, beheerder, landelijk.
POSTs send an empty form: allowed roles get the form back with errors (200) or the action's
redirect (302).
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ghnt_portal.accounts.models import Invitation
from regions.constants import FigureKind, RegionRole
from regions.models import RegionalFigure
from tests.conftest import ROLES
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
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
from tests.scan.factories import (
    AnswerFactory,
    QuestionFactory,
    ResponseFactory,
    ScanSessionFactory,
)

EXCLUDED_PREFIXES = ("beheer/",)
EXCLUDED_NAMESPACES = ("two_factor:",)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or ""), prefix + str(pattern.pattern)


def project_url_names() -> set[str]:
    names = set()
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith(EXCLUDED_PREFIXES) or name.startswith(EXCLUDED_NAMESPACES):
            continue
        names.add(name)
    return names


# fmt: off
ACCESS_TABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "accessibility": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    # Opening a usable link redirects to accounts:accept_opened_invitation.
    "accounts:accept_invitation": (
        ("302", "302", "302", "302", "302", "302", "302"),
        ("200", "200", "200", "200", "200", "200", "200"),
    ),
    # Without an invitation link opened in this browser: the page says to open it.
    "accounts:accept_opened_invitation": (
        ("404", "404", "404", "404", "404", "404", "404"),
        ("404", "404", "404", "404", "404", "404", "404"),
    ),
    "accounts:change_membership": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "accounts:invite": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "accounts:login": (
        ("200", "302", "302", "302", "302", "302", "302"),
        ("400", "302", "302", "302", "302", "302", "302"),
    ),
    "accounts:logout": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "login", "login", "login", "login", "login", "login"),
    ),
    "accounts:password_change": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "200", "200", "200", "200", "200", "200"),
    ),
    "accounts:password_change_done": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "accounts:password_reset": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("200", "200", "200", "200", "200", "200", "200"),
    ),
    "accounts:password_reset_complete": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "accounts:password_reset_confirm": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("200", "200", "200", "200", "200", "200", "200"),
    ),
    "accounts:password_reset_done": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "accounts:region_people": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "accounts:resend_invitation": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "accounts:withdraw_invitation": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "accounts:withdraw_membership": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "governance:action_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    # Who may add an action where it came from; the table's action has no origin: as on an
    # agenda item, the project leader and beheerder.
    "governance:action_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "governance:action_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:action_list": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:action_toggle": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "governance:agenda_action_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:agenda_item_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:agenda_item_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "governance:agenda_item_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:assessment_detail": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:assessment_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:assessment_fill": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:assessment_start": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:body_detail": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:body_report": (
        ("login", "403", "200", "200", "404", "200", "403"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:body_report_pdf": (
        ("login", "403", "200", "200", "404", "200", "403"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:communication_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:communication_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "governance:communication_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:index": (
        ("login", "302", "302", "302", "302", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:meeting_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:meeting_detail": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:meeting_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:meeting_report": (
        ("login", "403", "200", "200", "404", "200", "403"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:meeting_report_pdf": (
        ("login", "403", "200", "200", "404", "200", "403"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "governance:nvl_edit": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "governance:region": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "healthz": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "home": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "privacy": (
        ("200", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "privacy:delete_my_responses": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "302", "302", "302", "302", "302", "302"),
    ),
    "privacy:my_data": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "privacy:my_data_download": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "privacy:remove_user": (
        ("login", "403", "403", "403", "403", "200", "403"),
        ("login", "403", "403", "403", "403", "400", "403"),
    ),
    "region_history": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "regions:body_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:body_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "regions:body_detail": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("login", "405", "405", "405", "404", "405", "405"),
    ),
    "regions:body_update": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:figure_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:figure_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "regions:figure_import": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:figure_update": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:figures": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("login", "405", "405", "405", "404", "405", "405"),
    ),
    "regions:national_figure_import": (
        ("login", "403", "403", "403", "403", "200", "403"),
        ("login", "403", "403", "403", "403", "200", "403"),
    ),
    "regions:national_overview": (
        ("login", "403", "403", "403", "403", "200", "200"),
        ("login", "403", "403", "403", "403", "405", "405"),
    ),
    "regions:national_overview_csv": (
        ("login", "403", "403", "403", "403", "200", "200"),
        ("login", "403", "403", "403", "403", "405", "405"),
    ),
    "regions:national_overview_pdf": (
        ("login", "403", "403", "403", "403", "200", "200"),
        ("login", "403", "403", "403", "403", "405", "405"),
    ),
    "regions:partner_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:partner_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "regions:partner_update": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:region_detail": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("login", "405", "405", "405", "404", "405", "405"),
    ),
    "regions:region_list": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("login", "405", "405", "405", "405", "405", "405"),
    ),
    "regions:seat_create": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:seat_delete": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "302", "404", "302", "403"),
    ),
    "regions:seat_update": (
        ("login", "403", "403", "200", "404", "200", "403"),
        ("login", "403", "403", "200", "404", "200", "403"),
    ),
    "regions:structure": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("login", "405", "405", "405", "404", "405", "405"),
    ),
    "regions:structure_pdf": (
        ("login", "200", "200", "200", "404", "200", "200"),
        ("login", "405", "405", "405", "404", "405", "405"),
    ),
    "scan:autosave": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:complete": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:council_pdf": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:delete": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:index": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:new_round": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:result": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:result_pdf": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:resume": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:session_create": (
        ("login", "403", "403", "200", "404", "403", "403"),
        ("login", "403", "403", "400", "404", "403", "403"),
    ),
    "scan:session_detail": (
        ("login", "404", "404", "200", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:session_edit": (
        ("login", "404", "404", "200", "404", "404", "404"),
        ("login", "404", "404", "400", "404", "404", "404"),
    ),
    "scan:session_list": (
        ("login", "200", "200", "200", "200", "200", "200"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:session_pdf": (
        ("login", "404", "404", "200", "404", "404", "404"),
        ("405", "405", "405", "405", "405", "405", "405"),
    ),
    "scan:share": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:start": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "302", "302", "302", "302", "302", "302"),
    ),
    "scan:theme": (
        ("login", "404", "404", "404", "404", "404", "404"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "scan:unshare": (
        ("405", "405", "405", "405", "405", "405", "405"),
        ("login", "404", "404", "404", "404", "404", "404"),
    ),
    "security:verify": (
        ("login", "302", "302", "302", "302", "302", "302"),
        ("login", "302", "302", "302", "302", "302", "302"),
    ),
}
# fmt: on


def test_every_url_name_is_in_the_access_table():
    names = project_url_names()
    missing = sorted(names - ACCESS_TABLE.keys())
    assert not missing, f"URL names without a row in ACCESS_TABLE: {missing}"
    stale = sorted(ACCESS_TABLE.keys() - names)
    assert not stale, f"Rows in ACCESS_TABLE for URL names that no longer exist: {stale}"


def test_every_row_names_an_outcome_for_every_role():
    for name, (get_outcomes, post_outcomes) in ACCESS_TABLE.items():
        assert len(get_outcomes) == len(ROLES), name
        assert len(post_outcomes) == len(ROLES), name


def build_world(region, *, projectleider, bestuurder) -> dict:
    """One of each object, all in ``region``: the URL kwargs that address them."""
    body = GovernanceBodyFactory(region=region)
    seat = SeatFactory(body=body)
    partner = PartnerOrganisationFactory(region=region)
    figure = RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_REPORTS, year=2021, value=700, source="CBS"
    )
    other_person = MembershipFactory(region=region, wethouder=True).user
    question = QuestionFactory()
    response = ResponseFactory(
        user=other_person, region=region, questionnaire=question.questionnaire
    )
    AnswerFactory(response=response, question=question)
    session = ScanSessionFactory(region=region, created_by=projectleider)
    checklist_item = ChecklistItemFactory()
    assessment = AssessmentFactory(region=region, version=checklist_item.section.version)
    answer = AssessmentAnswerFactory(assessment=assessment, item=checklist_item)
    action = FollowUpActionFactory(region=region)
    NietVergetenLijstFactory(body=body)
    entry = CommunicationEntryFactory(body=body)
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    membership = bestuurder.memberships.get()
    token = f"geheim-{region.slug}"
    invitation = Invitation.objects.create(
        email="nieuw@example.org",
        region=region,
        role=RegionRole.STUURGROEPLID,
        token_hash=Invitation.hash_token(token),
        invited_by=projectleider,
    )
    slug = region.slug
    return {
        "region_slug": slug,
        "body_uuid": body.uuid,
        "seat_uuid": seat.uuid,
        "partner_uuid": partner.uuid,
        "figure_uuid": figure.uuid,
        "response_uuid": response.uuid,
        "session_uuid": session.uuid,
        "assessment_uuid": assessment.uuid,
        "answer_id": answer.id,
        "action_uuid": action.uuid,
        "entry_uuid": entry.uuid,
        "meeting_uuid": meeting.uuid,
        "item_id": item.id,
        "pk": membership.pk,
        "user_pk": other_person.pk,
        "uuid": invitation.uuid,
        "token": token,
        "uidb64": "MQ",
        "number": 1,
    }


@pytest.fixture
def world(region, other_region, projectleider, bestuurder):
    """One of each object, all in ``region``; built once per test function."""
    return build_world(region, projectleider=projectleider, bestuurder=bestuurder)


def url_for(name: str, world: dict) -> str:
    route = next(r for n, r in _walk(get_resolver().url_patterns) if n == name)
    kwargs = {key: world[key] for key in world if f":{key}>" in route or f"<{key}>" in route}
    if "<token>" in route and "uidb64" in route:
        kwargs["token"] = "set-password"
    return reverse(name, kwargs=kwargs)


def outcome(response) -> str:
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL
        return "login" if response["Location"].startswith(login) else "302"
    return str(response.status_code)


CASES = [(name, role) for name in sorted(ACCESS_TABLE) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_url_gives_the_tabled_outcome_per_role(request, client_for, world, name, role):
    user = request.getfixturevalue(role)
    client = client_for(user)
    url = url_for(name, world)
    index = ROLES.index(role)
    expected_get, expected_post = ACCESS_TABLE[name]
    got = (outcome(client.get(url)), outcome(client.post(url, {})))
    assert got == (expected_get[index], expected_post[index]), f"{name} as {role}: {got}"


# Every URL that addresses objects inside a region, with each of its parts (the region too) in
# turn taken from another region: a project leader or beheerder of ``region`` must get 404, not
# another region's object, also when only one id in the URL is foreign.
OBJECT_KWARGS = (
    "body_uuid",
    "seat_uuid",
    "partner_uuid",
    "figure_uuid",
    "assessment_uuid",
    "answer_id",
    "action_uuid",
    "entry_uuid",
    "meeting_uuid",
    "item_id",
    "pk",
    "uuid",
)
MIXED_CASES = [
    (name, foreign_kwarg)
    for name, route in sorted(_walk(get_resolver().url_patterns))
    if name in ACCESS_TABLE and "<slug:region_slug>" in route
    for foreign_kwarg in ("region_slug", *OBJECT_KWARGS)
    if f":{foreign_kwarg}>" in route and any(f":{kwarg}>" in route for kwarg in OBJECT_KWARGS)
]


@pytest.mark.parametrize("role", ["projectleider", "beheerder"])
@pytest.mark.parametrize(("name", "foreign_kwarg"), MIXED_CASES)
def test_a_url_mixing_two_regions_finds_nothing(
    request, client_for, world, other_region, other_projectleider, name, foreign_kwarg, role
):
    foreign = build_world(
        other_region,
        projectleider=other_projectleider,
        bestuurder=MembershipFactory(region=other_region, wethouder=True).user,
    )
    url = url_for(name, {**world, foreign_kwarg: foreign[foreign_kwarg]})
    client = client_for(request.getfixturevalue(role))
    index = ROLES.index(role)
    # A view for one method only may answer 405 to the other (before or after the lookup).
    allowed = tuple(
        {"404", "405"} if outcomes[index] == "405" else {"404"} for outcomes in ACCESS_TABLE[name]
    )

    got = (outcome(client.get(url)), outcome(client.post(url, {})))

    assert got[0] in allowed[0] and got[1] in allowed[1], (
        f"{name} with a foreign {foreign_kwarg} as {role}: {got}"
    )


# HEAD is GET without the body (RFC 9110): monitoring (/healthz) and link checkers send it.
@pytest.mark.parametrize("role", ["anonymous", "bestuurder", "projectleider"])
def test_head_gives_the_outcome_of_get_for_every_url(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    wrong = {}
    for name in sorted(ACCESS_TABLE):
        url = url_for(name, world)
        head = client.head(url)
        got, expected = outcome(head), outcome(client.get(url))
        if got != expected or head.content:
            wrong[name] = (got, expected)
    assert not wrong, f"HEAD, GET as {role}: {wrong}"


# The portal has pages and forms, no API: other methods are refused before any view runs, so a
# view cannot take PUT for POST (Django's form views do) or crash on DELETE.
@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("role", ["anonymous", "projectleider", "beheerder"])
def test_no_url_takes_another_method(request, client_for, world, method, role):
    client = client_for(request.getfixturevalue(role))
    client.raise_request_exception = False
    wrong = {}
    for name in sorted(ACCESS_TABLE):
        response = getattr(client, method)(url_for(name, world))
        if response.status_code != 405 or response["Allow"] != "GET, HEAD, POST":
            wrong[name] = response.status_code
    assert not wrong, f"{method.upper()} as {role}: {wrong}"
