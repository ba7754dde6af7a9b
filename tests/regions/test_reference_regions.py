"""The shipped reference list of regions: loaded once, never overwriting the beheerder's edits."""

import json

from regions import reference
from regions.models import Region
from tests.factories import RegionFactory

SEED_REGIONS = (
    "Noord-Holland Noord",
    "Gooi en Vechtstreek",
    "Zuidoost-Brabant",
    "Rotterdam Rijnmond",
    "Twente",
)


def _lines() -> list[str]:
    return list(reference.load())


def _region_line(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("regio's:"))


def test_every_shipped_region_names_its_source_and_invents_no_facts():
    rows = json.loads((reference.DATA_DIR / "regions.json").read_text(encoding="utf-8"))

    assert {row["name"] for row in rows} >= set(SEED_REGIONS)
    assert len({row["slug"] for row in rows}) == len(rows)
    for row in rows:
        assert row["source"].strip(), row["name"]
        assert set(row) <= {"slug", "name", "centrumgemeente", "description", "source"}


def test_loader_creates_the_regions_the_sources_name(db):
    lines = _lines()

    rows = json.loads((reference.DATA_DIR / "regions.json").read_text(encoding="utf-8"))
    assert _region_line(lines) == f"regio's: {len(rows)} nieuw, 0 bijgewerkt, 0 verwijderd"
    assert set(SEED_REGIONS) <= set(Region.objects.values_list("name", flat=True))


def test_a_second_run_changes_nothing(db):
    _lines()

    second = _lines()

    assert all(line.endswith(": 0 nieuw, 0 bijgewerkt, 0 verwijderd") for line in second), second


def test_loader_keeps_a_region_the_beheerder_renamed(db):
    _lines()
    twente = Region.objects.get(slug="twente")
    twente.name = "Regio Twente (hernoemd)"
    twente.centrumgemeente = "Enschede"
    twente.save()

    lines = _lines()

    twente.refresh_from_db()
    assert twente.name == "Regio Twente (hernoemd)"
    assert twente.centrumgemeente == "Enschede"
    assert _region_line(lines) == "regio's: 0 nieuw, 0 bijgewerkt, 0 verwijderd"
    assert Region.objects.filter(slug="twente").count() == 1


def test_loader_does_not_recreate_a_region_that_exists_under_another_slug(db):
    RegionFactory(name="Drenthe", slug="provincie-drenthe")

    _lines()

    assert Region.objects.filter(name="Drenthe").count() == 1
    assert not Region.objects.filter(slug="drenthe").exists()
