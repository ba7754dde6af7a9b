"""The privacy statement is public, Dutch and linked from every page (issue 5 §7)."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_everyone_reads_the_privacy_statement(role_client):
    _, _, client = role_client

    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    assert "<h1>Privacyverklaring</h1>" in response.text


def test_it_says_what_is_held_why_how_long_and_never(client, db):
    text = client.get(reverse("privacy")).text

    for words in (
        "naam, e-mailadres",
        "Zetels in overleggen",
        # What past meetings keep of a seat, also after the person's removal with their seats
        # (the beheerder may also keep the seats, with the name).
        "ook uw zetels, dan blijft daar alleen uw functie staan",
        "B&amp;W-scan",
        "ziet alleen u",
        "logboek",
        # The one-day tokens of create forms keep who sent them and where that led.
        "naar welke pagina u daarna ging",
        # Invitations hold an e-mail address (manage.py housekeeping removes them).
        "Tot 90 dagen nadat de uitnodiging is aangenomen, ingetrokken of verlopen",
        "Hoe lang",
        "Autoriteit Persoonsgegevens",
        "nooit gegevens over cliënten of casussen",
    ):
        assert words in text, words


def test_every_page_links_to_it_in_the_footer(client, db):
    response = client.get(reverse("accounts:login"))

    assert f'href="{reverse("privacy")}"' in response.text


def test_it_does_not_accept_posts(client, db):
    assert client.post(reverse("privacy")).status_code == 405
