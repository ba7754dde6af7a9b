"""ghnt_portal.versioning: the shared versioned-content model, the frozen guard, copy-as-draft and
publish, exercised on both versioned apps (scan questionnaires and governance checklists)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ghnt_portal import versioning
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistSection, ChecklistVersion
from scan.models import Question, Questionnaire, Theme
from tests.governance.factories import (
    AssessmentFactory,
    ChecklistItemFactory,
    ChecklistSectionFactory,
    ChecklistVersionFactory,
)
from tests.scan.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ThemeFactory,
)


@pytest.fixture
def questionnaire(db):
    """Version 1 with two themes; the second theme has two questions, the first one."""
    questionnaire = QuestionnaireFactory(version=1, introduction="Inleiding.")
    first = ThemeFactory(questionnaire=questionnaire, key="eerste", order=1)
    second = ThemeFactory(questionnaire=questionnaire, key="tweede", order=2)
    QuestionFactory(theme=second, key="b", order=1)
    QuestionFactory(theme=first, key="a", order=1)
    QuestionFactory(theme=second, key="c", order=2)
    return questionnaire


@pytest.fixture
def checklist(db):
    """Version 1 with two sections of two items each."""
    version = ChecklistVersionFactory(number=1, source="GHNT 2020")
    for code in ("2A", "3D"):
        section = ChecklistSectionFactory(version=version, code=code)
        ChecklistItemFactory(section=section, code=f"{code}-1")
        ChecklistItemFactory(section=section, code=f"{code}-2")
    return version


def _values(obj, *, without: tuple[str, ...] = ()) -> dict:
    """Every stored value of ``obj`` except its key and the foreign keys named in ``without``."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in without
    }


# --- The frozen guard ----------------------------------------------------------------------


def test_a_version_nobody_answered_and_its_content_are_not_frozen(questionnaire, checklist):
    question = questionnaire.questions.first()
    item = ChecklistItem.objects.filter(section__version=checklist).first()

    assert not versioning.is_frozen(questionnaire)
    assert not versioning.is_frozen(question.theme)
    assert not versioning.is_frozen(question)
    assert not versioning.is_frozen(checklist)
    assert not versioning.is_frozen(item.section)
    assert not versioning.is_frozen(item)
    assert not versioning.is_frozen(None)
    assert not Questionnaire(version=9).is_frozen


def test_an_answered_questionnaire_freezes_itself_its_themes_and_questions(questionnaire):
    ResponseFactory(questionnaire=questionnaire)
    other = QuestionnaireFactory(version=2)

    assert versioning.is_frozen(questionnaire)
    assert all(versioning.is_frozen(theme) for theme in questionnaire.themes.all())
    assert all(versioning.is_frozen(question) for question in questionnaire.questions.all())
    assert not versioning.is_frozen(other)


def test_a_checklist_used_by_an_assessment_freezes_its_sections_and_items(checklist):
    AssessmentFactory(version=checklist)

    assert versioning.is_frozen(checklist)
    assert all(versioning.is_frozen(section) for section in checklist.sections.all())
    items = ChecklistItem.objects.filter(section__version=checklist)
    assert all(versioning.is_frozen(item) for item in items)


def test_the_content_of_an_answered_questionnaire_refuses_changes_and_deletion(questionnaire):
    ResponseFactory(questionnaire=questionnaire)
    question = Question.objects.get(key="b")
    question.text = "Andere tekst"

    with pytest.raises(versioning.FrozenContentError):
        question.save()
    with pytest.raises(versioning.FrozenContentError), transaction.atomic():
        question.theme.delete()
    assert Question.objects.get(key="b").text != "Andere tekst"
    assert questionnaire.themes.count() == 2


def test_a_checklist_in_use_refuses_a_new_item_and_a_moved_one(checklist):
    AssessmentFactory(version=checklist)
    section = checklist.sections.get(code="2A")
    draft = ChecklistVersionFactory(number=2)
    draft_section = ChecklistSectionFactory(version=draft, code="2A")

    with pytest.raises(versioning.FrozenContentError):
        ChecklistItemFactory(section=section, code="2A-9")
    moved = ChecklistItem.objects.get(code="2A-1", section=section)
    moved.section = draft_section
    with pytest.raises(versioning.FrozenContentError):
        moved.save()
    assert ChecklistItem.objects.filter(section=section).count() == 2


def test_the_content_of_a_draft_can_be_changed_and_deleted(checklist):
    item = ChecklistItem.objects.get(code="3D-2")
    item.title = "Nieuwe titel"
    item.save()
    item.section.delete()

    assert not ChecklistItem.objects.filter(code__startswith="3D").exists()


def test_version_of_finds_the_version_of_any_piece_of_content(questionnaire, checklist):
    question = Question.objects.get(key="b")
    item = ChecklistItem.objects.get(code="3D-2")

    assert versioning.version_of(question) == questionnaire
    assert versioning.version_of(question.theme) == questionnaire
    assert versioning.version_of(item) == checklist
    assert versioning.version_of(checklist) == checklist


