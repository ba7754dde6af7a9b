"""Reference lists of the regions app, shipped as JSON in ``regions/data/``.

Loading is idempotent: rows are matched on their slug and only created or updated when the
shipped text differs. Rows the beheerder added are left alone.

Regions are different: the beheerder renames, merges and splits them, so the shipped list only
creates a region that does not exist yet (matched on slug or name) and never overwrites one.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from ghnt_portal.reference import sync_rows

from .models import BodyForm, Domain, NationalFigure, OrganisationType, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def create_missing_regions(rows: list[dict]) -> tuple[int, int]:
    """Create shipped regions that are not there yet; never touch existing ones (created, 0)."""
    slugs = set(Region.objects.values_list("slug", flat=True))
    names = {name.casefold() for name in Region.objects.values_list("name", flat=True)}
    created = 0
    for row in rows:
        if row["slug"] in slugs or row["name"].casefold() in names:
            continue
        Region.objects.create(**row)
        slugs.add(row["slug"])
        names.add(row["name"].casefold())
        created += 1
    return created, 0


def sync_national_figures(rows: list[dict]) -> tuple[int, int]:
    """National reference figures, matched on (kind, year); value and source follow the file."""
    created = updated = 0
    existing = {(f.kind, f.year): f for f in NationalFigure.objects.all()}
    for row in rows:
        figure = existing.get((row["kind"], row["year"]))
        if figure is None:
            NationalFigure.objects.create(**row)
            created += 1
        elif (figure.value, figure.source) != (row["value"], row["source"]):
            figure.value, figure.source = row["value"], row["source"]
            figure.save(update_fields=["value", "source"])
            updated += 1
    return created, updated


def load() -> Iterator[str]:
    for model, filename in (
        (Domain, "domains.json"),
        (OrganisationType, "organisation_types.json"),
        (BodyForm, "body_forms.json"),
    ):
        counts = [0, 0]
        sync_rows(model, _read(filename), key="slug", counts=counts)
        yield f"{model._meta.verbose_name_plural}: {counts[0]} nieuw, {counts[1]} bijgewerkt"
    created, updated = create_missing_regions(_read("regions.json"))
    yield f"regio's: {created} nieuw, {updated} bijgewerkt"
    created, updated = sync_national_figures(_read("national_figures.json"))
    yield f"landelijke cijfers: {created} nieuw, {updated} bijgewerkt"
