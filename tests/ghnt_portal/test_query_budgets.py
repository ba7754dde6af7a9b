"""Query budgets for the pages the apps' own query-count tests do not cover yet.

Covered elsewhere (not repeated here): the region list, region page, body page and structure
picture (tests/regions/test_query_counts.py), the national overview, the scan theme, result and
session pages (tests/scan/test_query_counts.py), the governance region, assessment, action,
body and meeting pages (tests/governance/test_query_counts.py) and the meeting report preview
(tests/governance/test_report.py).

Here: the home page per role, the scan and governance start pages, saving a scan theme, filling
in a checklist round, a body's report on a date, and the PDF downloads (fresh and from the
cache). Each page is counted with some data and again with ten times as much: the count must not
grow, and stays under a fixed budget.
"""

import datetime
import itertools
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ghnt_portal import pdf_cache
from governance import services as governance_services
from regions.constants import RegionRole
from scan.forms import answer_prefix
from scan.models import SessionInvitation
from tests.factories import GovernanceBodyFactory, MembershipFactory, RegionFactory, SeatFactory
from tests.governance.factories import (
    AgendaItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
)
from tests.scan.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ScanSessionFactory,
    ThemeFactory,
)

# Session, user, second-factor device and access look-ups included.
PAGE_BUDGET = 30
# A fresh meeting report: the cache fingerprint reads each source table once, then the report
# gathers the structure picture, figures, NVL, checklist, actions and plan.
REPORT_BUDGET = 60


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    caches[pdf_cache.CACHE_ALIAS].clear()


@pytest.fixture
def checklist(db):
    from governance import reference
    from governance.models import ChecklistVersion

    reference.load_checklist(reference.read_checklist())
    return ChecklistVersion.objects.get(number=1)


@pytest.fixture
def questionnaire(db):
    questionnaire = QuestionnaireFactory(is_published=True)
    for number in range(1, 4):
        theme = ThemeFactory(questionnaire=questionnaire, order=number)
        for _ in range(3):
            QuestionFactory(theme=theme)
    return questionnaire


@pytest.fixture
def stub_renderer():
    numbers = itertools.count(1)
    with mock.patch.object(
        pdf_cache, "render_to_pdf", side_effect=lambda *a: ("", b"%%PDF-%d" % next(numbers))
    ) as stub:
        yield stub


def count(client, url, *, method="get", data=None, expect=200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == expect, response.status_code
    return len(queries)


def grow(region, questionnaire, checklist, times: int) -> None:
    """``times`` more of everything the pages could list: bodies with seats, people, scans,
    sessions, checklist rounds, actions, meetings, and other regions the national roles see."""
    for n in range(times):
        body = GovernanceBodyFactory(region=region)
        SeatFactory(body=body)
        SeatFactory(body=body)
        CommunicationEntryFactory(body=body)
        meeting = MeetingFactory(body=body)
        AgendaItemFactory(meeting=meeting)
        colleague = MembershipFactory(region=region, wethouder=True).user
        response = ResponseFactory(user=colleague, region=region, questionnaire=questionnaire)
        for question in questionnaire.questions.all()[:3]:
            AnswerFactory(response=response, question=question)
        session = ScanSessionFactory(region=region, questionnaire=questionnaire, body=body)
        SessionInvitation.objects.create(session=session, user=colleague)
        # Made before the reports' dates, so that the reports list them.
        FollowUpActionFactory(
            region=region,
            due_date=datetime.date(2026, 1, 1 + n % 28),
            created_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
        )
        other = RegionFactory()
        MembershipFactory(region=other, role=RegionRole.PROJECTLEIDER)
    if checklist is not None:
        # Two rounds each time, so that even the small case compares with a previous round.
        for day in (times, times + 1):
            governance_services.start_assessment(
                region=region,
                body=None,
                on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            )


def assert_flat(measure, region, questionnaire, checklist=None, *, budget=PAGE_BUDGET) -> None:
    grow(region, questionnaire, checklist, 2)
    measure()  # warm up: session, content types, first-use look-ups
    small = measure()
    grow(region, questionnaire, checklist, 18)
    large = measure()
    assert large <= small, f"{small} queries with some data, {large} with 10x"
    assert large <= budget


@pytest.mark.parametrize(
    "role_client",
    ["bestuurder", "stuurgroeplid", "projectleider", "beheerder", "landelijk"],
    indirect=True,
)
def test_the_home_page_keeps_a_flat_query_count(role_client, region, questionnaire, checklist):
    _role, user, client = role_client
    if _role == "bestuurder":
        ResponseFactory(user=user, region=region, questionnaire=questionnaire)

    assert_flat(lambda: count(client, reverse("home")), region, questionnaire, checklist)


@pytest.mark.parametrize("role_client", ["bestuurder", "projectleider"], indirect=True)
def test_the_scan_start_page_and_session_list_keep_a_flat_query_count(
    role_client, region, questionnaire
):
    _role, user, client = role_client
    if _role == "bestuurder":
        ResponseFactory(user=user, region=region, questionnaire=questionnaire)

    def measure():
        return count(client, reverse("scan:index")) + count(client, reverse("scan:session_list"))

    assert_flat(measure, region, questionnaire)


def test_the_governance_start_page_keeps_a_flat_query_count(
    landelijk, client_for, region, questionnaire
):
    client = client_for(landelijk)

    assert_flat(lambda: count(client, reverse("governance:index")), region, questionnaire)


def test_saving_a_scan_theme_keeps_a_flat_query_count(
    bestuurder, client_for, region, questionnaire
):
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=questionnaire)
    url = reverse("scan:theme", args=[response.uuid, 1])
    questions = questionnaire.themes.get(order=1).questions.all()
    data = {f"{answer_prefix(q)}-scale": "3" for q in questions} | {"ga": ""}
    client = client_for(bestuurder)

    def measure():
        return count(client, url, method="post", data=data, expect=302)

    assert_flat(measure, region, questionnaire)
    assert response.answers.filter(scale=3).count() == len(questions)