def test_editable_leaves_out_answered_versions_and_their_content_once(questionnaire, checklist):
    ResponseFactory(questionnaire=questionnaire)
    ResponseFactory(questionnaire=questionnaire)  # two answers: still no duplicate rows
    draft = versioning.copy_as_draft(questionnaire, title="Concept")
    AssessmentFactory(version=checklist)
    checklist_draft = versioning.copy_as_draft(checklist, title="Concept")

    assert list(versioning.editable(Questionnaire.objects.all())) == [draft]
    assert set(versioning.editable(Theme.objects.all())) == set(draft.themes.all())
    assert versioning.editable(Question.objects.all()).count() == 3
    assert set(versioning.editable(ChecklistSection.objects.all())) == set(
        checklist_draft.sections.all()
    )
    assert versioning.editable(ChecklistItem.objects.all()).count() == 4


def test_other_models_are_no_versioned_content():
    assert versioning.content_owner(ChecklistVersion) is None
    assert versioning.content_owner(Theme) == (Questionnaire, "questionnaire")
    assert versioning.content_owner(ChecklistItem) == (ChecklistVersion, "section__version")


# --- Current version -----------------------------------------------------------------------


def test_current_is_the_highest_published_version_not_a_newer_draft(questionnaire, checklist):
    QuestionnaireFactory(version=2, is_published=True)
    QuestionnaireFactory(version=3, is_published=False)
    ChecklistVersionFactory(number=2, status=VersionStatus.DRAFT)

    assert Questionnaire.objects.current().version == 2
    assert ChecklistVersion.objects.current() == checklist


# --- Copy as draft -------------------------------------------------------------------------


def test_a_draft_is_numbered_after_the_highest_version_not_after_its_source(questionnaire):
    QuestionnaireFactory(version=7)

    draft = versioning.copy_as_draft(questionnaire, title="Concept")

    assert draft.version == 8
    assert draft.title == "Concept"
    assert not draft.is_published


def test_a_draft_holds_a_copy_of_every_theme_and_question_with_all_their_values(questionnaire):
    draft = versioning.copy_as_draft(questionnaire, title="Concept")

    for theme in questionnaire.themes.all():
        copy = draft.themes.get(key=theme.key)
        assert copy.pk != theme.pk
        assert _values(copy, without=("questionnaire",)) == _values(
            theme, without=("questionnaire",)
        )
    for question in questionnaire.questions.all():
        copy = draft.questions.get(key=question.key)
        assert copy.pk != question.pk
        # Both foreign keys point into the draft: the theme and the denormalised questionnaire.
        assert copy.theme.questionnaire == draft
        assert copy.theme.key == question.theme.key
        assert _values(copy, without=("questionnaire", "theme")) == _values(
            question, without=("questionnaire", "theme")
        )


def test_a_draft_of_a_checklist_copies_its_sections_and_items_into_the_draft(checklist):
    draft = versioning.copy_as_draft(checklist, title="Concept", based_on=checklist)

    copies = ChecklistItem.objects.filter(section__version=draft).select_related("section")
    originals = ChecklistItem.objects.filter(section__version=checklist).select_related("section")
    assert sorted((i.section.code, i.code) for i in copies) == sorted(
        (i.section.code, i.code) for i in originals
    )
    for item in originals:
        copy = copies.get(code=item.code)
        assert copy.section.version == draft
        assert copy.section.code == item.section.code
        assert _values(copy, without=("section",)) == _values(item, without=("section",))
    assert draft.number == 2
    assert draft.based_on == checklist
    assert draft.status == VersionStatus.DRAFT


def test_copying_leaves_the_source_version_as_it_was(questionnaire):
    before = {q.pk: _values(q) for q in questionnaire.questions.all()}

    versioning.copy_as_draft(questionnaire, title="Concept")

    assert {q.pk: _values(q) for q in questionnaire.questions.all()} == before
    assert Theme.objects.filter(questionnaire=questionnaire).count() == 2


def test_copying_a_frozen_version_is_allowed(questionnaire):
    ResponseFactory(questionnaire=questionnaire)

    draft = versioning.copy_as_draft(questionnaire, title="Concept")

    assert not draft.is_frozen
    assert draft.questions.count() == 3


def test_an_invalid_draft_is_refused_and_nothing_is_saved(questionnaire):
    with pytest.raises(ValidationError):
        versioning.copy_as_draft(questionnaire, title="x" * 201)

    assert Questionnaire.objects.count() == 1
    assert Theme.objects.count() == 2


# --- Publish -------------------------------------------------------------------------------


def test_publishing_saves_the_given_fields(questionnaire):
    draft = versioning.copy_as_draft(questionnaire, title="Concept")

    versioning.publish(draft, empty_error="leeg", is_published=True)

    draft.refresh_from_db()
    assert draft.is_published
    assert Questionnaire.objects.current() == draft


def test_a_version_without_content_at_its_deepest_level_cannot_be_published(db):
    questionnaire = QuestionnaireFactory(is_published=False)
    ThemeFactory(questionnaire=questionnaire)  # a theme, but no questions
    version = ChecklistVersionFactory(status=VersionStatus.DRAFT)
    ChecklistSectionFactory(version=version)  # a section, but no items

    with pytest.raises(ValidationError, match="Geen vragen"):
        versioning.publish(questionnaire, empty_error="Geen vragen", is_published=True)
    with pytest.raises(ValidationError, match="Geen punten"):
        versioning.publish(version, empty_error="Geen punten", status=VersionStatus.PUBLISHED)

    questionnaire.refresh_from_db()
    version.refresh_from_db()
    assert not questionnaire.is_published
    assert version.status == VersionStatus.DRAFT
