"""Reference content of the governance app, loaded by manage.py load_reference_content.

The checklist ships as ``governance/data/checklist.json``; its ``version.number`` is the shipped
number, stored as ``ChecklistVersion.shipped_number`` (the beheerder's drafts get version numbers
too, so the loader never matches on ``number``). A shipped version is created once, with the next
free version number, and published as the beheerder publishes (older versions are archived).
Later runs bring it in line with the file only while no assessment or meeting agenda uses it:
sections and items are matched on their code (an item's code within the whole version, so a moved
item keeps its row), and shipped ones the file no longer has are removed (see
``ghnt_portal.reference``). A version in use keeps the wording it was answered with; when the file
differs from it, the loader says so. To change the content of a version in use, raise
``version.number`` in the data file, which creates and publishes a new version.
"""

import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from django.db import transaction

from ghnt_portal.reference import (
    Tally,
    load_content,
    remove_stale,
    shown,
    sync_rows,
)

from .models import ChecklistItem, ChecklistSection, ChecklistVersion
from .services import publish_version

DATA_DIR = Path(__file__).resolve().parent / "data"
CHECKLIST_FILE = DATA_DIR / "checklist.json"

NOT_LOADED = (
    "Checklistversie {number} (versie {shipped} in {file}) is al gebruikt in een checklistronde "
    "of op een vergaderagenda en blijft zoals hij is: de wijzigingen in het bestand zijn niet "
    "geladen. Verhoog version.number in het bestand om ze als nieuwe versie te laden."
)


def read_checklist() -> dict:
    return json.loads(CHECKLIST_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load_checklist(data: dict) -> dict[str, Tally]:
    """Create the shipped checklist version, or bring it in line with ``data``; what it did,
    per list."""
    tallies = {
        "versions": Tally("checklistversies"),
        "sections": Tally("checklistonderdelen"),
        "items": Tally("checklistpunten"),
    }
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
        tallies["versions"].new += 1

    load_content(
        version,
        values,
        partial(_sync_sections, version, data["sections"]),
        tallies,
        not_loaded=NOT_LOADED.format(
            number=version.number, shipped=meta["number"], file=shown(CHECKLIST_FILE)
        ),
    )
    if is_new:
        publish_version(version=version)
    return tallies


def _sync_sections(
    version: ChecklistVersion, sections_data: list[dict], tallies: dict[str, Tally], *, dry_run
) -> None:
    sections = sync_rows(
        ChecklistSection,
        [
            {
                "version_id": version.pk,
                "code": row["code"],
                "title": row["title"],
                "intro": row.get("intro", ""),
                "order": order,
            }
            for order, row in enumerate(sections_data, start=1)
        ],
        key="code",
        scope={"version": version},
        tally=tallies["sections"],
        dry_run=dry_run,
    )
    # Item codes are unique in the whole version: an item may move to another section.
    item_rows = [
        {
            "section_id": section.pk,
            "code": item["code"],
            "title": item["title"],
            "explanation": item["explanation"],
            "done_looks_like": item["done_looks_like"],
            "source": item.get("source", row["source"]),
            "order": order,
        }
        for section, row in zip(sections, sections_data, strict=True)
        for order, item in enumerate(row["items"], start=1)
    ]
    items_scope = {"section__version": version}
    sync_rows(
        ChecklistItem,
        item_rows,
        key="code",
        scope=items_scope,
        tally=tallies["items"],
        dry_run=dry_run,
    )
    # Items first: a section that still holds an item is in use.
    codes = [row["code"] for row in item_rows]
    remove_stale(
        ChecklistItem, codes, key="code", scope=items_scope, tally=tallies["items"], dry_run=dry_run
    )
    codes = [row["code"] for row in sections_data]
    remove_stale(
        ChecklistSection,
        codes,
        key="code",
        scope={"version": version},
        tally=tallies["sections"],
        dry_run=dry_run,
    )


def load() -> Iterator[str]:
    """Create or update the shipped content; yields the summary of each list."""
    for tally in load_checklist(read_checklist()).values():
        yield from tally.lines()
