"""Hostile query strings and odd URL values: every view that reads ``request.GET`` answers
200, 302, 400 or 404 for any value of each parameter it reads, never a 500 (the test client
raises the view's exception), and shows a value back only escaped.

Each page is asked as a person who may see it, with the other parameters it reads at an
ordinary value, so the hostile value reaches the code behind them (a form's cleaning, a sort,
a date, a page number, a ``next`` to go back to). The POST bodies of the forms are swept in
``test_hostile_input``.

Some 400 requests: the people, their logged-in clients and the objects are made once for the
module, in a transaction rolled back at its end; each test still runs in its own savepoint.
"""

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from regions.constants import FigureKind, RegionRole
from regions.models import RegionalFigure
from tests.conftest import verify_second_factor
from tests.factories import (
    TEST_PASSWORD,
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
    UserFactory,
)
from tests.governance.factories import (
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistItemFactory,
    FollowUpActionFactory,
    MeetingFactory,
)
from tests.scan.factories import QuestionFactory, ResponseFactory, ThemeFactory

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"

# Each value as a browser encodes it; "twice" gives the parameter two values.
HOSTILE = {
    "nul": "\x00",
    "max-date": "9999-12-31",
    "min-date": "0001-01-01",
    "minus-one": "-1",
    "huge-int": "99999999999999999999",
    "long": "x" * 10_000,
    "percent": "%",
    "quote": "'",
    "script": SCRIPT,
    "script-path": "/" + SCRIPT,
    "empty": "",
    "unicode": "💥",
    "twice": ["9999-12-31", SCRIPT],
}
# Query strings no browser sends: a bare "%" and bytes that are no UTF-8.
RAW = {
    "raw-percent": "{p}=%",
    "raw-bad-utf8": "{p}=%ff%fe%00",
}
ALLOWED = {200, 302, 400, 404}
SHOWN = ("script", "script-path", "twice")  # the cases that end in SCRIPT


@dataclass(frozen=True)
class Page:
    """A view, who may see it, the parameters it reads and ordinary values for them."""

    url_name: str
    person: str  # a key of the world's clients
    args: tuple[str, ...] = ()  # keys of the world's objects
    params: tuple[str, ...] = ()
    ordinary: dict = field(default_factory=dict)
    echoes: dict = field(default_factory=dict)  # {parameter: cases the page shows back}
    post: dict | None = None  # POST this body instead of a GET
    fresh: bool = False  # the request changes the session: a client of its own


