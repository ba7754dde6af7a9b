"""Brute-force protection: 5 failures per e-mail address and IP address lock the login (§1)."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ghnt_portal.security.lockout import client_ip
from tests.factories import TEST_PASSWORD, UserFactory

LOCKED_TEXT = "Inloggen tijdelijk geblokkeerd"


def attempt(client: Client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"login_view-current_step": "auth", "auth-username": email, "auth-password": password},
        REMOTE_ADDR=ip,
    )


def fail(client: Client, email: str, times: int, ip: str = "10.0.0.1"):
    response = None
    for _ in range(times):
        response = attempt(client, email, "verkeerd-wachtwoord", ip)
    return response


@pytest.fixture
def person(db):
    return UserFactory(email="wethouder@example.nl")


def test_four_failures_still_allow_the_right_password(client, person):
    fail(client, person.email, 4)

    response = attempt(client, person.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_fifth_failure_locks_with_a_dutch_page(client, person):
    response = fail(client, person.email, 5)

    assert response.status_code == 429
    assert LOCKED_TEXT in response.text
    assert "60 minuten" in response.text


def test_a_locked_login_refuses_even_the_right_password(client, person):
    fail(client, person.email, 5)

    response = attempt(client, person.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_the_address_however_it_is_capitalised(client, person):
    fail(client, "WETHOUDER@example.nl", 3)
    fail(client, "wethouder@EXAMPLE.nl", 2)

    response = attempt(client, person.email, TEST_PASSWORD)

    assert response.status_code == 429


def test_the_lock_is_per_address_and_ip_combination(person):
    fail(Client(), person.email, 5, ip="10.0.0.1")

    elsewhere = attempt(Client(), person.email, TEST_PASSWORD, ip="10.0.0.2")
    other_person = UserFactory(email="burgemeester@example.nl")
    same_ip_other_person = attempt(Client(), other_person.email, TEST_PASSWORD, ip="10.0.0.1")

    assert elsewhere.status_code == 302
    assert same_ip_other_person.status_code == 302


def test_a_successful_login_resets_the_counter(client, person):
    fail(client, person.email, 4)
    attempt(client, person.email, TEST_PASSWORD)

    response = fail(Client(), person.email, 4)

    assert response.status_code == 200
    assert LOCKED_TEXT not in response.text


def test_the_beheerder_lifts_a_lock_with_the_reset_command(client, person):
    fail(client, person.email, 5)
    assert AccessAttempt.objects.exists()

    call_command("axes_reset_username", person.email)
    response = attempt(client, person.email, TEST_PASSWORD)

    assert response.status_code == 302


def test_the_beheerder_sees_and_can_delete_attempts_in_the_admin(
    client, client_for, beheerder, person
):
    fail(client, person.email, 5)
    admin = client_for(beheerder)

    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))

    assert listing.status_code == 200
    assert "wethouder@example.nl" in listing.text


def test_client_ip_ignores_forwarded_for_without_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.9")

    assert client_ip(request) == "10.0.0.9"


def test_client_ip_takes_the_address_the_trusted_proxy_saw(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1")

    assert client_ip(request) == "192.0.2.7"


def test_without_a_cool_off_the_lock_stays_and_the_page_says_ask_the_beheerder(
    client, person, settings
):
    settings.AXES_COOLOFF_TIME = None

    response = fail(client, person.email, 5)

    assert response.status_code == 429
    assert "minuten opnieuw" not in response.text
    assert "beheerder van het portaal" in response.text
