"""ghnt_portal.reference: loading shipped content writes only what differs, validates it, and
matches rows on their key within their parent."""

import json
import shutil
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ghnt_portal.reference import Tally, remove_stale, save_changed, sync_rows
from governance import reference as governance_reference
from governance.models import ChecklistSection
from regions import reference as regions_reference
from regions.models import Domain
from scan import reference as scan_reference
from tests.factories import DomainFactory, GovernanceBodyFactory
from tests.governance.factories import ChecklistSectionFactory, ChecklistVersionFactory


def test_an_unchanged_row_is_not_written(db):
    section = ChecklistSectionFactory(title="Onderdeel", order=1)

    with CaptureQueriesContext(connection) as queries:
        changed = save_changed(section, {"title": "Onderdeel", "order": 1})

    assert not changed
    assert len(queries) == 0


def test_only_the_changed_fields_are_saved(db):
    section = ChecklistSectionFactory(title="Oud", intro="Inleiding")
    ChecklistSection.objects.filter(pk=section.pk).update(intro="Intussen door de beheerder")

    changed = save_changed(section, {"title": "Nieuw", "intro": "Inleiding"})

    section.refresh_from_db()
    assert changed
    assert section.title == "Nieuw"
    assert section.intro == "Intussen door de beheerder"


def test_an_invalid_value_is_refused_before_saving(db):
    section = ChecklistSectionFactory(title="Oud")

    with pytest.raises(ValidationError):
        save_changed(section, {"title": "x" * 251})

    section.refresh_from_db()
    assert section.title == "Oud"


def test_rows_are_created_updated_marked_and_counted_within_their_scope(db):
    version = ChecklistVersionFactory()
    other = ChecklistSectionFactory(code="2A", title="Andere versie")
    ChecklistSectionFactory(version=version, code="2B", title="Oud")
    ChecklistSectionFactory(version=version, code="2C", title="Blijft", shipped=True)
    tally = Tally("onderdelen")
    rows = [
        {"version_id": version.pk, "code": "2A", "title": "Nieuw"},
        {"version_id": version.pk, "code": "2B", "title": "Gewijzigd"},
        {"version_id": version.pk, "code": "2C", "title": "Blijft"},
    ]

    sections = sync_rows(
        ChecklistSection, rows, key="code", scope={"version": version}, tally=tally
    )

    assert tally.counts == (1, 1, 0)
    assert [(s.code, s.title, s.version_id, s.shipped) for s in sections] == [
        ("2A", "Nieuw", version.pk, True),
        ("2B", "Gewijzigd", version.pk, True),
        ("2C", "Blijft", version.pk, True),
    ]
    other.refresh_from_db()
    assert (other.title, other.shipped) == ("Andere versie", False)


def test_a_dry_run_counts_what_would_change_and_writes_nothing(db):
    version = ChecklistVersionFactory()
    ChecklistSectionFactory(version=version, code="2B", title="Oud")
    ChecklistSectionFactory(version=version, code="2C", title="Weg", shipped=True)
    tally = Tally("onderdelen")
    rows = [
        {"version_id": version.pk, "code": "2A", "title": "Nieuw"},
        {"version_id": version.pk, "code": "2B", "title": "Gewijzigd"},
    ]
    scope = {"version": version}

    sync_rows(ChecklistSection, rows, key="code", scope=scope, tally=tally, dry_run=True)
    remove_stale(ChecklistSection, ["2A", "2B"], key="code", scope=scope, tally=tally, dry_run=True)

    assert tally.counts == (1, 1, 1)
    assert list(version.sections.order_by("code").values_list("code", "title", "shipped")) == [
        ("2B", "Oud", False),
        ("2C", "Weg", True),
    ]


