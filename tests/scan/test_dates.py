"""Dates in the scan's forms: a session's date and an answer's "Wanneer?". An implausible date
(year 1, 1899, 9999, 40 years ahead) or a string that is no date gets a Dutch error next to the
field, and nothing is saved; dates saved before (or in the admin) still show everywhere."""

import datetime

import pytest
from django.urls import reverse

from scan.models import Answer, ScanSession
from tests.dates import IMPLAUSIBLE, NO_DATE, STORED_EXTREMES, shows_date

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory, SessionInvitationFactory
from .helpers import answer_data


@pytest.fixture
def response(bestuurder, region, questionnaire):
    return ResponseFactory(user=bestuurder, region=region, questionnaire=questionnaire)


@pytest.mark.parametrize("value", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE)
def test_a_session_on_an_implausible_date_is_refused(
    region, questionnaire, projectleider, client_for, value
):
    text, expected = value

    page = client_for(projectleider).post(
        reverse("scan:session_create", args=[region.slug]),
        {"title": "Voorjaar", "meeting_date": text},
    )

    assert page.status_code == 400
    errors = page.context["form"].errors
    assert list(errors) == ["meeting_date"] and errors["meeting_date"][0].startswith(expected)
    assert '<span id="error_1_id_meeting_date"><strong>Deze datum ligt te ver' in page.text
    assert not ScanSession.objects.exists()


@pytest.mark.parametrize("value", NO_DATE.values(), ids=NO_DATE)
def test_a_session_date_that_is_no_date_is_refused(
    region, questionnaire, projectleider, client_for, value
):
    page = client_for(projectleider).post(
        reverse("scan:session_create", args=[region.slug]),
        {"title": "Voorjaar", "meeting_date": value},
    )

    assert page.status_code == 400
    assert page.context["form"].errors == {"meeting_date": ["Voer een geldige datum in."]}
    assert not ScanSession.objects.exists()


def test_a_session_keeps_its_old_date_when_only_the_title_changes(
    region, questionnaire, projectleider, client_for
):
    session = ScanSessionFactory(
        region=region,
        questionnaire=questionnaire,
        created_by=projectleider,
        meeting_date=datetime.date(1999, 12, 31),
    )

    page = client_for(projectleider).post(
        reverse("scan:session_edit", args=[session.uuid]),
        {"title": "Nieuwe titel", "meeting_date": "1999-12-31"},
    )

    session.refresh_from_db()
    assert page.status_code == 302
    assert (session.title, session.meeting_date) == ("Nieuwe titel", datetime.date(1999, 12, 31))


@pytest.mark.parametrize("value", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE)
def test_an_implausible_when_on_the_theme_page_is_refused_and_nothing_saved(
    bestuurder, client_for, response, questionnaire, value
):
    text, expected = value
    rol = questionnaire.questions.get(key="rol")
    data = {"ga": "later", **answer_data(rol, scale="2", action_due=text)}

    page = client_for(bestuurder).post(reverse("scan:theme", args=[response.uuid, 1]), data)

    assert page.status_code == 400
    assert expected in page.text
    assert not Answer.objects.exists()


@pytest.mark.parametrize("value", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE)
def test_an_implausible_when_in_autosave_is_refused(
    bestuurder, client_for, response, questionnaire, value
):
    text, expected = value
    rol = questionnaire.questions.get(key="rol")
    data = {"question": rol.pk, **answer_data(rol, scale="2", action_due=text)}

    result = client_for(bestuurder).post(reverse("scan:autosave", args=[response.uuid]), data)

    assert result.status_code == 400
    assert result.json()["errors"]["action_due"][0].startswith(expected)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "day",
    STORED_EXTREMES,
    ids=str,
)
def test_every_page_and_pdf_shows_a_stored_extreme_date(
    region, questionnaire, projectleider, bestuurder, client_for, response, day
):
    """Still possible in the admin, and maybe in the database already: no page may fail."""
    AnswerFactory(
        response=response,
        question=questionnaire.questions.get(key="rol"),
        action_question="Hoeveel meldingen?",
        action_due=day,
    )
    session = ScanSessionFactory(
        region=region, questionnaire=questionnaire, created_by=projectleider, meeting_date=day
    )
    SessionInvitationFactory(session=session, user=bestuurder)
    leader, author = client_for(projectleider), client_for(bestuurder)
    pages = [
        (author, reverse("scan:index")),
        (author, reverse("scan:theme", args=[response.uuid, 1])),
        (author, reverse("scan:result", args=[response.uuid])),
        (author, reverse("scan:result_pdf", args=[response.uuid])),
        (author, reverse("scan:council_pdf", args=[response.uuid]) + "?reflecties=1"),
        (author, reverse("privacy:my_data_download")),
        (leader, reverse("scan:session_list")),
        (leader, reverse("scan:session_detail", args=[session.uuid])),
        (leader, reverse("scan:session_edit", args=[session.uuid])),
        (leader, reverse("scan:session_pdf", args=[session.uuid])),
    ]

    answers = {url: client.get(url) for client, url in pages}

    assert {
        url: answer.status_code for url, answer in answers.items() if answer.status_code != 200
    } == {}
    assert [url for url, answer in answers.items() if not shows_date(answer, day)] == []
