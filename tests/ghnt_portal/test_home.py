import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory


def test_anonymous_user_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_with_email_and_password_reaches_home(client, db):
    user = UserFactory(email="Wethouder@Example.nl")

    response = client.post(
        reverse("accounts:login"),
        {
            "login_view-current_step": "auth",
            "auth-username": "wethouder@example.nl",
            "auth-password": TEST_PASSWORD,
        },
        follow=True,
    )

    assert response.context["user"] == user
    assert response.redirect_chain[-1][0] == reverse("home")


def test_wrong_password_gives_a_dutch_error(client, db):
    UserFactory(email="a@example.nl")

    response = client.post(
        reverse("accounts:login"),
        {"login_view-current_step": "auth", "auth-username": "a@example.nl", "auth-password": "x"},
    )

    assert response.status_code == 200
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet." in response.text


@pytest.mark.parametrize("role_client", ["bestuurder", "beheerder"], indirect=True)
def test_home_page_is_dutch_and_has_a_skip_link(role_client):
    _, _, client = role_client

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert 'href="#main"' in response.text


def test_pages_name_their_icon_so_browsers_do_not_ask_for_favicon_ico(client, db):
    """Without it every page load asked for /favicon.ico and got a 404."""
    page = client.get(reverse("accessibility")).content.decode()

    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)[1]
    assert href.startswith(settings.STATIC_URL)
    assert finders.find(href.removeprefix(settings.STATIC_URL).split("?")[0])
