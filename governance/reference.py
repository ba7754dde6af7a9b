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

from ghnt_portal.reference import save_changed, sync_rows

from .constants import VersionStatus
from .models import ChecklistItem, ChecklistSection, ChecklistVersion

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
    version = ChecklistVersion.objects.filter(number=meta["number"]).first()
    if version is None:
        version = ChecklistVersion.objects.create(
            number=meta["number"], status=VersionStatus.PUBLISHED, **values
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
