"""Dutch error pages, and logs without personal data (issue 5 §6)."""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path, reverse

from ghnt_portal.security.log_filters import RedactPersonalDataFilter, redact
from tests.factories import GovernanceBodyFactory


def boom(request):
    raise RuntimeError("kapot bij wethouder@example.nl")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-boem/", boom),
    path("test-verboden/", forbidden),
    path("", include("ghnt_portal.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def console_output():
    """What the portal's console log handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalDataFilter) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_an_unknown_page_gives_the_dutch_404(client, db):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "Content-Security-Policy" in response


def test_something_deleted_meanwhile_says_so_on_the_404(client_for, projectleider, region):
    """A second click on a delete button, or an edit of what someone else just deleted."""
    body = GovernanceBodyFactory(region=region)
    url = reverse("regions:body_update", args=[region.slug, body.uuid])
    body.delete()

    response = client_for(projectleider).get(url)

    assert response.status_code == 404
    assert "iemand anders het misschien net verwijderd" in response.text


def test_a_forbidden_page_gives_the_dutch_403(client_for, bestuurder):
    response = client_for(bestuurder).get("/test-verboden/")

    assert response.status_code == 403
    assert "Geen toegang" in response.text


def test_a_crash_gives_the_dutch_500_without_details(client, db):
    client.raise_request_exception = False

    response = client.get("/test-boem/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert "wethouder@example.nl" not in response.text
    assert "RuntimeError" not in response.text


def test_a_bad_host_gives_the_dutch_400(client, db):
    response = client.get("/", HTTP_HOST="aanvaller.example")

    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text


@pytest.mark.parametrize("query", ["rol=%00", "rol=a%00b", "r%00l=1", "rol=ja&rol=%00"])
def test_a_nul_in_the_query_string_gives_the_dutch_400(client, db, query):
    response = client.get(f"/account/inloggen/?{query}")

    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text


def test_the_text_percent_zero_zero_in_a_query_string_is_no_nul(client, db):
    response = client.get("/account/inloggen/?next=%2500")

    assert response.status_code == 200


def test_the_500_log_has_no_email_address(client, db, console_output):
    client.raise_request_exception = False

    client.get("/test-boem/?naam=wethouder@example.nl")

    logged = console_output.getvalue()
    assert "Internal Server Error: /test-boem/" in logged
    assert "RuntimeError: kapot bij [e-mailadres]" in logged
    assert "wethouder@example.nl" not in logged


def test_a_404_log_has_no_email_address(client, db, console_output, settings):
    client.get("/profiel/wethouder@example.nl/")

    logged = console_output.getvalue()
    assert "Not Found: /profiel/[e-mailadres]/" in logged
    assert "wethouder@example.nl" not in logged


def test_a_404_log_of_an_invitation_link_has_no_token(client, db, console_output):
    path = reverse("accounts:accept_invitation", kwargs={"token": "geheim-123"})

    assert client.get(path).status_code == 404

    logged = console_output.getvalue()
    assert "Not Found: /account/uitnodiging/…/" in logged
    assert "geheim-123" not in logged


def test_runservers_request_lines_go_through_the_filter(console_output):
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "geheim"})

    logging.getLogger("django.server").info('"GET %s HTTP/1.1" %s %s', path, 200, 512)

    logged = console_output.getvalue()
    assert '"GET /account/wachtwoord-herstellen/MQ/…/ HTTP/1.1" 200 512' in logged
    assert "geheim" not in logged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login by a.b-c+d@gemeente.example.nl", "login by [e-mailadres]"),
        ("GET /account/?token=abc&email=x%40y.nl HTTP/1.1", "GET /account/?[…] HTTP/1.1"),
        (
            '"GET /account/wachtwoord-herstellen/MQ/c4b2x3-8f0e1d/ HTTP/1.1" 200 512',
            '"GET /account/wachtwoord-herstellen/MQ/…/ HTTP/1.1" 200 512',
        ),
        ("nothing personal here", "nothing personal here"),
    ],
)
def test_redact_masks_email_addresses_query_strings_and_link_tokens(text, expected):
    assert redact(text) == expected


def test_the_filter_rewrites_arguments_and_drops_the_request():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/a@b.nl/",), None
    )
    record.request = object()

    kept = RedactPersonalDataFilter().filter(record)

    assert kept is True
    assert record.getMessage() == "Not Found: /[e-mailadres]/"
    assert record.request is None


def test_a_failed_csrf_check_gives_the_dutch_expired_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"login_view-current_step": "auth"})

    assert response.status_code == 403
    assert '<html lang="nl"' in response.text
    assert "Pagina verlopen" in response.text
    assert "Laad de pagina opnieuw en probeer het nog eens" in response.text
    assert f'href="{reverse("home")}"' in response.text
    assert "<style" not in response.text
    assert " style=" not in response.text
    assert "<script>" not in response.text
    assert "Content-Security-Policy" in response


def test_a_form_post_over_the_size_limit_gets_the_dutch_400_page(client_for, projectleider, region):
    """A body that is not a file, above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), is not read."""
    url = reverse("regions:partner_create", args=[region.slug])

    response = client_for(projectleider).post(url, {"name": "x" * 3 * 1024 * 1024})

    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text


def test_a_form_post_with_too_many_fields_gets_the_dutch_400_page(
    client_for, projectleider, region
):
    url = reverse("regions:partner_create", args=[region.slug])

    response = client_for(projectleider).post(url, {f"veld{n}": "x" for n in range(1001)})

    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text
