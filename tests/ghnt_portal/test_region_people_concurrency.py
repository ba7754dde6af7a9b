"""Two project leaders giving up their role at the same moment: the region keeps one.

Each change locks all the region's projectleider memberships before it checks for another one,
so the second change waits for the first to commit and then sees it is the last one.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ghnt_portal.accounts import services
from ghnt_portal.accounts.services import ERROR_LAST_PROJECTLEIDER
from regions.constants import RegionRole
from regions.models import Membership
from tests.conftest import postgresql_only
from tests.factories import MembershipFactory, RegionFactory

pytestmark = postgresql_only("waits for a row lock, seen in PostgreSQL's pg_stat_activity")


def _another_connection_waits_for_a_lock(timeout: float = 10) -> None:
    """Return once some other connection to the test database waits for a row lock.

    Inside a transaction PostgreSQL shows pg_stat_activity as it was at the first look, so the
    snapshot is cleared before every look.
    """
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)


def _withdraw(membership):
    services.withdraw_membership(membership=membership)


def _make_stuurgroeplid(membership):
    services.change_membership(membership=membership, role=RegionRole.STUURGROEPLID)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second_action", [_withdraw, _make_stuurgroeplid])
def test_two_project_leaders_giving_up_the_role_at_once_leave_one(second_action):
    region = RegionFactory()
    first = MembershipFactory(region=region, projectleider=True)
    second = MembershipFactory(region=region, projectleider=True)
    first_done = threading.Event()
    errors = []

    def first_withdraws_and_commits_after_the_second_started():
        try:
            with transaction.atomic():
                services.withdraw_membership(membership=first)
                first_done.set()
                _another_connection_waits_for_a_lock()
        except Exception as error:
            errors.append(error)
            first_done.set()
        finally:
            connection.close()

    def second_gives_up_the_role():
        first_done.wait(timeout=10)
        try:
            second_action(second)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=first_withdraws_and_commits_after_the_second_started),
        threading.Thread(target=second_gives_up_the_role),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(
        Membership.objects.filter(region=region, role=RegionRole.PROJECTLEIDER).values_list(
            "pk", flat=True
        )
    ) == [second.pk]
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert str(ERROR_LAST_PROJECTLEIDER) in str(errors[0])
