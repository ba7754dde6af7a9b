"""Reference content of the governance app, loaded by manage.py load_reference_content.

The checklist ships as ``governance/data/checklist.json``. Loading is idempotent: the version is
matched on its number, sections and items on their code, and rows are only written when the
shipped text differs. A version that an assessment already uses is frozen: its sections and
items are left alone, so old assessments keep the wording they were answered with.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from .constants import VersionStatus
from .models import ChecklistItem, ChecklistSection, ChecklistVersion

DATA_DIR = Path(__file__).resolve().parent / "data"
CHECKLIST_FILE = DATA_DIR / "checklist.json"


def read_checklist() -> dict:
    return json.loads(CHECKLIST_FILE.read_text(encoding="utf-8"))


def _sync(obj, values: dict) -> bool:
    """Set changed fields on ``obj`` and save them; True when something changed."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def load_checklist(data: dict) -> dict[str, tuple[int, int]]:
    """Create or update the shipped checklist version; returns (created, updated) per list."""
    counts = {"versions": [0, 0], "sections": [0, 0], "items": [0, 0]}
    meta = data["version"]
    values = {
        "title": meta["title"],
        "source": meta.get("source", ""),
        "notes": meta.get("notes", ""),
    }
    version = ChecklistVersion.objects.filter(number=meta["number"]).first()
    if version is None:
        version = ChecklistVersion.objects.create(
            number=meta["number"], status=VersionStatus.PUBLISHED, **values
        )
        counts["versions"][0] += 1
    elif _sync(version, values):
        counts["versions"][1] += 1

    if version.is_frozen:
        return {key: tuple(value) for key, value in counts.items()}

    sections = {s.code: s for s in version.sections.all()}
    items = {
        (i.section_id, i.code): i for i in ChecklistItem.objects.filter(section__version=version)
    }
    for section_order, row in enumerate(data["sections"], start=1):
        section_values = {
            "title": row["title"],
            "intro": row.get("intro", ""),
            "order": section_order,
        }
        section = sections.get(row["code"])
        if section is None:
            section = ChecklistSection.objects.create(
                version=version, code=row["code"], **section_values
            )
            counts["sections"][0] += 1
        elif _sync(section, section_values):
            counts["sections"][1] += 1
        for item_order, item_row in enumerate(row["items"], start=1):
            item_values = {
                "title": item_row["title"],
                "explanation": item_row["explanation"],
                "done_looks_like": item_row["done_looks_like"],
                "source": item_row.get("source", row["source"]),
                "order": item_order,
            }
            item = items.get((section.pk, item_row["code"]))
            if item is None:
                ChecklistItem.objects.create(section=section, code=item_row["code"], **item_values)
                counts["items"][0] += 1
            elif _sync(item, item_values):
                counts["items"][1] += 1
    return {key: tuple(value) for key, value in counts.items()}


def load() -> Iterator[str]:
    """Create or update the shipped content; yields one line of summary per list."""
    counts = load_checklist(read_checklist())
    for key, label in (
        ("versions", "checklistversies"),
        ("sections", "checklistonderdelen"),
        ("items", "checklistpunten"),
    ):
        created, updated = counts[key]
        yield f"{label}: {created} nieuw, {updated} bijgewerkt"
