"""Review (reg): defects in people, roles and the AVG pages, each proven by a failing test."""

import json
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from ghnt_portal.accounts import services as account_services
from ghnt_portal.accounts.models import Invitation
from ghnt_portal.privacy.constants import SeatHandling
from regions.constants import RegionRole
from regions.models import Membership
from tests.factories import MembershipFactory, RegionFactory, UserFactory


def withdraw_url(membership):
    return reverse(
        "accounts:withdraw_membership",
        kwargs={"region_slug": membership.region.slug, "pk": membership.pk},
    )


def test_review_reg_removing_the_last_project_leader_as_a_user_keeps_the_rule(
    client_for, beheerder, region, projectleider
):
    """'Een regio houdt minstens één projectleider' holds on the people page, but the AVG removal
    of the user silently leaves the region without any project leader."""
    response = client_for(beheerder).post(
        reverse("privacy:remove_user", args=[projectleider.pk]),
        {"seat_handling": SeatHandling.KEEP_NAMES},
    )

    still_led = Membership.objects.filter(region=region, role=RegionRole.PROJECTLEIDER).exists()
    # Either the removal is refused (with the rule's message) or the region keeps a leader.
    assert still_led or response.status_code != 302


def test_review_reg_an_inactive_project_leader_does_not_count_as_the_other_one(
    client_for, region, projectleider
):
    """The last-projectleider rule counts deactivated accounts: with a second project leader whose
    account is switched off, the only active one may step down and nobody can lead the region."""
    MembershipFactory(region=region, projectleider=True, user=UserFactory(is_active=False))
    own = Membership.objects.get(user=projectleider, region=region)

    response = client_for(projectleider).post(withdraw_url(own))

    assert Membership.objects.filter(
        region=region, role=RegionRole.PROJECTLEIDER, user__is_active=True
    ).exists(), response.status_code


@pytest.mark.django_db(transaction=True)
def test_review_reg_two_project_leaders_withdrawing_each_other_at_once_leave_none():
    """Each withdrawal locks only its own row, so two simultaneous withdrawals both see 'another
    project leader exists' and the region ends up without one."""
    region = RegionFactory()
    first = MembershipFactory(region=region, projectleider=True)
    second = MembershipFactory(region=region, projectleider=True)
    first_done = threading.Event()
    second_done = threading.Event()
    errors = []

    def withdraw_first():
        try:
            with transaction.atomic():
                account_services.withdraw_membership(membership=first)
                first_done.set()
                second_done.wait(timeout=10)  # commit only after the other one ran
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            first_done.set()
        finally:
            connection.close()

    def withdraw_second():
        first_done.wait(timeout=10)
        try:
            account_services.withdraw_membership(membership=second)
        except Exception as error:  # noqa: BLE001 - the expected refusal
            errors.append(error)
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=withdraw_first), threading.Thread(target=withdraw_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert Membership.objects.filter(region=region, role=RegionRole.PROJECTLEIDER).exists()


def test_review_reg_the_data_download_holds_invitations_addressed_to_the_user(
    client_for, region, projectleider, bestuurder
):
    """The AVG download claims to hold everything the portal keeps about the user, but leaves out
    the invitations sent to the user's own e-mail address (role, portfolio, who invited them)."""
    Invitation.objects.create(
        email=bestuurder.email,
        region=region,
        role=RegionRole.STUURGROEPLID,
        portfolio="Portefeuille van de bestuurder",
        token_hash=Invitation.hash_token("aan-mij"),
        invited_by=projectleider,
        accepted_by=bestuurder,
    )

    data = json.loads(client_for(bestuurder).get(reverse("privacy:my_data_download")).content)

    assert "Portefeuille van de bestuurder" in json.dumps(data, ensure_ascii=False)


def test_review_reg_removing_a_user_leaves_no_invitation_with_their_email(
    client_for, beheerder, region, projectleider
):
    """After the AVG removal the user's e-mail address stays in every invitation sent to it."""
    leaving = MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user
    Invitation.objects.create(
        email=leaving.email,
        region=region,
        role=RegionRole.STUURGROEPLID,
        token_hash=Invitation.hash_token("weg"),
        invited_by=projectleider,
        accepted_by=leaving,
    )

    response = client_for(beheerder).post(
        reverse("privacy:remove_user", args=[leaving.pk]),
        {"seat_handling": SeatHandling.KEEP_NAMES},
    )

    assert response.status_code == 302
    assert not Invitation.objects.filter(email__iexact=leaving.email).exists()


def test_review_reg_the_admin_refuses_an_email_that_differs_only_in_case(
    client_for, beheerder, db
):
    """Login looks the address up case-insensitively (get_by_natural_key uses __iexact), but the
    beheerder's add form accepts 'Jan@...' next to 'jan@...': both people then get a 500 on login
    (MultipleObjectsReturned)."""
    from ghnt_portal.accounts.models import User

    UserFactory(email="jan@example.nl")
    response = client_for(beheerder).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Jan@example.nl",
            "full_name": "Jan Tweede",
            "usable_password": "false",
            "password1": "",
            "password2": "",
            "_save": "Opslaan",
        },
    )

    assert User.objects.filter(email__iexact="jan@example.nl").count() == 1, response.status_code


def test_review_reg_login_with_two_accounts_differing_in_case_is_no_500(db, client):
    """What the admin allows above: two addresses differing only in case break the login."""
    from tests.factories import TEST_PASSWORD

    UserFactory(email="piet@example.nl")
    UserFactory(email="Piet@example.nl")

    client.raise_request_exception = False
    response = client.post(
        reverse("accounts:login"),
        {"auth-username": "piet@example.nl", "auth-password": TEST_PASSWORD,
         "login_view-current_step": "auth"},
    )

    assert response.status_code != 500
