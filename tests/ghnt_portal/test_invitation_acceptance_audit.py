"""Accepting an invitation is recorded in the audit trail as the invited person's own change:
a new user is still anonymous in the request that makes their account, so without more the
trail would say "systeem"."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models.signals import pre_save
from django.urls import reverse

from ghnt_portal.accounts.models import Invitation, User
from ghnt_portal.audit.actors import recorded_as
from regions.constants import RegionRole
from regions.models import Membership
from tests.factories import GovernanceBodyFactory, InvitationFactory, UserFactory

NEW_PASSWORD = "Paarse-olifant-2026!"
OPENED_INVITATION_URL = reverse("accounts:accept_opened_invitation")


def invitation_with_link(region, projectleider, email="nieuw@example.nl"):
    invitation = InvitationFactory(
        region=region,
        email=email,
        role=RegionRole.STUURGROEPLID,
        invited_by=projectleider,
        token_hash=Invitation.hash_token(f"link-voor-{email}"),
    )
    return invitation, reverse("accounts:accept_invitation", kwargs={"token": f"link-voor-{email}"})


def accept_as_new_user(client, link, email="nieuw@example.nl"):
    client.get(link)
    response = client.post(
        OPENED_INVITATION_URL,
        {"full_name": "Anna de Vries", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    return User.objects.get(email=email)


def entries_of(obj):
    return LogEntry.objects.get_for_object(obj)


def test_accepting_as_a_new_user_is_recorded_as_that_user(region, projectleider, client):
    invitation, link = invitation_with_link(region, projectleider)

    user = accept_as_new_user(client, link)

    membership = Membership.objects.get(user=user, region=region)
    created_user = entries_of(user).get()
    created_role = entries_of(membership).get()
    used_invitation = entries_of(invitation).filter(action=LogEntry.Action.UPDATE).get()
    assert created_user.action == LogEntry.Action.CREATE
    assert created_role.action == LogEntry.Action.CREATE
    assert set(used_invitation.changes_dict) == {"accepted_at", "accepted_by"}
    assert [created_user.actor, created_role.actor, used_invitation.actor] == [user] * 3
    assert created_role.actor_email == user.email


def test_after_accepting_nothing_else_is_recorded_as_the_new_user(
    region, projectleider, client, client_for
):
    receivers = len(pre_save.receivers)
    _invitation, link = invitation_with_link(region, projectleider)
    first = accept_as_new_user(client, link)

    # No receiver of the acceptance stays connected to LogEntry's pre_save.
    assert len(pre_save.receivers) == receivers
    # A change outside any request is nobody's.
    body = GovernanceBodyFactory(region=region)
    assert entries_of(body).get().actor is None
    # The next person's request is theirs.
    withdrawn, _link = invitation_with_link(region, projectleider, email="ander@example.nl")
    withdraw = reverse(
        "accounts:withdraw_invitation", kwargs={"region_slug": region.slug, "uuid": withdrawn.uuid}
    )
    assert client_for(projectleider).post(withdraw).status_code == 302
    assert entries_of(withdrawn).filter(action=LogEntry.Action.UPDATE).get().actor == projectleider
    # The next newcomer's acceptance is the next newcomer's.
    _invitation, next_link = invitation_with_link(region, projectleider, email="derde@example.nl")
    second = accept_as_new_user(client_for(None), next_link, email="derde@example.nl")
    assert entries_of(second).get().actor == second != first
    assert len(pre_save.receivers) == receivers


def test_accepting_as_a_logged_in_existing_user_is_recorded_as_that_user(
    region, projectleider, client_for
):
    existing = UserFactory(email="bestaand@example.nl")
    invitation, link = invitation_with_link(region, projectleider, email="bestaand@example.nl")
    client = client_for(existing)
    client.get(link)

    assert client.post(OPENED_INVITATION_URL).status_code == 302

    membership = Membership.objects.get(user=existing, region=region)
    assert entries_of(membership).get().actor == existing
    assert entries_of(invitation).filter(action=LogEntry.Action.UPDATE).get().actor == existing


# --- recorded_as itself -------------------------------------------------------------------


def test_recorded_as_inside_a_request_context_gives_the_context_back_its_actor(region):
    """As inside AuditlogMiddleware: the block's changes are the given user's, the rest of the
    request's are the request's user's again, and leaving connects nothing for good."""
    request_user, newcomer = UserFactory(), UserFactory()
    receivers = len(pre_save.receivers)

    with set_actor(request_user):
        before = GovernanceBodyFactory(region=region)
        with recorded_as(newcomer):
            inside = GovernanceBodyFactory(region=region)
        after = GovernanceBodyFactory(region=region)
    outside = GovernanceBodyFactory(region=region)

    assert [entries_of(body).get().actor for body in (before, inside, after, outside)] == [
        request_user,
        newcomer,
        request_user,
        None,
    ]
    assert len(pre_save.receivers) == receivers


def test_recorded_as_outside_a_request(region):
    newcomer = UserFactory()
    receivers = len(pre_save.receivers)

    with recorded_as(newcomer):
        inside = GovernanceBodyFactory(region=region)
    outside = GovernanceBodyFactory(region=region)

    assert entries_of(inside).get().actor == newcomer
    assert entries_of(outside).get().actor is None
    assert len(pre_save.receivers) == receivers


def test_recorded_as_leaves_the_context_as_it_was_when_the_block_raises(region):
    request_user, newcomer = UserFactory(), UserFactory()
    receivers = len(pre_save.receivers)

    with set_actor(request_user):
        with pytest.raises(ValueError), recorded_as(newcomer):
            raise ValueError
        after = GovernanceBodyFactory(region=region)

    assert entries_of(after).get().actor == request_user
    assert len(pre_save.receivers) == receivers
