"""The structure picture as a PDF: same access as the page, renders without errors."""

import logging

import pytest
from django.urls import reverse

from regions.constants import BodyKind
from tests.factories import GovernanceBodyFactory
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
