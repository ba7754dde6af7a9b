"""The theme and result pages' precomputed parts match what Django and the database say: the
answer fields written out from AnswerForm.views, the one-query progress, and the result's own
progress count; and the pages' query budgets."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from scan import selectors
from scan.constants import Audience, Scale
from scan.forms import AnswerForm
from tests.factories import MembershipFactory

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory, SessionInvitationFactory

INPUT = re.compile(r"<(?:input|textarea)\b[^>]*>(?:[^<]*</textarea>)?")


def _written_out(form: AnswerForm) -> dict[str, list[str]]:
    """Per field, the inputs the theme page's template writes for ``form``."""
    html = _render(form)
    return {
        name: [tag for tag in INPUT.findall(html) if f'name="{form[name].html_name}"' in tag]
        for name in form.fields
    }


def _render(form: AnswerForm) -> str:
    return render_to_string("scan/includes/answer_fields.html", {"form": form})


def _django(form: AnswerForm) -> dict[str, list[str]]:
    """Per field, the inputs Django's own widget templates render."""
    rendered = {}
    for name in form.fields:
        field = form[name]
        if name == "scale":
            # Django wraps each radio button in its label; the theme page puts the label after it.
            rendered[name] = [INPUT.search(str(option)).group(0) for option in field]
        else:
            rendered[name] = [str(field)]
    return rendered


@pytest.mark.parametrize("state", ["empty", "answered", "invalid", "valid"])
def test_the_answer_fields_are_the_inputs_django_renders(state, questionnaire, bestuurder):
    question = questionnaire.questions.get(key="rol")
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire)
    prefix = f"q{question.pk}"
    if state == "empty":
        form = AnswerForm(question=question)
    elif state == "answered":
        answer = AnswerFactory(
            response=response,
            question=question,
            scale=Scale.DONT_KNOW,
            reflection='Met "aanhalingstekens" & <tekens>',
            is_priority=True,
            action_whom="de raad",
            action_due="2026-03-31",
        )
        form = AnswerForm(question=question, initial=AnswerForm.initial_from(answer))
    else:
        data = {
            f"{prefix}-scale": "9" if state == "invalid" else "2",
            f"{prefix}-reflection": "x" * 4001 if state == "invalid" else "Goed",
            f"{prefix}-is_priority": "on",
            f"{prefix}-action_due": "morgen" if state == "invalid" else "2026-03-31",
        }
        form = AnswerForm(data, question=question)
        assert form.is_valid() is (state == "valid")

    assert _written_out(form) == _django(form)


def test_the_error_messages_point_at_their_fields(questionnaire):
    question = questionnaire.questions.get(key="rol")
    prefix = f"q{question.pk}"
    form = AnswerForm({f"{prefix}-scale": "9", f"{prefix}-action_due": "morgen"}, question=question)
    form.is_valid()
    html = _render(form)

    assert f'<fieldset aria-describedby="id_{prefix}-scale_error">' in html
    assert f'<div id="id_{prefix}-scale_error" class="invalid-feedback">' in html
    assert f'<div id="id_{prefix}-action_due_error" class="invalid-feedback">' in html
    assert "Vul een geldige datum in" in html


@pytest.mark.parametrize("function", ["wethouder", "burgemeester", ""])
def test_progress_counts_answered_questions_of_the_authors_function(
    function, questionnaire, bestuurder
):
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function=function)
    questions = {q.key: q for q in questionnaire.questions.all()}
    AnswerFactory(response=response, question=questions["rol"], scale=Scale.DONT_KNOW)
    AnswerFactory(response=response, question=questions["opdrachtgever"], scale=2)  # wethouder
    AnswerFactory(response=response, question=questions["huisverbod"], scale=3)  # burgemeester
    AnswerFactory(response=response, question=questions["visie"], scale=None, reflection="x")
    AnswerFactory(response=response, question=questions["raad"], scale=4)
    other = ResponseFactory(questionnaire=questionnaire, function=function)
    AnswerFactory(response=other, question=questions["cijfers"], scale=1)

    progress = selectors.progress_of(response)

    counts = [(t.theme.order, t.answered, t.total) for t in progress.themes]
    theme_1 = {"wethouder": (2, 2), "burgemeester": (2, 2), "": (3, 3)}[function]
    assert counts == [(1, *theme_1), (2, 0, 2), (3, 1, 1)]
    # The result page counts the same from the data it has already loaded.
    result = selectors.result_of(response)
    assert [(t.theme, t.answered, t.total) for t in result.progress.themes] == [
        (t.theme, t.answered, t.total) for t in progress.themes
    ]


