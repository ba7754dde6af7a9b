"""The same theme open in two browser tabs (or on two devices): a theme page posts every answer
on it whole, so the tab opened first must not put back, unseen, the answers as they were when it
was opened over what was saved in the other tab since. Only what was changed in a tab is saved
from it."""

import pytest
from django.urls import reverse

from scan.models import Answer, Question
from scan.services import save_answers

from .factories import ResponseFactory
from .helpers import page_form_data


@pytest.fixture
def response(bestuurder, region, questionnaire):
    return ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)


@pytest.fixture
def client(bestuurder, client_for):
    return client_for(bestuurder)


def _questions(questionnaire):
    return Question.objects.get(key="rol"), Question.objects.get(key="opdrachtgever")


def test_saving_a_stale_tab_keeps_what_the_other_tab_saved(client, response, questionnaire):
    rol, opdrachtgever = _questions(questionnaire)
    save_answers(response=response, items=[(rol, {"scale": 2, "reflection": "Eerst."})])
    url = reverse("scan:theme", args=[response.uuid, 1])
    tab_a = page_form_data(client.get(url).text)
    tab_b = page_form_data(client.get(url).text)

    tab_a.update({f"q{rol.pk}-scale": "4", f"q{rol.pk}-reflection": "Bijgewerkt in tab A."})
    assert client.post(url, {**tab_a, "ga": "opslaan"}).status_code == 302
    tab_b.update({f"q{opdrachtgever.pk}-scale": "3"})
    assert client.post(url, {**tab_b, "ga": "opslaan"}).status_code == 302

    answers = {a.question.key: a for a in Answer.objects.filter(response=response)}
    assert (answers["rol"].scale, answers["rol"].reflection) == (4, "Bijgewerkt in tab A.")
    assert answers["opdrachtgever"].scale == 3


def test_a_stale_tab_does_not_bring_back_an_answer_taken_back_in_the_other(
    client, response, questionnaire
):
    rol, _opdrachtgever = _questions(questionnaire)
    save_answers(response=response, items=[(rol, {"scale": 2})])
    url = reverse("scan:theme", args=[response.uuid, 1])
    tab_a = page_form_data(client.get(url).text)
    tab_b = page_form_data(client.get(url).text)

    tab_a[f"q{rol.pk}-scale"] = ""  # "geen keuze (nog niet beantwoord)"
    assert client.post(url, {**tab_a, "ga": "opslaan"}).status_code == 302
    assert client.post(url, {**tab_b, "ga": "opslaan"}).status_code == 302

    assert not Answer.objects.filter(response=response, question=rol).exists()


def test_what_a_tab_changed_is_saved_even_after_the_other_tab_saved(
    client, response, questionnaire
):
    rol, _opdrachtgever = _questions(questionnaire)
    save_answers(response=response, items=[(rol, {"scale": 2, "reflection": "Eerst."})])
    url = reverse("scan:theme", args=[response.uuid, 1])
    tab_a = page_form_data(client.get(url).text)
    tab_b = page_form_data(client.get(url).text)

    tab_a[f"q{rol.pk}-scale"] = "4"
    assert client.post(url, {**tab_a, "ga": "opslaan"}).status_code == 302
    tab_b[f"q{rol.pk}-reflection"] = ""  # emptied in tab B: that change counts
    assert client.post(url, {**tab_b, "ga": "opslaan"}).status_code == 302

    answer = Answer.objects.get(response=response, question=rol)
    assert (answer.scale, answer.reflection) == (4, "")


def test_a_page_posted_without_what_it_showed_saves_every_field(client, response, questionnaire):
    """A post without the page's record of what it showed (an old page, a hand-made request)
    saves as before: every field as posted."""
    rol, _opdrachtgever = _questions(questionnaire)
    save_answers(response=response, items=[(rol, {"scale": 2, "reflection": "Eerst."})])
    url = reverse("scan:theme", args=[response.uuid, 1])

    client.post(url, {f"q{rol.pk}-scale": "3", "ga": "opslaan"})

    answer = Answer.objects.get(response=response, question=rol)
    assert (answer.scale, answer.reflection) == (3, "")


def test_autosave_says_what_the_page_shows_now_so_a_change_taken_back_is_saved(
    client, response, questionnaire
):
    """scan.js puts the autosave's "shown" into the page: a change autosaved and then taken
    back on the page is saved by the page's button."""
    rol, _opdrachtgever = _questions(questionnaire)
    save_answers(response=response, items=[(rol, {"scale": 2})])
    url = reverse("scan:theme", args=[response.uuid, 1])
    tab = page_form_data(client.get(url).text)
    prefix = f"q{rol.pk}-"
    question = {k: v for k, v in tab.items() if k.startswith(prefix)}

    saved = client.post(
        reverse("scan:autosave", args=[response.uuid]),
        {**question, f"{prefix}scale": "4", "question": rol.pk},
    )
    assert saved.status_code == 200
    assert Answer.objects.get(response=response, question=rol).scale == 4
    tab[f"{prefix}shown"] = saved.json()["shown"]  # what scan.js does
    tab[f"{prefix}scale"] = "2"  # taken back
    assert client.post(url, {**tab, "ga": "opslaan"}).status_code == 302

    assert Answer.objects.get(response=response, question=rol).scale == 2
