import copy
import datetime
import importlib

import pytest
from django.apps import apps

from governance import reference
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistSection, ChecklistVersion
from governance.services import copy_version_as_draft, publish_version, start_assessment
from tests.governance.factories import ChecklistVersionFactory


def second_edition() -> dict:
    data = copy.deepcopy(reference.read_checklist())
    data["version"]["number"] = 2
    data["version"]["title"] = "Checklist integrale sturing, tweede editie"
    return data


def test_loader_creates_the_checklist_and_a_second_run_changes_nothing(db):
    first = list(reference.load())
    second = list(reference.load())

    assert first == [
        "checklistversies: 1 nieuw, 0 bijgewerkt",
        "checklistonderdelen: 16 nieuw, 0 bijgewerkt",
        f"checklistpunten: {ChecklistItem.objects.count()} nieuw, 0 bijgewerkt",
    ]
    assert second == [
        "checklistversies: 0 nieuw, 0 bijgewerkt",
        "checklistonderdelen: 0 nieuw, 0 bijgewerkt",
        "checklistpunten: 0 nieuw, 0 bijgewerkt",
    ]


def test_shipped_checklist_covers_every_section_of_the_report(checklist):
    codes = list(checklist.sections.values_list("code", flat=True))

    assert codes == [
        *[f"2{c}" for c in "ABCDEF"],
        *[f"3{c}" for c in "ABCDEFG"],
        "tip1",
        "tip2",
        "tip3",
    ]
    assert checklist.status == VersionStatus.PUBLISHED


def test_every_item_has_explanation_done_text_and_names_its_source_section(checklist):
    items = ChecklistItem.objects.filter(section__version=checklist).select_related("section")

    assert items.count() >= 30
    for item in items:
        assert item.explanation and item.done_looks_like
        assert item.source.startswith("Integrale sturing, GHNT 2020")
        suffix = item.section.code if item.section.code.startswith(("2", "3")) else ""
        assert suffix in item.source


def test_loader_updates_changed_wording_of_an_unused_version(checklist):
    data = reference.read_checklist()
    data["sections"][0]["items"][0]["title"] = "Nieuwe formulering"

    counts = reference.load_checklist(data)

    assert counts["items"] == (0, 1)
    assert ChecklistItem.objects.filter(title="Nieuwe formulering").exists()


def test_loader_leaves_a_version_used_by_an_assessment_alone(checklist, region):
    start_assessment(region=region, body=None, on=datetime.date(2026, 1, 5))
    data = copy.deepcopy(reference.read_checklist())
    data["sections"][0]["items"][0]["title"] = "Nieuwe formulering"
    data["sections"].append({"code": "X", "title": "Extra", "source": "x", "items": []})
    data["version"]["title"] = "Nieuwe titel"

    counts = reference.load_checklist(data)

    assert counts["versions"] == (0, 0)
    assert not ChecklistVersion.objects.filter(title="Nieuwe titel").exists()
    assert counts["items"] == (0, 0)
    assert counts["sections"] == (0, 0)
    assert not ChecklistItem.objects.filter(title="Nieuwe formulering").exists()
    assert not ChecklistSection.objects.filter(code="X").exists()


@pytest.mark.django_db
def test_loader_does_not_republish_a_version_the_beheerder_archived(checklist):
    ChecklistVersion.objects.filter(pk=checklist.pk).update(status=VersionStatus.ARCHIVED)

    list(reference.load())

    checklist.refresh_from_db()
    assert checklist.status == VersionStatus.ARCHIVED


def test_a_shipped_checklist_version_does_not_overwrite_the_beheerders_draft_of_that_number(db):
    """The beheerder's draft gets the next version number too; the shipped version of that
    number must leave it alone and be published itself."""
    reference.load_checklist(reference.read_checklist())
    shipped_v1 = ChecklistVersion.objects.get(number=1)
    draft = copy_version_as_draft(version=shipped_v1)
    assert draft.number == 2
    draft.title = "Concept van de beheerder"
    draft.save()

    reference.load_checklist(second_edition())

    draft.refresh_from_db()
    assert draft.title == "Concept van de beheerder"
    assert (
        ChecklistVersion.objects.published()
        .filter(title="Checklist integrale sturing, tweede editie")
        .exists()
    )
    assert draft.status == VersionStatus.DRAFT


def test_a_new_shipped_version_gets_the_next_number_and_archives_the_published_one(checklist):
    copy_version_as_draft(version=checklist)

    counts = reference.load_checklist(second_edition())
    again = reference.load_checklist(second_edition())

    shipped = ChecklistVersion.objects.get(shipped_number=2)
    checklist.refresh_from_db()
    assert (shipped.number, shipped.status) == (3, VersionStatus.PUBLISHED)
    assert ChecklistVersion.objects.current() == shipped
    assert checklist.status == VersionStatus.ARCHIVED
    assert counts["versions"] == (1, 0)
    assert counts["items"] == (ChecklistItem.objects.filter(section__version=checklist).count(), 0)
    assert again == {"versions": (0, 0), "sections": (0, 0), "items": (0, 0)}


def test_a_shipped_version_is_loaded_when_the_beheerders_version_of_that_number_is_in_use(
    checklist, region
):
    draft = copy_version_as_draft(version=checklist)
    draft.title = "Versie van de beheerder"
    draft.save()
    publish_version(version=draft)
    start_assessment(region=region, body=None, on=datetime.date(2026, 1, 5))

    counts = reference.load_checklist(second_edition())

    draft.refresh_from_db()
    assert counts["versions"] == (1, 0)
    assert draft.title == "Versie van de beheerder"
    assert draft.assessments.count() == 1
    assert ChecklistVersion.objects.current().title == "Checklist integrale sturing, tweede editie"


def test_the_migration_marks_version_1_as_the_shipped_one_and_not_the_beheerders_versions(db):
    migration = importlib.import_module(
        "governance.migrations.0005_checklist_version_shipped_number"
    )
    loaded, copied = ChecklistVersionFactory(number=1), ChecklistVersionFactory(number=2)

    migration.mark_shipped_version(apps, schema_editor=None)

    loaded.refresh_from_db()
    copied.refresh_from_db()
    assert (loaded.shipped_number, copied.shipped_number) == (1, None)