def test_the_result_shows_each_answers_scale_label(questionnaire, bestuurder):
    response = ResponseFactory(
        user=bestuurder, questionnaire=questionnaire, function=Audience.WETHOUDER
    )
    AnswerFactory(response=response, question=questionnaire.questions.get(key="rol"), scale=0)
    AnswerFactory(response=response, question=questionnaire.questions.get(key="visie"), scale=3)

    rows = {
        q.key: label for t in selectors.result_of(response).themes for q, _a, label in t.questions
    }

    assert rows == {
        "rol": "weet ik niet",
        "opdrachtgever": "",
        "visie": "3 – grotendeels",
        "cijfers": "",
        "raad": "",
    }


def test_the_theme_and_result_pages_keep_to_their_query_budget(
    questionnaire, bestuurder, client_for, django_assert_max_num_queries
):
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    for question in questionnaire.questions.all():
        AnswerFactory(response=response, question=question, scale=2, action_whom="de raad")
    client = client_for(bestuurder)
    theme = reverse("scan:theme", args=[response.uuid, 1])
    client.get(theme)  # remembers the theme; the next visit changes nothing

    # session, user, device; response, themes with progress, questions, answers
    with django_assert_max_num_queries(7):
        assert client.get(theme).status_code == 200
    # ... response, themes, questions, answers, shares, invitations, a later round
    with django_assert_max_num_queries(10):
        assert client.get(reverse("scan:result", args=[response.uuid])).status_code == 200


def test_the_session_page_checks_access_and_management_in_one_query(
    region, projectleider, bestuurder, client_for, django_assert_num_queries
):
    session = ScanSessionFactory(region=region)
    SessionInvitationFactory(session=session, user=bestuurder)
    url = reverse("scan:session_detail", args=[session.uuid])
    outsider = MembershipFactory(wethouder=True).user

    leader_page = client_for(projectleider).get(url)
    invited_page = client_for(bestuurder).get(url)

    assert leader_page.context["can_manage"] is True
    assert invited_page.context["can_manage"] is False
    assert client_for(outsider).get(url).status_code == 404
    assert (
        client_for(projectleider).get(reverse("scan:session_edit", args=[session.uuid])).status_code
        == 200
    )
    assert (
        client_for(bestuurder).get(reverse("scan:session_edit", args=[session.uuid])).status_code
        == 403
    )
    with django_assert_num_queries(1):
        assert selectors.get_session_for(projectleider, session.uuid).can_manage
    with django_assert_num_queries(1):
        assert not selectors.get_session_for(bestuurder, session.uuid).can_manage


def test_the_result_charts_value_is_written_the_dutch_way_like_its_table(
    questionnaire, bestuurder, client_for
):
    # Theme 2: 2 and 3 give an average of 2.5, which the table beside the chart shows as "2,5".
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    AnswerFactory(response=response, question=questionnaire.questions.get(key="visie"), scale=2)
    AnswerFactory(response=response, question=questionnaire.questions.get(key="cijfers"), scale=3)

    html = client_for(bestuurder).get(reverse("scan:result", args=[response.uuid])).content
    chart = html.decode().split("<svg", 1)[1].split("</svg>", 1)[0]

    assert ">2,5</text>" in chart
    assert ">2.5</text>" not in chart
    # The coordinates stay numbers an SVG reader understands.
    assert re.search(
        r'<rect x="0" y="[0-9.]+" width="[0-9]+\.[0-9]+" height="16" fill="#154273"', chart
    )


def test_the_theme_buttons_say_they_save_and_name_the_theme_in_correct_dutch(
    questionnaire, bestuurder, client_for
):
    # "het thema": "vorig thema", "volgend thema"; every button of the page saves.
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    html = client_for(bestuurder).get(reverse("scan:theme", args=[response.uuid, 2])).text

    assert 'value="vorige" class="btn btn-outline-primary">Opslaan en vorig thema</button>' in html
    assert 'value="volgende" class="btn btn-primary">Opslaan en volgend thema</button>' in html
    assert "Vorige thema" not in html
    assert "volgende thema" not in html


def test_the_result_actions_table_scrolls_in_its_own_box_on_a_narrow_screen(
    questionnaire, bestuurder, client_for
):
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    AnswerFactory(
        response=response,
        question=questionnaire.questions.get(key="raad"),
        scale=2,
        action_question="Wat vraagt de raad?",
    )
    html = client_for(bestuurder).get(reverse("scan:result", args=[response.uuid])).text

    assert re.search(
        r'<div class="table-scroll"[^>]*>\s*<table class="table">\s*<caption[^>]*>Mijn acties', html
    )
