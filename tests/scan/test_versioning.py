"""Versions: a new version never changes old responses; answered versions are read-only."""

from django.urls import reverse
from django.utils import timezone

from scan import services
from scan.constants import ResponseStatus
from scan.models import Question, Questionnaire, Response
from scan.selectors import result_of

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory


def test_copy_makes_an_unpublished_draft_with_the_same_questions(questionnaire):
    draft = services.copy_questionnaire(questionnaire=questionnaire)

    assert draft.version == questionnaire.version + 1
    assert not draft.is_published
    assert draft.questions.count() == questionnaire.questions.count()
    assert set(draft.questions.values_list("key", flat=True)) == set(
        questionnaire.questions.values_list("key", flat=True)
    )
    assert Questionnaire.objects.current() == questionnaire


def test_a_new_version_does_not_change_old_responses(questionnaire, bestuurder, client_for, region):
    old = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    rol = questionnaire.questions.get(key="rol")
    AnswerFactory(response=old, question=rol, scale=3)
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    draft.questions.filter(key="rol").update(text="Een heel nieuwe vraag?")
    services.publish_questionnaire(questionnaire=draft)

    assert Questionnaire.objects.current() == draft
    texts = [q.text for t in result_of(old).themes for q, *_ in t.questions]
    assert "Ken ik mijn eigen rol?" in texts
    assert "Een heel nieuwe vraag?" not in texts
    page = client_for(bestuurder).get(reverse("scan:theme", args=[old.uuid, 1]))
    assert "Ken ik mijn eigen rol?" in page.content.decode()


def test_new_responses_use_the_newly_published_version(questionnaire, bestuurder, client_for):
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    services.publish_questionnaire(questionnaire=draft)

    client_for(bestuurder).post(reverse("scan:start"))

    assert Response.objects.get().questionnaire == draft


def test_a_new_round_moves_to_the_current_version_and_keeps_answers_by_key(
    questionnaire, bestuurder, region
):
    old = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    AnswerFactory(response=old, question=questionnaire.questions.get(key="rol"), scale=2)
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    services.publish_questionnaire(questionnaire=draft)
    # region membership needed for a new round
    new = services.start_new_round(previous=old)

    assert new.questionnaire == draft
    assert new.answers.get().question == draft.questions.get(key="rol")
    assert old.answers.get().question.questionnaire == questionnaire


def test_an_answered_version_is_read_only_in_the_admin(questionnaire, beheerder, client_for):
    ResponseFactory(questionnaire=questionnaire)
    question = questionnaire.questions.get(key="rol")
    client = client_for(beheerder)
    url = reverse("admin:scan_question_change", args=[question.pk])

    page = client.get(url)
    changed = client.post(url, {"text": "Gewijzigd", "theme": question.theme_id})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert changed.status_code == 403
    question.refresh_from_db()
    assert question.text == "Ken ik mijn eigen rol?"


def test_an_unanswered_draft_can_be_edited_in_the_admin(questionnaire, beheerder, client_for):
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    question = draft.questions.get(key="rol")
    url = reverse("admin:scan_question_change", args=[question.pk])

    page = client_for(beheerder).get(url)

    assert 'name="_save"' in page.content.decode()


def test_admin_action_makes_a_new_version(questionnaire, beheerder, client_for):
    ResponseFactory(questionnaire=questionnaire)

    client_for(beheerder).post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "make_new_version", "_selected_action": [questionnaire.pk]},
    )

    draft = Questionnaire.objects.get(version=questionnaire.version + 1)
    assert not draft.is_published
    assert Question.objects.filter(questionnaire=draft).count() == 6


def test_admin_action_publishes_a_draft(questionnaire, beheerder, client_for):
    draft = services.copy_questionnaire(questionnaire=questionnaire)

    client_for(beheerder).post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert Questionnaire.objects.current() == draft


def test_admin_refuses_a_duplicate_question_key_with_an_error(questionnaire, beheerder, client_for):
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    theme = draft.themes.get(key="thema-1")

    page = client_for(beheerder).post(
        reverse("admin:scan_question_add"),
        {
            "theme": theme.pk,
            "order": 9,
            "key": "rol",
            "audience": "beide",
            "text": "Dubbele vraag?",
            "source": "Integrale sturing, GHNT 2020, §2A",
        },
    )

    assert page.status_code == 200
    assert "al gebruikt" in page.content.decode()
    assert draft.questions.filter(key="rol").count() == 1


def test_admin_adds_a_question_to_a_draft(questionnaire, beheerder, client_for):
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    theme = draft.themes.get(key="thema-1")

    page = client_for(beheerder).post(
        reverse("admin:scan_question_add"),
        {
            "theme": theme.pk,
            "order": 9,
            "key": "nieuw",
            "audience": "beide",
            "text": "Een nieuwe vraag?",
            "source": "Integrale sturing, GHNT 2020, §2A",
        },
    )

    assert page.status_code == 302
    assert draft.questions.get(key="nieuw").questionnaire == draft


def test_publishing_a_version_below_the_published_one_is_refused_and_says_why(
    questionnaire, beheerder, client_for
):
    """New scans use the highest published version: publishing an older draft would change
    nothing while the admin said it was published."""
    older = services.copy_questionnaire(questionnaire=questionnaire)
    newer = services.publish_questionnaire(
        questionnaire=services.copy_questionnaire(questionnaire=questionnaire)
    )

    response = client_for(beheerder).post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "publish", "_selected_action": [older.pk]},
        follow=True,
    )

    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        (
            "error",
            f"Versie {older.version} is niet gepubliceerd: nieuwe scans gebruiken de hoogste "
            f"gepubliceerde versie, en dat blijft versie {newer.version}. Maak een conceptkopie "
            "en publiceer die.",
        )
    ]
    older.refresh_from_db()
    assert not older.is_published
    assert Questionnaire.objects.current() == newer


