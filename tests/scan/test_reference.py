import re

from scan import reference
from scan.models import Question, Questionnaire, Theme
from tests.scan.factories import ResponseFactory

SUMMARY = re.compile(r"^.+: \d+ nieuw, \d+ bijgewerkt$")


def test_loader_creates_the_shipped_content_and_reports_it(db):
    lines = list(reference.load())

    assert all(SUMMARY.match(line) for line in lines)
    assert "B&W-scan vragen: 40 nieuw, 0 bijgewerkt" in lines
    questionnaire = Questionnaire.objects.current()
    assert questionnaire.is_published
    assert questionnaire.themes.count() >= 8
    assert questionnaire.questions.count() >= 30
    assert not questionnaire.questions.filter(source="").exists()


def test_a_second_run_reports_no_changes(db):
    list(reference.load())

    lines = list(reference.load())

    assert lines == [
        "B&W-scan versies: 0 nieuw, 0 bijgewerkt",
        "B&W-scan thema's: 0 nieuw, 0 bijgewerkt",
        "B&W-scan vragen: 0 nieuw, 0 bijgewerkt",
    ]


def test_every_question_has_one_to_three_deepening_questions_or_none(db):
    list(reference.load())

    for question in Question.objects.all():
        assert len(question.deepening_list) <= 3
        assert question.audience in {"beide", "burgemeester", "wethouder"}


def test_loader_updates_an_unanswered_version(db):
    list(reference.load())
    Question.objects.filter(key="raad-geinformeerd").update(text="Oude tekst")

    lines = list(reference.load())

    assert "B&W-scan vragen: 0 nieuw, 1 bijgewerkt" in lines
    assert Question.objects.get(key="raad-geinformeerd").text != "Oude tekst"


def test_loader_never_modifies_a_frozen_version(db):
    list(reference.load())
    questionnaire = Questionnaire.objects.current()
    ResponseFactory(questionnaire=questionnaire)
    Question.objects.filter(key="raad-geinformeerd").update(text="Tekst die een scan gebruikt")
    Theme.objects.filter(key="gemeenteraad").update(title="Thema dat een scan gebruikt")

    lines = list(reference.load())

    assert lines[-1] == "B&W-scan vragen: 0 nieuw, 0 bijgewerkt"
    assert Question.objects.get(key="raad-geinformeerd").text == "Tekst die een scan gebruikt"


def test_a_new_shipped_version_becomes_current_and_leaves_the_old_one(db):
    list(reference.load())
    old = Questionnaire.objects.current()
    ResponseFactory(questionnaire=old)
    data = reference.read_data()
    data["shipped_version"] = 2
    data["themes"][0]["questions"][0]["text"] = "Een nieuwe formulering?"

    counts = reference.load_questionnaire(data)

    new = Questionnaire.objects.current()
    assert new != old
    assert counts["versions"] == [1, 0]
    assert new.questions.get(key="eigen-rol-helder").text == "Een nieuwe formulering?"
    assert old.questions.get(key="eigen-rol-helder").text != "Een nieuwe formulering?"
