"""The structure picture: lines, the bodies × domains matrix, and each white-spot rule."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from regions.constants import AmbassadorType, BodyKind, WhiteSpotSeverity
from regions.models import GovernanceBody
from regions.structure import build_structure_picture
from regions.structure_layout import BOX_WIDTH, GAP_X, MARGIN
from tests.factories import GovernanceBodyFactory, SeatFactory
from tests.regions.factories import core_domains


@pytest.fixture
def domains(db):
    return core_domains()


def codes(region) -> list[str]:
    return [spot.code for spot in build_structure_picture(region).white_spots]


def spots_for(region, code):
    return [s for s in build_structure_picture(region).white_spots if s.code == code]


@pytest.fixture
def complete_region(region, domains):
    """A region without white spots: one decision-making body with all domains, ambassadors in
    each core domain and an expert by experience."""
    body = GovernanceBodyFactory(
        region=region,
        kind=BodyKind.DECISION_MAKING,
        domains=[domains.jeugd, domains.wmo, domains.veiligheid, domains.onderwijs],
    )
    for domain in (domains.jeugd, domains.wmo, domains.veiligheid):
        SeatFactory(body=body, domain=domain, ambassador_type=AmbassadorType.VOORLOPER)
    SeatFactory(body=body, is_expert_by_experience=True)
    return region


def test_a_complete_structure_has_no_white_spots(complete_region):
    assert codes(complete_region) == []


def test_an_empty_region_has_every_kind_of_white_spot(region, domains):
    assert set(codes(region)) == {
        "core_domain_uncovered",
        "domain_uncovered",
        "no_care_safety_body",
        "no_decision_body",
        "no_expert_by_experience",
        "core_domain_without_ambassador",
    }


def test_a_core_domain_in_no_body_is_an_urgent_white_spot(complete_region, domains):
    body = GovernanceBody.objects.get(region=complete_region)
    body.domains.remove(domains.jeugd)
    body.seats.filter(domain=domains.jeugd).update(domain=None)

    spots = spots_for(complete_region, "core_domain_uncovered")

    assert [s.domain for s in spots] == [domains.jeugd]
    assert spots[0].severity == WhiteSpotSeverity.HIGH
    assert spots[0].title == "Kerndomein Jeugd zit in geen enkel overleg"
    assert "Jeugd" in spots[0].advice
    assert "§2A" in spots[0].source


def test_a_core_domain_no_body_lists_but_someone_sits_for_is_unassigned(complete_region, domains):
    """The body's domains say what it steers; a seat for Jeugd in it means Jeugd is at the table,
    so the white spot says where and what to do instead of "in geen enkel overleg"."""
    body = GovernanceBody.objects.get(region=complete_region)
    body.domains.remove(domains.jeugd)

    spots = spots_for(complete_region, "core_domain_uncovered")

    assert [s.domain for s in spots] == [domains.jeugd]
    assert spots[0].severity == WhiteSpotSeverity.HIGH
    assert spots[0].title == "Kerndomein Jeugd is aan geen overleg toegewezen"
    assert spots[0].advice.startswith(f"In {body.name} zit wel iemand voor Jeugd aan tafel")
    assert "Voeg Jeugd dan toe aan de domeinen van het overleg." in spots[0].advice
    assert not [
        s
        for s in build_structure_picture(complete_region).white_spots
        if "geen enkel overleg" in s.title
    ]


def test_an_unassigned_domain_names_every_body_where_someone_sits_for_it(region, domains):
    a = GovernanceBodyFactory(region=region, name="Regiegroep", domains=[domains.jeugd])
    b = GovernanceBodyFactory(region=region, name="Stuurgroep", domains=[domains.jeugd])
    GovernanceBodyFactory(region=region, name="Los overleg", domains=[domains.jeugd])
    SeatFactory(body=a, domain=domains.onderwijs)
    SeatFactory(body=b, domain=domains.onderwijs)
    other_region_body = GovernanceBodyFactory(domains=[domains.jeugd])
    SeatFactory(body=other_region_body, domain=domains.veiligheid)

    spots = {
        s.domain: s
        for s in build_structure_picture(region).white_spots
        if s.code in ("domain_uncovered", "core_domain_uncovered")
    }
    onderwijs, veiligheid = spots[domains.onderwijs], spots[domains.veiligheid]

    assert onderwijs.title == "Domein Onderwijs is aan geen overleg toegewezen"
    assert onderwijs.severity == WhiteSpotSeverity.LOW
    assert onderwijs.advice.startswith("In Regiegroep en Stuurgroep zit wel iemand voor Onderwijs")
    assert "Los overleg" not in onderwijs.advice
    # A seat in a body of another region does not put the domain at this region's table.
    assert veiligheid.title == "Kerndomein Veiligheid zit in geen enkel overleg"


def test_the_matrix_marks_a_body_where_someone_sits_for_a_domain_it_does_not_list(region, domains):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep", domains=[domains.jeugd])
    SeatFactory(body=body, domain=domains.veiligheid)
    SeatFactory(body=body, domain=domains.jeugd)

    picture = build_structure_picture(region)

    cells = {c.domain.slug: (c.covered, c.seated) for c in picture.matrix[0].cells}
    assert cells["jeugd"] == (True, False)
    assert cells["veiligheid"] == (False, True)
    assert cells["wmo-sociaal-domein"] == (False, False)
    column = next(c for c in picture.columns if c.domain == domains.veiligheid)
    assert (column.is_gap, column.seated_in) == (True, [body])
    html = render_to_string("regions/includes/structure_picture.html", {"picture": picture})
    assert '<td class="matrix-cell matrix-cell--seated">○ wel aan tafel</td>' in html
    assert html.count("matrix-cell--seated") == 1


def test_care_and_safety_at_one_table_without_both_listed_says_so(region, domains):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep", domains=[domains.jeugd])
    SeatFactory(body=body, domain=domains.veiligheid)

    (spot,) = spots_for(region, "no_care_safety_body")

    assert spot.title == "Geen overleg is toegewezen aan zorg én veiligheid"
    assert spot.advice.startswith("In Stuurgroep zitten zorg en veiligheid wel samen aan tafel")
    assert spot.severity == WhiteSpotSeverity.HIGH


def test_care_and_safety_seated_in_different_bodies_are_not_at_one_table(region, domains):
    care = GovernanceBodyFactory(region=region, domains=[domains.jeugd])
    safety = GovernanceBodyFactory(region=region)
    SeatFactory(body=care, domain=domains.wmo)
    SeatFactory(body=safety, domain=domains.veiligheid)

    (spot,) = spots_for(region, "no_care_safety_body")

    assert spot.title == "Er is geen overleg waar zorg en veiligheid samen aan tafel zitten"


def test_another_domain_in_no_body_is_a_low_white_spot(complete_region, domains):
    GovernanceBody.objects.get(region=complete_region).domains.remove(domains.onderwijs)

    spots = spots_for(complete_region, "domain_uncovered")

    assert [s.domain for s in spots] == [domains.onderwijs]
    assert spots[0].severity == WhiteSpotSeverity.LOW
    assert spots[0].title == "Domein Onderwijs zit in geen enkel overleg"
    assert codes(complete_region) == ["domain_uncovered"]


def test_care_and_safety_in_separate_bodies_is_a_white_spot(region, domains):
    GovernanceBodyFactory(region=region, domains=[domains.jeugd, domains.wmo])
    GovernanceBodyFactory(region=region, domains=[domains.veiligheid])

    spots = spots_for(region, "no_care_safety_body")

    assert len(spots) == 1
    assert spots[0].title == "Er is geen overleg waar zorg en veiligheid samen aan tafel zitten"
    assert spots[0].advice


def test_one_body_with_care_and_safety_together_removes_that_white_spot(region, domains):
    GovernanceBodyFactory(region=region, domains=[domains.jeugd])
    GovernanceBodyFactory(region=region, domains=[domains.wmo, domains.veiligheid])

    assert "no_care_safety_body" not in codes(region)


def test_no_decision_making_body_is_a_white_spot(complete_region):
    GovernanceBody.objects.filter(region=complete_region).update(kind=BodyKind.ADVISORY)

    assert codes(complete_region) == ["no_decision_body"]
    assert spots_for(complete_region, "no_decision_body")[0].title == (
        "Er is geen besluitvormend overleg"
    )


def test_no_expert_by_experience_anywhere_is_a_white_spot(complete_region):
    GovernanceBody.objects.get(region=complete_region).seats.update(is_expert_by_experience=False)

    assert codes(complete_region) == ["no_expert_by_experience"]


def test_an_expert_by_experience_in_any_body_is_enough(region, domains):
    GovernanceBodyFactory(region=region)
    SeatFactory(body=GovernanceBodyFactory(region=region), is_expert_by_experience=True)

    assert "no_expert_by_experience" not in codes(region)


def test_a_core_domain_without_an_ambassador_is_a_white_spot(complete_region, domains):
    body = GovernanceBody.objects.get(region=complete_region)
    body.seats.filter(domain=domains.veiligheid).update(ambassador_type=AmbassadorType.NONE)

    spots = spots_for(complete_region, "core_domain_without_ambassador")

    assert [s.domain for s in spots] == [domains.veiligheid]
    assert spots[0].title == "Geen ambassadeur voor kerndomein Veiligheid"
    assert codes(complete_region) == ["core_domain_without_ambassador"]


def test_an_ambassador_of_another_domain_does_not_count(region, domains):
    body = GovernanceBodyFactory(region=region, domains=[domains.jeugd])
    SeatFactory(body=body, domain=domains.jeugd, ambassador_type=AmbassadorType.CRITICUS)
    SeatFactory(body=body, domain=None, ambassador_type=AmbassadorType.HARTWERKER)

    missing = [s.domain for s in spots_for(region, "core_domain_without_ambassador")]

    assert missing == [domains.wmo, domains.veiligheid]


def test_white_spots_are_listed_most_urgent_first(region, domains):
    severities = [s.severity for s in build_structure_picture(region).white_spots]

    order = {WhiteSpotSeverity.HIGH: 0, WhiteSpotSeverity.MEDIUM: 1, WhiteSpotSeverity.LOW: 2}
    assert severities == sorted(severities, key=order.__getitem__)


def test_the_matrix_marks_overlap_and_counts_per_domain(region, domains):
    a = GovernanceBodyFactory(region=region, name="A", domains=[domains.jeugd, domains.wmo])
    GovernanceBodyFactory(region=region, name="B", domains=[domains.jeugd])

    picture = build_structure_picture(region)

    counts = {c.domain.slug: c.body_count for c in picture.columns}
    assert counts == {"jeugd": 2, "wmo-sociaal-domein": 1, "veiligheid": 0, "onderwijs": 0}
    assert picture.overlap_domains == [domains.jeugd]
    assert picture.uncovered_domains == [domains.veiligheid, domains.onderwijs]
    row_a = next(row for row in picture.matrix if row.body == a)
    cells = {c.domain.slug: (c.covered, c.overlap) for c in row_a.cells}
    assert cells["jeugd"] == (True, True)
    assert cells["wmo-sociaal-domein"] == (True, False)
    assert cells["veiligheid"] == (False, False)


def test_lines_follow_reports_to_and_higher_bodies_are_drawn_above(region, domains):
    top = GovernanceBodyFactory(region=region, name="Bestuurlijk overleg")
    middle = GovernanceBodyFactory(region=region, name="Stuurgroep", reports_to=top)
    GovernanceBodyFactory(region=region, name="Regiegroep", reports_to=middle)
    GovernanceBodyFactory(region=region, name="Los overleg")

    picture = build_structure_picture(region)

    pairs = {(line.source.body.name, line.target.body.name) for line in picture.lines}
    assert pairs == {("Stuurgroep", "Bestuurlijk overleg"), ("Regiegroep", "Stuurgroep")}
    y = {node.body.name: node.y for node in picture.nodes}
    assert y["Bestuurlijk overleg"] < y["Stuurgroep"] < y["Regiegroep"]
    assert y["Los overleg"] == y["Bestuurlijk overleg"]
    for node in picture.nodes:
        assert node.x >= 0 and node.x + node.width <= picture.width
        assert node.y >= 0 and node.y + node.height <= picture.height


def test_a_cycle_in_the_data_does_not_hang_the_picture(region, domains):
    """The form refuses cycles; data changed elsewhere must still draw."""
    a = GovernanceBodyFactory(region=region, name="A")
    b = GovernanceBodyFactory(region=region, name="B", reports_to=a)
    GovernanceBody.objects.filter(pk=a.pk).update(reports_to=b)

    picture = build_structure_picture(region)

    assert len(picture.nodes) == 2


def test_long_names_are_wrapped_on_at_most_two_lines(region, domains):
    GovernanceBodyFactory(region=region, name="Een zeer lang overleg " * 6)

    (node,) = build_structure_picture(region).nodes

    assert len(node.label_lines) == 2
    assert node.label_lines[-1].endswith("…")


def test_the_include_renders_svg_table_and_spots_without_style_attributes(region, domains):
    top = GovernanceBodyFactory(region=region, name="Top & <Co>", kind=BodyKind.DECISION_MAKING)
    GovernanceBodyFactory(region=region, name="Stuurgroep", reports_to=top, domains=[domains.wmo])

    html = render_to_string(
        "regions/includes/structure_picture.html", {"picture": build_structure_picture(region)}
    )

    assert "<svg" in html
    assert 'role="img"' in html
    assert "<polyline" in html
    assert '<th scope="col"' in html
    assert (
        "Stuurgroep: adviserend, 4× per jaar; adviseert of rapporteert aan Top &amp; &lt;Co&gt;."
        in html
    )
    assert "Er zit nergens een ervaringsdeskundige aan tafel" in html
    assert "<Co>" not in html
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert "<script" not in html


def test_the_structure_page_shows_the_picture(client_for, stuurgroeplid, region, domains):
    GovernanceBodyFactory(region=region, name="Stuurgroep", domains=[domains.jeugd])

    response = client_for(stuurgroeplid).get(reverse("regions:structure", args=[region.slug]))

    assert response.status_code == 200
    assert "<h1>Structuurplaat van Regio Testland</h1>" in response.text
    assert response.text.count("<h1") == 1
    assert "Kerndomein Veiligheid zit in geen enkel overleg" in response.text
    assert isinstance(response.context["picture"].white_spots, list)


def test_children_are_drawn_in_the_order_of_their_parents(region, domains):
    first = GovernanceBodyFactory(region=region, name="A-overleg")
    second = GovernanceBodyFactory(region=region, name="B-overleg")
    GovernanceBodyFactory(region=region, name="Aa onder B", reports_to=second)
    GovernanceBodyFactory(region=region, name="Zz onder A", reports_to=first)

    x = {node.body.name: node.x for node in build_structure_picture(region).nodes}

    assert x["A-overleg"] < x["B-overleg"]
    assert x["Zz onder A"] < x["Aa onder B"]


def test_a_wide_level_wraps_into_rows_of_four(region, domains):
    GovernanceBodyFactory.create_batch(6, region=region)

    picture = build_structure_picture(region)

    assert len({node.y for node in picture.nodes}) == 2
    assert picture.width == 2 * MARGIN + 4 * BOX_WIDTH + 3 * GAP_X


def test_the_include_takes_a_heading_level_for_embedding_in_reports(region, domains):
    picture = build_structure_picture(region)

    default = render_to_string("regions/includes/structure_picture.html", {"picture": picture})
    nested = render_to_string(
        "regions/includes/structure_picture.html", {"picture": picture, "heading_level": 3}
    )

    assert default.count("<h2 ") == 3
    assert nested.count("<h3 ") == 3
    assert "<h2" not in nested
