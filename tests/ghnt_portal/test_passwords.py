"""Password rules refuse a password in Dutch, wherever a password is chosen; reset links expire."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def test_a_too_short_new_password_is_refused_in_dutch(client_for, bestuurder):
    response = client_for(bestuurder).post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "kort-1", "new_password2": "kort-1"},
    )

    page = response.content.decode()
    assert "Dit wachtwoord is te kort: het moet minstens 12 tekens bevatten." in page
    assert "too short" not in page


def test_a_password_like_the_e_mail_address_is_refused_in_good_dutch(client_for, bestuurder):
    bestuurder.email = "marieke.wethouder@gemeente.example"
    bestuurder.save()

    response = client_for(bestuurder).post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "mariekewethouder",
            "new_password2": "mariekewethouder",
        },
    )

    assert "Dit wachtwoord lijkt te veel op uw e-mailadres." in response.content.decode()


@pytest.mark.parametrize(("minutes_later", "works"), [(59, True), (61, False)])
def test_a_password_reset_link_works_for_an_hour(bestuurder, monkeypatch, minutes_later, works):
    token = default_token_generator.make_token(bestuurder)
    later = datetime.now() + timedelta(minutes=minutes_later)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    assert default_token_generator.check_token(bestuurder, token) is works
