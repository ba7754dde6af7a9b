from django.db import transaction
from django_otp import devices_for_user


@transaction.atomic
def reset_two_factor(*, user) -> int:
    """Remove every OTP device (app and backup codes) of ``user``; returns how many."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)
