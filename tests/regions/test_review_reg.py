"""Review (reg): defects in the registry, each proven by a failing test."""

import csv
import io

from django.urls import reverse

from regions import region_admin_services
from regions.constants import FigureKind
from regions.figures import csv_import
from regions.models import GovernanceBody, Region, Seat
from regions.municipality_import import apply as apply_municipalities
from regions.municipality_import import parse as parse_municipalities
from regions.national import national_overview, overview_csv
from tests.factories import (
    GovernanceBodyFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
)


def test_review_reg_merge_whose_renamed_body_name_is_taken_gives_a_form_error(
    client_for, beheerder, db
):
    """Merging renames a clashing body to 'name (source)' without checking that this name is
    free in the target: the unique constraint then raises an IntegrityError (a 500)."""
    source = RegionFactory(name="Zuid", slug="zuid")
    target = RegionFactory(name="Noord", slug="noord")
    GovernanceBodyFactory(region=target, name="Stuurgroep")
    GovernanceBodyFactory(region=target, name="Stuurgroep (Zuid)")
    GovernanceBodyFactory(region=source, name="Stuurgroep")

    response = client_for(beheerder).post(
        reverse("admin:regions_region_merge", args=[source.pk]),
        {"target": target.pk, "confirm": "on"},
    )

    assert response.status_code in (200, 302)
    assert Region.objects.filter(pk=source.pk).exists() == (response.status_code == 200)


def test_review_reg_merge_of_a_200_character_body_name_does_not_crash(db):
    """The rename is cut at 200 characters, which for a long name gives back the same name."""
    source = RegionFactory(name="Zuid", slug="zuid")
    target = RegionFactory(name="Noord", slug="noord")
    long_name = "S" * 200
    GovernanceBodyFactory(region=target, name=long_name)
    GovernanceBodyFactory(region=source, name=long_name)

    region_admin_services.merge_regions(source=source, target=target)

    assert GovernanceBody.objects.filter(region=target).count() == 2


def test_review_reg_split_leaves_no_seat_representing_a_municipality_of_another_region(db):
    """A seat of a body that stays in the old region keeps representing a municipality that moved
    to the new region, which Seat.clean forbids ('Kies een gemeente uit deze regio')."""
    source = RegionFactory(name="Bron", slug="bron")
    stay = MunicipalityFactory(region=source)
    go = MunicipalityFactory(region=source)
    body = GovernanceBodyFactory(region=source)
    seat = SeatFactory(body=body, represents_municipality=go)

    region_admin_services.split_region(
        source=source, name="Nieuw", slug="nieuw", municipalities=[go]
    )

    seat.refresh_from_db()
    assert stay.region_id == source.pk
    assert seat.represents_municipality is None or (
        seat.represents_municipality.region_id == seat.body.region_id
    )


def test_review_reg_municipality_import_leaves_no_seat_representing_another_region(db):
    """Moving a municipality to another region by CSV import leaves the old region's seats
    representing it: the registry now holds a cross-region representation."""
    old = RegionFactory(name="Oud", slug="oud")
    new = RegionFactory(name="Nieuw", slug="nieuw")
    moved = MunicipalityFactory(region=old, cbs_code="GM0777", name="Verhuisdorp")
    seat = SeatFactory(body=GovernanceBodyFactory(region=old), represents_municipality=moved)

    plan = parse_municipalities("cbs_code;naam;inwoners;regio\nGM0777;Verhuisdorp;1000;nieuw\n")
    assert plan.errors == []
    apply_municipalities(plan)

    seat = Seat.objects.select_related("represents_municipality", "body").get(pk=seat.pk)
    assert seat.represents_municipality is None or (
        seat.represents_municipality.region_id == seat.body.region_id
    )


def test_review_reg_a_figures_file_starting_with_an_empty_line_is_read(region):
    """The municipality import skips empty lines before the header; the figures import takes the
    empty first line as the header and refuses a good file ('kolommen niet herkend')."""
    MunicipalityFactory(region=region, cbs_code="GM9001")

    plan = csv_import.parse(
        "\ncode;periode;waarde\nGM9001;2021JJ00;5\n",
        region=region,
        kind=FigureKind.VT_REPORTS,
        source="CBS",
    )

    assert [str(e) for e in plan.errors] == []
    assert [(t.year, t.value) for t in plan.totals] == [(2021, 5)]


def test_review_reg_the_national_csv_does_not_carry_a_formula(db):
    """A region name that starts with '=' lands as-is in the CSV that is meant for Excel."""
    RegionFactory(name='=HYPERLINK("http://example.org","klik")', slug="formule")

    rows = list(csv.reader(io.StringIO(overview_csv(national_overview())), delimiter=";"))

    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row[:1])


def _upload_municipalities(client, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:regions_municipality_import"),
        {"file": SimpleUploadedFile("g.csv", text.encode("utf-8"), content_type="text/csv")},
    )


def test_review_reg_a_nul_character_in_a_municipality_code_is_a_line_error(
    client_for, beheerder, region
):
    """The csv module (Python 3.11+) passes NUL characters through; the preview puts the raw code
    in a database query and PostgreSQL refuses it: a 500 instead of a line error."""
    response = _upload_municipalities(
        client_for(beheerder), f"CBS-code;naam;inwoners;regio\nGM\x0001;Nuldorp;10;{region.slug}\n"
    )

    assert response.status_code == 200
    assert "Regel 2" in response.text


def test_review_reg_a_nul_character_in_a_municipality_name_is_a_line_error(
    client_for, beheerder, region
):
    """A name with a NUL character passes the preview; saving it on confirm gives a 500."""
    client = client_for(beheerder)
    preview = _upload_municipalities(
        client, f"CBS-code;naam;inwoners;regio\nGM0991;Nul\x00dorp;10;{region.slug}\n"
    )
    confirm = client.post(reverse("admin:regions_municipality_import"), {"confirm": "1"})

    assert preview.status_code == 200
    assert "Regel 2" in preview.text or confirm.status_code in (200, 302)
