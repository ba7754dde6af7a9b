import re

from scan import reference
from scan.models import Question, Questionnaire, Theme
from tests.scan.factories import QuestionFactory, ResponseFactory

SUMMARY = re.compile(r"^.+: \d+ nieuw, \d+ bijgewerkt, \d+ verwijderd$")


def test_loader_creates_the_shipped_content_and_reports_it(db):
    lines = list(reference.load())

    assert all(SUMMARY.match(line) for line in lines)
    assert "B&W-scan vragen: 40 nieuw, 0 bijgewerkt, 0 verwijderd" in lines
    questionnaire = Questionnaire.objects.current()
    assert questionnaire.is_published
    assert questionnaire.themes.count() >= 8
    assert questionnaire.questions.count() >= 30
    assert not questionnaire.questions.filter(source="").exists()


def test_a_second_run_reports_no_changes(db):
    list(reference.load())

    lines = list(reference.load())

    assert lines == [
        "B&W-scan versies: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "B&W-scan thema's: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "B&W-scan vragen: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
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

    assert "B&W-scan vragen: 0 nieuw, 1 bijgewerkt, 0 verwijderd" in lines
    assert Question.objects.get(key="raad-geinformeerd").text != "Oude tekst"


def test_loader_never_modifies_a_frozen_version(db):
    list(reference.load())
    questionnaire = Questionnaire.objects.current()
    ResponseFactory(questionnaire=questionnaire)
    Question.objects.filter(key="raad-geinformeerd").update(text="Tekst die een scan gebruikt")
    Theme.objects.filter(key="gemeenteraad").update(title="Thema dat een scan gebruikt")

    lines = list(reference.load())

    assert lines[-1] == "B&W-scan vragen: 0 nieuw, 0 bijgewerkt, 0 verwijderd"
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
    assert counts["versions"].counts == (1, 0, 0)
    assert new.questions.get(key="eigen-rol-helder").text == "Een nieuwe formulering?"
    assert old.questions.get(key="eigen-rol-helder").text != "Een nieuwe formulering?"


# --- The shipped file changed: the version nobody answered follows it -----------------------


def theme_of(data: dict, key: str) -> dict:
    return next(theme for theme in data["themes"] if theme["key"] == key)


def take_question(data: dict, key: str) -> dict:
    for theme in data["themes"]:
        for question in theme["questions"]:
            if question["key"] == key:
                theme["questions"].remove(question)
                return question
    raise KeyError(key)


def test_a_question_removed_from_the_file_is_removed_from_an_unanswered_version(db):
    list(reference.load())
    data = reference.read_data()
    take_question(data, "raad-verwachtingen")

    counts = reference.load_questionnaire(data)
    again = reference.load_questionnaire(data)

    assert not Question.objects.filter(key="raad-verwachtingen").exists()
    assert counts["questions"].counts == (0, 1, 1)  # raad-regionaal moved up
    assert all(count.counts == (0, 0, 0) for count in again.values())


def test_a_question_moved_to_another_theme_is_moved_not_copied(db):
    list(reference.load())
    question = Question.objects.get(key="raad-verwachtingen")
    data = reference.read_data()
    theme_of(data, "eigen-rol")["questions"].append(take_question(data, "raad-verwachtingen"))

    reference.load_questionnaire(data)

    moved = Question.objects.filter(key="raad-verwachtingen")
    assert list(moved.values_list("pk", "theme__key")) == [(question.pk, "eigen-rol")]


def test_a_theme_removed_from_the_file_goes_with_its_questions_and_a_moved_question_stays(db):
    list(reference.load())
    kept = Question.objects.get(key="raad-geinformeerd")
    data = reference.read_data()
    theme_of(data, "preventie")["questions"].append(take_question(data, "raad-geinformeerd"))
    data["themes"].remove(theme_of(data, "gemeenteraad"))

    counts = reference.load_questionnaire(data)

    assert not Theme.objects.filter(key="gemeenteraad").exists()
    assert not Question.objects.filter(key__in=["raad-verwachtingen", "raad-regionaal"]).exists()
    assert Question.objects.get(pk=kept.pk).theme.key == "preventie"
    assert (counts["themes"].removed, counts["questions"].removed) == (1, 2)
    assert list(counts["themes"].lines()) == [
        "B&W-scan thema's: 0 nieuw, 1 bijgewerkt, 1 verwijderd"
    ]


def test_a_question_the_beheerder_added_to_the_shipped_version_stays(db):
    list(reference.load())
    theme = Theme.objects.get(key="gemeenteraad")
    own = QuestionFactory(theme=theme, key="eigen-vraag", text="Een eigen vraag?")

    lines = list(reference.load())

    assert Question.objects.filter(pk=own.pk, text="Een eigen vraag?").exists()
    assert "B&W-scan vragen: 0 nieuw, 0 bijgewerkt, 0 verwijderd" in lines


def test_an_answered_version_is_left_as_it_was_and_the_loader_says_the_file_was_not_loaded(db):
    list(reference.load())
    ResponseFactory(questionnaire=Questionnaire.objects.current())
    data = reference.read_data()
    take_question(data, "raad-verwachtingen")

    counts = reference.load_questionnaire(data)

    assert Question.objects.filter(key="raad-verwachtingen").exists()
    assert all(count.counts == (0, 0, 0) for count in counts.values())
    assert list(counts["versions"].lines())[1:] == [
        "B&W-scan versie 1 (versie 1 in scan/data/questionnaire.json) is al ingevuld en blijft "
        "zoals hij is: de wijzigingen in het bestand zijn niet geladen. Verhoog shipped_version "
        "in het bestand om ze als nieuwe versie te laden."
    ]


def test_an_answered_version_that_matches_the_file_gives_no_warning(db):
    list(reference.load())
    ResponseFactory(questionnaire=Questionnaire.objects.current())

    assert list(reference.load()) == [
        "B&W-scan versies: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "B&W-scan thema's: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "B&W-scan vragen: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
    ]


def test_an_answered_version_loaded_before_rows_were_marked_as_shipped_gives_no_warning(db):
    list(reference.load())
    Theme.objects.update(shipped=False)
    Question.objects.update(shipped=False)
    ResponseFactory(questionnaire=Questionnaire.objects.current())

    assert all(line.endswith(": 0 nieuw, 0 bijgewerkt, 0 verwijderd") for line in reference.load())
    assert not Question.objects.filter(shipped=True).exists()
