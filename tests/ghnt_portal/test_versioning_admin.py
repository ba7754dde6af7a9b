"""ghnt_portal.versioning_admin in the admin of both versioned apps: answered versions and their
content are read-only, new content only goes into unanswered versions, and the copy and publish
actions say what they did in Dutch."""

import pytest
from django.urls import reverse

from ghnt_portal import versioning
from ghnt_portal.versioning_admin import PUBLISHED_HELP, SHIPPED_HELP
from governance import reference as governance_reference
from governance import services
from governance.admin import FROZEN_HELP
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistSection, ChecklistVersion
from scan import reference as scan_reference
from scan.models import Question, Questionnaire
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import UserFactory
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
    ScanSessionFactory,
    ThemeFactory,
)


@pytest.fixture
def admin_client(client_for, beheerder):
    return client_for(beheerder)


def _messages(response) -> list[tuple[str, str]]:
    """The messages shown on the page (requests are made with follow=True)."""
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def _checklist(number: int, status=VersionStatus.PUBLISHED) -> ChecklistVersion:
    version = ChecklistVersionFactory(number=number, status=status)
    ChecklistItemFactory(section=ChecklistSectionFactory(version=version))
    return version


def test_an_answered_questionnaire_cannot_be_changed_or_deleted(admin_client):
    question = QuestionFactory()
    questionnaire = question.questionnaire
    ResponseFactory(questionnaire=questionnaire)
    change = reverse("admin:scan_questionnaire_change", args=[questionnaire.pk])

    page = admin_client.get(change)
    theme_page = admin_client.get(reverse("admin:scan_theme_change", args=[question.theme_id]))
    posted = admin_client.post(change, {"version": 99, "title": "Gewijzigd"})
    deleted = admin_client.post(
        reverse("admin:scan_theme_delete", args=[question.theme_id]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="themes-0-title"' not in page.content.decode()
    assert 'name="questions-0-text"' not in theme_page.content.decode()
    assert posted.status_code == 403
    assert deleted.status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.version != 99
    assert questionnaire.themes.count() == 1


def test_a_checklist_in_use_shows_its_sections_read_only_and_no_way_to_add_one(admin_client):
    version = _checklist(1, status=VersionStatus.DRAFT)
    url = reverse("admin:governance_checklistversion_change", args=[version.pk])
    unused = admin_client.get(url).content.decode()
    AssessmentFactory(version=version)

    used = admin_client.get(url)

    # Neither the existing sections nor the template for another one are editable.
    for name in ('name="sections-0-title"', 'name="sections-__prefix__-title"'):
        assert name in unused
        assert name not in used.content.decode()
    assert ("warning", str(FROZEN_HELP)) in _messages(used)


def test_a_new_section_only_goes_into_a_checklist_nobody_uses(admin_client):
    used = _checklist(1)
    AssessmentFactory(version=used)
    draft = _checklist(2, status=VersionStatus.DRAFT)
    url = reverse("admin:governance_checklistsection_add")
    fields = {"code": "9Z", "title": "Nieuw onderdeel", "intro": "", "order": 1}
    fields |= {"items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0}

    refused = admin_client.post(url, {**fields, "version": used.pk})
    added = admin_client.post(url, {**fields, "version": draft.pk})

    assert refused.status_code == 200
    assert "version" in refused.context["adminform"].form.errors
    assert added.status_code == 302
    assert list(ChecklistSection.objects.filter(code="9Z").values_list("version", flat=True)) == [
        draft.pk
    ]


def test_the_copy_action_names_the_new_draft_in_each_app(admin_client):
    questionnaire = QuestionFactory().questionnaire
    version = _checklist(1)

    scan = admin_client.post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "make_new_version", "_selected_action": [questionnaire.pk]},
        follow=True,
    )
    governance = admin_client.post(
        reverse("admin:governance_checklistversion_changelist"),
        {"action": "make_draft_copy", "_selected_action": [version.pk]},
        follow=True,
    )

    draft = Questionnaire.objects.get(version=questionnaire.version + 1)
    assert _messages(scan) == [("success", f"Versie {draft.version} aangemaakt als concept.")]
    assert _messages(governance) == [("success", "Conceptversie 2 gemaakt op basis van versie 1.")]


def test_the_scan_publishes_several_versions_at_once_and_reports_each(admin_client):
    first = QuestionFactory(theme__questionnaire__is_published=False).questionnaire
    empty = QuestionnaireFactory(is_published=False)

    response = admin_client.post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "publish", "_selected_action": [first.pk, empty.pk]},
        follow=True,
    )

    assert sorted(_messages(response)) == [
        ("error", "Een versie zonder vragen kan niet gepubliceerd worden."),
        ("success", f"Versie {first.version} is gepubliceerd."),
    ]
    assert list(Questionnaire.objects.published()) == [first]


