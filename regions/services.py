"""Writes to the registry that touch several rows at once (a body with its domains, a deletion
with everything that goes with it). Each runs in one transaction: all or nothing."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ghnt_portal.accounts.models import Invitation

from .models import Domain, GovernanceBody, Membership, PartnerOrganisation, Seat
from .selectors import BodyDeletionImpact, body_deletion_impact


@transaction.atomic
def body_save(*, body: GovernanceBody, domains: Iterable[Domain]) -> GovernanceBody:
    """Validate and save a body (new or changed) together with the domains it covers."""
    body.full_clean()
    body.save()
    body.domains.set(domains)
    return body


@transaction.atomic
def body_delete(*, body: GovernanceBody) -> BodyDeletionImpact:
    """Delete a body with its seats; bodies that reported to it keep existing without the line."""
    impact = body_deletion_impact(body)
    GovernanceBody.objects.filter(reports_to=body).update(reports_to=None)
    body.delete()
    return impact


@transaction.atomic
def seat_save(*, seat: Seat) -> Seat:
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def partner_save(*, partner: PartnerOrganisation) -> PartnerOrganisation:
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, partner: PartnerOrganisation) -> int:
    """Delete a partner; seats that represented it stay, without whom they represent.

    Returns the number of seats that lost their 'namens'."""
    affected = Seat.objects.filter(represents_partner=partner).update(represents_partner=None)
    partner.delete()
    return affected


@dataclass
class UnlinkedMunicipalities:
    """How many seats, roles and pending invitations lost a municipality that moved away."""

    seats: int = 0
    memberships: int = 0
    invitations: int = 0

    @property
    def message(self) -> str:
        """A Dutch sentence for the result message; empty when nothing was affected."""
        parts = [
            ngettext("%(count)s zetel", "%(count)s zetels", self.seats) % {"count": self.seats},
            ngettext("%(count)s rol", "%(count)s rollen", self.memberships)
            % {"count": self.memberships},
            ngettext(
                "%(count)s openstaande uitnodiging",
                "%(count)s openstaande uitnodigingen",
                self.invitations,
            )
            % {"count": self.invitations},
        ]
        counts = (self.seats, self.memberships, self.invitations)
        parts = [part for part, count in zip(parts, counts, strict=True) if count]
        if not parts:
            return ""
        return _(
            "Bij %(what)s in de oude regio is de gemeente leeggemaakt: die hoort nu bij een "
            "andere regio. Vul daar zo nodig een gemeente van de eigen regio in."
        ) % {"what": get_text_list(parts, _("en"))}


def _clear(objects: Iterable, field: str) -> int:
    """Empty ``field`` of each object; saved one by one, so the audit trail and the edit lock
    see each change."""
    count = 0
    for obj in objects:
        setattr(obj, field, None)
        obj.save()
        count += 1
    return count


@transaction.atomic
def unlink_moved_municipalities(municipality_ids: Iterable[int]) -> UnlinkedMunicipalities:
    """After municipalities moved to another region: seats, roles and pending invitations of
    another region that name one of them lose that municipality, as a region's seats and roles
    may only name its own municipalities (``Seat.clean``, the role forms). Used invitations
    stay as they were: they are history."""
    ids = list(municipality_ids)
    seats = (
        Seat.objects.filter(represents_municipality_id__in=ids)
        .exclude(body__region=F("represents_municipality__region"))
        .select_related("body")  # the audit trail files each change under the body's region
    )
    memberships = Membership.objects.filter(municipality_id__in=ids).exclude(
        region=F("municipality__region")
    )
    invitations = (
        Invitation.objects.pending()
        .filter(municipality_id__in=ids)
        .exclude(region=F("municipality__region"))
    )
    return UnlinkedMunicipalities(
        seats=_clear(seats, "represents_municipality"),
        memberships=_clear(memberships, "municipality"),
        invitations=_clear(invitations, "municipality"),
    )
