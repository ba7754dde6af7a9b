"""``manage.py housekeeping``: each rule removes only what is past its period (just outside it)
and keeps what is just inside; ``--dry-run`` only counts."""

import io
import os
import time
import uuid
from datetime import timedelta

import pytest
from auditlog.models import LogEntry as ChangeLogEntry
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import ADDITION
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ghnt_portal import housekeeping, pdf_cache
from ghnt_portal.accounts.models import Invitation
from ghnt_portal.dates import years_from
from ghnt_portal.submissions.models import UsedSubmission
from tests.factories import InvitationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

# How far from the end of a period "just inside" and "just outside" lie.
MARGIN = timedelta(hours=1)


def _session(expire_date) -> str:
    store = SessionStore()
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=expire_date)
    return store.session_key


def _login_record(username: str, attempt_time) -> None:
    record = AccessLog.objects.create(username=username, user_agent="Firefox", ip_address="::1")
    AccessLog.objects.filter(pk=record.pk).update(attempt_time=attempt_time)


def _invitation(email: str, **moments) -> None:
    invitation = InvitationFactory(email=email)
    Invitation.objects.filter(pk=invitation.pk).update(**moments)


def _remaining_emails() -> set[str]:
    return set(Invitation.objects.values_list("email", flat=True))


def test_expired_sessions_go_and_live_ones_stay():
    now = timezone.now()
    live = _session(now + MARGIN)
    _session(now - MARGIN)

    assert housekeeping.remove_expired_sessions(dry_run=True) == 1
    assert Session.objects.count() == 2
    assert housekeeping.remove_expired_sessions(dry_run=False) == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]


def test_login_records_go_after_ninety_days():
    ninety_days_ago = timezone.now() - timedelta(days=90)
    _login_record("recent@example.nl", ninety_days_ago + MARGIN)
    _login_record("old@example.nl", ninety_days_ago - MARGIN)

    assert housekeeping.remove_old_login_records(dry_run=True) == 1
    assert AccessLog.objects.count() == 2
    assert housekeeping.remove_old_login_records(dry_run=False) == 1
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent@example.nl"]


def _failed_login(username: str, attempt_time) -> None:
    attempt = AccessAttempt.objects.create(
        username=username, ip_address="::1", user_agent="Firefox", failures_since_start=5
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt_time)


def test_failed_logins_go_once_their_lock_has_passed(settings):
    settings.AXES_COOLOFF_TIME = 1  # hour
    an_hour_ago = timezone.now() - timedelta(hours=1)
    _failed_login("locked@example.nl", an_hour_ago + timedelta(minutes=5))
    _failed_login("free-again@example.nl", an_hour_ago - timedelta(minutes=5))

    assert housekeeping.remove_ended_failed_logins(dry_run=True) == 1
    assert AccessAttempt.objects.count() == 2
    assert housekeeping.remove_ended_failed_logins(dry_run=False) == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["locked@example.nl"]


def test_without_a_cool_off_failed_logins_stay_until_a_beheerder_lifts_the_lock(settings):
    settings.AXES_COOLOFF_TIME = None
    _failed_login("locked@example.nl", timezone.now() - timedelta(days=400))

    assert housekeeping.remove_ended_failed_logins(dry_run=False) == 0
    assert AccessAttempt.objects.count() == 1


def test_audit_trail_entries_go_after_two_years():
    two_years_ago = years_from(timezone.now(), -2)
    recent, old = RegionFactory(), RegionFactory()
    entries = ChangeLogEntry.objects.get_for_model(type(recent))
    entries.filter(object_pk=str(recent.pk)).update(timestamp=two_years_ago + MARGIN)
    entries.filter(object_pk=str(old.pk)).update(timestamp=two_years_ago - MARGIN)

    assert housekeeping.remove_old_audit_log_entries(dry_run=True) == 1
    assert entries.filter(object_pk=str(old.pk)).exists()
    assert housekeeping.remove_old_audit_log_entries(dry_run=False) == 1
    assert set(entries.values_list("object_pk", flat=True)) == {str(recent.pk)}


def test_admin_history_goes_after_two_years():
    two_years_ago = years_from(timezone.now(), -2)
    beheerder = UserFactory(beheerder=True)
    for name, action_time in (("recent", two_years_ago + MARGIN), ("old", two_years_ago - MARGIN)):
        AdminLogEntry.objects.create(
            user=beheerder,
            content_type=ContentType.objects.get_for_model(beheerder),
            object_id=str(beheerder.pk),
            object_repr=name,
            action_flag=ADDITION,
            action_time=action_time,
        )

    assert housekeeping.remove_old_admin_history(dry_run=True) == 1
    assert AdminLogEntry.objects.count() == 2
    assert housekeeping.remove_old_admin_history(dry_run=False) == 1
    assert list(AdminLogEntry.objects.values_list("object_repr", flat=True)) == ["recent"]


@pytest.mark.parametrize("moment", ["accepted_at", "withdrawn_at", "expires_at"])
def test_invitations_go_ninety_days_after_they_ended(moment):
    ninety_days_ago = timezone.now() - timedelta(days=90)
    _invitation("recent@example.nl", **{moment: ninety_days_ago + MARGIN})
    _invitation("old@example.nl", **{moment: ninety_days_ago - MARGIN})

    assert housekeeping.remove_ended_invitations(dry_run=True) == 1
    assert _remaining_emails() == {"recent@example.nl", "old@example.nl"}
    assert housekeeping.remove_ended_invitations(dry_run=False) == 1
    assert _remaining_emails() == {"recent@example.nl"}


