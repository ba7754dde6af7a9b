"""Writes to the registry that touch several rows at once (a body with its domains, a deletion
with everything that goes with it). Each runs in one transaction: all or nothing."""

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ghnt_portal.accounts.models import Invitation
from governance.services import keep_seat_in_history
from scan import services as scan_services

from .constants import DUPLICATE_BODY_NAME, DUPLICATE_PARTNER_NAME, REPORTS_TO_GONE, RegionRole
from .models import Domain, GovernanceBody, Membership, PartnerOrganisation, Region, Seat
from .selectors import BodyDeletionImpact, body_deletion_impact, listed, name_taken


def lock_regions(region_ids: Iterable[int]) -> None:
    """Lock the rows of these regions until the transaction ends, always in the same order. An
    import locks the regions it writes to, so a second one (a double click on "bevestigen")
    waits for the first and then finds what it saved, instead of inserting the same rows."""
    list(
        Region.objects.select_for_update()
        .filter(pk__in=set(region_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_duplicate_name(obj: GovernanceBody | PartnerOrganisation, message: str) -> None:
    """The rule of the forms (``UniqueNameInRegionMixin``), checked again under the region's
    lock: two requests that both passed the form (the same new name saved from two open pages;
    a double click on one page is answered as saved by its one-time token, see
    ``ghnt_portal.submissions``) give the second the form's error instead of a 500 on the
    unique constraint."""
    if name_taken(type(obj), region_id=obj.region_id, name=obj.name, exclude_pk=obj.pk):
        raise ValidationError({"name": message})


@transaction.atomic
def body_save(*, body: GovernanceBody, domains: Iterable[Domain]) -> GovernanceBody:
    """Validate and save a body (new or changed) together with the domains it covers.

    Saves of one region wait for each other (``lock_regions``), so a double click saves once."""
    lock_regions([body.region_id])
    _refuse_duplicate_name(body, DUPLICATE_BODY_NAME)
    if body.reports_to_id is not None:
        # As it is now, not as the form read it: an edit saved meanwhile may have made the
        # chosen body report to this one (a cycle), or deleted it.
        body.reports_to = GovernanceBody.objects.filter(pk=body.reports_to_id).first()
        if body.reports_to is None:
            raise ValidationError({"reports_to": REPORTS_TO_GONE})
    body.full_clean()
    body.save()
    body.domains.set(domains)
    return body


@transaction.atomic
def body_delete(*, body: GovernanceBody) -> BodyDeletionImpact:
    """Delete a body with its seats; bodies that reported to it keep existing without the line.
    Waits for saves in the region (``body_save``), so none links to the body as it goes."""
    lock_regions([body.region_id])
    impact = body_deletion_impact(body)
    _clear(GovernanceBody.objects.filter(reports_to=body), "reports_to")
    body.delete()
    return impact


@transaction.atomic
def seat_save(*, seat: Seat) -> Seat:
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def seat_delete(*, seat: Seat, with_name: bool = True) -> None:
    """Delete a seat; past meetings and checklist rounds keep the person by name (or only the
    seat's role, ``with_name=False``, when the person is removed under the AVG). Not refused:
    people leave a body, and their seat must be able to go while the history stays."""
    keep_seat_in_history(seat=seat, with_name=with_name)
    seat.delete()


@transaction.atomic
def partner_save(*, partner: PartnerOrganisation) -> PartnerOrganisation:
    """Validate and save a partner; like ``body_save``, a double click saves once."""
    lock_regions([partner.region_id])
    _refuse_duplicate_name(partner, DUPLICATE_PARTNER_NAME)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, partner: PartnerOrganisation) -> int:
    """Delete a partner; seats that represented it stay, without whom they represent.

    Returns the number of seats that lost their 'namens'."""
    # select_related: the audit trail files each seat's change under its body's region.
    affected = _clear(
        Seat.objects.filter(represents_partner=partner).select_related("body"),
        "represents_partner",
    )
    partner.delete()
    return affected


@dataclass
class MovedMunicipalities:
    """What followed municipalities that moved to another region: bestuurder roles and pending
    bestuurder invitations that moved along, and seats, roles and pending invitations of the
    old region that lost the municipality."""

    bestuurders: int = 0
    bestuurder_invitations: int = 0
    seats: int = 0
    memberships: int = 0
    invitations: int = 0

    @property
    def message(self) -> str:
        """Dutch sentences for the result message; empty when nothing was affected."""
        return " ".join(filter(None, (self._moved_message(), self._cleared_message())))

    def _moved_message(self) -> str:
        moved = listed(
            (
                self.bestuurders,
                ngettext("%(count)s bestuurder", "%(count)s bestuurders", self.bestuurders),
            ),
            (
                self.bestuurder_invitations,
                ngettext(
                    "%(count)s openstaande uitnodiging als bestuurder",
                    "%(count)s openstaande uitnodigingen als bestuurder",
                    self.bestuurder_invitations,
                ),
            ),
        )
        if not moved:
            return ""
        return ngettext(
            "%(what)s is met de gemeente meeverhuisd naar de nieuwe regio.",
            "%(what)s zijn met hun gemeente meeverhuisd naar de nieuwe regio.",
            self.bestuurders + self.bestuurder_invitations,
        ) % {"what": moved}

    def _cleared_message(self) -> str:
        cleared = listed(
            (self.seats, ngettext("%(count)s zetel", "%(count)s zetels", self.seats)),
            (self.memberships, ngettext("%(count)s rol", "%(count)s rollen", self.memberships)),
            (
                self.invitations,
                ngettext(
                    "%(count)s openstaande uitnodiging",
                    "%(count)s openstaande uitnodigingen",
                    self.invitations,
                ),
            ),
        )
        if not cleared:
            return ""
        return _(
            "Bij %(what)s in de oude regio is de gemeente leeggemaakt: die hoort nu bij een "
            "andere regio. Vul daar zo nodig een gemeente van de eigen regio in."
        ) % {"what": cleared}


def _clear(objects: Iterable, field: str) -> int:
    """Empty ``field`` of each object; saved one by one, so the audit trail and the edit lock
    see each change."""
    count = 0
    for obj in objects:
        setattr(obj, field, None)
        obj.save()
        count += 1
    return count


def _moving_bestuurders(queryset: QuerySet, ids: list[int]) -> list:
    """Bestuurder roles or invitations naming one of the municipalities ``ids`` that now lies
    in another region, oldest first (a municipality without a region takes nobody along)."""
    return list(
        queryset.filter(
            role=RegionRole.BESTUURDER,
            municipality_id__in=ids,
            municipality__region__isnull=False,
        )
        .exclude(region=F("municipality__region"))
        .select_related("municipality")
        .order_by("pk")
    )


# What a bestuurder role or invitation says about the person's place in their municipality.
BESTUURDER_FIELDS = ("municipality", "function", "portfolio")


@dataclass
class _BestuurderMoves:
    """Which moving bestuurder roles (or invitations) go along to their municipality's region.

    ``moves`` come in an order in which each finds its new region free. A ring is a set of roles
    of one person whose municipalities swap regions (A to B and B to A, or round more regions):
    moved one at a time, two of them would be in one region (one role per person, region and
    role), so each stays in its region and takes over what the role moving in says there."""

    moves: list
    rings: list[list]


def _plan_bestuurder_moves(
    moving: list, holder: Callable[[Model], Hashable], held: Counter
) -> _BestuurderMoves:
    """Decide which of ``moving`` (oldest first) go along; ``held`` counts the roles each
    (holder, region) has now, the moving ones included.

    A role goes into a region that ends up free: where the person has nothing, or whose one role
    goes on itself, or all of a ring. Of several roles heading for one region the oldest goes; a
    role heading for a region where another role stays keeps its place."""
    # A place is (holder, region): the place a role holds now, and the one it would move to.
    source = {role: (holder(role), role.region_id) for role in moving}
    target = {role: (holder(role), role.municipality.region_id) for role in moving}
    leaving = {source[role]: role for role in moving if held[source[role]] == 1}
    ends_free: dict[Model, bool] = {}  # whether the chain of regions it needs ends in a free one
    rings = []
    for role in moving:
        chain = []
        current = role
        while current is not None and current not in ends_free and current not in chain:
            chain.append(current)
            current = leaving.get(target[current])
        if current is None:
            free = held[target[chain[-1]]] == 0
        elif current in chain:
            start = chain.index(current)
            rings.append(chain[start:])
            chain, free = chain[:start], False  # what heads into a ring finds its region refilled
            ends_free.update(dict.fromkeys(rings[-1], False))
        else:
            free = ends_free[current]
        ends_free.update(dict.fromkeys(chain, free))
    heading: dict[tuple, list] = defaultdict(list)
    for role in moving:
        if ends_free[role]:
            heading[target[role]].append(role)
    moves = []
    # From each place that is empty now, back along the chain: the oldest role heading there
    # goes, which empties its own place for the oldest heading there, and so on.
    for place in [place for place in heading if held[place] == 0]:
        while place in heading:
            oldest = heading[place][0]
            moves.append(oldest)
            place = source[oldest]
    return _BestuurderMoves(moves=moves, rings=rings)


def _carry_out(plan: _BestuurderMoves) -> int:
    """Save each role that goes along once, so that no save puts two roles of a person in one
    region: the moves in their order, and in a ring each role takes over what the one before
    it says (and moving in would have brought). Returns how many went along."""
    for role in plan.moves:
        role.region_id = role.municipality.region_id
        role.save()
    for ring in plan.rings:
        # A ring role's municipality now lies in the next one's region, the last one's in the
        # first one's.
        said = [[getattr(role, field) for field in BESTUURDER_FIELDS] for role in ring]
        for role, values in zip(ring, said[-1:] + said[:-1], strict=True):
            for field, value in zip(BESTUURDER_FIELDS, values, strict=True):
                setattr(role, field, value)
            role.save()
    return len(plan.moves) + sum(len(ring) for ring in plan.rings)


def _move_bestuurders(ids: list[int]) -> int:
    """Move bestuurder roles along with their municipality, one save each. A person who is
    already a bestuurder in the new region, in a role that stays there, keeps this role where
    it is (one role per person, region and role); it loses the municipality afterwards."""
    memberships = _moving_bestuurders(Membership.objects.all(), ids)
    held = Counter(
        Membership.objects.filter(
            role=RegionRole.BESTUURDER, user_id__in={m.user_id for m in memberships}
        ).values_list("user_id", "region_id")
    )
    moved = _carry_out(_plan_bestuurder_moves(memberships, attrgetter("user_id"), held))
    # Who went along is no longer a bestuurder of the old region: what they shared in its scan
    # sessions goes.
    scan_services.withdraw_shares_without_role(user_ids={m.user_id for m in memberships})
    return moved


def _invitation_email(invitation: Invitation) -> str:
    return invitation.email.lower()


def _move_bestuurder_invitations(ids: list[int]) -> int:
    """Move pending bestuurder invitations along with their municipality, one save each; not
    when the address is already a bestuurder in the new region or invited as one there (what
    ``invite_person`` refuses) and that stays: that invitation loses the municipality
    afterwards."""
    invitations = _moving_bestuurders(Invitation.objects.pending(), ids)
    emails = {_invitation_email(invitation) for invitation in invitations}
    held = Counter(
        Membership.objects.filter(role=RegionRole.BESTUURDER)
        .annotate(email=Lower("user__email"))
        .filter(email__in=emails)
        .values_list("email", "region_id")
    ) + Counter(
        Invitation.objects.pending()
        .filter(role=RegionRole.BESTUURDER)
        .annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails)
        .values_list("lower_email", "region_id")
    )
    return _carry_out(_plan_bestuurder_moves(invitations, _invitation_email, held))


@transaction.atomic
def follow_moved_municipalities(municipality_ids: Iterable[int]) -> MovedMunicipalities:
    """After municipalities moved to another region, bring what names them in line.

    A bestuurder's role exists because of their municipality: bestuurder roles and pending
    bestuurder invitations move along to the municipality's new region (see
    ``_move_bestuurders``). Everything else of another region that still names one of them
    (seats, the other roles and pending invitations) loses the municipality, as a region's seats
    and roles may only name its own municipalities (``Seat.clean``,
    ``check_municipality_in_region``). Used invitations stay as they were: they are history.
    Every change is saved on its own, so the audit trail and the edit locks see each one.
    """
    ids = list(municipality_ids)
    result = MovedMunicipalities(
        bestuurders=_move_bestuurders(ids),
        bestuurder_invitations=_move_bestuurder_invitations(ids),
    )
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
    result.seats = _clear(seats, "represents_municipality")
    result.memberships = _clear(memberships, "municipality")
    result.invitations = _clear(invitations, "municipality")
    return result
