"""E-mail addresses are stored in lower case and may not differ only in case: people log in with
their address in any case, so two such accounts would make the login ambiguous."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ghnt_portal.accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

TAKEN = "Er is al een gebruiker met dit e-mailadres."


def add_user(client, email):
    return client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": email,
            "full_name": "Jan Tweede",
            "usable_password": "false",
            "password1": "",
            "password2": "",
            "_save": "Opslaan",
        },
    )


def test_the_admin_refuses_an_address_that_differs_only_in_case(client_for, beheerder):
    UserFactory(email="jan@example.nl")

    answer = add_user(client_for(beheerder), "Jan@Example.nl")

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors == {"email": [TAKEN]}
    assert User.objects.filter(email__iexact="jan@example.nl").count() == 1


def test_the_admin_stores_a_new_address_in_lower_case(client_for, beheerder):
    answer = add_user(client_for(beheerder), " Nieuw.Persoon@Example.NL ")

    assert answer.status_code == 302
    assert User.objects.filter(full_name="Jan Tweede").get().email == "nieuw.persoon@example.nl"


def test_the_admin_refuses_changing_an_address_into_another_accounts_in_other_case(
    client_for, beheerder
):
    UserFactory(email="jan@example.nl")
    piet = UserFactory(email="piet@example.nl", full_name="Piet")
    client = client_for(beheerder)
    url = reverse("admin:accounts_user_change", args=[piet.pk])
    data = {
        "full_name": "Piet",
        "national_role": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "_save": "Opslaan",
    }

    refused = client.post(url, {**data, "email": "JAN@example.nl"})
    kept_own = client.post(url, {**data, "email": "PIET@Example.nl"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {"email": [TAKEN]}
    assert kept_own.status_code == 302
    piet.refresh_from_db()
    assert piet.email == "piet@example.nl"


def test_saving_a_user_stores_the_address_in_lower_case(db):
    user = UserFactory(email="Marie@Example.NL")

    user.refresh_from_db()
    assert user.email == "marie@example.nl"


def test_the_database_refuses_two_addresses_differing_only_in_case(db):
    UserFactory(email="piet@example.nl")
    other = UserFactory(email="ander@example.nl")

    with pytest.raises(IntegrityError, match="accounts_user_email_unique_in_any_case"):
        # Past the model's save, as a raw write or a bulk update would be.
        User.objects.filter(pk=other.pk).update(email="Piet@example.nl")


def test_logging_in_with_the_address_in_another_case_works(db, client):
    piet = UserFactory(email="piet@example.nl")

    answer = client.post(
        reverse("accounts:login"),
        {
            "login_view-current_step": "auth",
            "auth-username": "PIET@Example.nl",
            "auth-password": TEST_PASSWORD,
        },
    )

    assert answer.status_code in (200, 302)
    assert client.session["_auth_user_id"] == str(piet.pk)
