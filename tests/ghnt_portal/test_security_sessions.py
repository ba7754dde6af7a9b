"""Sessions: rotated at login, expire after inactivity, cookies HttpOnly (issue 5 §1)."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ghnt_portal.security.middleware import (
    REFRESH_AFTER_SECONDS,
    SESSION_LOGGED_IN_AT,
    SESSION_REFRESHED_AT,
)
from tests.factories import TEST_PASSWORD


def test_the_session_key_changes_at_login(client, bestuurder):
    client.get(reverse("accounts:login"))
    client.post(
        reverse("accounts:login"),
        {"login_view-current_step": "auth", "auth-username": "x@example.nl", "auth-password": "x"},
    )
    key_before = client.session.session_key
    assert key_before

    client.post(
        reverse("accounts:login"),
        {
            "login_view-current_step": "auth",
            "auth-username": bestuurder.email,
            "auth-password": TEST_PASSWORD,
        },
    )

    assert client.session["_auth_user_id"] == str(bestuurder.pk)
    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_the_default_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_logging_in_counts_as_the_latest_refresh(client_for, bestuurder):
    client = client_for(bestuurder)

    assert time.time() - client.session[SESSION_REFRESHED_AT] < 60
    assert settings.SESSION_COOKIE_NAME not in client.get(reverse("home")).cookies


def _refreshed(client, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_REFRESHED_AT] = int(time.time()) - seconds_ago
    session.save()


def test_a_request_within_the_minute_does_not_write_the_session(client_for, bestuurder):
    client = client_for(bestuurder)
    _refreshed(client, seconds_ago=5)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date

    response = client.get(reverse("home"))

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == expiry


def test_a_request_a_minute_later_pushes_the_expiry_and_the_cookie_forward(client_for, bestuurder):
    client = client_for(bestuurder)
    _refreshed(client, seconds_ago=REFRESH_AFTER_SECONDS)
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    response = client.get(reverse("home"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert Session.objects.get(session_key=key).expire_date > soon + timedelta(minutes=20)


def test_anonymous_visitors_of_a_page_get_no_session(db, client):
    response = client.get(reverse("privacy"))

    assert response.status_code == 200  # the page itself, not a redirect to the login page
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_an_idle_session_has_expired_and_asks_for_login_again(client_for, bestuurder):
    client = client_for(bestuurder)
    past = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=past)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_logging_out_ends_the_session(client_for, bestuurder):
    client = client_for(bestuurder)
    key = client.session.session_key

    client.post(reverse("accounts:logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_the_default_absolute_lifetime_is_twelve_hours():
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60


def _logged_in(client, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_LOGGED_IN_AT] = int(time.time()) - seconds_ago
    session.save()


def test_a_session_in_use_ends_twelve_hours_after_login(client_for, bestuurder):
    """ASVS 3.3.2 (level 2): also a session that is never idle asks for the login again."""
    client = client_for(bestuurder)
    _logged_in(client, seconds_ago=12 * 60 * 60)
    key = client.session.session_key

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=key).exists()


def test_a_session_in_use_lasts_until_then(client_for, bestuurder):
    client = client_for(bestuurder)
    _logged_in(client, seconds_ago=12 * 60 * 60 - 60)

    assert client.get(reverse("home")).status_code == 200


def test_a_session_from_before_the_limit_counts_from_its_next_request(client_for, bestuurder):
    client = client_for(bestuurder)
    session = client.session
    del session[SESSION_LOGGED_IN_AT]
    session.save()

    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[SESSION_LOGGED_IN_AT] < 60