def test_stale_rows_go_unless_in_use_or_not_shipped(db):
    gone = DomainFactory(slug="weg", shipped=True)
    linked = DomainFactory(slug="gekoppeld", shipped=True)
    GovernanceBodyFactory(domains=[linked])
    own = DomainFactory(slug="eigen")
    listed = DomainFactory(slug="blijft", shipped=True)
    tally = Tally("domeinen")

    remove_stale(Domain, ["blijft"], key="slug", scope={}, tally=tally)

    assert set(Domain.objects.values_list("pk", flat=True)) == {linked.pk, own.pk, listed.pk}
    assert not Domain.objects.filter(pk=gone.pk).exists()
    assert list(tally.lines()) == [
        "domeinen: 0 nieuw, 0 bijgewerkt, 1 verwijderd",
        "domeinen bewaard omdat ze nog gebruikt worden, al staan ze niet meer in het bestand: "
        "gekoppeld",
    ]


def test_a_second_sync_of_the_same_rows_writes_nothing(db):
    rows = [{"slug": "wonen", "name": "Wonen"}, {"slug": "zorg", "name": "Zorg"}]
    sync_rows(Domain, rows, key="slug", scope={}, tally=Tally("domeinen"))
    tally = Tally("domeinen")

    with CaptureQueriesContext(connection) as queries:
        sync_rows(Domain, rows, key="slug", scope={}, tally=tally)

    assert tally.counts == (0, 0, 0)
    assert len(queries) == 1  # the one query that finds the existing rows


def test_a_file_that_names_a_key_twice_is_refused_before_anything_is_written(db):
    rows = [{"slug": "zorg", "name": "Zorg"}, {"slug": "zorg", "name": "Zorg en welzijn"}]

    with pytest.raises(ValueError, match=r"domeinen: .* meer dan eens: \['zorg'\]"):
        sync_rows(Domain, rows, key="slug", scope={}, tally=Tally("domeinen"))

    assert not Domain.objects.filter(slug="zorg").exists()


def test_a_second_run_of_load_reference_content_changes_nothing(db):
    call_command("load_reference_content", stdout=StringIO())
    out = StringIO()

    call_command("load_reference_content", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "nieuw" in line]
    assert lines
    assert all(line.endswith(": 0 nieuw, 0 bijgewerkt, 0 verwijderd") for line in lines), lines


def test_the_command_removes_what_the_files_no_longer_ship_and_says_so(db, tmp_path, monkeypatch):
    call_command("load_reference_content", stdout=StringIO())
    questionnaire = json.loads(scan_reference.DATA_FILE.read_text(encoding="utf-8"))
    questionnaire["themes"][-1]["questions"].pop()
    checklist = json.loads(governance_reference.CHECKLIST_FILE.read_text(encoding="utf-8"))
    checklist["sections"][0]["items"].pop()
    domains = json.loads((regions_reference.DATA_DIR / "domains.json").read_text(encoding="utf-8"))
    shutil.copytree(regions_reference.DATA_DIR, tmp_path / "regions")
    for path, data in (
        (tmp_path / "questionnaire.json", questionnaire),
        (tmp_path / "checklist.json", checklist),
        (tmp_path / "regions" / "domains.json", domains[:-1]),
    ):
        path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(scan_reference, "DATA_FILE", tmp_path / "questionnaire.json")
    monkeypatch.setattr(governance_reference, "CHECKLIST_FILE", tmp_path / "checklist.json")
    monkeypatch.setattr(regions_reference, "DATA_DIR", tmp_path / "regions")
    out, again = StringIO(), StringIO()

    call_command("load_reference_content", stdout=out)
    call_command("load_reference_content", stdout=again)

    lines = out.getvalue().splitlines()
    assert "domeinen: 0 nieuw, 0 bijgewerkt, 1 verwijderd" in lines
    assert "B&W-scan vragen: 0 nieuw, 0 bijgewerkt, 1 verwijderd" in lines
    assert "checklistpunten: 0 nieuw, 0 bijgewerkt, 1 verwijderd" in lines
    assert not Domain.objects.filter(slug=domains[-1]["slug"]).exists()
    assert all(
        line.endswith(": 0 nieuw, 0 bijgewerkt, 0 verwijderd")
        for line in again.getvalue().splitlines()[:-1]
    ), again.getvalue()