def test_the_checklist_publishes_exactly_one_version_at_a_time(admin_client):
    old = _checklist(1)
    drafts = [_checklist(n, status=VersionStatus.DRAFT) for n in (2, 3)]
    url = reverse("admin:governance_checklistversion_changelist")

    refused = admin_client.post(
        url, {"action": "publish", "_selected_action": [d.pk for d in drafts]}, follow=True
    )
    published = admin_client.post(
        url, {"action": "publish", "_selected_action": [drafts[0].pk]}, follow=True
    )

    assert _messages(refused) == [("error", "Kies precies één versie om te publiceren.")]
    assert _messages(published) == [("success", "Versie 2 is gepubliceerd.")]
    old.refresh_from_db()
    assert old.status == VersionStatus.ARCHIVED
    assert ChecklistVersion.objects.current() == drafts[0]
    drafts[1].refresh_from_db()
    assert drafts[1].status == VersionStatus.DRAFT


def test_deleting_answered_content_from_the_list_is_refused(admin_client):
    """The list's "delete selected" checks each chosen row against the frozen rule too."""
    frozen = QuestionFactory()
    ResponseFactory(questionnaire=frozen.questionnaire)
    draft = QuestionFactory()
    form = {"action": "delete_selected", "_selected_action": [frozen.pk, draft.pk]}
    changelist = reverse("admin:scan_question_changelist")

    confirm = admin_client.post(changelist, form)
    posted = admin_client.post(changelist, {**form, "post": "yes"})

    assert 'name="post"' not in confirm.content.decode()
    assert posted.status_code == 403
    assert type(frozen).objects.filter(pk__in=[frozen.pk, draft.pk]).count() == 2


def test_content_answered_while_its_form_was_open_is_not_saved_and_the_admin_says_why(
    admin_client, monkeypatch
):
    """The admin checks the frozen rule when it shows and validates the form; a scan that starts
    on the version just after that makes the model refuse. The admin then says so, and nothing is
    saved. Here the admin's checks are made to pass, as they would have a moment earlier."""
    question = QuestionFactory(text="Oude tekst")
    ResponseFactory(questionnaire=question.questionnaire)
    monkeypatch.setattr("ghnt_portal.versioning_admin.is_locked", lambda obj: False)
    monkeypatch.setattr("ghnt_portal.versioning_admin.editable", lambda queryset: queryset)
    change = reverse("admin:scan_question_change", args=[question.pk])
    form = admin_client.get(change).context["adminform"].form

    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(change, {**data, "text": "Nieuwe tekst"}, follow=True)

    assert response.status_code == 200
    assert any(level == "error" and "beantwoord" in text for level, text in _messages(response))
    question.refresh_from_db()
    assert question.text == "Oude tekst"