def test_a_version_a_group_session_uses_is_read_only_in_the_admin(
    questionnaire, beheerder, client_for
):
    """The session's agenda shows the questions of its version, also before anyone shares."""
    ScanSessionFactory(questionnaire=questionnaire)
    question = questionnaire.questions.get(key="rol")

    response = client_for(beheerder).post(
        reverse("admin:scan_question_delete", args=[question.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert questionnaire.is_frozen
    assert Question.objects.filter(pk=question.pk).exists()


NEWER_VERSION_NOTE = (
    "Deze ronde gebruikt versie 1 van de vragen. Inmiddels is er een nieuwere versie: versie 2. "
    "Een nieuwe ronde gebruikt die versie."
)


def _pages(client, response) -> list[str]:
    """The scan's start page, the round's result page, a theme page and the page that
    completes the round, whitespace joined."""
    urls = [
        reverse("scan:index"),
        reverse("scan:result", args=[response.uuid]),
        reverse("scan:theme", args=[response.uuid, 2]),
        reverse("scan:complete", args=[response.uuid]),
    ]
    return [" ".join(client.get(url).content.decode().split()) for url in urls]


def test_a_round_in_progress_on_an_older_version_says_a_newer_one_exists(
    questionnaire, bestuurder, client_for, region
):
    """The bestuurder was not told that their unfinished round uses older questions."""
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    services.publish_questionnaire(
        questionnaire=services.copy_questionnaire(questionnaire=questionnaire)
    )

    pages = _pages(client_for(bestuurder), response)

    assert [NEWER_VERSION_NOTE in page for page in pages] == [True, True, True, True]


def test_no_note_on_the_current_version_a_newer_draft_or_a_completed_round(
    questionnaire, bestuurder, client_for, region
):
    client = client_for(bestuurder)
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    on_current = _pages(client, response)
    services.publish_questionnaire(questionnaire=draft)
    response.status = ResponseStatus.COMPLETED
    response.completed_at = timezone.now()
    response.save()

    completed = _pages(client, response)

    assert all("nieuwere versie" not in page for page in on_current + completed)
    # The start and result pages name the round's version (the note is not merely broken).
    assert all("versie 1" in page for page in on_current[:2] + completed[:2])


def _ranked_round(bestuurder, region, questionnaire, ranks: dict[str, int]) -> Response:
    """A completed round whose questions ``ranks`` (key -> place) are marked and ranked."""
    response = ResponseFactory(
        user=bestuurder,
        questionnaire=questionnaire,
        region=region,
        status=ResponseStatus.COMPLETED,
        completed_at=timezone.now(),
    )
    for key in ("rol", "visie", "cijfers", "raad"):
        AnswerFactory(
            response=response,
            question=questionnaire.questions.get(key=key),
            is_priority=key in ranks,
            priority_rank=ranks.get(key),
        )
    return response


def test_a_new_round_starts_with_the_ranks_of_the_previous_round_on_its_complete_page(
    questionnaire, bestuurder, region, client_for
):
    """QA: the new round copied each "markeer als prioriteit" but not its place, so its
    "afronden" page showed every priority as "geen"."""
    old = _ranked_round(bestuurder, region, questionnaire, {"visie": 1, "rol": 2, "raad": 3})

    new = services.start_new_round(previous=old)

    ranks = dict(new.answers.values_list("question__key", "priority_rank"))
    assert ranks == {"visie": 1, "rol": 2, "raad": 3, "cijfers": None}
    page = client_for(bestuurder).get(reverse("scan:complete", args=[new.uuid])).content.decode()
    for key, place in (("visie", 1), ("rol", 2), ("raad", 3)):
        field = page.split(f'name="rank_{new.answers.get(question__key=key).question_id}"')[1]
        assert f'<option value="{place}" selected>' in field.split("</select>")[0]


def test_a_new_round_on_a_newer_version_keeps_the_ranks_of_the_questions_it_still_has(
    questionnaire, bestuurder, region, client_for
):
    """A ranked question the new version dropped leaves its place free; no place is doubled."""
    old = _ranked_round(bestuurder, region, questionnaire, {"visie": 1, "rol": 2, "raad": 3})
    draft = services.copy_questionnaire(questionnaire=questionnaire)
    draft.questions.filter(key="visie").delete()
    services.publish_questionnaire(questionnaire=draft)

    new = services.start_new_round(previous=old)

    assert new.questionnaire == draft
    ranked = {
        a.question.key: (a.is_priority, a.priority_rank)
        for a in new.answers.select_related("question")
    }
    assert ranked == {"rol": (True, 2), "raad": (True, 3), "cijfers": (False, None)}
    assert all(a.question.questionnaire == draft for a in new.answers.select_related("question"))
    # The page as shown can be saved as it is: places 2 and 3, place 1 free.
    rol, raad = (draft.questions.get(key=key) for key in ("rol", "raad"))
    client = client_for(bestuurder)
    page = client.post(
        reverse("scan:complete", args=[new.uuid]), {f"rank_{rol.pk}": "2", f"rank_{raad.pk}": "3"}
    )
    assert page["Location"] == reverse("scan:result", args=[new.uuid])
    assert dict(new.answers.values_list("question__key", "priority_rank")) == {
        "rol": 2,
        "raad": 3,
        "cijfers": None,
    }
