"""Taking back a "Waar sta ik?" answer: radio buttons cannot be unchecked, so the scale offers
"geen keuze (nog niet beantwoord)"; saving it stores no scale, with or without JavaScript, and
every count treats the question as one never answered. "Beantwoord" means: a place on the scale
(or "weet ik niet"); a reflection alone does not count."""

import re

import pytest
from django.urls import reverse

from scan import selectors
from scan.constants import Scale
from scan.forms import AnswerForm, shown_token
from scan.models import Answer

from .factories import AnswerFactory, ResponseFactory
from .helpers import answer_data

CLEARED_LABEL = "geen keuze (nog niet beantwoord)"


@pytest.fixture
def client(bestuurder, client_for):
    return client_for(bestuurder)


@pytest.fixture
def response(bestuurder, questionnaire, region):
    """A wethouder's scan: theme 1 shows "rol" and "opdrachtgever", theme 2 "visie" and
    "cijfers", theme 3 "raad"."""
    return ResponseFactory(
        user=bestuurder, questionnaire=questionnaire, region=region, function="wethouder"
    )


@pytest.fixture
def questions(questionnaire):
    return {q.key: q for q in questionnaire.questions.all()}


def _radio(page: str, question, value: str) -> str:
    name = f"q{question.pk}-scale"
    found = re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*>', page)
    assert found, f"geen keuzerondje met waarde {value!r}"
    return found.group(0)


def _label_of(page: str, radio: str) -> str:
    radio_id = re.search(r'id="([^"]+)"', radio).group(1)
    found = re.search(rf'<label for="{re.escape(radio_id)}"[^>]*>([^<]*)</label>', page)
    assert found, f"geen label voor {radio_id}"
    return found.group(1).strip()


def _fieldset_of(page: str, question) -> str:
    """The scale's fieldset: its legend and every radio button of the group."""
    found = re.search(
        rf"<fieldset[^>]*>\s*<legend[^>]*>Waar sta ik\?</legend>(?:(?!</fieldset>).)*"
        rf'name="q{question.pk}-scale"(?:(?!</fieldset>).)*</fieldset>',
        page,
        re.S,
    )
    assert found, "geen fieldset met legend 'Waar sta ik?'"
    return found.group(0)


def test_the_scale_offers_no_choice_checked_while_unanswered_in_the_same_fieldset(
    client, response, questions
):
    AnswerFactory(response=response, question=questions["opdrachtgever"], scale=3)

    page = client.get(reverse("scan:theme", args=[response.uuid, 1])).content.decode()

    cleared = _radio(page, questions["rol"], "")
    assert _label_of(page, cleared) == CLEARED_LABEL
    assert " checked" in cleared
    assert f'name="q{questions["rol"].pk}-scale" value=""' in _fieldset_of(page, questions["rol"])
    # Answered: the step is checked, the cleared choice is offered but not checked.
    assert " checked" in _radio(page, questions["opdrachtgever"], "3")
    assert " checked" not in _radio(page, questions["opdrachtgever"], "")


def test_the_no_choice_option_comes_after_the_scale_so_the_first_step_keeps_its_id(questions):
    form = AnswerForm(question=questions["rol"])

    values = [str(value) for value, _label in form.fields["scale"].choices]

    assert values == ["1", "2", "3", "4", "0", ""]


def test_saving_the_page_with_no_choice_takes_the_scale_back(client, response, questions):
    AnswerFactory(response=response, question=questions["rol"], scale=3, reflection="Blijft staan.")
    AnswerFactory(response=response, question=questions["opdrachtgever"], scale=2)
    url = reverse("scan:theme", args=[response.uuid, 1])
    data = {"ga": "opslaan"}
    data |= answer_data(questions["rol"], scale="", reflection="Blijft staan.")
    data |= answer_data(questions["opdrachtgever"], scale="2")

    result = client.post(url, data)

    assert result.status_code == 302
    answer = Answer.objects.get(response=response, question=questions["rol"])
    assert answer.scale is None
    assert answer.reflection == "Blijft staan."
    progress = selectors.progress_of(response)
    assert (progress.answered, progress.themes[0].answered) == (1, 1)
    page = client.get(url).content.decode()
    assert "In dit thema: 1 van 2 beantwoord" in page
    assert "1 van 5 vragen beantwoord" in page
    assert " checked" in _radio(page, questions["rol"], "")


