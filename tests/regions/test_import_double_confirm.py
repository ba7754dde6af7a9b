"""A double click on "bevestigen" of an import: two requests at the same moment save the rows
once, and neither ends in a server error (was: a 500 on the unique CBS code or figure)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from regions import municipality_import
from regions.constants import FigureKind
from regions.figures import csv_import
from regions.models import Municipality, RegionalFigure
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import MunicipalityFactory

pytestmark = [
    # Both requests must meet at the region lock inside their transactions: PostgreSQL only
    # (see tests/scan/test_double_submit.py).
    postgresql_only("two transactions meeting at a row lock: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _confirm_twice_at_once(monkeypatch, module, client, url) -> list[int]:
    """Post the confirm of ``client``'s preview (the same session) twice at once."""

    def confirm():
        other = Client()
        for name, morsel in client.cookies.items():
            other.cookies[name] = morsel.value
        other.raise_request_exception = False
        return other.post(url, {"confirm": "1"}).status_code

    return twice_at_once(monkeypatch, module, "lock_regions", confirm)


def test_the_municipality_import_confirmed_twice_at_once_saves_once(
    beheerder, client_for, region, monkeypatch
):
    client = client_for(beheerder)
    url = reverse("admin:regions_municipality_import")
    text = f"CBS-code;naam;inwoners;regio\nGM0001;Een;1;{region.slug}\n"
    preview = client.post(url, {"file": SimpleUploadedFile("gemeenten.csv", text.encode())})
    assert preview.context["plan"].is_valid

    statuses = _confirm_twice_at_once(monkeypatch, municipality_import, client, url)

    assert statuses == [302, 302]
    assert list(Municipality.objects.values_list("cbs_code", flat=True)) == ["GM0001"]


def test_the_figure_import_confirmed_twice_at_once_saves_once(
    projectleider, client_for, region, monkeypatch
):
    MunicipalityFactory(region=region, cbs_code="GM9001")
    client = client_for(projectleider)
    url = reverse("regions:figure_import", args=[region.slug])
    preview = client.post(
        url,
        {
            "kind": FigureKind.VT_REPORTS,
            "label": "",
            "source": "CBS StatLine 84849NED",
            "file": SimpleUploadedFile("cbs.csv", b"code;periode;waarde\nGM9001;2022;5\n"),
        },
    )
    assert preview.context["plan"].is_valid

    statuses = _confirm_twice_at_once(monkeypatch, csv_import, client, url)

    assert statuses == [302, 302]
    assert list(RegionalFigure.objects.values_list("year", "value")) == [(2022, 5)]
