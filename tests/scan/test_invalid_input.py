"""Bad input gives a Dutch error, never a 500, and nothing is saved."""

import pytest
from django.test.html import parse_html
from django.urls import reverse

from scan.constants import ResponseStatus
from scan.models import Answer

from .factories import AnswerFactory, QuestionFactory, ResponseFactory
from .helpers import answer_data


@pytest.fixture
def response(bestuurder, region, questionnaire):
    return ResponseFactory(user=bestuurder, region=region, questionnaire=questionnaire)


@pytest.fixture
def client(bestuurder, client_for):
    return client_for(bestuurder)


def test_scale_out_of_range_on_the_page_is_refused_and_nothing_saved(
    client, response, questionnaire
):
    rol = questionnaire.questions.get(key="rol")
    other = questionnaire.questions.get(key="opdrachtgever")
    data = {"ga": "volgende"}
    data.update(answer_data(rol, scale="7"))
    data.update(answer_data(other, scale="2", reflection="Zou niet bewaard mogen worden"))

    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data)

    assert page.status_code == 400
    assert "Kies een van de vier stappen" in page.content.decode()
    assert not Answer.objects.exists()


def test_scale_out_of_range_in_autosave_is_refused(client, response, questionnaire):
    rol = questionnaire.questions.get(key="rol")
    data = {"question": rol.pk}
    data.update(answer_data(rol, scale="5"))

    result = client.post(reverse("scan:autosave", args=[response.uuid]), data)

    assert result.status_code == 400
    assert result.json()["ok"] is False
    assert "scale" in result.json()["errors"]
    assert not Answer.objects.exists()


def test_a_question_of_another_version_is_refused(client, response):
    foreign = QuestionFactory()  # belongs to a different questionnaire
    data = {"question": foreign.pk}
    data.update(answer_data(foreign, scale="2"))

    result = client.post(reverse("scan:autosave", args=[response.uuid]), data)

    assert result.status_code == 400
    assert "hoort niet bij de versie" in result.json()["errors"]["question"][0]
    assert not Answer.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "-1", "²", "١٢"])
def test_a_missing_or_broken_question_id_is_refused(client, response, value):
    result = client.post(reverse("scan:autosave", args=[response.uuid]), {"question": value})

    assert result.status_code == 400
    assert not Answer.objects.exists()


def test_a_foreign_response_id_is_refused(client, questionnaire, bestuurder2):
    foreign = ResponseFactory(user=bestuurder2, questionnaire=questionnaire)
    rol = questionnaire.questions.get(key="rol")
    data = {"question": rol.pk, "ga": "later"}
    data.update(answer_data(rol, scale="2"))

    assert client.post(reverse("scan:autosave", args=[foreign.uuid]), data).status_code == 404
    assert client.post(reverse("scan:theme", args=[foreign.uuid, 1]), data).status_code == 404
    assert not Answer.objects.exists()


def test_an_invalid_date_is_refused(client, response, questionnaire):
    rol = questionnaire.questions.get(key="rol")
    data = {"ga": "later"}
    data.update(answer_data(rol, scale="2", action_due="31-02-2026x"))

    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data)

    assert page.status_code == 400
    assert "geldige datum" in page.content.decode()
    assert not Answer.objects.exists()


def test_the_error_summary_names_the_question_of_each_error(client, response, questionnaire):
    """Every question has a "Wanneer?": two summaries that each said "Wanneer?: ..." left the
    reader to guess which question was meant."""
    rol = questionnaire.questions.get(key="rol")
    opdrachtgever = questionnaire.questions.get(key="opdrachtgever")
    data = {"ga": "later"}
    data.update(answer_data(rol, scale="2", action_due="morgen"))
    data.update(answer_data(opdrachtgever, scale="9"))

    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data).content.decode()

    assert page.count('class="alert alert-danger error-summary"') == 1
    assert f'<a href="#id_q{rol.pk}-action_due">Vraag 1, Wanneer?: Vul een geldige datum in' in page
    assert (
        f'<a href="#id_q{opdrachtgever.pk}-scale_0">Vraag 2, Waar sta ik?: Kies een van de vier '
        "stappen of &#x27;weet ik niet&#x27;.</a>"
    ) in page
    # The numbers are those the page gives its questions.
    assert f'id="question-{opdrachtgever.pk}-title">2. {opdrachtgever.text}</h2>' in page


