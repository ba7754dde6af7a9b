"""A redirect target from user input (``next``) is only ever a path on this site: at the
password step, the code step at login, the code step after login and at logging out."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

from .test_security_two_factor import LOGIN, current_token, password_only_client

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    " //evil.example/",
    "javascript:alert(1)",
]


def login_url(next_url: str) -> str:
    return reverse("accounts:login") + "?" + urlencode({"next": next_url})


def password_post(client, email: str, next_url: str):
    return client.post(
        login_url(next_url), {LOGIN: "auth", "auth-username": email, "auth-password": TEST_PASSWORD}
    )


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_password_step_stays_on_the_site(client, bestuurder, next_url):
    response = password_post(client, bestuurder.email, next_url)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_password_step_follows_a_path_on_the_site(client, bestuurder):
    response = password_post(client, bestuurder.email, "/privacy/")

    assert response.url == "/privacy/"


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_code_step_at_login_stays_on_the_site(client, projectleider, next_url):
    device = TOTPDevice.objects.create(user=projectleider, name="default", confirmed=True)
    password_post(client, projectleider.email, next_url)

    response = client.post(
        login_url(next_url), {LOGIN: "token", "token-otp_token": current_token(device)}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(projectleider.pk)


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_code_step_after_login_stays_on_the_site(projectleider, next_url):
    device = TOTPDevice.objects.create(user=projectleider, name="default", confirmed=True)
    client = password_only_client(projectleider)

    response = client.post(
        reverse("security:verify"), {"token": current_token(device), "next": next_url}
    )

    assert response.url == reverse("home")


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_logging_out_stays_on_the_site(client_for, bestuurder, next_url):
    client = client_for(bestuurder)

    response = client.post(reverse("accounts:logout"), {"next": next_url})

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
