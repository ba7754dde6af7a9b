"""A response is visible only to its author: everybody else gets 404 (anonymous: login)."""

import pytest
from django.urls import reverse

from scan import services
from scan.models import Answer, Response

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory, SessionInvitationFactory
from .helpers import answer_data

OTHER_ROLES = [
    "burgemeester",
    "bestuurder2",
    "stuurgroeplid",
    "projectleider",
    "other_projectleider",
    "beheerder",
    "landelijk",
]


@pytest.fixture
def own_response(bestuurder, region, questionnaire):
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=questionnaire)
    AnswerFactory(
        response=response,
        question=questionnaire.questions.get(key="rol"),
        scale=3,
        reflection="Heel persoonlijk.",
    )
    return response


def _get_urls(response):
    args = [response.uuid]
    return [
        reverse("scan:resume", args=args),
        reverse("scan:theme", args=[response.uuid, 1]),
        reverse("scan:complete", args=args),
        reverse("scan:result", args=args),
        reverse("scan:result_pdf", args=args),
        reverse("scan:council_pdf", args=args),
        reverse("scan:delete", args=args),
    ]


def _post_urls(response):
    args = [response.uuid]
    return [
        reverse("scan:theme", args=[response.uuid, 1]),
        reverse("scan:autosave", args=args),
        reverse("scan:complete", args=args),
        reverse("scan:new_round", args=args),
        reverse("scan:delete", args=args),
        reverse("scan:share", args=args),
    ]


@pytest.mark.parametrize("role_client", OTHER_ROLES, indirect=True)
def test_every_other_role_gets_404_on_someone_elses_response(role_client, own_response):
    _role, _user, client = role_client
    question = own_response.questionnaire.questions.get(key="rol")

    for url in _get_urls(own_response):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(own_response):
        data = {"question": question.pk, "ga": "later"}
        data.update(answer_data(question, scale="1", reflection="Overschreven"))
        assert client.post(url, data).status_code == 404, url

    assert Response.objects.filter(pk=own_response.pk).exists()
    answer = Answer.objects.get(response=own_response)
    assert (answer.scale, answer.reflection) == (3, "Heel persoonlijk.")


@pytest.mark.parametrize("role_client", OTHER_ROLES, indirect=True)
def test_no_other_role_withdraws_someone_elses_share(role_client, own_response, bestuurder):
    _role, _user, client = role_client
    session = ScanSessionFactory(
        region=own_response.region, questionnaire=own_response.questionnaire
    )
    SessionInvitationFactory(session=session, user=bestuurder)
    services.share_response(response=own_response, session=session, anonymous=False)

    response = client.post(reverse("scan:unshare", args=[own_response.uuid, session.uuid]))

    assert response.status_code == 404
    assert own_response.shares.filter(session=session, anonymous=False).exists()


@pytest.mark.parametrize("role_client", ["anonymous"], indirect=True)
def test_anonymous_is_sent_to_the_login_page(role_client, own_response):
    _role, _user, client = role_client

    for url in _get_urls(own_response):
        page = client.get(url)
        assert page.status_code == 302
        assert reverse("accounts:login") in page["Location"]


def test_the_author_sees_the_own_response(bestuurder, client_for, own_response):
    client = client_for(bestuurder)
    own_pages = reverse("scan:resume", args=[own_response.uuid])

    for url in _get_urls(own_response):
        if url.endswith(".pdf"):
            continue
        page = client.get(url)
        assert page.status_code in (200, 302), url
        if page.status_code == 302:  # the resume link goes on to a page of the same response
            assert page["Location"].startswith(own_pages), url
    for url in (
        reverse("scan:theme", args=[own_response.uuid, 1]),
        reverse("scan:result", args=[own_response.uuid]),
    ):
        assert "Heel persoonlijk." in client.get(url).content.decode(), url


def test_the_author_downloads_the_own_pdfs(bestuurder, client_for, own_response):
    client = client_for(bestuurder)
    pdf_urls = [url for url in _get_urls(own_response) if url.endswith(".pdf")]

    assert len(pdf_urls) == 2
    for url in pdf_urls:
        download = client.get(url)
        assert download.status_code == 200, url
        assert download["Content-Type"] == "application/pdf", url
        assert download.content.startswith(b"%PDF"), url


def test_a_made_up_response_id_gives_404(bestuurder, client_for, questionnaire):
    client = client_for(bestuurder)

    page = client.get(reverse("scan:result", args=["00000000-0000-4000-8000-000000000000"]))

    assert page.status_code == 404


def test_responses_are_not_in_the_admin(beheerder, client_for, own_response):
    client = client_for(beheerder)

    assert client.get("/beheer/scan/response/").status_code == 404
    assert client.get("/beheer/scan/answer/").status_code == 404
    assert client.get("/beheer/scan/questionnaire/").status_code == 200


def test_result_page_does_not_leak_to_the_home_page_of_others(
    projectleider, client_for, own_response
):
    page = client_for(projectleider).get(reverse("home")).content.decode()

    assert "Heel persoonlijk." not in page
    assert str(own_response.uuid) not in page


def test_pages_and_pdfs_with_answers_are_kept_by_no_browser_or_proxy(
    bestuurder, projectleider, region, questionnaire, client_for, own_response
):
    """A shared computer's browser or a proxy must not keep a copy of a scan."""
    session = ScanSessionFactory(region=region, questionnaire=questionnaire)
    SessionInvitationFactory(session=session, user=bestuurder)
    services.share_response(response=own_response, session=session, anonymous=False)
    session_url = reverse("scan:session_detail", args=[session.uuid])
    urls = [
        reverse("scan:index"),
        *_get_urls(own_response)[1:],  # without resume, which only redirects
        session_url,
        reverse("scan:session_pdf", args=[session.uuid]),
        reverse("privacy:my_data"),
    ]
    author = client_for(bestuurder)
    pages = [(author, url) for url in urls] + [(client_for(projectleider), session_url)]

    for client, url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "no-store" in answer["Cache-Control"], url
        assert "private" in answer["Cache-Control"], url
