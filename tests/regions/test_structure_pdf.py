"""The structure picture as a PDF: same access as the page, renders without errors."""

import logging
from html import escape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ghnt_portal.pdf import running_title_name
from regions.constants import BodyKind
from regions.structure import build_structure_picture
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
