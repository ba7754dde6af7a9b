"""Every page of every app, in the browser, as a person who may see it: WCAG 2.0/2.1 A and AA.

The world is the demo region (reference content + the demo loaders + a few extras), built once
for this module on its own live server, so each page costs one visit. Per page: axe-core finds no
violations, `lang="nl"`, one h1 and no skipped heading levels, and at 320 px wide (400% zoom)
the page itself does not scroll sideways. Pages with a table box (`.table-scroll`) are checked by
axe at 320 px wide too, where those boxes scroll, and each box must be a named region in the tab
order. At the end: every page title is unique, also for a few pages opened a second time for
another round or meeting (the walk opens each kind of page once).

The list of pages comes from the URL patterns: a new view is walked as soon as it exists, and the
walk fails when it does not know how to reach it (add it to ROLE_FOR or NOT_A_PAGE).
"""

import io
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.e2e.conftest import (
    assert_no_axe_violations,
    heading_problems,
    horizontal_overflow,
    log_in,
    narrow,
    totp_device,
    unreachable_scroll_boxes,
)
from tests.ghnt_portal.test_security_csp import url_names

# The tests themselves only drive the browser; the mark makes pytest-django set up the test DB.
pytestmark = pytest.mark.django_db

# POST-only actions, downloads and machinery: not pages a person reads.
NOT_A_PAGE = {
    "healthz",
    "accounts:logout",
    "two_factor:qr",
    "scan:start",
    "scan:autosave",
    "scan:new_round",
    "scan:share",
    "scan:unshare",
    "governance:action_toggle",
    "accounts:resend_invitation",
    "privacy:my_data_download",
    "regions:national_overview_csv",
    # Redirects to the one login page (walked as accounts:login).
    "admin_login",
    # Where the invitation link redirects (walked as accounts:accept_invitation).
    "accounts:accept_opened_invitation",
}
# Who opens the page (default: the region's project leader). The Django admin is Django's own
# and is listed as a known limitation in the accessibility statement.
ROLE_FOR = {
    "accounts:login": "anonymous",
    "accounts:password_reset": "anonymous",
    "accounts:password_reset_done": "anonymous",
    "accounts:password_reset_complete": "anonymous",
    "accounts:password_reset_confirm": "anonymous",
    "accounts:accept_invitation": "anonymous",
    "privacy": "anonymous",
    "regions:national_overview": "beheerder",
    "regions:national_figure_import": "beheerder",
    "privacy:remove_user": "beheerder",
    "two_factor:disable": "wethouder",
    "accessibility": "anonymous",
    "two_factor:setup": "burgemeester",
    "two_factor:setup_complete": "burgemeester",
    "scan:index": "wethouder",
    "scan:resume": "wethouder",
    "scan:theme": "wethouder",
    "scan:complete": "wethouder",
    "scan:delete": "wethouder",
    "scan:result": "burgemeester",
}
EMAILS = {
    "projectleider": "projectleider@demo.ghnt.nl",
    "wethouder": "wethouder@demo.ghnt.nl",
    "burgemeester": "burgemeester@demo.ghnt.nl",
    "stuurgroeplid": "stuurgroep@demo.ghnt.nl",
    "beheerder": "beheerder@demo.ghnt.nl",
}
INVITATION_TOKEN = "toegankelijkheid-uitnodiging-e2e"


KWARGS = dict(url_names())


def walked_names() -> list[str]:
    """Every named page except POST-only actions, PDF downloads and Django's own admin."""
    return sorted(
        name
        for name in KWARGS
        if name not in NOT_A_PAGE and "pdf" not in name and not name.startswith("admin:")
    )


