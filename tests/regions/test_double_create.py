"""The same new body, partner or figure saved from two open pages at the same moment (each post
has its own one-time token, see tests.conftest.FormClient): one object is saved, the second gets
the form's error, and neither ends in a server error. The same page sent twice (a double click)
is answered as saved: tests/ghnt_portal/test_submit_once.py."""

import pytest
from django.urls import reverse

from regions import services
from regions.constants import BodyKind
from regions.models import GovernanceBody, PartnerOrganisation
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import BodyFormFactory, OrganisationTypeFactory

pytestmark = [
    postgresql_only("two transactions meeting at a row lock: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _poster(client_for, user, url, data):
    def post():
        client = client_for(user)
        client.raise_request_exception = False
        return client.post(url, data).status_code

    return post


def test_a_new_body_saved_twice_at_once_is_saved_once(
    client_for, projectleider, region, monkeypatch
):
    data = {
        "name": "Stuurgroep",
        "form": BodyFormFactory().pk,
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 6,
        "purpose": "",
        "reports_to": "",
    }
    url = reverse("regions:body_create", args=[region.slug])

    statuses = twice_at_once(
        monkeypatch, services, "body_save", _poster(client_for, projectleider, url, data)
    )

    assert sorted(statuses) == [200, 302]
    assert list(GovernanceBody.objects.values_list("name", flat=True)) == ["Stuurgroep"]


def test_a_new_partner_saved_twice_at_once_is_saved_once(
    client_for, projectleider, region, monkeypatch
):
    url = reverse("regions:partner_create", args=[region.slug])

    statuses = twice_at_once(
        monkeypatch,
        services,
        "partner_save",
        _poster(
            client_for,
            projectleider,
            url,
            {"name": "Veilig Thuis", "organisation_type": OrganisationTypeFactory().pk},
        ),
    )

    assert sorted(statuses) == [200, 302]
    assert list(PartnerOrganisation.objects.values_list("name", flat=True)) == ["Veilig Thuis"]


def test_a_new_figure_saved_twice_at_once_is_saved_once(
    client_for, projectleider, region, monkeypatch
):
    from regions.constants import FigureKind
    from regions.figures import services as figure_services
    from regions.models import RegionalFigure

    url = reverse("regions:figure_create", args=[region.slug])
    data = {"kind": FigureKind.VT_REPORTS, "label": "", "year": 2022, "value": 5, "source": "CBS"}

    statuses = twice_at_once(
        monkeypatch, figure_services, "figure_save", _poster(client_for, projectleider, url, data)
    )

    assert sorted(statuses) == [200, 302]
    assert list(RegionalFigure.objects.values_list("year", "value")) == [(2022, 5)]