PAGES = {
    "figures": Page(
        "regions:figures",
        "bestuurder",
        ("region_slug",),
        ("percentage", "source"),
        {"percentage": "5,5", "source": "WODC"},
        echoes=dict.fromkeys(("percentage", "source"), SHOWN),
    ),
    "national_overview": Page("regions:national_overview", "beheerder", params=("sort",)),
    "national_overview_csv": Page("regions:national_overview_csv", "landelijk", params=("sort",)),
    "national_overview_pdf": Page("regions:national_overview_pdf", "beheerder", params=("sort",)),
    "scan_theme": Page("scan:theme", "bestuurder", ("response_uuid", "number"), ("alle",)),
    "scan_council_pdf": Page("scan:council_pdf", "bestuurder", ("response_uuid",), ("reflecties",)),
    "action_list": Page(
        "governance:action_list",
        "projectleider",
        ("region_slug",),
        ("sorteer", "afgerond"),
        {"sorteer": "deadline", "afgerond": "1"},
    ),
    "action_toggle": Page(
        "governance:action_toggle",
        "projectleider",
        ("region_slug", "action_uuid"),
        ("next",),
        post={"closed": "1"},
    ),
    "action_edit": Page(
        "governance:action_edit",
        "projectleider",
        ("region_slug", "action_uuid"),
        ("next",),
    ),
    "action_edit_post": Page(
        "governance:action_edit",
        "projectleider",
        ("region_slug", "action_uuid"),
        ("next",),
        post={"description": "Anders", "owner_name": "Pim"},
    ),
    "action_delete": Page(
        "governance:action_delete",
        "projectleider",
        ("region_slug", "action_uuid"),
        ("next",),
    ),
    "body_report": Page(
        "governance:body_report",
        "stuurgroeplid",
        ("region_slug", "body_uuid"),
        ("datum",),
        echoes={"datum": SHOWN},
    ),
    "body_report_pdf": Page(
        "governance:body_report_pdf", "projectleider", ("region_slug", "body_uuid"), ("datum",)
    ),
    "region_history": Page("region_history", "projectleider", ("region_slug",), ("page",)),
    "login": Page("accounts:login", "anonymous", params=("next",)),
    "login_logged_in": Page("accounts:login", "bestuurder", params=("next",)),
    "login_password_step": Page(
        "accounts:login",
        "anonymous",
        params=("next",),
        post={"login_view-current_step": "auth", "auth-password": TEST_PASSWORD},
        fresh=True,
    ),
    "logout": Page("accounts:logout", "bestuurder", params=("next",), post={}, fresh=True),
    "admin_login": Page("admin_login", "anonymous", params=("next",)),
    "verify": Page(
        "security:verify",
        "projectleider_unverified",
        params=("next",),
        echoes={"next": ("script-path",)},  # only a path is kept
    ),
    "verify_passed": Page("security:verify", "projectleider", params=("next",)),
    "two_factor_setup_done": Page("two_factor:setup", "projectleider", params=("next",)),
    # The admin's search, page, order and a list filter; the audit log's search gave a 500 for
    # any term, a NUL in a filter's value (?role__exact=%00) one from PostgreSQL (now a 400 for
    # any query string with NUL), and a year out of range in a date drill-down one from
    # Django's changelist (ghnt_portal/admin.py).
    "admin_audit_log": Page(
        "admin:auditlog_logentry_changelist", "beheerder", params=("q", "timestamp__year")
    ),
    "admin_login_attempts": Page(
        "admin:axes_accessattempt_changelist", "beheerder", params=("attempt_time__year",)
    ),
    "admin_users": Page("admin:accounts_user_changelist", "beheerder", params=("q", "p", "o")),
    "admin_memberships": Page(
        "admin:regions_membership_changelist", "beheerder", params=("role__exact",)
    ),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The people with their logged-in clients and one of each object the pages show."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = RegionFactory(name="Regio Testland", slug="regio-testland")
        bestuurder = MembershipFactory(region=region, wethouder=True).user
        people = {
            "bestuurder": bestuurder,
            "stuurgroeplid": MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user,
            "projectleider": MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user,
            "beheerder": UserFactory(beheerder=True),
            "landelijk": UserFactory(landelijk=True),
        }
        clients = {"anonymous": Client()}
        for name, person in people.items():
            clients[name] = Client()
            clients[name].force_login(person)
            verify_second_factor(clients[name], person)
        # Logs in with a password only: no app set up.
        without_app = MembershipFactory(region=region, wethouder=True).user
        # Logged in, owes the app code: the device exists, the session has not used it.
        clients["projectleider_unverified"] = Client()
        clients["projectleider_unverified"].force_login(people["projectleider"])

        MunicipalityFactory(region=region, inhabitants=120_000)
        RegionalFigure.objects.create(
            region=region, kind=FigureKind.VT_REPORTS, year=2021, value=700, source="CBS"
        )
        body = GovernanceBodyFactory(region=region)
        SeatFactory(body=body)
        checklist_item = ChecklistItemFactory()
        assessment = AssessmentFactory(
            region=region, body=body, version=checklist_item.section.version
        )
        answer = AssessmentAnswerFactory(assessment=assessment, item=checklist_item)
        action = FollowUpActionFactory(region=region, answer=answer)
        FollowUpActionFactory(region=region, is_closed=True)
        meeting = MeetingFactory(body=body)
        theme = ThemeFactory(order=1, key="thema-1")
        QuestionFactory(theme=theme, key="rol", order=1)
        response = ResponseFactory(
            user=bestuurder, region=region, questionnaire=theme.questionnaire
        )
        yield {
            "people": people,
            "without_app": without_app,
            "clients": clients,
            "region_slug": region.slug,
            "body_uuid": body.uuid,
            "assessment_uuid": assessment.uuid,
            "action_uuid": action.uuid,
            "meeting_uuid": meeting.uuid,
            "response_uuid": response.uuid,
            "number": 1,
        }
        transaction.set_rollback(True)


def _client(world, page: Page) -> Client:
    if not page.fresh:
        return world["clients"][page.person]
    client = Client()
    if page.person != "anonymous":
        client.force_login(world["people"][page.person])
    return client


def _query(page: Page, param: str, case: str) -> str:
    values = dict(page.ordinary)
    if case in RAW:
        values.pop(param, None)
        raw = RAW[case].format(p=param)
        return f"{urlencode(values)}&{raw}" if values else raw
    values[param] = HOSTILE[case]
    return urlencode(values, doseq=True)


def assert_safe(answer, *, echoed: bool = False) -> None:
    """An allowed status, a redirect without markup; in an HTML page no markup from the value
    and, when ``echoed``, the value shown back escaped."""
    assert answer.status_code in ALLOWED, answer.status_code
    if answer.status_code == 302:
        assert "<" not in answer["Location"], answer["Location"]
    if answer["Content-Type"].startswith("text/html"):
        content = answer.content.decode()
        assert SCRIPT not in content
        if echoed:
            assert ESCAPED_SCRIPT in content


SWEEP = [
    pytest.param(key, param, case, id=f"{key}-{param}-{case}")
    for key, page in PAGES.items()
    for param in page.params
    for case in [*HOSTILE, *RAW]
]


@pytest.mark.parametrize(("key", "param", "case"), SWEEP)
def test_a_hostile_query_parameter_gives_no_500(db, world, key, param, case):
    page = PAGES[key]
    client = _client(world, page)
    url = reverse(page.url_name, args=[world[name] for name in page.args])
    url = f"{url}?{_query(page, param, case)}"

    if page.post is None:
        answer = client.get(url)
    else:
        data = dict(page.post)
        if "auth-password" in data:
            data["auth-username"] = world["without_app"].email
            client.get(url)  # the login wizard starts with a GET
        answer = client.post(url, data)

    assert_safe(answer, echoed=case in page.echoes.get(param, ()))


@pytest.mark.parametrize(
    "query",
    ["timestamp__year=9999", "timestamp__year=9999&timestamp__month=12", "timestamp__year=0"],
)
def test_a_date_drill_down_out_of_range_is_an_invalid_filter(db, world, query):
    url = reverse("admin:auditlog_logentry_changelist")

    answer = world["clients"]["beheerder"].get(f"{url}?{query}")

    assert answer.status_code == 302
    assert answer["Location"] == f"{url}?e=1"


# Odd values in the path: a number beyond 2**63 where an id is expected, a valid uuid nobody
# has, an unknown region, and an invitation token with NUL, 10,000 characters or an emoji.
# The arguments: a key of the world's objects (in WORLD_KEYS) or the odd value itself.
BIG = 2**63
UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")
WORLD_KEYS = {"region_slug", "assessment_uuid", "meeting_uuid", "response_uuid"}
PATHS = {
    "action_create-answer_id": (
        "governance:action_create",
        "projectleider",
        ("region_slug", "assessment_uuid", BIG),
    ),
    "agenda_item_edit-item_id": (
        "governance:agenda_item_edit",
        "projectleider",
        ("region_slug", "meeting_uuid", BIG),
    ),
    "agenda_item_delete-item_id": (
        "governance:agenda_item_delete",
        "projectleider",
        ("region_slug", "meeting_uuid", BIG),
    ),
    "agenda_action_create-item_id": (
        "governance:agenda_action_create",
        "projectleider",
        ("region_slug", "meeting_uuid", BIG),
    ),
    "change_membership-pk": ("accounts:change_membership", "projectleider", ("region_slug", BIG)),
    "withdraw_membership-pk": (
        "accounts:withdraw_membership",
        "projectleider",
        ("region_slug", BIG),
    ),
    "remove_user-user_pk": ("privacy:remove_user", "beheerder", (BIG,)),
    "scan_theme-number": ("scan:theme", "bestuurder", ("response_uuid", BIG)),
    "scan_resume-unknown": ("scan:resume", "bestuurder", (UNKNOWN,)),
    "body_detail-unknown": ("regions:body_detail", "bestuurder", ("region_slug", UNKNOWN)),
    "meeting_detail-unknown": ("governance:meeting_detail", "bestuurder", ("region_slug", UNKNOWN)),
    "assessment_detail-unknown": (
        "governance:assessment_detail",
        "bestuurder",
        ("region_slug", UNKNOWN),
    ),
    "withdraw_invitation-unknown": (
        "accounts:withdraw_invitation",
        "projectleider",
        ("region_slug", UNKNOWN),
    ),
    "region_detail-unknown": ("regions:region_detail", "beheerder", ("onbekend",)),
    "governance_region-unknown": ("governance:region", "beheerder", ("onbekend",)),
    "invitation-nul": ("accounts:accept_invitation", "anonymous", ("\x00",)),
    "invitation-long": ("accounts:accept_invitation", "anonymous", ("x" * 10_000,)),
    "invitation-unicode": ("accounts:accept_invitation", "anonymous", ("💥",)),
}


@pytest.mark.parametrize("case", PATHS)
def test_an_odd_value_in_the_path_is_not_found(db, world, case):
    url_name, person, spec = PATHS[case]
    args = [world[value] if value in WORLD_KEYS else value for value in spec]

    answer = world["clients"][person].get(reverse(url_name, args=args))

    assert answer.status_code == 404
