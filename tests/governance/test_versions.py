import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from ghnt_portal.versioning import FrozenContentError
from governance import services
from governance.constants import VersionStatus
from governance.models import ChecklistItem, ChecklistVersion
from tests.conftest import postgresql_only

from .factories import AgendaItemFactory, ChecklistItemFactory, ChecklistVersionFactory


def test_draft_copy_holds_every_section_and_item_of_its_source(checklist):
    draft = services.copy_version_as_draft(version=checklist)

    assert draft.status == VersionStatus.DRAFT
    assert draft.number == checklist.number + 1
    assert draft.based_on == checklist
    source_items = list(
        ChecklistItem.objects.filter(section__version=checklist).values_list("code", "title")
    )
    copied = list(ChecklistItem.objects.filter(section__version=draft).values_list("code", "title"))
    assert copied == source_items


def test_publishing_archives_the_older_version_and_new_rounds_use_the_new_one(checklist, region):
    old = services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    draft = services.copy_version_as_draft(version=checklist)
    item = ChecklistItem.objects.get(section__version=draft, code="2A-1")
    item.title = "Aangepaste formulering"
    item.save()

    services.publish_version(version=draft)
    new = services.start_assessment(region=region, body=None, on=datetime.date(2026, 6, 1))

    checklist.refresh_from_db()
    assert checklist.status == VersionStatus.ARCHIVED
    assert new.version == draft
    assert new.answers.get(item__code="2A-1").item.title == "Aangepaste formulering"
    assert old.answers.get(item__code="2A-1").item.title != "Aangepaste formulering"


def test_a_version_without_items_cannot_be_published(db):
    empty = ChecklistVersionFactory(status=VersionStatus.DRAFT)

    with pytest.raises(ValidationError):
        services.publish_version(version=empty)


def test_starting_a_round_without_a_published_checklist_is_refused(region):
    with pytest.raises(ValidationError):
        services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))


def test_beheerder_makes_a_draft_copy_of_a_frozen_version_with_the_admin_action(
    checklist, region, beheerder, client_for
):
    services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    assert checklist.is_frozen
    client = client_for(beheerder)

    response = client.post(
        reverse("admin:governance_checklistversion_changelist"),
        {"action": "make_draft_copy", "_selected_action": [checklist.pk]},
    )

    assert response.status_code == 302
    draft = ChecklistVersion.objects.get(number=2)
    assert draft.status == VersionStatus.DRAFT
    assert ChecklistItem.objects.filter(section__version=draft).count() == (
        ChecklistItem.objects.filter(section__version=checklist).count()
    )


def test_beheerder_publishes_a_draft_with_the_admin_action(checklist, beheerder, client_for):
    draft = services.copy_version_as_draft(version=checklist)

    client_for(beheerder).post(
        reverse("admin:governance_checklistversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert ChecklistVersion.objects.current() == draft


def test_a_version_in_use_is_read_only_in_the_admin(checklist, region, beheerder, client_for):
    services.start_assessment(region=region, body=None, on=datetime.date(2026, 1, 1))
    item = ChecklistItem.objects.get(section__version=checklist, code="2A-1")
    client = client_for(beheerder)

    response = client.post(
        reverse("admin:governance_checklistitem_change", args=[item.pk]),
        {
            "code": "2A-1",
            "title": "Gewijzigd",
            "explanation": "x",
            "done_looks_like": "x",
            "source": "x",
            "order": 1,
        },
    )

    item.refresh_from_db()
    assert response.status_code == 403
    assert item.title != "Gewijzigd"
    page = client.get(reverse("admin:governance_checklistitem_change", args=[item.pk]))
    assert page.status_code == 200
    assert b'name="title"' not in page.content


def test_beheerder_edits_an_item_of_an_unused_draft(checklist, beheerder, client_for):
    draft = services.copy_version_as_draft(version=checklist)
    item = ChecklistItem.objects.get(section__version=draft, code="2A-1")

    response = client_for(beheerder).post(
        reverse("admin:governance_checklistitem_change", args=[item.pk]),
        {
            "code": "2A-1",
            "title": "Gewijzigd",
            "explanation": "x",
            "done_looks_like": "x",
            "source": "Integrale sturing, GHNT 2020, §2A",
            "order": 1,
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Gewijzigd"


@pytest.mark.parametrize(
    "role_client", ["projectleider", "stuurgroeplid", "landelijk"], indirect=True
)
def test_only_the_beheerder_edits_the_checklist_in_the_admin(role_client, checklist):
    _role, _user, client = role_client

    response = client.get(reverse("admin:governance_checklistversion_changelist"))

    assert response.status_code in {302, 403}


def test_a_checklist_on_a_meeting_agenda_is_frozen_and_its_items_cannot_be_deleted(
    beheerder, client_for
):
    """The meeting report shows the linked items as they were: deleting one (or its version) in
    the admin would silently drop it from the report."""
    item = ChecklistItemFactory(title="Op de agenda")
    version = item.section.version
    AgendaItemFactory().checklist_items.add(item)
    client = client_for(beheerder)

    deleted_item = client.post(
        reverse("admin:governance_checklistitem_delete", args=[item.pk]), {"post": "yes"}
    )
    deleted_version = client.post(
        reverse("admin:governance_checklistversion_delete", args=[version.pk]), {"post": "yes"}
    )

    assert (deleted_item.status_code, deleted_version.status_code) == (403, 403)
    assert version.is_frozen
    assert ChecklistItem.objects.filter(pk=item.pk, agenda_items__isnull=False).exists()
    item.title = "Gewijzigd"
    with pytest.raises(FrozenContentError):
        item.save()


@postgresql_only("two transactions meeting at a row lock: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_beheerders_publishing_at_once_leave_the_higher_version_published(monkeypatch):
    """Both have checked before either takes the lock; the higher version takes it first. The
    lower one, published after it, would archive it and send new rounds back a version: its
    check must see the higher one once it has the lock. (The other order publishes both in
    turn and shows nothing.)"""
    lower, higher = sorted(
        (
            ChecklistItemFactory(section__version__status=VersionStatus.DRAFT).section.version
            for _ in range(2)
        ),
        key=lambda version: version.number,
    )
    both_at_the_lock = threading.Barrier(2)
    higher_has_the_lock = threading.Event()
    this = threading.local()
    lock = services._lock_versions

    def higher_first() -> None:
        both_at_the_lock.wait(timeout=10)
        if this.version == lower:
            higher_has_the_lock.wait(timeout=10)
        lock()
        if this.version == higher:
            higher_has_the_lock.set()

    monkeypatch.setattr(services, "_lock_versions", higher_first)
    results = []

    def publish(version) -> None:
        this.version = version
        try:
            results.append(services.publish_version(version=version).number)
        except ValidationError:
            results.append(-version.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=[v]) for v in (lower, higher)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert results == [higher.number, -lower.number]
    assert list(ChecklistVersion.objects.published()) == [higher]
