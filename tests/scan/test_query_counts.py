"""Theme page, result page and session page keep their query count flat at 10x data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scan import services
from scan.models import SessionInvitation
from tests.factories import MembershipFactory

from .factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ScanSessionFactory,
    ThemeFactory,
)


def _questionnaire(themes: int, per_theme: int):
    questionnaire = QuestionnaireFactory()
    for t in range(themes):
        theme = ThemeFactory(questionnaire=questionnaire, order=t + 1)
        for _ in range(per_theme):
            QuestionFactory(theme=theme)
    return questionnaire


def _answered_response(user, region, questionnaire):
    response = ResponseFactory(user=user, region=region, questionnaire=questionnaire)
    for question in questionnaire.questions.all():
        AnswerFactory(
            response=response,
            question=question,
            scale=3,
            is_priority=True,
            action_question="Vraag?",
            action_whom="iemand",
        )
    return response


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["scan:theme", "scan:result"])
def test_response_pages_have_a_flat_query_count(
    url_name, bestuurder, region, client_for, django_assert_max_num_queries
):
    client = client_for(bestuurder)
    small = _answered_response(bestuurder, region, _questionnaire(2, 2))
    args = [small.uuid, 1] if url_name == "scan:theme" else [small.uuid]
    baseline = _count(client, reverse(url_name, args=args))
    small.delete()

    big = _answered_response(bestuurder, region, _questionnaire(20, 20))
    args = [big.uuid, 1] if url_name == "scan:theme" else [big.uuid]

    with django_assert_max_num_queries(baseline):
        assert client.get(reverse(url_name, args=args)).status_code == 200


@pytest.mark.parametrize("anonymous", [False, True])
def test_session_page_has_a_flat_query_count(
    anonymous, region, projectleider, client_for, django_assert_max_num_queries
):
    """Anonymous shares: the first view of each session also takes its snapshot."""
    client = client_for(projectleider)
    questionnaire = _questionnaire(4, 5)

    def session_with(n: int):
        session = ScanSessionFactory(region=region, questionnaire=questionnaire)
        for _ in range(n):
            user = MembershipFactory(region=region, wethouder=True).user
            SessionInvitation.objects.create(session=session, user=user)
            response = _answered_response(user, region, questionnaire)
            services.share_response(response=response, session=session, anonymous=anonymous)
        return session

    baseline = _count(client, reverse("scan:session_detail", args=[session_with(3).uuid]))
    big = session_with(30)

    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("scan:session_detail", args=[big.uuid]))
    assert page.status_code == 200


def test_saving_changed_answers_costs_one_write_each(bestuurder, region):
    """No query per answer to check that its response and question exist: they are at hand."""
    questionnaire = _questionnaire(themes=1, per_theme=4)
    questions = list(questionnaire.questions.order_by("pk"))
    response = _answered_response(bestuurder, region, questionnaire)

    def queries_to_change(count: int, scale: int) -> int:
        items = [(q, {"scale": scale}) for q in questions[:count]]
        with CaptureQueriesContext(connection) as captured:
            services.save_answers(response=response, items=items)
        assert response.answers.filter(scale=scale).count() == count
        return len(captured)

    one = queries_to_change(1, 1)
    four = queries_to_change(4, 2)

    assert four - one == 3  # three more UPDATEs, nothing else
