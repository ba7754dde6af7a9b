import copy
import datetime

import pytest

from governance import reference
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistSection, ChecklistVersion
from governance.services import start_assessment


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
