"""The theme and result pages' precomputed parts match what Django and the database say: the
answer fields written out from AnswerForm.views, the one-query progress, and the result's own
progress count; and the pages' query budgets."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ghnt_portal.dates import written_date
from scan import selectors, services
from scan.constants import Audience, ResponseStatus, Scale
from scan.forms import AnswerForm
from tests.factories import MembershipFactory
from tests.pdf import pdf_text

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

    # session, user, device; response (and whether a newer version exists), themes with
    # progress, questions, answers
    with django_assert_max_num_queries(7):
        assert client.get(theme).status_code == 200
    # ... response, themes, questions, answers, shares, invitations, a later round, and for a
    # round not completed yet the current version (is there a newer one than the round's?)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("scan:result", args=[response.uuid])).status_code == 200


def test_the_theme_page_spends_one_query_on_the_newer_version_note_only_when_it_shows_it(
    questionnaire, bestuurder, client_for, django_assert_max_num_queries
):
    """On the current version (the common case) the page keeps its budget above: the response's
    own query tells there is nothing newer. On an older one, the newer version costs one."""
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    services.publish_questionnaire(
        questionnaire=services.copy_questionnaire(questionnaire=questionnaire)
    )
    client = client_for(bestuurder)
    theme = reverse("scan:theme", args=[response.uuid, 1])
    client.get(theme)

    with django_assert_max_num_queries(8):
        page = client.get(theme).text

    assert "Inmiddels is er een nieuwere versie: versie 2." in page


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

    # The box scrolls, so it takes keyboard focus and is named by the caption (WCAG 2.1.1).
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="actions-caption">'
        r'\s*<table class="table scan-actions">\s*<caption id="actions-caption">Mijn acties',
        html,
    )


def _pdf_lines(client, name, response) -> list[str]:
    download = client.get(reverse(name, args=[response.uuid]))
    assert download["Content-Type"] == "application/pdf"
    return [line.strip() for line in pdf_text(download.content).splitlines()]


def test_the_priorities_carry_no_list_number_that_contradicts_their_rank(
    questionnaire, bestuurder, client_for
):
    """Ranked 2 alone, beside a marked one: a numbered list showed "1. Prioriteit 2:" and
    "2. Gemarkeerd:", as if the marked one had a place. The page and both PDFs share the list."""
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    questions = {q.key: q for q in questionnaire.questions.all()}
    AnswerFactory(response=response, question=questions["rol"], is_priority=True, priority_rank=2)
    AnswerFactory(response=response, question=questions["visie"], is_priority=True)

    page = client_for(bestuurder).get(reverse("scan:result", args=[response.uuid])).text

    listed = page[page.index('class="scan-priorities"') - 4 :]
    listed = listed[: listed.index("</section>")]
    assert listed.startswith("<ul ")
    assert "<ol" not in listed
    assert [
        re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", listed, re.S)
    ] == [
        "<strong>Prioriteit 2:</strong> Ken ik mijn eigen rol? "
        f'<span class="muted">({questions["rol"].theme.title})</span>',
        "<span>Gemarkeerd:</span> Delen we een visie? "
        f'<span class="muted">({questions["visie"].theme.title})</span>',
    ]


@pytest.mark.parametrize("name", ["scan:result_pdf", "scan:council_pdf"])
def test_the_actions_table_in_the_pdfs_breaks_no_short_word(
    name, questionnaire, bestuurder, client_for
):
    """With a long reflection question in the last column, the automatic layout squeezed the
    other columns to "Wan-neer" and "pro-jectlei-der"."""
    question = questionnaire.questions.get(key="rol")
    question.text = "Ik weet in welke overleggen in onze regio over huiselijk geweld " * 3
    question.save()
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    AnswerFactory(
        response=response,
        question=question,
        action_question="Kun je een plaat maken van alle overleggen?",
        action_whom="projectleider",
        action_due=datetime.date(2027, 2, 5),
    )

    text = "\n".join(_pdf_lines(client_for(bestuurder), name, response))

    assert "Wanneer" in text
    assert "projectleider" in text
    assert "februari" in text


def _second_round(questionnaire, bestuurder):
    """A round 2 whose previous round answered the same question: the result compares them."""
    question = questionnaire.questions.get(key="rol")
    first = ResponseFactory(
        user=bestuurder, questionnaire=questionnaire, function="wethouder", round=1
    )
    AnswerFactory(response=first, question=question, scale=2)
    second = ResponseFactory(
        user=bestuurder,
        questionnaire=questionnaire,
        function="wethouder",
        round=2,
        previous=first,
    )
    AnswerFactory(response=second, question=question, scale=4)
    return second


def test_the_result_theme_table_scrolls_in_its_own_box_on_a_narrow_screen(
    questionnaire, bestuurder, client_for
):
    """With the previous round's columns the table is four columns wide: at 320 px it made the
    whole result page scroll sideways (WCAG 1.4.10)."""
    response = _second_round(questionnaire, bestuurder)

    html = client_for(bestuurder).get(reverse("scan:result", args=[response.uuid])).text

    assert "Vorige ronde" in html
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" '
        r'aria-labelledby="theme-table-caption">\s*<table class="table scan-summary-table">'
        r'\s*<caption id="theme-table-caption">Gemiddelde positie per thema',
        html,
    )


def test_the_result_pdf_says_what_the_grey_bars_of_the_previous_round_are(
    questionnaire, bestuurder, client_for
):
    """The page explained the chart's two bars; the PDF showed them without a word."""
    response = _second_round(questionnaire, bestuurder)
    client = client_for(bestuurder)

    text = " ".join(_pdf_lines(client, "scan:result_pdf", response))
    first = " ".join(_pdf_lines(client, "scan:result_pdf", response.previous))

    assert "de grijze smalle balk de vorige ronde" in text
    assert "grijze" not in first  # a first round has no previous round's bars to explain


