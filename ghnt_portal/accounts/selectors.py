"""Reads about people and their roles in a region."""

from django.db.models import Exists, OuterRef, QuerySet

from regions.constants import RegionRole
from regions.models import Membership, Region


def regions_led_only_by(*, user) -> QuerySet[Region]:
    """The regions whose only projectleider with an active account is this user.

    Switched-off accounts do not count: they cannot lead a region.
    """
    if not user.is_active:
        return Region.objects.none()
    other_active_leader = Membership.objects.filter(
        region=OuterRef("pk"), role=RegionRole.PROJECTLEIDER, user__is_active=True
    ).exclude(user=user)
    return (
        Region.objects.filter(memberships__user=user, memberships__role=RegionRole.PROJECTLEIDER)
        .exclude(Exists(other_active_leader))
        .order_by("name")
    )
