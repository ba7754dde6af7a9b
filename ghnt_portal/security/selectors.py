"""What the beheerder reads about a person's sign-in: second factor and login lock."""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class SignInState:
    has_app: bool
    backup_codes_left: int
    locked: bool
    # When the lock ends by itself; None while unlocked, or when locks last until lifted.
    locked_until: datetime | None

    @property
    def has_two_factor(self) -> bool:
        return self.has_app or self.backup_codes_left > 0


def sign_in_state(user) -> SignInState:
    """The person's confirmed authenticator app, unused backup codes and login lock.

    A lock is per address and IP address (``AXES_LOCKOUT_PARAMETERS``): the person counts as
    locked when any IP address reached the limit within the cool-off time."""
    attempts = AccessAttempt.objects.filter(
        username=user.get_username().lower(),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    )
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    last_failure = attempts.aggregate(last=Max("attempt_time"))["last"]
    return SignInState(
        has_app=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        backup_codes_left=StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
        locked=last_failure is not None,
        locked_until=last_failure + cool_off if last_failure and cool_off else None,
    )
