"""The portal's e-mails (invitation, password reset): their links, their expiry, a failing mail
server, and the Auto-Submitted header on every one."""

import logging
import smtplib
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import dateformat, timezone

from ghnt_portal.accounts.models import Invitation
from ghnt_portal.mail import background_sender
from ghnt_portal.submissions.forms import SUBMIT_FIELD
from regions.constants import RegionRole
from tests.factories import MembershipFactory, RegionFactory, UserFactory
from tests.mail import failing_mail_server

from .test_deploy_checks import production_settings, run

# The ways a mail server fails that the portal must turn into a message.
MAIL_SERVER_FAILURES = pytest.mark.parametrize(
    "failure",
    [smtplib.SMTPServerDisconnected("gone"), ConnectionRefusedError("mail server down")],
    ids=["smtp-error", "connection-refused"],
)
PORTAL = "https://ghnt-portaal.example.nl"

# The invitation mail leaves when the request commits (transaction.on_commit).
pytestmark = pytest.mark.usefixtures("commit_per_request")
OTHER_HOST = "intern.example.nl"


def invite_url(region):
    return reverse("accounts:invite", kwargs={"region_slug": region.slug})


def invite_stuurgroeplid(client, region, **extra):
    return client.post(
        invite_url(region), {"email": "nieuw@example.nl", "role": RegionRole.STUURGROEPLID}, **extra
    )


def moment(value) -> str:
    """As the mails write it: "3 maart 2026, 14:05"."""
    return dateformat.format(timezone.localtime(value), "j F Y, H:i")


@override_settings(PORTAL_BASE_URL=PORTAL, ALLOWED_HOSTS=["testserver", OTHER_HOST])
def test_invitation_link_is_on_the_portal_address_not_on_the_requests_host(
    region, projectleider, client_for
):
    invite_stuurgroeplid(client_for(projectleider), region, HTTP_HOST=OTHER_HOST)

    body = mail.outbox[0].body
    assert f"{PORTAL}/account/uitnodiging/" in body
    assert OTHER_HOST not in body


def test_invitation_mail_says_until_which_minute_the_link_works_and_who_to_ask(
    region, projectleider, client_for
):
    invite_stuurgroeplid(client_for(projectleider), region)

    message = mail.outbox[0]
    invitation = Invitation.objects.get()
    assert f"De link werkt tot {moment(invitation.expires_at)} uur en maar één keer." in (
        " ".join(message.body.split())
    )
    assert message.reply_to == [projectleider.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_invitation_subject_is_one_line_with_the_region_name_as_written(client_for, db):
    region = RegionFactory(name='Noord & "Midden" <Oost>\nBcc: iemand@example.nl')
    projectleider = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user

    invite_stuurgroeplid(client_for(projectleider), region)

    message = mail.outbox[0]
    assert message.subject == (
        'Uitnodiging voor het GHNT-portaal, regio Noord & "Midden" <Oost> Bcc: iemand@example.nl'
    )
    assert message.bcc == []
    assert 'regio Noord & "Midden" <Oost>' in message.body


@MAIL_SERVER_FAILURES
@pytest.mark.django_db(transaction=True)  # the mail leaves after a real commit
def test_failing_mail_server_gives_a_dutch_message_saves_nothing_and_logs(
    region, projectleider, client_for, monkeypatch, caplog, failure
):
    def broken_send(message, fail_silently=False):
        raise failure

    client = client_for(projectleider)
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken_send)
        with caplog.at_level(logging.ERROR, logger="ghnt_portal.accounts.services"):
            response = invite_stuurgroeplid(client, region)

    assert response.status_code == 200
    assert "De e-mail met de uitnodiging kon niet worden verstuurd" in response.text
    assert not Invitation.objects.exists()
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "nieuw@example.nl" not in caplog.text

    # The page as shown, sent again once the mail server works, saves the invitation once.
    token = response.context["form"][SUBMIT_FIELD].value()
    again = client.post(
        invite_url(region),
        {"email": "nieuw@example.nl", "role": RegionRole.STUURGROEPLID, SUBMIT_FIELD: token},
    )

    assert again.status_code == 302
    assert Invitation.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["nieuw@example.nl"]]


def resend_a_while_after_inviting(client, region):
    """Invite, move the last mail two minutes back (past the resend limit), send it again."""
    invite_stuurgroeplid(client, region)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )
    url = reverse(
        "accounts:resend_invitation", kwargs={"region_slug": region.slug, "uuid": invitation.uuid}
    )
    return client.post(url, follow=True)


@override_settings(PORTAL_BASE_URL=PORTAL, ALLOWED_HOSTS=["testserver", OTHER_HOST])
def test_resent_invitation_link_is_on_the_portal_address_too(region, projectleider, client_for):
    client = client_for(projectleider)
    client.defaults["HTTP_HOST"] = OTHER_HOST

    resend_a_while_after_inviting(client, region)

    assert len(mail.outbox) == 2
    assert f"{PORTAL}/account/uitnodiging/" in mail.outbox[-1].body
    assert OTHER_HOST not in mail.outbox[-1].body


