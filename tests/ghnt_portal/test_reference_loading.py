"""ghnt_portal.reference: loading shipped content writes only what differs, validates it, and
matches rows on their key within their parent."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ghnt_portal.reference import save_changed, sync_rows
from governance.models import ChecklistSection
from regions.models import Domain
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


def test_rows_are_created_updated_and_counted_within_their_parent(db):
    version = ChecklistVersionFactory()
    other = ChecklistSectionFactory(code="2A", title="Andere versie")
    ChecklistSectionFactory(version=version, code="2B", title="Oud")
    ChecklistSectionFactory(version=version, code="2C", title="Blijft")
    counts = [0, 0]
    rows = [
        {"code": "2A", "title": "Nieuw"},
        {"code": "2B", "title": "Gewijzigd"},
        {"code": "2C", "title": "Blijft"},
    ]

    sections = sync_rows(
        ChecklistSection, rows, key="code", parent={"version": version}, counts=counts
    )

    assert counts == [1, 1]
    assert [(s.code, s.title, s.version_id) for s in sections] == [
        ("2A", "Nieuw", version.pk),
        ("2B", "Gewijzigd", version.pk),
        ("2C", "Blijft", version.pk),
    ]
    other.refresh_from_db()
    assert other.title == "Andere versie"


def test_a_second_sync_of_the_same_rows_writes_nothing(db):
    rows = [{"slug": "wonen", "name": "Wonen"}, {"slug": "zorg", "name": "Zorg"}]
    sync_rows(Domain, rows, key="slug", counts=[0, 0])
    counts = [0, 0]

    with CaptureQueriesContext(connection) as queries:
        sync_rows(Domain, rows, key="slug", counts=counts)

    assert counts == [0, 0]
    assert len(queries) == 1  # the one query that finds the existing rows


def test_a_second_run_of_load_reference_content_changes_nothing(db):
    call_command("load_reference_content", stdout=StringIO())
    out = StringIO()

    call_command("load_reference_content", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "nieuw" in line]
    assert lines
    assert all(line.endswith(": 0 nieuw, 0 bijgewerkt") for line in lines), lines