def test_an_answer_that_had_only_its_scale_is_gone_once_the_scale_is_taken_back(
    client, response, questions
):
    """Exactly as never answered: no empty row that would still list a question for another
    function on the result page."""
    AnswerFactory(response=response, question=questions["huisverbod"], scale=2)  # burgemeester
    url = reverse("scan:theme", args=[response.uuid, 1])
    data = {"ga": "opslaan", "alle": "1"} | answer_data(questions["huisverbod"], scale="")

    client.post(url, data)

    assert not Answer.objects.filter(response=response).exists()
    result = client.get(reverse("scan:result", args=[response.uuid])).content.decode()
    assert questions["huisverbod"].text not in result


def test_autosave_with_no_choice_takes_the_scale_back_and_reports_the_counts(
    client, response, questions
):
    AnswerFactory(response=response, question=questions["visie"], scale=4, reflection="Nog.")
    AnswerFactory(response=response, question=questions["cijfers"], scale=1)
    AnswerFactory(response=response, question=questions["raad"], scale=2)
    data = {"question": questions["visie"].pk}
    data |= answer_data(questions["visie"], scale="", reflection="Nog.")

    result = client.post(reverse("scan:autosave", args=[response.uuid]), data)

    assert result.status_code == 200
    assert result.json() == {
        "ok": True,
        "question_answered": False,
        "answered": 2,
        "total": 5,
        "theme": questions["visie"].theme_id,
        "theme_answered": 1,
        "theme_total": 2,
        "theme_done": False,
        "shown": shown_token({"reflection": "Nog."}),
    }
    assert Answer.objects.get(response=response, question=questions["visie"]).scale is None


def test_autosave_reports_the_saved_question_and_whether_its_theme_is_done(
    client, response, questions
):
    AnswerFactory(response=response, question=questions["cijfers"], scale=1)
    data = {"question": questions["visie"].pk} | answer_data(questions["visie"], scale="0")

    payload = client.post(reverse("scan:autosave", args=[response.uuid]), data).json()

    assert payload["question_answered"] is True
    assert payload["theme"] == questions["visie"].theme_id
    theme = (payload["theme_answered"], payload["theme_total"], payload["theme_done"])
    assert theme == (2, 2, True)


def test_autosave_of_a_reflection_alone_does_not_count_as_answered(client, response, questions):
    data = {"question": questions["raad"].pk} | answer_data(questions["raad"], reflection="Later.")

    payload = client.post(reverse("scan:autosave", args=[response.uuid]), data).json()

    assert payload["question_answered"] is False
    assert (payload["answered"], payload["theme_answered"]) == (0, 0)


def test_the_theme_menu_marks_each_themes_count_for_the_autosave(client, response, questions):
    AnswerFactory(response=response, question=questions["visie"], scale=Scale.DONT_KNOW)

    page = client.get(reverse("scan:theme", args=[response.uuid, 1])).content.decode()

    theme_2 = questions["visie"].theme_id
    assert 'data-done-label="klaar"' in page
    entry = rf'<span class="scan-theme-count" data-scan-theme-count="{theme_2}">\(1/2\)'
    assert re.search(entry, page)


def test_taking_back_the_scale_leaves_the_priorities_and_result_as_never_answered(
    client, response, questions
):
    AnswerFactory(response=response, question=questions["rol"], scale=3)
    AnswerFactory(response=response, question=questions["visie"], scale=2)
    url = reverse("scan:theme", args=[response.uuid, 1])
    client.post(url, {"ga": "opslaan"} | answer_data(questions["rol"], scale=""))

    candidates = selectors.priority_candidates(response)
    result = selectors.result_of(response)

    assert [a.question.key for a in candidates] == ["visie"]
    assert result.progress.answered == 1
    assert result.themes[0].average is None
    page = client.get(reverse("scan:result", args=[response.uuid]))
    assert page.status_code == 200
