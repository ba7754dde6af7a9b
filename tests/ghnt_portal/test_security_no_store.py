"""No browser or proxy keeps a copy of what a logged-in person saw: after logging out on a shared
computer, Back shows nothing (NoStoreForLoggedInMiddleware). Static files and public pages for
anonymous visitors keep their caching. The scan's pages and PDFs: tests/scan/test_privacy.py."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ghnt_portal.security.middleware import NoStoreForLoggedInMiddleware
from tests.conftest import ROLES
from tests.factories import GovernanceBodyFactory

LOGGED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


def assert_not_stored(response, url):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, url
    assert "private" in cache_control, url


@pytest.mark.parametrize("role_client", LOGGED_IN_ROLES, indirect=True)
def test_no_page_shown_to_a_logged_in_person_is_stored(role_client, region):
    _, _, client = role_client
    urls = [
        reverse("home"),
        # Public, but with the person's name in the header once logged in.
        reverse("accessibility"),
        reverse("governance:region", args=[region.slug]),
        reverse("accounts:region_people", kwargs={"region_slug": region.slug}),
        # Refusals (403, 404) too: every answer to a logged-in request.
        reverse("governance:index"),
    ]

    for url in urls:
        assert_not_stored(client.get(url), url)


def test_the_steering_report_pdf_and_the_data_download_are_not_stored(
    stuurgroeplid, region, client_for
):
    client = client_for(stuurgroeplid)
    body = GovernanceBodyFactory(region=region)
    urls = [
        reverse("governance:body_report_pdf", args=[region.slug, body.uuid]),
        reverse("privacy:my_data_download"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response, url)


def test_the_logout_answer_is_not_stored(bestuurder, client_for):
    response = client_for(bestuurder).post(reverse("accounts:logout"))

    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert_not_stored(response, "logout")


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_public_pages_keep_their_caching_for_anonymous_visitors(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Cache-Control" not in response


def test_the_login_page_keeps_its_own_no_store_for_anonymous_visitors(client, db):
    """Its form carries a CSRF token and the login steps live in the session."""
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert_not_stored(response, "login")


@pytest.mark.parametrize("role", ["anonymous", "bestuurder"])
def test_static_files_keep_their_caching(role, request, client_for):
    client = client_for(request.getfixturevalue(role))

    response = client.get(f"{settings.STATIC_URL}css/portal.css")

    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def answer_with(response: HttpResponse):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return NoStoreForLoggedInMiddleware(lambda request: response)(request)


def test_an_answer_that_sets_the_session_cookie_is_not_stored():
    response = HttpResponse()
    response.set_cookie(settings.SESSION_COOKIE_NAME, "new-session")

    assert_not_stored(answer_with(response), "session cookie")


def test_an_answer_that_already_says_no_store_is_left_as_it_is():
    response = HttpResponse()
    response["Cache-Control"] = "no-store"
    response.set_cookie(settings.SESSION_COOKIE_NAME, "new-session")

    assert answer_with(response)["Cache-Control"] == "no-store"
