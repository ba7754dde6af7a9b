"""Asking for a new password, or inviting someone, does not tell whether an address has an
account: the same page for a known, an unknown, a switched-off and an invited address, and for a
known one no later (the mail is sent after the response)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from ghnt_portal.mail import background_sender
from regions.constants import RegionRole
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.mail import held_mail_server


def reset_page(client, email: str) -> tuple[list, bytes]:
    response = client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)
    return response.redirect_chain, response.content


def test_the_password_reset_page_is_the_same_whether_or_not_the_address_has_an_account(
    client, region
):
    UserFactory(email="bekend@example.nl")
    UserFactory(email="uitgezet@example.nl", is_active=False)
    InvitationFactory(region=region, email="uitgenodigd@example.nl")

    known = reset_page(client, "bekend@example.nl")
    others = [
        reset_page(client, email)
        for email in ("onbekend@example.nl", "uitgezet@example.nl", "uitgenodigd@example.nl")
    ]

    assert known[0] == [(reverse("accounts:password_reset_done"), 302)]
    assert all(other == known for other in others)
    assert [message.to for message in mail.outbox] == [["bekend@example.nl"]]


@override_settings(MAIL_IN_BACKGROUND=True)
def test_the_password_reset_page_answers_before_the_mail_server_does(client, db):
    """Waiting for the mail server (50–500 ms) would tell that the address has an account."""
    UserFactory(email="bekend@example.nl")

    with held_mail_server() as answer:
        redirects, _ = reset_page(client, "bekend@example.nl")

        assert redirects == [(reverse("accounts:password_reset_done"), 302)]
        assert mail.outbox == []
        answer.set()
        assert background_sender.stop(5)

    [message] = mail.outbox
    assert message.to == ["bekend@example.nl"]
    assert message.subject == "Nieuw wachtwoord voor het GHNT-portaal"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    link = re.search(r"http://testserver(/account/wachtwoord-herstellen/\S+)", message.body)
    assert client.get(link[1], follow=True).context["validlink"]


def invite(client, region, email: str) -> tuple[int, str, list[str]]:
    response = client.post(
        reverse("accounts:invite", args=[region.slug]),
        {"email": email, "role": RegionRole.STUURGROEPLID},
    )
    messages = [str(m).replace(email, "ADRES") for m in get_messages(response.wsgi_request)]
    return response.status_code, response["Location"], messages


@pytest.mark.usefixtures("commit_per_request")  # the invitation mail leaves on commit
def test_inviting_says_the_same_whether_or_not_the_address_has_an_account(
    client_for, region, other_region, projectleider
):
    MembershipFactory(region=other_region, user=UserFactory(email="elders@example.nl"))
    known = invite(client_for(projectleider), region, "elders@example.nl")
    unknown = invite(client_for(projectleider), region, "nieuw@example.nl")

    assert known == unknown
    assert known[2] == ["De uitnodiging is verstuurd naar ADRES."]
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == mail.outbox[1].subject
