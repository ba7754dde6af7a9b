"""Writes to the registry that touch several rows at once (a body with its domains, a deletion
with everything that goes with it). Each runs in one transaction: all or nothing."""

from collections.abc import Iterable

from django.db import transaction

from .models import Domain, GovernanceBody, PartnerOrganisation, Seat
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
