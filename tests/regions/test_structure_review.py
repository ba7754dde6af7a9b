"""The structure picture under review: labels that fit their box, a text alternative that says
what the picture says, overlap only between bodies side by side, municipalities and partners
that sit at no table, and the national overview giving the same "zorg en veiligheid samen"."""

import random
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont

from regions.constants import BodyKind, DomainGroup
from regions.models import Municipality
from regions.national import national_overview
from regions.structure import build_structure_picture
from regions.structure import has_care_safety_body as picture_has_care_safety_body
from regions.structure_layout import BOX_WIDTH, LABEL_FONT_SIZE
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    RegionFactory,
    SeatFactory,
)
from tests.regions.factories import core_domains

BOLD_FONT = Path(settings.BASE_DIR) / "static/vendor/fonts/source-sans-3-latin-700-normal.woff"


@pytest.fixture
def domains(db):
    return core_domains()


def spots(region, code):
    return [s for s in build_structure_picture(region).white_spots if s.code == code]


@pytest.mark.parametrize(
    "name",
    [
        "W" * 60,
        "MMMMM MMMMMM MMMMMM MMMM WMO-OVERLEG HUISELIJK GEWELD",
        "Bestuurlijk overleg Zorg & Veiligheid Midden-Nederland",
        "Ambtelijke werkgroep mensenhandel, Wvggz en personen met verward gedrag",
    ],
)
def test_each_label_line_fits_in_its_box_in_the_shipped_font(region, domains, name):
    font = TTFont(BOLD_FONT)
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    GovernanceBodyFactory(region=region, name=name)

    (node,) = build_structure_picture(region).nodes

    assert 1 <= len(node.label_lines) <= 2
    for line in node.label_lines:
        width = sum(metrics[cmap[ord(c)]][0] for c in line) / units * LABEL_FONT_SIZE
        assert width <= BOX_WIDTH - 20, line


def test_the_text_beside_the_picture_names_every_body_with_its_kind_and_line(region, domains):
    top = GovernanceBodyFactory(
        region=region, name="Stuurgroep", kind=BodyKind.DECISION_MAKING, meetings_per_year=6
    )
    GovernanceBodyFactory(region=region, name="Regiegroep", reports_to=top, meetings_per_year=1)

    html = render_to_string(
        "regions/includes/structure_picture.html", {"picture": build_structure_picture(region)}
    )
    text = html.split("</svg>")[1]

    assert "Stuurgroep: besluitvormend, 6× per jaar." in text
    assert "Regiegroep: adviserend, 1× per jaar; adviseert of rapporteert aan Stuurgroep." in text


def test_a_domain_along_one_reporting_line_is_no_overlap(region, domains):
    care_and_safety = [domains.jeugd, domains.veiligheid]
    top = GovernanceBodyFactory(region=region, name="Stuurgroep", domains=care_and_safety)
    middle = GovernanceBodyFactory(
        region=region, name="Regiegroep", reports_to=top, domains=care_and_safety
    )
    GovernanceBodyFactory(
        region=region, name="Werkgroep", reports_to=middle, domains=care_and_safety
    )

    picture = build_structure_picture(region)

    assert picture.overlap_domains == []
    assert not any(cell.overlap for row in picture.matrix for cell in row.cells)
    assert {c.domain.slug: c.body_count for c in picture.columns}["jeugd"] == 3


def test_bodies_side_by_side_with_the_same_domains_and_people_overlap(region, domains):
    municipality = MunicipalityFactory(region=region)
    for name in ("Stuurgroep A", "Stuurgroep B"):
        body = GovernanceBodyFactory(region=region, name=name, domains=[domains.jeugd, domains.wmo])
        SeatFactory(body=body, person_name="J. Jansen", represents_municipality=municipality)

    picture = build_structure_picture(region)

    assert picture.overlap_domains == [domains.jeugd, domains.wmo]
    for row in picture.matrix:
        assert [cell.overlap for cell in row.cells] == [True, True, False, False]


def test_a_municipality_that_sits_at_no_table_is_a_white_spot(region, other_region, domains):
    body = GovernanceBodyFactory(region=region)
    seated = MunicipalityFactory(region=region, name="Alkmaar")
    MunicipalityFactory(region=region, name="Bergen")
    moved = MunicipalityFactory(region=region, name="Castricum")
    SeatFactory(body=body, represents_municipality=seated)
    SeatFactory(body=body, represents_municipality=moved)
    # Moved to another region; the old region's seat still names it (not yet followed up).
    Municipality.objects.filter(pk=moved.pk).update(region=other_region)

    (here,) = spots(region, "municipality_not_at_table")
    (there,) = spots(other_region, "municipality_not_at_table")

    assert here.title == "1 gemeente zit in geen enkel overleg: Bergen"
    assert here.severity == "middel"
    assert there.title == "1 gemeente zit in geen enkel overleg: Castricum"


def test_every_municipality_at_a_table_leaves_no_such_white_spot(region, domains):
    body = GovernanceBodyFactory(region=region)
    for municipality in MunicipalityFactory.create_batch(2, region=region):
        SeatFactory(body=body, represents_municipality=municipality)

    assert spots(region, "municipality_not_at_table") == []


def test_a_partner_without_a_seat_is_a_low_white_spot(region, domains):
    body = GovernanceBodyFactory(region=region)
    SeatFactory(body=body, represents_partner=PartnerOrganisationFactory(region=region))
    PartnerOrganisationFactory(region=region, name="Veilig Thuis & <Co>")
    PartnerOrganisationFactory(region=region, name="Politie")

    (spot,) = spots(region, "partner_not_at_table")
    html = render_to_string(
        "regions/includes/structure_picture.html", {"picture": build_structure_picture(region)}
    )

    assert (
        spot.title
        == "2 partnerorganisaties zitten in geen enkel overleg: Politie, Veilig Thuis & <Co>"
    )
    assert spot.severity == "laag"
    assert "Politie, Veilig Thuis &amp; &lt;Co&gt;" in html


def test_the_national_overview_and_the_picture_agree_on_care_and_safety_together(db, domains):
    """Varied data: no bodies, bodies without domains, adjacent domains only, care and safety
    apart or together, every domain, a second safety domain."""
    politie = DomainFactory(slug="politie", name="Politie", group=DomainGroup.SAFETY, order=40)
    pool = [domains.jeugd, domains.wmo, domains.veiligheid, domains.onderwijs, politie]
    rng = random.Random(2020)
    regions = []
    for i in range(30):
        region = RegionFactory(name=f"Regio {i:02d}")
        for _ in range(rng.randint(0, 4)):
            GovernanceBodyFactory(region=region, domains=rng.sample(pool, rng.randint(0, 5)))
        regions.append(region)

    rows = {row.region.pk: row.has_care_safety_body for row in national_overview().rows}

    answers = {rows[r.pk] for r in regions}
    assert answers == {True, False}
    for region in regions:
        groups = [{d.group for d in b.domains.all()} for b in region.bodies.all()]
        assert rows[region.pk] is picture_has_care_safety_body(groups), region.name
