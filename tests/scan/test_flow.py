"""The whole flow of one bestuurder: start, answer, leave, resume, complete, rank, PDF."""

import logging

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from scan import services
from scan.constants import ResponseStatus
from scan.models import Answer, Response
from tests.pdf import pdf_text

from .helpers import answer_data


@pytest.fixture
def client(bestuurder, client_for):
    return client_for(bestuurder)


def _start(client) -> Response:
    result = client.post(reverse("scan:start"))
    response = Response.objects.get()
    assert result.status_code == 302
    assert result["Location"] == reverse("scan:resume", args=[response.uuid])
    return response


def test_index_offers_to_start_the_scan(client, questionnaire):
    page = client.get(reverse("scan:index"))

    assert page.status_code == 200
    assert "Start de scan" in page.content.decode()


def test_starting_creates_a_response_with_the_function_from_the_membership(
    client, questionnaire, bestuurder, region
):
    response = _start(client)

    assert response.user == bestuurder
    assert response.function == "wethouder"
    assert response.region == region
    assert response.questionnaire == questionnaire
    assert response.round == 1


def test_starting_twice_keeps_one_response(client, questionnaire):
    _start(client)
    client.post(reverse("scan:start"))

    assert Response.objects.count() == 1


def test_a_user_without_bestuurder_role_cannot_start(projectleider, client_for, questionnaire):
    client = client_for(projectleider)

    answer = client.post(reverse("scan:start"), follow=True)

    assert answer.redirect_chain == [(reverse("scan:index"), 302)]
    assert escape(services.ERROR_NOT_BESTUURDER) in answer.text
    assert not Response.objects.exists()


def test_theme_page_shows_only_questions_for_the_users_function(client, questionnaire):
    response = _start(client)

    page = client.get(reverse("scan:theme", args=[response.uuid, 1])).content.decode()

    assert "Ken ik mijn eigen rol?" in page
    assert "Passen onze opdrachten" in page
    assert "huisverbod" not in page
    assert 'name="ga" value="alle"' in page


def test_the_other_questions_can_be_opened(client, questionnaire):
    response = _start(client)

    page = client.get(reverse("scan:theme", args=[response.uuid, 1]) + "?alle=1")

    assert "Weet ik hoe vaak er een huisverbod is?" in page.content.decode()


def test_opening_the_other_questions_saves_the_answers_first(client, questionnaire):
    """Without JavaScript nothing autosaves: the button that shows more questions saves too."""
    questions = {q.key: q for q in questionnaire.questions.all()}
    response = _start(client)
    url = reverse("scan:theme", args=[response.uuid, 1])

    answer = answer_data(questions["rol"], scale="3")

    shown = client.post(url, {"ga": "alle", **answer})
    hidden = client.post(url, {"ga": "eigen", "alle": "1", **answer})

    assert shown.url == f"{url}?alle=1"
    assert hidden.url == url
    assert Answer.objects.get(response=response, question=questions["rol"]).scale == 3


def _whole_flow(client, questionnaire) -> Response:
    """Start, answer, leave, resume, complete and rank, checking each step."""
    questions = {q.key: q for q in questionnaire.questions.all()}
    response = _start(client)

    # Theme 1: answer, then go to the next theme (page submit saves without JavaScript).
    data = {"ga": "volgende"}
    data.update(
        answer_data(
            questions["rol"],
            scale="3",
            reflection="Mijn rol als wethouder Jeugd is helder.",
            is_priority="on",
            action_question="Hoe werken wij samen bij een huisverbod?",
            action_whom="de burgemeester",
            action_due="2026-12-01",
        )
    )
    data.update(answer_data(questions["opdrachtgever"], scale="1", is_priority="on"))
    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data)
    assert page.status_code == 302
    assert page["Location"] == reverse("scan:theme", args=[response.uuid, 2])

    # Theme 2: answer one question, then "opslaan en later verder".
    client.get(reverse("scan:theme", args=[response.uuid, 2]))
    data = {"ga": "later"}
    data.update(answer_data(questions["visie"], scale="0", reflection="Geen idee eerlijk gezegd."))
    page = client.post(reverse("scan:theme", args=[response.uuid, 2]), data)
    assert page["Location"] == reverse("scan:index")
    assert Answer.objects.filter(response=response).count() == 3

    # Resume: back at theme 2, with the answers filled in.
    resumed = client.get(reverse("scan:resume", args=[response.uuid]))
    assert resumed["Location"] == reverse("scan:theme", args=[response.uuid, 2])
    page = client.get(resumed["Location"]).content.decode()
    assert "Geen idee eerlijk gezegd." in page
    assert "1 van 2 beantwoord" in page

    # Complete: rank priorities.
    page = client.get(reverse("scan:complete", args=[response.uuid]))
    assert page.status_code == 200
    rank_data = {
        f"rank_{questions['opdrachtgever'].pk}": "1",
        f"rank_{questions['rol'].pk}": "2",
    }
    page = client.post(reverse("scan:complete", args=[response.uuid]), rank_data)
    assert page["Location"] == reverse("scan:result", args=[response.uuid])
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    assert Answer.objects.get(question=questions["opdrachtgever"]).priority_rank == 1

    # Result page with the chart.
    page = client.get(reverse("scan:result", args=[response.uuid])).content.decode()
    assert "<svg" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Prioriteit 1:" in page
    return response


