"""Writes for the AVG: a user deletes their scan responses; a beheerder removes a user."""

from django.db import transaction

from regions.models import Seat
from scan.models import Response

from .constants import SeatHandling


@transaction.atomic
def delete_own_scan_responses(*, user) -> int:
    """Delete all of the user's scan responses (answers and shares go with them)."""
    responses = Response.objects.filter(user=user)
    # Later rounds point at earlier ones; unlink first so the order of deletion does not matter.
    responses.update(previous=None)
    count = responses.count()
    responses.delete()
    return count


@transaction.atomic
def remove_user(*, user, seat_handling: str) -> None:
    """Remove a user. Memberships and scan responses go with the user; their seats are either
    kept as names only (unlinked) or removed."""
    seats = Seat.objects.filter(user=user)
    if seat_handling == SeatHandling.REMOVE:
        seats.delete()
    elif seat_handling == SeatHandling.KEEP_NAMES:
        seats.update(user=None)
    else:
        raise ValueError(f"unknown seat handling {seat_handling!r}")
    delete_own_scan_responses(user=user)
    user.delete()
