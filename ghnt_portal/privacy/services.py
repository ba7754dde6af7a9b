"""Writes for the AVG: a user deletes their scan responses; a beheerder removes a user."""

from django.db import transaction

from ghnt_portal.accounts.models import Invitation
from ghnt_portal.accounts.services import check_regions_keep_a_projectleider
from regions.models import Seat
from regions.services import seat_delete
from scan.models import Response
from scan.services import forget_anonymous_answers, forget_cached_pdfs

from .constants import SeatHandling


@transaction.atomic
def delete_own_scan_responses(*, user) -> int:
    """Delete all of the user's scan responses (answers, shares and cached PDFs go with them,
    and so do their anonymous answers in the sessions' snapshots)."""
    responses = Response.objects.filter(user=user)
    forget_cached_pdfs(uuids=responses.values_list("uuid", flat=True))
    forget_anonymous_answers(response_ids=responses.values_list("pk", flat=True))
    # Later rounds point at earlier ones; unlink first so the order of deletion does not matter.
    responses.update(previous=None)
    count = responses.count()
    responses.delete()
    return count


@transaction.atomic
def remove_user(*, user, seat_handling: str) -> None:
    """Remove a user. Memberships, scan responses and the invitations sent to them go with the
    user; their seats are either kept as names only (unlinked) or removed. A removed seat stays in
    past meetings and checklist rounds with its role only: the person's name goes, the body's
    record of who took part stays.

    Refused (ValidationError, nothing removed) when a region would lose its last projectleider.
    """
    check_regions_keep_a_projectleider(user=user, leads_region_ids=[])
    seats = Seat.objects.filter(user=user)
    if seat_handling == SeatHandling.REMOVE:
        for seat in seats.select_related("represents_municipality", "represents_partner"):
            seat_delete(seat=seat, with_name=False)
    elif seat_handling == SeatHandling.KEEP_NAMES:
        seats.update(user=None)
    else:
        raise ValueError(f"unknown seat handling {seat_handling!r}")
    delete_own_scan_responses(user=user)
    Invitation.objects.addressed_to(user).delete()
    user.delete()