def test_an_invitation_withdrawn_recently_stays_however_long_ago_it_expired():
    now = timezone.now()
    _invitation("withdrawn@example.nl", expires_at=now - timedelta(days=400), withdrawn_at=now)

    assert housekeeping.remove_ended_invitations(dry_run=False) == 0
    assert _remaining_emails() == {"withdrawn@example.nl"}


def test_a_pending_invitation_stays_however_old():
    _invitation("pending@example.nl", created_at=timezone.now() - timedelta(days=400))

    assert housekeeping.remove_ended_invitations(dry_run=False) == 0
    assert _remaining_emails() == {"pending@example.nl"}


def test_removing_invitations_leaves_no_address_in_the_audit_trail():
    _invitation("old@example.nl", expires_at=timezone.now() - timedelta(days=91))
    invitation_entries = ChangeLogEntry.objects.get_for_model(Invitation)
    before = invitation_entries.count()

    housekeeping.remove_ended_invitations(dry_run=False)

    assert invitation_entries.count() == before
    assert not invitation_entries.filter(action=ChangeLogEntry.Action.DELETE).exists()


def test_the_people_page_lists_an_expired_invitation_until_it_goes(
    client_for, projectleider, region
):
    now = timezone.now()
    for email, days_ago in (("recent@example.nl", 89), ("old@example.nl", 91)):
        invitation = InvitationFactory(email=email, region=region)
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=now - timedelta(days=days_ago)
        )
    housekeeping.remove_ended_invitations(dry_run=False)

    page = client_for(projectleider).get(
        reverse("accounts:region_people", kwargs={"region_slug": region.slug})
    )

    assert "recent@example.nl" in page.text
    assert "old@example.nl" not in page.text
    assert "tot 90 dagen nadat de link verliep" in page.text


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        pdf_cache.CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    return caches[pdf_cache.CACHE_ALIAS]


def _temporary_file(directory, name: str, age_seconds: float):
    path = directory / name
    path.write_bytes(b"%PDF half")
    moment = time.time() - age_seconds
    os.utime(path, (moment, moment))
    return path


def test_expired_and_abandoned_pdf_cache_files_go(file_cache, tmp_path):
    file_cache.set("fresh", b"%PDF fresh", 60)
    file_cache.set("expired", b"%PDF expired", -1)
    abandoned_age = pdf_cache.ABANDONED_WRITE_SECONDS
    abandoned = _temporary_file(tmp_path, "tmpabandoned", abandoned_age + 60)
    being_written = _temporary_file(tmp_path, "tmpwriting", abandoned_age - 60)

    assert pdf_cache.remove_expired_files(dry_run=True) == 2
    assert len(list(tmp_path.iterdir())) == 4
    assert pdf_cache.remove_expired_files(dry_run=False) == 2
    assert file_cache.get("fresh") == b"%PDF fresh"
    assert len(list(tmp_path.glob("*.djcache"))) == 1
    assert being_written.exists()
    assert not abandoned.exists()


def test_a_cache_that_expires_keys_itself_is_left_alone():
    assert pdf_cache.remove_expired_files(dry_run=False) is None


def _housekeeping(*args) -> list[str]:
    out = io.StringIO()
    call_command("housekeeping", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_says_per_rule_what_it_removed_and_removes_nothing_more_a_second_time():
    ninety_one_days_ago = timezone.now() - timedelta(days=91)
    _login_record("old@example.nl", ninety_one_days_ago)
    _invitation("old@example.nl", expires_at=ninety_one_days_ago)
    UsedSubmission.objects.create(token=uuid.uuid4())
    UsedSubmission.objects.update(created_at=timezone.now() - timedelta(days=2))

    first, second = _housekeeping(), _housekeeping()

    assert first == [
        "Verlopen sessies: 0 verwijderd.",
        "Inlogmomenten ouder dan 90 dagen: 1 verwijderd.",
        "Mislukte inlogpogingen waarvan de blokkade voorbij is: 0 verwijderd.",
        "Audittrail ouder dan 2 jaar: 0 verwijderd.",
        "Geschiedenis in /beheer/ ouder dan 2 jaar: 0 verwijderd.",
        "Uitnodigingen 90 dagen na aannemen, intrekken of verlopen: 1 verwijderd.",
        "Verlopen en afgebroken bestanden in de pdf-cache: niet nodig, de cache ruimt zelf op.",
        "Gebruikte formuliercodes ouder dan een dag: 1 verwijderd.",
    ]
    assert "Inlogmomenten ouder dan 90 dagen: 0 verwijderd." in second
    assert "Uitnodigingen 90 dagen na aannemen, intrekken of verlopen: 0 verwijderd." in second
    assert "Gebruikte formuliercodes ouder dan een dag: 0 verwijderd." in second
    assert not AccessLog.objects.exists()
    assert not Invitation.objects.exists()
    assert not UsedSubmission.objects.exists()


def test_the_dry_run_counts_and_removes_nothing():
    ninety_one_days_ago = timezone.now() - timedelta(days=91)
    _login_record("old@example.nl", ninety_one_days_ago)
    _invitation("old@example.nl", expires_at=ninety_one_days_ago)

    lines = _housekeeping("--dry-run")

    assert lines[0] == "Proefdraai: er wordt niets verwijderd."
    assert "Inlogmomenten ouder dan 90 dagen: 1 te verwijderen." in lines
    assert "Uitnodigingen 90 dagen na aannemen, intrekken of verlopen: 1 te verwijderen." in lines
    assert AccessLog.objects.count() == 1
    assert Invitation.objects.count() == 1