def test_a_shipped_version_is_read_only_so_the_next_load_cannot_undo_an_edit(admin_client):
    """load_reference_content runs after every release and puts the files' text back into the
    shipped version: an edit there would be lost. The beheerder edits a draft copy instead."""
    list(scan_reference.load())
    list(governance_reference.load())
    question = Question.objects.get(key="raad-geinformeerd")
    item = ChecklistItem.objects.get(code="2A-1")
    change = reverse("admin:scan_question_change", args=[question.pk])

    page = admin_client.get(change)
    posted = admin_client.post(change, {"text": "Tekst van de beheerder"})
    deleted = admin_client.post(
        reverse("admin:governance_checklistitem_delete", args=[item.pk]), {"post": "yes"}
    )
    add_theme = admin_client.get(reverse("admin:scan_theme_add"))

    assert 'name="_save"' not in page.content.decode()
    assert ("warning", str(SHIPPED_HELP)) in _messages(page)
    assert (posted.status_code, deleted.status_code) == (403, 403)
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    choices = add_theme.context["adminform"].form.fields["questionnaire"].queryset
    assert not choices.filter(pk=question.questionnaire_id).exists()


def test_the_version_lists_show_which_versions_are_in_use(admin_client):
    """The questionnaire list's "bevroren" column and the checklist list's count of rounds, read
    for all rows at once."""
    answered, in_session, unused = QuestionnaireFactory.create_batch(3)
    ResponseFactory(questionnaire=answered)
    ScanSessionFactory(questionnaire=in_session)
    used = ChecklistVersionFactory(status=VersionStatus.ARCHIVED)
    AssessmentFactory.create_batch(2, version=used)
    draft = ChecklistVersionFactory(status=VersionStatus.DRAFT)

    scan_list = admin_client.get(reverse("admin:scan_questionnaire_changelist")).context["cl"]
    checklist_list = admin_client.get(
        reverse("admin:governance_checklistversion_changelist")
    ).context["cl"]

    frozen = {row: scan_list.model_admin.frozen(row) for row in scan_list.result_list}
    assert frozen == {answered: True, in_session: True, unused: False}
    assert all(shown == row.is_frozen for row, shown in frozen.items())
    rounds = {row: checklist_list.model_admin.used_by(row) for row in checklist_list.result_list}
    assert rounds == {used: 2, draft: 0}