def test_whole_flow_start_answer_leave_resume_complete_and_rank(
    client, questionnaire, municipality
):
    response = _whole_flow(client, questionnaire)

    assert response.is_completed


def test_whole_flow_ends_with_a_pdf_holding_answers_and_priorities(
    client, questionnaire, bestuurder, municipality, caplog
):
    response = _whole_flow(client, questionnaire)

    # The answers and priorities are in the PDF, and nothing was logged as an error.
    with caplog.at_level(logging.ERROR):
        download = client.get(reverse("scan:result_pdf", args=[response.uuid]))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bw-scan-ronde-1.pdf"'
    # Words as printed, whatever the line they wrap to in a table cell.
    text = " ".join(pdf_text(download.content).split())
    assert "Mijn rol als wethouder Jeugd is helder." in text
    assert "Prioriteit 1" in text
    assert "Passen onze opdrachten bij wat gezinnen nodig" in text
    assert "Hoe werken wij samen bij een huisverbod?" in text
    assert bestuurder.full_name in text
    assert "Oeverwijk" in text
    assert "versie 1" in text
    assert "niet beantwoord" in text


def test_council_note_leaves_reflections_out_unless_ticked(client, questionnaire, caplog):
    questions = {q.key: q for q in questionnaire.questions.all()}
    response = _start(client)
    data = {"ga": "volgende"}
    data.update(
        answer_data(
            questions["rol"],
            scale="2",
            reflection="Persoonlijke gedachte.",
            is_priority="on",
            action_question="Wat vraagt de raad?",
            action_whom="griffie",
        )
    )
    client.post(reverse("scan:theme", args=[response.uuid, 1]), data)

    with caplog.at_level(logging.ERROR):
        without = client.get(reverse("scan:council_pdf", args=[response.uuid]))
        with_reflections = client.get(
            reverse("scan:council_pdf", args=[response.uuid]) + "?reflecties=1"
        )

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert without["Content-Type"] == "application/pdf"
    assert "gespreksnotitie" in without["Content-Disposition"]
    assert "Wat vraagt de raad?" in pdf_text(without.content)
    assert "Persoonlijke gedachte." not in pdf_text(without.content)
    assert "Persoonlijke gedachte." in pdf_text(with_reflections.content)


def test_menu_button_saves_and_goes_to_the_chosen_theme(client, questionnaire):
    question = questionnaire.questions.get(key="rol")
    response = _start(client)
    data = {"ga": "3"}
    data.update(answer_data(question, scale="4"))

    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data)

    assert page["Location"] == reverse("scan:theme", args=[response.uuid, 3])
    assert Answer.objects.get(question=question).scale == 4


def test_autosave_saves_one_question_and_reports_progress(client, questionnaire):
    question = questionnaire.questions.get(key="visie")
    response = _start(client)
    data = {"question": question.pk}
    data.update(answer_data(question, scale="2", reflection="Tijdens het typen."))

    result = client.post(reverse("scan:autosave", args=[response.uuid]), data)

    assert result.status_code == 200
    assert result.json()["ok"] is True
    assert result.json()["answered"] == 1
    assert result.json()["theme_answered"] == 1
    answer = Answer.objects.get(response=response, question=question)
    assert answer.reflection == "Tijdens het typen."


def test_new_round_starts_from_previous_answers_and_compares_per_theme(client, questionnaire):
    question = questionnaire.questions.get(key="rol")
    response = _start(client)
    data = {"ga": "afronden"}
    data.update(answer_data(question, scale="1", reflection="Ronde een."))
    client.post(reverse("scan:theme", args=[response.uuid, 1]), data)
    client.post(reverse("scan:complete", args=[response.uuid]), {})

    client.post(reverse("scan:new_round", args=[response.uuid]))

    second = Response.objects.get(round=2)
    assert second.previous == response
    copied = Answer.objects.get(response=second, question=question)
    assert copied.reflection == "Ronde een."
    data = {"ga": "later"}
    data.update(answer_data(question, scale="3"))
    client.post(reverse("scan:theme", args=[second.uuid, 1]), data)
    page = client.get(reverse("scan:result", args=[second.uuid])).content.decode()
    assert "Vorige ronde" in page
    assert "hoger" in page
    assert Answer.objects.get(response=response, question=question).scale == 1