def test_filling_in_a_checklist_round_keeps_a_flat_query_count(
    projectleider, client_for, region, questionnaire, checklist
):
    body = GovernanceBodyFactory(region=region)
    assessment = governance_services.start_assessment(
        region=region, body=body, on=datetime.date(2025, 12, 1)
    )
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    client = client_for(projectleider)

    def measure():
        return count(client, url)

    def grow_actions():
        for answer in assessment.answers.all()[:10]:
            FollowUpActionFactory(region=region, answer=answer)

    grow_actions()
    assert_flat(measure, region, questionnaire, checklist)


def test_a_bodys_report_on_a_date_keeps_a_flat_query_count(
    projectleider, client_for, region, questionnaire, checklist
):
    body = GovernanceBodyFactory(region=region)
    url = reverse("governance:body_report", args=[region.slug, body.uuid]) + "?datum=2026-03-01"
    client = client_for(projectleider)

    def measure():
        SeatFactory(body=body)  # the body itself grows too
        return count(client, url)

    assert_flat(measure, region, questionnaire, checklist, budget=REPORT_BUDGET)


def test_the_meeting_report_pdf_keeps_a_flat_query_count_fresh_and_cached(
    projectleider, client_for, region, questionnaire, checklist, stub_renderer
):
    body = GovernanceBodyFactory(region=region)
    meeting = MeetingFactory(body=body)
    url = reverse("governance:meeting_report_pdf", args=[region.slug, meeting.uuid])
    client = client_for(projectleider)

    def fresh():
        caches[pdf_cache.CACHE_ALIAS].clear()
        return count(client, url)

    def cached():
        count(client, url)
        return count(client, url)

    assert_flat(fresh, region, questionnaire, checklist, budget=REPORT_BUDGET)
    assert_flat(cached, region, questionnaire, checklist, budget=REPORT_BUDGET)
    # From the cache: access, the one digest query and the session; no report queries.
    assert cached() < fresh()


def test_the_scan_result_pdf_keeps_a_flat_query_count(
    bestuurder, client_for, region, questionnaire, stub_renderer
):
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=questionnaire)
    for question in questionnaire.questions.all():
        AnswerFactory(response=response, question=question)
    url = reverse("scan:result_pdf", args=[response.uuid])
    client = client_for(bestuurder)

    def fresh():
        caches[pdf_cache.CACHE_ALIAS].clear()
        return count(client, url)

    assert_flat(fresh, region, questionnaire)
