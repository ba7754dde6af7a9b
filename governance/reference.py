"""Reference content of the governance app, loaded by manage.py load_reference_content.

The checklist ships as ``governance/data/checklist.json``; its ``version.number`` is the shipped
number, stored as ``ChecklistVersion.shipped_number`` (the beheerder's drafts get version numbers
too, so the loader never matches on ``number``). A shipped version is created once, with the next
free version number, and published as the beheerder publishes (older versions are archived).
Later runs update it only while no assessment uses it, and only where the shipped text differs:
old assessments keep the wording they were answered with. To change the content of a version in
use, raise ``version.number`` in the data file, which creates and publishes a new version.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from ghnt_portal.reference import save_changed, sync_rows

from .models import ChecklistItem, ChecklistSection, ChecklistVersion
from .services import publish_version

DATA_DIR = Path(__file__).resolve().parent / "data"
CHECKLIST_FILE = DATA_DIR / "checklist.json"


def read_checklist() -> dict:
    return json.loads(CHECKLIST_FILE.read_text(encoding="utf-8"))


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
    version = ChecklistVersion.objects.filter(shipped_number=meta["number"]).first()
    is_new = version is None
    if is_new:
        version = ChecklistVersion.objects.create(
            number=ChecklistVersion.next_number(), shipped_number=meta["number"], **values
        )
        counts["versions"][0] += 1
    elif version.is_frozen:
        # An assessment used this version: it and its items stay as they were, as in the scan.
        return {key: tuple(value) for key, value in counts.items()}
    elif save_changed(version, values):
        counts["versions"][1] += 1

    sections = sync_rows(
        ChecklistSection,
        [
            {
                "code": row["code"],
                "title": row["title"],
                "intro": row.get("intro", ""),
                "order": order,
            }
            for order, row in enumerate(data["sections"], start=1)
        ],
        key="code",
        parent={"version": version},
        counts=counts["sections"],
    )
    for section, row in zip(sections, data["sections"], strict=True):
        sync_rows(
            ChecklistItem,
            [
                {
                    "code": item["code"],
                    "title": item["title"],
                    "explanation": item["explanation"],
                    "done_looks_like": item["done_looks_like"],
                    "source": item.get("source", row["source"]),
                    "order": order,
                }
                for order, item in enumerate(row["items"], start=1)
            ],
            key="code",
            parent={"section": section},
            counts=counts["items"],
        )
    if is_new:
        publish_version(version=version)
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