def test_new_round_from_an_older_round_goes_to_the_newer_round_without_saying_it_started(
    client, questionnaire
):
    """The button "Nieuwe ronde starten" on round 1's result page, left open while round 2 was
    started (another tab, or the next day): round 2 is not started again, and the message must
    not say it was, as if round 2 had been reset to round 1's answers."""
    first = _start(client)
    client.post(reverse("scan:new_round", args=[first.uuid]), follow=True)  # its message shown
    second = Response.objects.get(round=2)

    page = client.post(reverse("scan:new_round", args=[first.uuid]), follow=True)

    assert page.redirect_chain[0][0] == reverse("scan:resume", args=[second.uuid])
    text = page.content.decode()
    assert "is gestart" not in text
    assert "U heeft al een nieuwere ronde: ronde 2." in text
    assert Response.objects.count() == 2


def test_an_older_round_offers_no_new_round_once_the_round_between_is_deleted(
    client, questionnaire
):
    """Rounds 1, 2 and 3; round 2 deleted: round 1's result page offered "Nieuwe ronde starten"
    again (round 1 had no next round left), and the button only said round 3 already exists."""
    first = _start(client)
    client.post(reverse("scan:new_round", args=[first.uuid]))
    second = Response.objects.get(round=2)
    client.post(reverse("scan:new_round", args=[second.uuid]))
    client.post(reverse("scan:delete", args=[second.uuid]))
    assert not Response.objects.filter(pk=second.pk).exists()  # else round 1 still has a next
    third = Response.objects.get(round=3)

    old = client.get(reverse("scan:result", args=[first.uuid])).content.decode()
    latest = client.get(reverse("scan:result", args=[third.uuid])).content.decode()

    assert reverse("scan:new_round", args=[first.uuid]) not in old
    assert reverse("scan:new_round", args=[third.uuid]) in latest


def test_author_can_delete_the_response(client, questionnaire):
    response = _start(client)

    page = client.post(reverse("scan:delete", args=[response.uuid]))

    assert page.status_code == 302
    assert not Response.objects.exists()


def test_deleting_a_round_warns_that_the_next_round_loses_its_comparison(client, questionnaire):
    first = _start(client)
    client.post(reverse("scan:new_round", args=[first.uuid]))
    second = Response.objects.get(round=2)
    warning = "Ronde 2 vergelijkt per thema met deze ronde"

    assert warning in client.get(reverse("scan:delete", args=[first.uuid])).content.decode()
    assert warning not in client.get(reverse("scan:delete", args=[second.uuid])).content.decode()


def test_home_panel_shows_progress_and_next_step(client, questionnaire):
    response = _start(client)

    page = client.get(reverse("home")).content.decode()

    assert "0 van 5 vragen beantwoord" in page
    assert reverse("scan:resume", args=[response.uuid]) in page


def test_result_leaves_out_unanswered_questions_for_the_other_function(client, questionnaire):
    response = _start(client)

    page = client.get(reverse("scan:result", args=[response.uuid])).content.decode()

    assert "Passen onze opdrachten" in page  # wethouder question, shown as not answered
    assert "Weet ik hoe vaak er een huisverbod is?" not in page  # burgemeester question


def test_saving_a_theme_again_rewrites_only_the_changed_answers(client, questionnaire):
    """A theme page posts all its answers on every save; the unchanged ones are not written
    again, and none of it reaches the audit log."""
    questions = {q.key: q for q in questionnaire.themes.get(order=2).questions.all()}
    response = _start(client)
    url = reverse("scan:theme", args=[response.uuid, 2])
    data = {
        "ga": "opslaan",
        **answer_data(questions["visie"], scale="2", reflection="Besproken."),
        **answer_data(questions["cijfers"], scale="3", action_due="2030-01-31"),
    }
    assert client.post(url, data).status_code == 302
    saved = {a.question.key: a for a in Answer.objects.filter(response=response)}
    response.refresh_from_db()
    log_entries = LogEntry.objects.count()

    with CaptureQueriesContext(connection) as same:
        assert client.post(url, data).status_code == 302
    sql = [query["sql"] for query in same.captured_queries]
    assert sql  # the queries were captured
    assert [q for q in sql if q.startswith(("UPDATE", "INSERT", "DELETE"))] == []

    changed = {**data, **answer_data(questions["cijfers"], scale="4")}
    assert client.post(url, changed).status_code == 302
    again = {a.question.key: a for a in Answer.objects.filter(response=response)}
    assert again["visie"].updated_at == saved["visie"].updated_at
    assert (again["cijfers"].scale, again["cijfers"].reflection) == (4, "")
    assert again["cijfers"].updated_at > saved["cijfers"].updated_at
    assert Response.objects.get(pk=response.pk).updated_at > response.updated_at
    assert LogEntry.objects.count() == log_entries