@MAIL_SERVER_FAILURES
@pytest.mark.django_db(transaction=True)  # the mail leaves after a real commit
def test_failing_mail_server_on_resending_gives_a_dutch_message_and_changes_nothing(
    region, projectleider, client_for, monkeypatch, caplog, failure
):
    client = client_for(projectleider)
    invite_stuurgroeplid(client, region, follow=True)
    old_token = mail.outbox[0].body.split("/account/uitnodiging/", 1)[1].split("/", 1)[0]
    Invitation.objects.update(sent_at=timezone.now() - timedelta(minutes=2))
    before = Invitation.objects.get()

    def broken_send(message, fail_silently=False):
        raise failure

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    url = reverse(
        "accounts:resend_invitation", kwargs={"region_slug": region.slug, "uuid": before.uuid}
    )
    with caplog.at_level(logging.ERROR, logger="ghnt_portal.accounts.services"):
        response = client.post(url, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "De e-mail met de uitnodiging kon niet opnieuw worden verstuurd; er is niets gewijzigd. "
        "Probeer het later opnieuw. Lukt het dan nog niet, meld het dan bij de beheerder van het "
        "portaal."
    ]
    after = Invitation.objects.get()
    assert (after.token_hash, after.expires_at, after.sent_at) == (
        before.token_hash,
        before.expires_at,
        before.sent_at,
    )
    assert after.token_hash == Invitation.hash_token(old_token)
    # The trail shows the resend, committed before the mail was tried, and its undoing.
    resent, undone = (
        LogEntry.objects.get_for_object(after).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    )
    assert resent.changes_dict == {
        field: [old, new] for field, (new, old) in undone.changes_dict.items()
    }
    assert resent.actor == undone.actor == projectleider
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "nieuw@example.nl" not in caplog.text


def reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


@override_settings(PORTAL_BASE_URL=PORTAL, ALLOWED_HOSTS=["testserver", OTHER_HOST])
def test_password_reset_link_is_on_the_portal_address_not_on_the_requests_host(client, db):
    user = UserFactory()

    reset(client, user.email, HTTP_HOST=OTHER_HOST)

    body = mail.outbox[0].body
    assert f"{PORTAL}/account/wachtwoord-herstellen/" in body
    assert OTHER_HOST not in body


@override_settings(PASSWORD_RESET_TIMEOUT=2 * 60 * 60)
def test_password_reset_mail_says_until_when_the_link_works_as_the_token_does(client, db):
    user = UserFactory()
    before = timezone.now()

    reset(client, user.email)

    after = timezone.now()
    body = " ".join(mail.outbox[0].body.split())
    assert any(
        f"De link werkt tot {moment(now + timedelta(hours=2))} uur en maar één keer." in body
        for now in (before, after)
    ), body
    assert user.email in body
    assert body.rstrip().endswith("GHNT-portaal")


def test_password_reset_page_says_what_to_do_when_no_mail_arrives(client, db):
    response = reset(client, "onbekend@example.nl", follow=True)

    assert mail.outbox == []
    assert "Geen e-mail ontvangen?" in response.text


@pytest.mark.parametrize("in_background", [True, False], ids=["background", "in-request"])
def test_failing_mail_server_on_password_reset_is_logged_and_the_page_stays_the_same(
    client, db, settings, caplog, in_background
):
    settings.MAIL_IN_BACKGROUND = in_background
    user = UserFactory()

    with failing_mail_server(), caplog.at_level(logging.ERROR, logger="ghnt_portal.mail"):
        response = reset(client, user.email)
        assert background_sender.stop(5)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "Nieuw wachtwoord voor het GHNT-portaal" in caplog.text
    assert user.email not in caplog.text
    assert "wachtwoord-herstellen" not in caplog.text


def test_production_links_default_to_https_on_the_allowed_host():
    assert production_settings("PORTAL_BASE_URL") == {"PORTAL_BASE_URL": "https://ghnt.example.nl"}


def test_production_takes_the_configured_portal_address():
    values = production_settings("PORTAL_BASE_URL", PORTAL_BASE_URL=f"{PORTAL}/")

    assert values == {"PORTAL_BASE_URL": PORTAL}


@pytest.mark.parametrize(
    "extra_env",
    [
        {"PORTAL_BASE_URL": "http://ghnt.example.nl"},
        {"PORTAL_BASE_URL": "ghnt.example.nl"},
        {"ALLOWED_HOSTS": ".example.nl"},
    ],
    ids=["not-https", "no-scheme", "no-single-host"],
)
def test_production_refuses_to_start_without_a_usable_portal_address(extra_env):
    result = run(["manage.py", "check"], **extra_env)

    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def auto_submitted(message) -> str | None:
    """The header as it goes on the wire."""
    return message.message()["Auto-Submitted"]


def auto_response_suppress(message) -> str | None:
    return message.message()["X-Auto-Response-Suppress"]


@override_settings(ADMINS=[("Beheer", "beheer@example.nl")])
def test_every_mail_the_portal_sends_is_marked_auto_generated(region, projectleider, client_for):
    """RFC 3834: out-of-office replies must not answer the portal's no-reply address."""
    resend_a_while_after_inviting(client_for(projectleider), region)  # invitation, resent
    reset(Client(), projectleider.email)
    mail.mail_admins("Test", "Any other mail goes through the same backend.")

    assert [message.subject.split(",")[0] for message in mail.outbox] == [
        "Uitnodiging voor het GHNT-portaal",
        "Uitnodiging voor het GHNT-portaal",
        "Nieuw wachtwoord voor het GHNT-portaal",
        "[Django] Test",
    ]
    assert [auto_submitted(message) for message in mail.outbox] == ["auto-generated"] * 4
    assert [auto_response_suppress(message) for message in mail.outbox] == ["All"] * 4


def test_a_mail_that_says_otherwise_keeps_its_own_auto_submitted_value():
    mail.EmailMessage(
        "Afwezig", "Tot maandag.", to=["a@example.nl"], headers={"Auto-Submitted": "auto-replied"}
    ).send()

    assert auto_submitted(mail.outbox[0]) == "auto-replied"