def _build_world() -> SimpleNamespace:
    from django.contrib.auth import get_user_model

    from ghnt_portal.accounts.models import Invitation
    from governance import demo as governance_demo
    from governance.models import (
        AgendaItem,
        Assessment,
        CommunicationEntry,
        FollowUpAction,
        Meeting,
    )
    from regions import demo as regions_demo
    from regions.constants import RegionRole
    from regions.models import (
        GovernanceBody,
        Membership,
        PartnerOrganisation,
        Region,
        RegionalFigure,
        Seat,
    )
    from scan import demo as scan_demo
    from scan import services as scan_services
    from scan.models import Answer, Question, Response, ScanSession

    call_command("load_reference_content", stdout=io.StringIO())
    for load in (regions_demo.load, scan_demo.load, governance_demo.load):
        list(load())
    users = {role: get_user_model().objects.get(email=email) for role, email in EMAILS.items()}
    totp_device(users["projectleider"])
    totp_device(users["beheerder"])
    region = Region.objects.get(slug=regions_demo.DEMO_REGION_SLUG)
    body = GovernanceBody.objects.get(name=governance_demo.STUURGROEP_NAME)
    meeting = Meeting.objects.filter(body=body).order_by("date").first()
    assessment = Assessment.objects.filter(region=region).order_by("-date").first()

    # The burgemeester completes a scan, so there is a result page with priorities.
    response = scan_services.start_response(user=users["burgemeester"])
    questions = list(Question.objects.filter(questionnaire=response.questionnaire)[:2])
    for question in questions:
        Answer.objects.create(
            response=response, question=question, scale=2, reflection="Zo.", is_priority=True
        )
    scan_services.complete_response(response=response, ranks={questions[0].pk: 1})

    session = ScanSession.objects.filter(region=region).first() or scan_services.create_session(
        region=region,
        title="Scansessie stuurgroep",
        body=body,
        meeting_date=None,
        created_by=users["projectleider"],
        invitees=[users["wethouder"], users["burgemeester"]],
    )
    invitation = Invitation.objects.create(
        email="nieuw@example.nl",
        region=region,
        invited_by=users["projectleider"],
        token_hash=Invitation.hash_token(INVITATION_TOKEN),
        role=RegionRole.STUURGROEPLID,
    )
    # Pages the walk opens a second time, for another thing of the same kind: the walk opens
    # each kind once, and two rounds (or meetings) have the same points.
    first_answer = assessment.answers.first()
    other_round = Assessment.objects.filter(region=region).exclude(pk=assessment.pk).first()
    other_meeting = Meeting.objects.filter(body=body).exclude(pk=meeting.pk).first()
    others = [
        (
            "governance:action_create",
            {
                "assessment_uuid": other_round.uuid,
                "answer_id": other_round.answers.get(item=first_answer.item).pk,
            },
        ),
        (
            "governance:agenda_action_create",
            {
                "meeting_uuid": other_meeting.uuid,
                "item_id": AgendaItem.objects.create(
                    meeting=other_meeting,
                    order=AgendaItem.objects.filter(meeting=meeting).first().order,
                    title=AgendaItem.objects.filter(meeting=meeting).first().title,
                ).pk,
            },
        ),
    ]
    return SimpleNamespace(
        others=others,
        users=users,
        kwargs={
            "region_slug": region.slug,
            "slug": region.slug,
            "body_uuid": body.uuid,
            "seat_uuid": Seat.objects.filter(body=body).first().uuid,
            "partner_uuid": PartnerOrganisation.objects.filter(region=region).first().uuid,
            "response_uuid": None,  # per role: the visitor's own response
            "number": 1,
            "figure_uuid": RegionalFigure.objects.filter(region=region).first().uuid,
            "session_uuid": session.uuid,
            "assessment_uuid": assessment.uuid,
            "answer_id": assessment.answers.first().pk,
            "action_uuid": FollowUpAction.objects.filter(region=region).first().uuid,
            "entry_uuid": CommunicationEntry.objects.filter(body=body).first().uuid,
            "meeting_uuid": meeting.uuid,
            "item_id": AgendaItem.objects.filter(meeting=meeting).first().pk,
            "pk": Membership.objects.filter(region=region, user=users["stuurgroeplid"]).first().pk,
            "uuid": invitation.uuid,
            "token": INVITATION_TOKEN,
            "uidb64": "MQ",
            "user_pk": users["stuurgroeplid"].pk,
        },
        responses={
            role: Response.objects.filter(user=user).order_by("-round").first()
            for role, user in users.items()
        },
    )


