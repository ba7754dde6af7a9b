"""An invitation mail leaves only once the invitation it links to is committed: a transaction
that rolls back sends nobody a link to an invitation that does not exist. (A mail server that
fails after the commit: test_emails.py.)"""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from ghnt_portal.accounts import services
from ghnt_portal.accounts.models import Invitation
from regions.constants import RegionRole
from tests.factories import InvitationFactory

PORTAL = "https://ghnt-portaal.example.nl"


class RolledBack(Exception):
    """Raised inside the transaction to roll it back."""


def invite(region, projectleider):
    return services.invite_person(
        region=region,
        email="nieuw@example.nl",
        role=RegionRole.STUURGROEPLID,
        invited_by=projectleider,
        absolute_url=lambda path: f"{PORTAL}{path}",
    )


def resend(invitation, projectleider):
    return services.resend_invitation(
        invitation=invitation, sent_by=projectleider, absolute_url=lambda path: f"{PORTAL}{path}"
    )


def sent_a_while_ago(region, projectleider):
    """A pending invitation whose last mail went out two minutes ago (past the resend limit)."""
    return InvitationFactory(
        region=region,
        email="nieuw@example.nl",
        invited_by=projectleider,
        sent_at=timezone.now() - timedelta(minutes=2),
    )


def test_the_invitation_mail_leaves_after_the_commit_not_before(
    region, projectleider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invite(region, projectleider)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["nieuw@example.nl"]]


def test_no_invitation_mail_when_the_transaction_rolls_back(
    region, projectleider, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        invite(region, projectleider)
        raise RolledBack

    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_the_resent_mail_leaves_after_the_commit_not_before(
    region, projectleider, django_capture_on_commit_callbacks
):
    invitation = sent_a_while_ago(region, projectleider)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resend(invitation, projectleider)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["nieuw@example.nl"]]


def test_no_resent_mail_when_the_transaction_rolls_back(
    region, projectleider, django_capture_on_commit_callbacks
):
    invitation = sent_a_while_ago(region, projectleider)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        resend(invitation, projectleider)
        raise RolledBack

    assert callbacks == []
    assert mail.outbox == []
    stored = Invitation.objects.get()
    assert (stored.token_hash, stored.sent_at) == (invitation.token_hash, invitation.sent_at)
