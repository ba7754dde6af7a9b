"""Brute-force protection: 5 failures per e-mail address and IP address lock the login (§1)."""

import logging
from importlib import import_module

import pytest
from axes.models import AccessAttempt
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ghnt_portal.security.lockout import client_ip
from tests.factories import TEST_PASSWORD, UserFactory

from .test_security_two_factor import LOGIN, current_token, password_only_client

scrub_attempt_post_data = import_module(
    "ghnt_portal.accounts.migrations.0005_mask_passwords_in_login_attempts"
)

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


def test_a_mistyped_password_is_not_kept_in_the_attempt_record(client, person):
    """The records are in /beheer/ and in every back-up: a mistyped password is often nearly the
    real one."""
    attempt(client, person.email, "Bijna-Mijn-Echte-Wachtwoord")

    record = AccessAttempt.objects.get()

    assert "Bijna-Mijn-Echte-Wachtwoord" not in record.post_data
    assert "auth-password=********************" in record.post_data


def test_the_lockout_warning_names_neither_the_address_nor_the_ip_address(client, person, caplog):
    """The privacy statement: no e-mail addresses in the server's logs (a regression: the list of
    masked fields once replaced django-axes' own, which mask these two)."""
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(client, person.email, 5, ip="10.9.8.7")

    assert "Locking out" in caplog.text
    assert person.email not in caplog.text
    assert "10.9.8.7" not in caplog.text


def test_the_migration_masks_passwords_kept_by_earlier_versions(person):
    AccessAttempt.objects.create(
        username=person.email,
        ip_address="10.0.0.1",
        user_agent="",
        get_data="next=/",
        post_data="login_view-current_step=auth\nauth-password=Bijna-Mijn-Echte-Wachtwoord",
        failures_since_start=1,
    )

    scrub_attempt_post_data.mask_post_data(django_apps, None)

    record = AccessAttempt.objects.get()
    assert record.post_data == ""
    assert record.get_data == "next=/"


# --- The code steps: a wrong app or backup code counts as a failed login too ----------------


@pytest.fixture
def with_app(person, settings):
    """``person`` with an authenticator app; django-otp's own pause after a wrong code is off,
    so that the codes below are all checked (and all wrong)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return TOTPDevice.objects.create(user=person, name="default", confirmed=True)


def code_attempt(client: Client, code: str, step: str = "token", ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {LOGIN: step, f"{step}-otp_token": code}, REMOTE_ADDR=ip
    )


def test_five_wrong_app_codes_lock_the_login_even_for_the_right_code(client, person, with_app):
    attempt(client, person.email, TEST_PASSWORD)
    for _ in range(4):
        assert code_attempt(client, "000000").status_code == 200

    fifth = code_attempt(client, "000000")
    right_code = code_attempt(client, current_token(with_app))

    assert fifth.status_code == 429
    assert LOCKED_TEXT in fifth.text
    assert right_code.status_code == 429
    assert "_auth_user_id" not in client.session


def test_after_wrong_app_codes_the_password_step_is_locked_too(client, person, with_app):
    attempt(client, person.email, TEST_PASSWORD)
    for _ in range(5):
        code_attempt(client, "000000")

    response = attempt(Client(), person.email, TEST_PASSWORD)

    assert response.status_code == 429


def test_wrong_passwords_and_wrong_codes_count_together(client, person, with_app):
    fail(client, person.email, 3)
    attempt(client, person.email, TEST_PASSWORD)
    code_attempt(client, "000000")

    response = code_attempt(client, "000000")

    assert response.status_code == 429


def test_five_wrong_backup_codes_lock_the_login(client, person, with_app):
    StaticDevice.objects.create(user=person, name="backup", confirmed=True)
    attempt(client, person.email, TEST_PASSWORD)
    client.post(reverse("accounts:login"), {LOGIN: "token", "wizard_goto_step": "backup"})

    responses = [code_attempt(client, "zzzz9999", step="backup") for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_an_empty_code_does_not_count(client, person, with_app):
    attempt(client, person.email, TEST_PASSWORD)
    for _ in range(5):
        code_attempt(client, "")

    response = code_attempt(client, current_token(with_app))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_five_wrong_codes_on_the_code_step_of_a_logged_in_person_lock_it(person, with_app):
    client = password_only_client(person)
    url = reverse("security:verify")
    for _ in range(4):
        assert client.post(url, {"token": "000000"}, REMOTE_ADDR="10.0.0.1").status_code == 200

    fifth = client.post(url, {"token": "000000"}, REMOTE_ADDR="10.0.0.1")
    right_code = client.post(url, {"token": current_token(with_app)}, REMOTE_ADDR="10.0.0.1")

    assert fifth.status_code == 429
    assert LOCKED_TEXT in fifth.text
    assert right_code.status_code == 429
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_lockout_page_names_wrong_codes_too(client, person):
    response = fail(client, person.email, 5)

    assert "een verkeerd wachtwoord of een verkeerde code" in response.text
