"""The structure picture as a PDF: same access as the page, renders without errors."""

import io
import logging
import math
import re
from html import escape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ghnt_portal.pdf import render_to_pdf, running_title_name
from regions.constants import BodyKind
from regions.structure import PRINT_MIN_LABEL_PT, build_structure_picture
from tests.factories import GovernanceBodyFactory, RegionFactory
from tests.regions.factories import core_domains


def pdf_url(region):
    return reverse("regions:structure_pdf", args=[region.slug])


def test_other_regions_projectleider_gets_404(client_for, other_projectleider, region):
    assert client_for(other_projectleider).get(pdf_url(region)).status_code == 404


def test_anonymous_is_sent_to_login(client_for, region):
    assert client_for(None).get(pdf_url(region)).status_code == 302


@pytest.mark.parametrize("role_client", ["stuurgroeplid", "landelijk"], indirect=True)
def test_the_structure_pdf_downloads_without_logged_errors(role_client, region, caplog):
    _, _, client = role_client
    domains = core_domains()
    top = GovernanceBodyFactory(
        region=region, name="Bestuurlijk overleg", kind=BodyKind.DECISION_MAKING
    )
    GovernanceBodyFactory(region=region, name="Stuurgroep", reports_to=top, domains=[domains.jeugd])

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(pdf_url(region))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="structuurplaat-regio-testland.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_region_name_of_the_maximum_length_is_shortened_for_the_pdf_footer_only(db):
    region = RegionFactory(
        name=("Veiligheidsregio Noord- en Oost-Gelderland & Achterhoek " * 3)[:120]
    )

    html = render_to_string(
        "regions/pdf/structure.html",
        {"picture": build_structure_picture(region), "generated_on": timezone.now()},
    )

    short = escape(running_title_name(region.name))
    assert f'<h1 data-running-title="Structuurplaat van {short}">' in html
    assert f"Structuurplaat van {escape(region.name)}</h1>" in html


def _render_structure_pdf(region):
    return render_to_pdf(
        "regions/pdf/structure.html",
        {"picture": build_structure_picture(region), "generated_on": timezone.now()},
    )


def _label_sizes(page, label: str) -> list[float]:
    """The font sizes in pt at which ``page`` draws a text that is all of ``label`` (a regular
    expression): a box's label, not a line of the list of bodies under the picture."""
    sizes = []

    def visit(text, cm, tm, font_dict, font_size):
        if re.fullmatch(label, text.strip()):
            a, b, c, d = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            )
            sizes.append(font_size * math.sqrt(abs(a * d - b * c)))

    page.extract_text(visitor_text=visit)
    return sizes


def _big_region(region):
    """55 bodies: a bestuurlijk overleg, 6 stuurgroepen under it and 8 werkgroepen under each."""
    top = GovernanceBodyFactory(
        region=region, name="Bestuurlijk overleg", kind=BodyKind.DECISION_MAKING
    )
    for s in range(6):
        group = GovernanceBodyFactory(region=region, name=f"Stuurgroep {s}", reports_to=top)
        for w in range(8):
            GovernanceBodyFactory(region=region, name=f"Werkgroep {s}.{w}", reports_to=group)


def test_a_big_region_starts_its_picture_on_the_first_page_with_readable_labels(region):
    _big_region(region)
    assert region.bodies.count() == 55

    _html, pdf = _render_structure_pdf(region)

    pages = PdfReader(io.BytesIO(pdf)).pages
    # The picture starts under the heading: not a first page with the heading alone.
    assert "Bestuurlijk overleg" in pages[0].extract_text()
    sizes = _label_sizes(pages[0], r"Bestuurlijk overleg|Stuurgroep \d")
    assert sizes
    assert min(sizes) >= PRINT_MIN_LABEL_PT
    # Every body's box is in the picture, at the same readable size, on the pages before the
    # legend under the picture.
    legend = next(i for i, page in enumerate(pages) if "Legenda:" in page.extract_text())
    picture_sizes = [
        size for page in pages[: legend + 1] for size in _label_sizes(page, r"Werkgroep \d\.\d")
    ]
    assert len(picture_sizes) == 48
    assert min(picture_sizes) >= PRINT_MIN_LABEL_PT
    # The text equivalent is still there.
    text = "\n".join(page.extract_text() for page in pages)
    assert "Werkgroep 5.7: adviserend, 4× per jaar; adviseert of rapporteert aan" in text
    assert "Overleggen en domeinen" in text
    assert "Witte vlekken en wat u eraan kunt doen" in text


def test_a_small_region_keeps_its_picture_whole_on_one_page(region):
    domains = core_domains()
    top = GovernanceBodyFactory(
        region=region, name="Bestuurlijk overleg", kind=BodyKind.DECISION_MAKING
    )
    for i in range(4):
        GovernanceBodyFactory(
            region=region, name=f"Stuurgroep {i}", reports_to=top, domains=[domains.jeugd]
        )

    html, pdf = _render_structure_pdf(region)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert html.count("<svg") == 1
    assert len(pages) == 2
    assert "Stuurgroep 3" in pages[0].extract_text()