def _parents(node, found=None) -> dict[int, tuple]:
    """Every element of a parsed page by id(), with its element and its parent."""
    found = {} if found is None else found
    for child in node.children:
        if not isinstance(child, str):
            found[id(child)] = (child, node)
            _parents(child, found)
    return found


def _text(node) -> str:
    return " ".join(child if isinstance(child, str) else _text(child) for child in node.children)


def test_an_error_stands_next_to_its_field_and_the_field_points_to_it(
    client, response, questionnaire
):
    rol = questionnaire.questions.get(key="rol")
    data = {"ga": "later"}
    data.update(answer_data(rol, scale="7", action_due="morgen"))

    page = client.post(reverse("scan:theme", args=[response.uuid, 1]), data)

    assert page.status_code == 400
    elements = _parents(parse_html(page.content.decode()))
    by_id = {dict(e.attributes).get("id"): (e, parent) for e, parent in elements.values()}

    date, wrapper = by_id[f"id_q{rol.pk}-action_due"]
    attributes = dict(date.attributes)
    assert attributes["aria-invalid"] == "true"
    assert "is-invalid" in attributes["class"].split()  # Bootstrap shows the feedback after it
    error, error_parent = by_id[attributes["aria-describedby"]]
    assert "geldige datum" in _text(error)
    assert error_parent is wrapper

    # The scale is a group of radio buttons: its fieldset points to the error inside it.
    radio, holder = by_id[f"id_q{rol.pk}-scale_0"]
    assert "is-invalid" in dict(radio.attributes)["class"].split()
    while holder.name != "fieldset":
        holder = elements[id(holder)][1]
    error, _parent = by_id[dict(holder.attributes)["aria-describedby"]]
    assert "Kies een van de vier stappen" in _text(error)
    assert any(element is error for element, _parent in _parents(holder).values())


def test_a_theme_number_out_of_range_gives_404(client, response):
    assert client.get(reverse("scan:theme", args=[response.uuid, 99])).status_code == 404


def _four_priorities(response, questionnaire):
    keys = ["rol", "opdrachtgever", "visie", "cijfers"]
    return [
        AnswerFactory(
            response=response, question=questionnaire.questions.get(key=key), is_priority=True
        )
        for key in keys
    ]


def test_ranking_more_than_three_priorities_is_refused(client, response, questionnaire):
    answers = _four_priorities(response, questionnaire)
    data = {
        f"rank_{a.question_id}": str(rank) for a, rank in zip(answers, [1, 2, 3, 3], strict=True)
    }

    page = client.post(reverse("scan:complete", args=[response.uuid]), data)

    assert page.status_code == 400
    assert "Kies hoogstens 3 prioriteiten." in page.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS
    assert not Answer.objects.filter(priority_rank__isnull=False).exists()


def test_giving_two_priorities_the_same_place_is_refused(client, response, questionnaire):
    answers = _four_priorities(response, questionnaire)
    data = {f"rank_{answers[0].question_id}": "1", f"rank_{answers[1].question_id}": "1"}

    page = client.post(reverse("scan:complete", args=[response.uuid]), data)

    assert page.status_code == 400
    assert "maar aan één prioriteit" in page.content.decode()
    assert not Answer.objects.filter(priority_rank__isnull=False).exists()


def test_a_rank_above_three_is_refused(client, response, questionnaire):
    answers = _four_priorities(response, questionnaire)

    page = client.post(
        reverse("scan:complete", args=[response.uuid]), {f"rank_{answers[0].question_id}": "4"}
    )

    assert page.status_code == 400
    assert "Kies plaats 1, 2 of 3" in page.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS


def test_complete_service_refuses_more_than_three_ranks(response, questionnaire):
    from django.core.exceptions import ValidationError

    from scan import services

    answers = _four_priorities(response, questionnaire)

    with pytest.raises(ValidationError):
        services.complete_response(
            response=response, ranks={a.question_id: i for i, a in enumerate(answers, start=1)}
        )
    assert not Answer.objects.filter(priority_rank__isnull=False).exists()


@pytest.mark.parametrize("value", ["²", "99", "x"])
def test_an_unknown_theme_to_go_to_saves_and_stays_on_the_theme(
    client, response, questionnaire, value
):
    rol = questionnaire.questions.get(key="rol")
    data = {"ga": value}
    data.update(answer_data(rol, scale="2"))
    url = reverse("scan:theme", args=[response.uuid, 1])

    result = client.post(url, data)

    assert result.status_code == 302
    assert result.url == url
    assert Answer.objects.get(response=response, question=rol).scale == 2
