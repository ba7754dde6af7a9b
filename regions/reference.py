"""Reference lists of the regions app, shipped as JSON in ``regions/data/``.

Domains, organisation types and body forms are matched on their slug, national figures on kind
and year: they are created, or updated where the shipped text differs, and a shipped row that a
file no longer has is removed, unless something uses it (a body, seat or partner organisation):
that row is kept and named in the output, for the beheerder to replace in the admin. Rows the
beheerder added are left alone (see ``ghnt_portal.reference``).

Regions are different: the beheerder renames, merges and splits them, so the shipped list only
creates a region that does not exist yet (matched on slug or name) and never overwrites or
removes one.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from ghnt_portal.reference import Tally, remove_stale, save_changed, sync_rows

from .models import BodyForm, Domain, NationalFigure, OrganisationType, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def create_missing_regions(rows: list[dict]) -> Tally:
    """Create shipped regions that are not there yet; never touch existing ones."""
    tally = Tally("regio's")
    slugs = set(Region.objects.values_list("slug", flat=True))
    names = {name.casefold() for name in Region.objects.values_list("name", flat=True)}
    for row in rows:
        if row["slug"] in slugs or row["name"].casefold() in names:
            continue
        Region.objects.create(**row)
        slugs.add(row["slug"])
        names.add(row["name"].casefold())
        tally.new += 1
    return tally


def sync_national_figures(rows: list[dict]) -> Tally:
    """National reference figures, matched on (kind, year); value and source follow the file.
    Nothing points at a figure, so a shipped one the file no longer has is simply removed."""
    tally = Tally("landelijke cijfers")
    existing = {(f.kind, f.year): f for f in NationalFigure.objects.all()}
    for row in rows:
        figure = existing.pop((row["kind"], row["year"]), None)
        if figure is None:
            NationalFigure.objects.create(**row, shipped=True)
            tally.new += 1
        elif save_changed(
            figure, {"value": row["value"], "source": row["source"], "shipped": True}
        ):
            tally.updated += 1
    stale = [figure.pk for figure in existing.values() if figure.shipped]
    tally.removed, _by_model = NationalFigure.objects.filter(pk__in=stale).delete()
    return tally


def load() -> Iterator[str]:
    for model, filename in (
        (Domain, "domains.json"),
        (OrganisationType, "organisation_types.json"),
        (BodyForm, "body_forms.json"),
    ):
        rows = _read(filename)
        tally = Tally(str(model._meta.verbose_name_plural))
        sync_rows(model, rows, key="slug", scope={}, tally=tally)
        remove_stale(model, [row["slug"] for row in rows], key="slug", scope={}, tally=tally)
        yield from tally.lines()
    yield from create_missing_regions(_read("regions.json")).lines()
    yield from sync_national_figures(_read("national_figures.json")).lines()
