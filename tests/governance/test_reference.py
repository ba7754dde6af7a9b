import copy
import datetime
import importlib

import pytest
from django.apps import apps

from governance import reference
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistSection, ChecklistVersion
from governance.services import copy_version_as_draft, publish_version, start_assessment
from tests.governance.factories import (
    AgendaItemFactory,
    ChecklistItemFactory,
    ChecklistVersionFactory,
)


def second_edition() -> dict:
    data = copy.deepcopy(reference.read_checklist())
    data["version"]["number"] = 2
    data["version"]["title"] = "Checklist integrale sturing, tweede editie"
    return data


def test_loader_creates_the_checklist_and_a_second_run_changes_nothing(db):
    first = list(reference.load())
    second = list(reference.load())

    assert first == [
        "checklistversies: 1 nieuw, 0 bijgewerkt, 0 verwijderd",
        "checklistonderdelen: 16 nieuw, 0 bijgewerkt, 0 verwijderd",
        f"checklistpunten: {ChecklistItem.objects.count()} nieuw, 0 bijgewerkt, 0 verwijderd",
    ]
    assert second == [
        "checklistversies: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "checklistonderdelen: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "checklistpunten: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
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

    assert counts["items"].counts == (0, 1, 0)
    assert ChecklistItem.objects.filter(title="Nieuwe formulering").exists()


def test_loader_leaves_a_version_used_by_an_assessment_alone(checklist, region):
    start_assessment(region=region, body=None, on=datetime.date(2026, 1, 5))
    data = copy.deepcopy(reference.read_checklist())
    data["sections"][0]["items"][0]["title"] = "Nieuwe formulering"
    data["sections"].append({"code": "X", "title": "Extra", "source": "x", "items": []})
    data["version"]["title"] = "Nieuwe titel"

    counts = reference.load_checklist(data)

    assert all(count.counts == (0, 0, 0) for count in counts.values())
    assert "niet geladen" in counts["versions"].notes[0]
    assert not ChecklistVersion.objects.filter(title="Nieuwe titel").exists()
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
    assert counts["versions"].counts == (1, 0, 0)
    assert counts["items"].counts == (
        ChecklistItem.objects.filter(section__version=checklist).count(),
        0,
        0,
    )
    assert all(count.counts == (0, 0, 0) for count in again.values())


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
    assert counts["versions"].counts == (1, 0, 0)
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


# --- The shipped file changed: the version that nobody used follows it ----------------------


def edited_checklist(change) -> dict:
    data = copy.deepcopy(reference.read_checklist())
    change(data)
    return data


def section_of(data: dict, code: str) -> dict:
    return next(section for section in data["sections"] if section["code"] == code)


def take_item(data: dict, code: str) -> dict:
    for section in data["sections"]:
        for item in section["items"]:
            if item["code"] == code:
                section["items"].remove(item)
                return item
    raise KeyError(code)


def move_item(data: dict, code: str, to: str) -> None:
    section_of(data, to)["items"].append(take_item(data, code))


def item_sections(version, code: str) -> list[str]:
    return [
        item.section.code
        for item in ChecklistItem.objects.filter(section__version=version, code=code)
    ]


def test_an_item_moved_to_another_section_is_moved_not_copied(checklist):
    item = ChecklistItem.objects.get(section__version=checklist, code="2A-1")

    data = edited_checklist(lambda d: move_item(d, "2A-1", "2B"))

    counts = reference.load_checklist(data)
    again = reference.load_checklist(data)

    assert item_sections(checklist, "2A-1") == ["2B"]
    assert ChecklistItem.objects.get(section__version=checklist, code="2A-1").pk == item.pk
    # 2A-1 itself, and 2A-2 and 2A-3 that moved up in their section
    assert counts["items"].counts == (0, 3, 0)
    assert all(count.counts == (0, 0, 0) for count in again.values())


def test_an_item_removed_from_the_file_is_removed_from_an_unused_version(checklist):
    counts = reference.load_checklist(edited_checklist(lambda d: take_item(d, "2A-1")))

    assert item_sections(checklist, "2A-1") == []
    assert counts["items"].counts == (0, 2, 1)
    assert list(counts["items"].lines()) == ["checklistpunten: 0 nieuw, 2 bijgewerkt, 1 verwijderd"]


def test_a_section_removed_from_the_file_goes_with_its_items(checklist):
    data = edited_checklist(lambda d: d["sections"].remove(section_of(d, "tip3")))
    tip3_items = ChecklistItem.objects.filter(section__version=checklist, section__code="tip3")
    removed_items = tip3_items.count()
    assert removed_items

    counts = reference.load_checklist(data)

    assert not ChecklistSection.objects.filter(version=checklist, code="tip3").exists()
    assert not tip3_items.exists()
    assert (counts["sections"].removed, counts["items"].removed) == (1, removed_items)


def test_a_removed_section_whose_items_moved_goes_and_its_items_keep_their_rows(checklist):
    moved = list(
        ChecklistItem.objects.filter(section__version=checklist, section__code="2F").values_list(
            "pk", "code"
        )
    )

    def merge_2f_into_2e(data):
        section_of(data, "2E")["items"] += section_of(data, "2F")["items"]
        data["sections"].remove(section_of(data, "2F"))

    counts = reference.load_checklist(edited_checklist(merge_2f_into_2e))

    assert not ChecklistSection.objects.filter(version=checklist, code="2F").exists()
    assert list(
        ChecklistItem.objects.filter(pk__in=[pk for pk, _code in moved])
        .order_by("pk")
        .values_list("pk", "code", "section__code")
    ) == [(pk, code, "2E") for pk, code in sorted(moved)]
    assert (counts["sections"].removed, counts["items"].removed) == (1, 0)


def test_a_version_with_an_item_on_a_meeting_agenda_is_left_as_it_was(checklist):
    """The meeting report shows the item as it was on the agenda: the loader changes nothing of
    its version, neither the item the file dropped nor the wording of the others."""
    item = ChecklistItem.objects.get(section__version=checklist, code="2A-1")
    AgendaItemFactory().checklist_items.add(item)

    def change(data):
        take_item(data, "2A-1")
        section_of(data, "2A")["items"][0]["title"] = "Nieuwe formulering"
        data["sections"].remove(section_of(data, "tip3"))

    counts = reference.load_checklist(edited_checklist(change))

    assert item_sections(checklist, "2A-1") == ["2A"]
    assert ChecklistSection.objects.filter(version=checklist, code="tip3").exists()
    assert not ChecklistItem.objects.filter(title="Nieuwe formulering").exists()
    assert all(count.counts == (0, 0, 0) for count in counts.values())
    assert (
        "is al gebruikt in een checklistronde of op een vergaderagenda"
        in (counts["versions"].notes[0])
    )


def test_an_item_the_beheerder_added_to_the_shipped_version_stays(checklist):
    section = ChecklistSection.objects.get(version=checklist, code="2A")
    own = ChecklistItemFactory(section=section, code="2A-9", title="Eigen punt")

    counts = reference.load_checklist(reference.read_checklist())

    assert ChecklistItem.objects.filter(pk=own.pk, title="Eigen punt").exists()
    assert counts["items"].counts == (0, 0, 0)


def test_a_shipped_code_the_beheerder_reused_in_another_section_is_left_to_the_beheerder(
    checklist,
):
    """Codes are unique per section only: the loader keeps to its own row of that code."""
    shipped = ChecklistItem.objects.get(section__version=checklist, code="2A-1")
    other_section = ChecklistSection.objects.get(version=checklist, code="2B")
    own = ChecklistItemFactory(section=other_section, code="2A-1", title="Eigen punt")

    def retitle(data):
        item = next(item for item in section_of(data, "2A")["items"] if item["code"] == "2A-1")
        item["title"] = "Nieuwe titel"

    counts = reference.load_checklist(edited_checklist(retitle))

    shipped.refresh_from_db()
    own.refresh_from_db()
    assert (shipped.title, shipped.section.code) == ("Nieuwe titel", "2A")
    assert (own.title, own.section_id, own.shipped) == ("Eigen punt", other_section.pk, False)
    assert counts["items"].counts == (0, 1, 0)


def test_a_draft_copy_of_the_shipped_version_is_the_beheerders_own(checklist):
    """Only rows loaded from the file carry the shipped mark, not their copies in a draft."""
    assert ChecklistItem.objects.filter(section__version=checklist, shipped=True).exists()

    draft = copy_version_as_draft(version=checklist)

    assert ChecklistItem.objects.filter(section__version=draft).exists()
    assert not ChecklistItem.objects.filter(section__version=draft, shipped=True).exists()
    assert not ChecklistSection.objects.filter(version=draft, shipped=True).exists()


def test_a_used_version_is_left_as_it_was_and_the_loader_says_the_file_was_not_loaded(
    checklist, region
):
    start_assessment(region=region, body=None, on=datetime.date(2026, 1, 5))

    def change(data):
        move_item(data, "2A-1", "2B")
        take_item(data, "2A-2")

    counts = reference.load_checklist(edited_checklist(change))

    assert item_sections(checklist, "2A-1") == ["2A"]
    assert item_sections(checklist, "2A-2") == ["2A"]
    assert all(count.counts == (0, 0, 0) for count in counts.values())
    assert list(counts["versions"].lines())[1:] == [
        "Checklistversie 1 (versie 1 in governance/data/checklist.json) is al gebruikt in een "
        "checklistronde of op een vergaderagenda en blijft zoals hij is: de wijzigingen in het "
        "bestand zijn niet geladen. Verhoog version.number in het bestand om ze als nieuwe versie "
        "te laden."
    ]


def test_a_used_version_that_matches_the_file_gives_no_warning(checklist, region):
    start_assessment(region=region, body=None, on=datetime.date(2026, 1, 5))

    counts = reference.load_checklist(reference.read_checklist())

    assert [line for count in counts.values() for line in count.lines()] == [
        "checklistversies: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "checklistonderdelen: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
        "checklistpunten: 0 nieuw, 0 bijgewerkt, 0 verwijderd",
    ]


def test_an_item_moved_onto_the_beheerders_own_code_stays_put_and_is_reported(checklist):
    shipped = ChecklistItem.objects.get(section__version=checklist, code="2A-1")
    own = ChecklistItemFactory(
        section=ChecklistSection.objects.get(version=checklist, code="2B"), code="2A-1"
    )
    data = edited_checklist(lambda d: move_item(d, "2A-1", "2B"))

    counts = reference.load_checklist(data)
    again = reference.load_checklist(data)

    assert sorted(item_sections(checklist, "2A-1")) == ["2A", "2B"]
    assert ChecklistItem.objects.get(pk=shipped.pk).section.code == "2A"
    assert ChecklistItem.objects.get(pk=own.pk).shipped is False
    # 2A-2 and 2A-3 moved up in their section; the rest of the file loaded
    assert counts["items"].counts == (0, 2, 0)
    note = (
        "checklistpunten niet bijgewerkt omdat ze botsen met een rij van de beheerder (dezelfde "
        "code op dezelfde plek): 2A-1"
    )
    assert list(counts["items"].lines())[1:] == [note]
    assert list(again["items"].lines())[1:] == [note]
