"""Retention: what the privacy statement promises to remove, and what would otherwise pile up.

``manage.py housekeeping`` runs every rule once a day. Each rule removes what is past its period
and returns how many things it removed (with ``dry_run``: would remove), so running it twice
removes nothing more. The periods are the ones in the privacy statement
(templates/security/privacy.html): change them there too.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry as ChangeLogEntry
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db.models import QuerySet
from django.utils import timezone

from ghnt_portal import pdf_cache
from ghnt_portal.accounts.constants import INVITATION_KEEP_DAYS
from ghnt_portal.accounts.models import Invitation
from ghnt_portal.dates import years_from
from ghnt_portal.submissions.models import UsedSubmission

LOGIN_RECORD_DAYS = 90
CHANGE_LOG_YEARS = 2
# A create form's token only has to outlive a double click or the browser sending it again.
SUBMISSION_KEEP_DAYS = 1


def _count_or_delete(queryset: QuerySet, *, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def remove_expired_sessions(*, dry_run: bool) -> int:
    """Django's ``clearsessions``: sessions expire, but their rows stay until removed."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    count = store.get_model_class().objects.filter(expire_date__lt=timezone.now()).count()
    if not dry_run:
        store.clear_expired()
    return count


def remove_old_login_records(*, dry_run: bool) -> int:
    """Axes' access logs (e-mail address, IP address, browser) older than 90 days."""
    if dry_run:
        cutoff = timezone.now() - timedelta(days=LOGIN_RECORD_DAYS)
        return AccessLog.objects.filter(attempt_time__lte=cutoff).count()
    return AxesProxyHandler.reset_logs(age_days=LOGIN_RECORD_DAYS)


def remove_ended_failed_logins(*, dry_run: bool) -> int:
    """Axes' failed attempts (e-mail address, IP address, browser) once their lock has passed.
    Axes itself only clears them at the next login, which may never come; without a cool-off
    (LOGIN_LOCKOUT_MINUTES=0) they are the lock, and a beheerder lifts it."""
    cool_off = get_cool_off()
    if cool_off is None:
        return 0
    attempts = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - cool_off)
    return _count_or_delete(attempts, dry_run=dry_run)


def _change_log_cutoff() -> datetime:
    return years_from(timezone.now(), -CHANGE_LOG_YEARS)


def remove_old_audit_log_entries(*, dry_run: bool) -> int:
    """The audit trail (django-auditlog) older than two years."""
    entries = ChangeLogEntry.objects.filter(timestamp__lt=_change_log_cutoff())
    return _count_or_delete(entries, dry_run=dry_run)


def remove_old_admin_history(*, dry_run: bool) -> int:
    """The Django admin's own change history (who changed which object) older than two years."""
    entries = AdminLogEntry.objects.filter(action_time__lt=_change_log_cutoff())
    return _count_or_delete(entries, dry_run=dry_run)


def remove_ended_invitations(*, dry_run: bool) -> int:
    """Invitations (an e-mail address) ``INVITATION_KEEP_DAYS`` after they ended."""
    cutoff = timezone.now() - timedelta(days=INVITATION_KEEP_DAYS)
    # Not recorded in the audit trail: a deletion's entry would keep the address two more years.
    with disable_auditlog():
        return _count_or_delete(Invitation.objects.ended_before(cutoff), dry_run=dry_run)


def remove_old_submission_tokens(*, dry_run: bool) -> int:
    """The used tokens of create forms (``ghnt_portal.submissions``) older than a day: nothing
    personal, but one row per saved form."""
    cutoff = timezone.now() - timedelta(days=SUBMISSION_KEEP_DAYS)
    return _count_or_delete(UsedSubmission.objects.filter(created_at__lt=cutoff), dry_run=dry_run)


# What each rule removes (for the command's summary), and the rule.
RULES: list[tuple[str, Callable[..., int | None]]] = [
    ("Verlopen sessies", remove_expired_sessions),
    (f"Inlogmomenten ouder dan {LOGIN_RECORD_DAYS} dagen", remove_old_login_records),
    ("Mislukte inlogpogingen waarvan de blokkade voorbij is", remove_ended_failed_logins),
    (f"Audittrail ouder dan {CHANGE_LOG_YEARS} jaar", remove_old_audit_log_entries),
    (f"Geschiedenis in /beheer/ ouder dan {CHANGE_LOG_YEARS} jaar", remove_old_admin_history),
    (
        f"Uitnodigingen {INVITATION_KEEP_DAYS} dagen na aannemen, intrekken of verlopen",
        remove_ended_invitations,
    ),
    ("Verlopen en afgebroken bestanden in de pdf-cache", pdf_cache.remove_expired_files),
    ("Gebruikte formuliercodes ouder dan een dag", remove_old_submission_tokens),
]