def test_a_published_version_nobody_uses_yet_is_read_only_so_it_cannot_be_emptied(admin_client):
    """New scans and rounds start on the published version at any moment. Emptied in the admin
    (its questions or items deleted after publishing, which refuses an empty draft), the next
    bestuurder got a scan without a single question. The beheerder edits a draft copy."""
    question = QuestionFactory(theme__questionnaire__is_published=True)
    version = _checklist(1)
    item = ChecklistItem.objects.get(section__version=version)
    form = {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes"}

    page = admin_client.get(reverse("admin:scan_question_change", args=[question.pk]), follow=True)
    deleted_questions = admin_client.post(reverse("admin:scan_question_changelist"), form)
    deleted_item = admin_client.post(
        reverse("admin:governance_checklistitem_delete", args=[item.pk]), {"post": "yes"}
    )
    add_question = admin_client.get(reverse("admin:scan_question_add"))

    assert 'name="_save"' not in page.content.decode()
    assert ("warning", str(PUBLISHED_HELP)) in _messages(page)
    assert (deleted_questions.status_code, deleted_item.status_code) == (403, 403)
    assert Question.objects.filter(pk=question.pk).exists()
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    choices = add_question.context["adminform"].form.fields["theme"].queryset
    assert not choices.filter(pk=question.theme_id).exists()


def test_a_draft_stays_editable_until_it_is_published(admin_client):
    draft = QuestionFactory(theme__questionnaire__is_published=False)
    change = reverse("admin:scan_question_change", args=[draft.pk])

    before = admin_client.get(change, follow=True)
    admin_client.post(
        reverse("admin:scan_questionnaire_changelist"),
        {"action": "publish", "_selected_action": [draft.questionnaire_id]},
    )
    after = admin_client.get(change, follow=True)

    assert 'name="_save"' in before.content.decode()
    assert _messages(before) == []
    assert 'name="_save"' not in after.content.decode()


def _no_rows(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}


def _question_row(index: int, key: str) -> dict:
    values = {"order": 9, "key": key, "audience": "beide", "text": "Nieuw?", "source": "Eigen"}
    return {f"questions-{index}-{name}": value for name, value in values.items()}


def test_a_code_used_twice_in_a_draft_is_an_error_on_the_page_not_a_500(admin_client):
    """The version a theme, section or item belongs to is read-only on its page (a question's is
    not a form field at all), so Django skipped the unique codes per version: saving a code that
    another row of the draft has gave an IntegrityError (a 500). Now the page says so."""
    theme, other_theme = ThemeFactory.create_batch(
        2, questionnaire=QuestionnaireFactory(is_published=False)
    )
    section, other_section = ChecklistSectionFactory.create_batch(
        2, version=ChecklistVersionFactory(status=VersionStatus.DRAFT)
    )
    item, other_item = ChecklistItemFactory.create_batch(2, section=section)
    theme_fields = {"order": 1, "title": "Thema", "introduction": ""}
    section_fields = {"title": "Onderdeel", "intro": "", "order": 1, **_no_rows("items")}
    item_fields = {"title": "Punt", "explanation": "x", "done_looks_like": "x", "source": "x"}
    theme_change = reverse("admin:scan_theme_change", args=[theme.pk])

    answers = {
        "theme": admin_client.post(
            theme_change, {**theme_fields, "key": other_theme.key, **_no_rows("questions")}
        ),
        "two new questions": admin_client.post(
            theme_change,
            {
                **theme_fields,
                "key": theme.key,
                "questions-TOTAL_FORMS": 2,
                "questions-INITIAL_FORMS": 0,
                **_question_row(0, "dubbel"),
                **_question_row(1, "dubbel"),
            },
        ),
        "section": admin_client.post(
            reverse("admin:governance_checklistsection_change", args=[section.pk]),
            {**section_fields, "code": other_section.code},
        ),
        "item": admin_client.post(
            reverse("admin:governance_checklistitem_change", args=[item.pk]),
            {**item_fields, "order": 1, "code": other_item.code},
        ),
    }

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(
        answers, 200
    )
    for name, answer in answers.items():
        assert "bestaat al" in answer.content.decode() or "dubbele" in answer.content.decode(), name
    # The field by its Dutch name (Django's formsets name it by its code name: "key").
    assert (
        "Corrigeer de dubbele gegevens voor code." in answers["two new questions"].content.decode()
    )
    assert not Question.objects.filter(key="dubbel").exists()
    theme.refresh_from_db()
    section.refresh_from_db()
    item.refresh_from_db()
    assert (theme.key, section.code, item.code) != (
        other_theme.key,
        other_section.code,
        other_item.code,
    )
    # Each one on its own (the tuples differ as soon as one of the three was refused).
    assert theme.key != other_theme.key
    assert section.code != other_section.code
    assert item.code != other_item.code


def test_two_themes_with_one_code_name_the_field_in_dutch(admin_client):
    draft = QuestionnaireFactory(is_published=False)
    themes = {"themes-TOTAL_FORMS": 2, "themes-INITIAL_FORMS": 0}
    for index in (0, 1):
        row = {"order": index, "key": "dubbel", "title": "Thema", "introduction": ""}
        themes |= {f"themes-{index}-{name}": value for name, value in row.items()}

    page = admin_client.post(
        reverse("admin:scan_questionnaire_change", args=[draft.pk]),
        {"version": draft.version, "title": draft.title, "introduction": "", **themes},
    )

    errors = page.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert page.status_code == 200
    assert errors == [
        "Corrigeer de dubbele gegevens voor vragenlijst en code, dat uniek moet zijn.",
    ]
    assert not draft.themes.exists()


def test_an_item_code_of_another_section_in_the_same_version_is_refused(admin_client):
    """A new round takes over the previous round's status and explanation by item code, and the
    report compares by it: two points with one code in a version would both get the status of
    one of them."""
    version = ChecklistVersionFactory(status=VersionStatus.DRAFT)
    section, other_section = ChecklistSectionFactory.create_batch(2, version=version)
    item = ChecklistItemFactory(section=section)
    taken = ChecklistItemFactory(section=other_section)
    elsewhere = ChecklistItemFactory()  # another version may use the code

    answers = {
        code: admin_client.post(
            reverse("admin:governance_checklistitem_change", args=[item.pk]),
            {
                "title": "Punt",
                "explanation": "x",
                "done_looks_like": "x",
                "source": "x",
                "order": 1,
                "code": code,
            },
        )
        for code in (taken.code, elsewhere.code)
    }
    new_row = {
        "code": taken.code,
        "order": 2,
        "title": "Nieuw",
        **dict.fromkeys(["explanation", "done_looks_like", "source"], "x"),
    }
    in_section_page = admin_client.post(
        reverse("admin:governance_checklistsection_change", args=[section.pk]),
        {
            "code": section.code,
            "title": section.title,
            "intro": "",
            "order": 1,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            **{f"items-0-{name}": value for name, value in new_row.items()},
        },
    )

    assert answers[taken.code].status_code == 200
    assert answers[taken.code].context["adminform"].form.errors["code"] == [
        "Deze code is in deze versie al gebruikt door een ander checklistpunt."
    ]
    assert in_section_page.status_code == 200
    assert in_section_page.context["inline_admin_formsets"][0].formset.errors[0] == {
        "code": ["Deze code is in deze versie al gebruikt door een ander checklistpunt."]
    }
    assert list(section.items.all()) == [item]
    assert answers[elsewhere.code].status_code == 302
    item.refresh_from_db()
    assert item.code == elsewhere.code


def test_a_drafts_number_is_read_only_so_it_cannot_be_set_to_0_or_below_the_current_one(
    admin_client,
):
    """The beheerder could type any number, 0 too, on a draft's page: a checklist draft numbered
    below the published version was then published and new rounds went back a version."""
    _checklist(3)
    questionnaire = QuestionnaireFactory(version=3, is_published=False)
    checklist = _checklist(4, status=VersionStatus.DRAFT)
    scan_change = reverse("admin:scan_questionnaire_change", args=[questionnaire.pk])
    checklist_change = reverse("admin:governance_checklistversion_change", args=[checklist.pk])

    pages = [admin_client.get(scan_change), admin_client.get(checklist_change)]
    scan_post = admin_client.post(
        scan_change,
        {"version": 0, "title": "Nieuwe titel", "introduction": "", **_no_rows("themes")},
    )
    checklist_post = admin_client.post(
        checklist_change,
        {"number": 0, "title": "Nieuwe titel", "source": "", "notes": "", **_no_rows("sections")},
    )

    assert 'name="version"' not in pages[0].content.decode()
    assert 'name="number"' not in pages[1].content.decode()
    assert (scan_post.status_code, checklist_post.status_code) == (302, 302)
    questionnaire.refresh_from_db()
    checklist.refresh_from_db()
    assert (questionnaire.version, questionnaire.title) == (3, "Nieuwe titel")
    assert (checklist.number, checklist.title) == (4, "Nieuwe titel")


def test_a_version_made_by_hand_in_the_admin_is_numbered_after_the_highest(admin_client):
    QuestionnaireFactory(version=7)
    _checklist(5, status=VersionStatus.ARCHIVED)
    _checklist(6)

    scan = admin_client.post(
        reverse("admin:scan_questionnaire_add"),
        {"version": 1, "title": "Met de hand", "introduction": "", **_no_rows("themes")},
    )
    checklist = admin_client.post(
        reverse("admin:governance_checklistversion_add"),
        {"number": 1, "title": "Met de hand", "source": "", "notes": "", **_no_rows("sections")},
    )

    assert (scan.status_code, checklist.status_code) == (302, 302)
    made = Questionnaire.objects.get(title="Met de hand")
    assert (made.version, made.is_published) == (8, False)
    version = ChecklistVersion.objects.get(title="Met de hand")
    assert (version.number, version.status) == (7, VersionStatus.DRAFT)


def test_a_checklist_version_below_one_published_before_is_not_published(admin_client):
    """Two drafts of version 1; the newer one (3) is published first: publishing the older one
    (2) afterwards archived version 3 and new rounds went back to version 2. Re-publishing the
    archived version 1 did the same."""
    first = _checklist(1)
    older, newer = (
        services.copy_version_as_draft(version=first),
        services.copy_version_as_draft(version=first),
    )
    services.publish_version(version=newer)
    url = reverse("admin:governance_checklistversion_changelist")

    answers = [
        admin_client.post(url, {"action": "publish", "_selected_action": [v.pk]}, follow=True)
        for v in (older, first)
    ]

    assert [_messages(answer) for answer in answers] == [
        [
            (
                "error",
                f"Versie {v} is niet gepubliceerd: versie 3 is al eerder gepubliceerd, en een "
                "nieuwe checklistronde gaat niet terug naar een lagere versie. Maak een "
                "conceptkopie van de gepubliceerde versie en publiceer die.",
            )
        ]
        for v in (2, 1)
    ]
    statuses = dict(ChecklistVersion.objects.values_list("number", "status"))
    assert statuses == {
        1: VersionStatus.ARCHIVED,
        2: VersionStatus.DRAFT,
        3: VersionStatus.PUBLISHED,
    }


def test_a_new_section_with_its_items_checks_their_codes_in_the_version(admin_client):
    """The add page of a section saves the section and its points at once: the code check looked
    up the points of the section not yet saved and failed with a 500 ("Model instances passed to
    related filters must be saved"), for every new section with a point."""
    version = ChecklistVersionFactory(status=VersionStatus.DRAFT)
    taken = ChecklistItemFactory(section=ChecklistSectionFactory(version=version))

    def add_section(code: str, item_code: str):
        return admin_client.post(
            reverse("admin:governance_checklistsection_add"),
            {
                "version": version.pk,
                "code": code,
                "title": "Nieuw onderdeel",
                "intro": "",
                "order": 9,
                "items-TOTAL_FORMS": 1,
                "items-INITIAL_FORMS": 0,
                "items-0-code": item_code,
                "items-0-order": 1,
                "items-0-title": "Nieuw punt",
                **{f"items-0-{name}": "x" for name in ("explanation", "done_looks_like", "source")},
            },
        )

    refused = add_section("Z1", taken.code)
    saved = add_section("Z2", "Z2.1")

    assert refused.status_code == 200
    assert refused.context["inline_admin_formsets"][0].formset.errors[0] == {
        "code": ["Deze code is in deze versie al gebruikt door een ander checklistpunt."]
    }
    assert not version.sections.filter(code="Z1").exists()
    assert saved.status_code == 302
    assert list(version.sections.get(code="Z2").items.values_list("code", flat=True)) == ["Z2.1"]


@postgresql_only("two transactions meeting at a row lock: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("changelist", "action", "model"),
    [
        ("admin:scan_questionnaire_changelist", "make_new_version", Questionnaire),
        ("admin:governance_checklistversion_changelist", "make_draft_copy", ChecklistVersion),
    ],
)
def test_two_beheerders_copying_the_published_version_at_once_both_get_a_draft(
    changelist, action, model, client_for, beheerder, monkeypatch
):
    """Was: both took the same next number and the second save failed on the unique number (a
    500). Now the second waits for the first and gets the number after it."""
    if model is Questionnaire:
        published = QuestionFactory(theme__questionnaire__version=3).questionnaire
    else:
        published = _checklist(3)
    clients = [client_for(beheerder), client_for(UserFactory(beheerder=True))]
    for client in clients:
        client.raise_request_exception = False

    def copy() -> int:
        client = clients.pop()
        data = {"action": action, "_selected_action": [published.pk]}
        return client.post(reverse(changelist), data).status_code

    statuses = twice_at_once(monkeypatch, versioning, "lock_versions", copy)

    assert statuses == [302, 302]
    drafts = model.objects.exclude(pk=published.pk).order_by(model.number_field)
    assert [draft.version_number for draft in drafts] == [4, 5]
    assert all(not draft.is_live for draft in drafts)
