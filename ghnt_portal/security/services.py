from axes.utils import reset as reset_login_attempts
from django.db import transaction
from django_otp import devices_for_user


@transaction.atomic
def reset_two_factor(*, user) -> int:
    """Remove every OTP device (app and backup codes) of ``user``; returns how many."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def lift_login_lock(*, user) -> int:
    """Forget the failed logins of ``user``'s address from every IP address, so a lock ends now;
    returns how many records went. (django-axes counts per lower-cased address.)"""
    return reset_login_attempts(username=user.get_username().lower())