@pytest.fixture(scope="module")
def world_server(django_db_setup, django_db_blocker):
    """The demo world, committed, on a live server of its own; emptied again afterwards."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        world = _build_world()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            world.url = server.url
            yield world
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def contexts(browser, world_server):
    """One logged-in browser context per role, made by typing into the login form once."""
    made = {}

    def get(role):
        if role not in made:
            context = browser.new_context(base_url=world_server.url, locale="nl-NL")
            context.set_default_timeout(5_000)
            made[role] = context
            if role != "anonymous":
                login_page = context.new_page()
                log_in(login_page, EMAILS[role], settings.DEMO_PASSWORD)
                login_page.close()
        return made[role]

    yield get
    for context in made.values():
        context.close()


TITLES: dict[str, dict[str, str]] = {}


def url_for(name: str, role: str, world, **other) -> str:
    """``other``: kwargs that lead to another thing of the same kind."""
    kwargs = {}
    for key in KWARGS[name]:
        if key == "response_uuid":
            response = world.responses.get(role)
            assert response is not None, f"{role} heeft geen scan voor {name}"
            kwargs[key] = response.uuid
        else:
            assert key in world.kwargs, f"de walk weet niet hoe {name} te bereiken ({key})"
            kwargs[key] = other.get(key, world.kwargs[key])
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", walked_names())
def test_page_meets_wcag_2_1_aa(contexts, world_server, name):
    role = ROLE_FOR.get(name, "projectleider")
    url = url_for(name, role, world_server)
    page = contexts(role).new_page()
    try:
        response = page.goto(url)
        assert response.status == 200, f"{role} {url}: {response.status}"

        assert page.evaluate("document.documentElement.lang") == "nl"
        assert_no_axe_violations(page)
        assert heading_problems(page) == [], url
        # A screen reader reads Django's empty choice "---------" as dashes: say what it means.
        dashes = page.locator("option", has_text="---------").all_text_contents()
        assert dashes == [], url
        wider = horizontal_overflow(page)
        assert wider == [], f"{url} scrolt zijwaarts op 320 px: {wider}"
        if page.locator(".table-scroll").count():
            # A table box that scrolls is reachable by keyboard (WCAG 2.1.1); axe only sees
            # the boxes that actually scroll, which at desktop width are none.
            assert unreachable_scroll_boxes(page) == [], url
            with narrow(page):
                assert_no_axe_violations(page)
        # Keyed by where the browser ended up: a redirect to another walked page is no double.
        TITLES.setdefault(page.title(), {})[page.url.split("?")[0]] = name
    finally:
        page.close()


def test_another_thing_of_the_same_kind_has_its_own_title(contexts, world_server):
    """The walk opens each kind of page once; these pages again, for another round or meeting,
    so that their titles are compared too (by the test below)."""
    page = contexts("projectleider").new_page()
    try:
        for name, other in world_server.others:
            response = page.goto(url_for(name, "projectleider", world_server, **other))
            assert response.status == 200, f"{name} {other}: {response.status}"
            TITLES.setdefault(page.title(), {})[page.url.split("?")[0]] = f"{name} (andere)"
    finally:
        page.close()


def test_every_walked_page_has_its_own_title():
    if not TITLES:
        pytest.skip("de walk hierboven is niet gedraaid")
    doubles = {title: sorted(pages.values()) for title, pages in TITLES.items() if len(pages) > 1}

    assert doubles == {}, "\n".join(f"{title}: {names}" for title, names in doubles.items())
