"""Who must log in with a second factor."""

from django.conf import settings

from regions.constants import RegionRole


def two_factor_required(user) -> bool:
    """Beheerders and project leaders hold the keys to many people's data: they need TOTP."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_beheerder:
        return True
    return user.memberships.filter(role=RegionRole.PROJECTLEIDER).exists()
