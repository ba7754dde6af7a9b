"""Writes for the AVG: a user deletes their scan responses; a beheerder removes a user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import ngettext

from ghnt_portal.accounts.models import Invitation
from ghnt_portal.accounts.selectors import regions_led_only_by
from ghnt_portal.accounts.services import lock_projectleiders
from regions.constants import RegionRole
from regions.models import Membership, Seat
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


def last_projectleider_error(regions) -> str:
    """Why a user who is the only projectleider of these regions cannot be removed."""
    names = ", ".join(region.name for region in regions)
    return ngettext(
        "Deze gebruiker is de enige projectleider van %(regions)s. Een regio houdt "
        "minstens één projectleider: maak eerst iemand anders projectleider.",
        "Deze gebruiker is de enige projectleider van deze regio's: %(regions)s. Een regio houdt "
        "minstens één projectleider: maak eerst iemand anders projectleider.",
        len(regions),
    ) % {"regions": names}


@transaction.atomic
def remove_user(*, user, seat_handling: str) -> None:
    """Remove a user. Memberships, scan responses and the invitations sent to them go with the
    user; their seats are either kept as names only (unlinked) or removed.

    Refused (ValidationError, nothing removed) when a region would lose its last projectleider.
    """
    lock_projectleiders(
        region_ids=Membership.objects.filter(user=user, role=RegionRole.PROJECTLEIDER).values(
            "region_id"
        )
    )
    orphaned = list(regions_led_only_by(user=user))
    if orphaned:
        raise ValidationError(last_projectleider_error(orphaned))
    seats = Seat.objects.filter(user=user)
    if seat_handling == SeatHandling.REMOVE:
        seats.delete()
    elif seat_handling == SeatHandling.KEEP_NAMES:
        seats.update(user=None)
    else:
        raise ValueError(f"unknown seat handling {seat_handling!r}")
    delete_own_scan_responses(user=user)
    Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user)).delete()
    user.delete()