def test_the_council_note_says_so_when_reflections_were_asked_for_but_none_were_written(
    questionnaire, bestuurder, client_for
):
    """The heading "Mijn reflecties" stood alone at the bottom of the note, as if text was lost."""
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, function="wethouder")
    AnswerFactory(response=response, question=questionnaire.questions.get(key="rol"), scale=3)
    client = client_for(bestuurder)
    url = reverse("scan:council_pdf", args=[response.uuid]) + "?reflecties=1"

    text = pdf_text(client.get(url).content)

    assert "Mijn reflecties" in text
    assert "Geen reflecties vastgelegd." in text


@pytest.mark.parametrize("name", ["scan:result_pdf", "scan:council_pdf"])
def test_the_pdfs_say_on_which_day_the_round_was_completed(
    name, questionnaire, bestuurder, client_for
):
    """A PDF printed weeks later showed only the day it was printed, not when the scan was done.
    Half past midnight in Amsterdam is still the evening before in UTC: the local day counts."""
    completed_at = datetime.datetime(2027, 2, 3, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    response = ResponseFactory(
        user=bestuurder,
        questionnaire=questionnaire,
        status=ResponseStatus.COMPLETED,
        completed_at=completed_at,
    )
    AnswerFactory(response=response, question=questionnaire.questions.get(key="rol"), scale=3)

    text = " ".join(_pdf_lines(client_for(bestuurder), name, response))

    assert "Afgerond op 3 februari 2027" in text
    if name == "scan:result_pdf":  # and the day it was made is named as such, not "Datum"
        assert f"Gemaakt op {written_date(timezone.localdate())}" in text


@pytest.mark.parametrize("name", ["scan:result_pdf", "scan:council_pdf"])
def test_a_pdf_downloaded_before_completing_is_not_served_again_after(
    name, questionnaire, bestuurder, client_for
):
    """The PDF cache is keyed by the response's row, completion time included."""
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire)
    AnswerFactory(response=response, question=questionnaire.questions.get(key="rol"), scale=3)
    client = client_for(bestuurder)
    before = " ".join(_pdf_lines(client, name, response))

    services.complete_response(response=response, ranks={})
    after = " ".join(_pdf_lines(client, name, response))

    assert "Afgerond op" not in before
    assert f"Afgerond op {written_date(timezone.localdate())}" in after


def test_the_result_pdf_is_dated_with_the_day_in_amsterdam(
    questionnaire, bestuurder, client_for, monkeypatch
):
    """Between 23:00 and midnight UTC it is already the next day in Amsterdam: the PDF printed
    the server's (UTC) day."""
    amsterdam_day = datetime.date(2027, 2, 3)
    monkeypatch.setattr(
        "scan.views.timezone.localdate",
        lambda value=None: timezone.localtime(value).date() if value else amsterdam_day,
    )
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire)
    AnswerFactory(response=response, question=questionnaire.questions.get(key="rol"), scale=3)

    text = " ".join(_pdf_lines(client_for(bestuurder), "scan:result_pdf", response))

    assert "Gemaakt op 3 februari 2027" in text
