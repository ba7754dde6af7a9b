"""Sessions: rotated at login, expire after inactivity, cookies HttpOnly (issue 5 §1)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

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
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_every_request_renews_the_session_cookie(client_for, bestuurder):
    client = client_for(bestuurder)

    response = client.get(reverse("home"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_activity_pushes_the_expiry_forward(client_for, bestuurder):
    client = client_for(bestuurder)
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    client.get(reverse("home"))

    assert Session.objects.get(session_key=key).expire_date > soon + timedelta(minutes=20)


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
