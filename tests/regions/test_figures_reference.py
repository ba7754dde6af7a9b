"""Shipped national figures (issue 8): loaded by load_reference_content, idempotent, each with a
source, and only the numbers the domain brief or a cited CBS table gives."""

import json

from django.urls import reverse

from regions import demo, reference
from regions.constants import NationalFigureKind
from regions.models import NationalFigure, RegionalFigure


def national_lines(lines):
    return [line for line in lines if line.startswith("landelijke cijfers")]


def test_the_loader_ships_the_national_figures_once(db):
    assert national_lines(reference.load()) == [
        "landelijke cijfers: 8 nieuw, 0 bijgewerkt, 0 verwijderd"
    ]
    assert national_lines(reference.load()) == [
        "landelijke cijfers: 0 nieuw, 0 bijgewerkt, 0 verwijderd"
    ]
    reports = dict(
        NationalFigure.objects.filter(kind=NationalFigureKind.VT_REPORTS).values_list(
            "year", "value"
        )
    )
    assert reports == {2019: 131_805, 2020: 127_415, 2021: 119_380}


def test_a_changed_figure_is_set_back_to_the_shipped_value(db):
    list(reference.load())
    NationalFigure.objects.filter(kind=NationalFigureKind.INHABITANTS, year=2021).update(value=1)
    assert national_lines(reference.load()) == [
        "landelijke cijfers: 0 nieuw, 1 bijgewerkt, 0 verwijderd"
    ]
    assert NationalFigure.objects.get(kind="inwoners", year=2021).value == 17_475_415


def test_every_shipped_national_figure_names_its_source():
    rows = json.loads((reference.DATA_DIR / "national_figures.json").read_text(encoding="utf-8"))
    assert rows
    assert all(row["source"].strip() for row in rows)
    assert all(row["kind"] in NationalFigureKind.values for row in rows)


def test_the_demo_data_adds_fictional_figures_once(db):
    list(reference.load())
    first = list(demo.load())
    second = list(demo.load())
    assert "demo-cijfers: 7 nieuw" in first
    assert "demo-cijfers: 0 nieuw" in second
    region = demo.Region.objects.get(slug=demo.DEMO_REGION_SLUG)
    assert {f.source for f in region.figures.all()} == {demo.DEMO_FIGURES_SOURCE}


def test_the_beheerder_sees_the_figures_in_the_admin(client_for, beheerder, region):
    list(reference.load())
    RegionalFigure.objects.create(
        region=region, kind="vt_meldingen", year=2021, value=3, source="CBS"
    )
    client = client_for(beheerder)
    for name in ("regions_regionalfigure_changelist", "regions_nationalfigure_changelist"):
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 200
    assert (
        "84727NED"
        in client.get(reverse("admin:regions_nationalfigure_changelist")).content.decode()
    )
