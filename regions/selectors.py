"""Reads for the registry screens. Each returns a QuerySet or a small object with everything the
page needs, fetched in a fixed number of queries (no per-row lookups in templates)."""

import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ghnt_portal.deletion import DeletionImpact, deletion_impact
from ghnt_portal.queries import count_per_row
from governance.selectors import SeatHistory, seat_history

from .constants import (
    SERIES_NAME_TAKEN,
    SERIES_SPELLED_DIFFERENTLY,
    SERIES_YEAR_TAKEN,
    FigureKind,
    RegionRole,
    SeatMembership,
    SeatRole,
)
from .models import (
    GovernanceBody,
    Membership,
    Municipality,
    PartnerOrganisation,
    Region,
    RegionalFigure,
    Seat,
)


def name_key(name: str) -> str:
    """What two names of a body or partner are compared on: without accents, case or the
    spaces between words ('Véiligheidshuis  Demoland' is 'veiligheidshuis demoland')."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def name_taken(model, *, region_id: int, name: str, exclude_pk: int | None) -> bool:
    """Whether another ``model`` row (a body or partner) of the region has ``name``, ignoring
    case, accents and spaces (``name_key``; compared here, as a region has tens of them, not
    thousands). The forms ask it first; the services ask again under the region's lock."""
    key = name_key(name)
    names = (
        model.objects.filter(region_id=region_id)
        .exclude(pk=exclude_pk)
        .values_list("name", flat=True)
        .iterator()
    )
    return any(name_key(other) == key for other in names)


def figure_taken(
    *, region_id: int, kind: str, label: str, year: int, exclude_pk: int | None
) -> bool:
    """Whether the region has another figure of this kind, label and year (asked as
    ``name_taken``)."""
    return (
        RegionalFigure.objects.filter(region_id=region_id, kind=kind, label=label, year=year)
        .exclude(pk=exclude_pk)
        .exists()
    )


def other_spelling(label: str, names) -> str | None:
    """The one of ``names`` (the names of a region's 'ander cijfer' series) that is ``label``
    written differently (``name_key``), or None; None too when ``label`` is one of them."""
    names = set(names)
    if label in names:
        return None
    key = name_key(label)
    return next((name for name in sorted(names) if name_key(name) == key), None)


def figure_label_error(
    *, region_id: int, pk: int | None, old_label: str | None, label: str, year: int | None
) -> str | None:
    """Why an 'ander cijfer' of the region cannot get the name ``label``, or None.

    ``pk``, ``old_label``: the figure and the name of the series it is in now (None for a new
    figure or one of another kind); ``year``: its year. A new figure may join a series only as
    it is written. A new name goes to every year of the series (``figure_save``): it may change
    the spelling of the series' own name, but not make it another series, nor give the region a
    year of a name twice."""
    if label == old_label:
        return None
    series = RegionalFigure.objects.filter(region_id=region_id, kind=FigureKind.OTHER)
    names = series.order_by().values_list("label", flat=True).distinct()
    if old_label is None:
        spelled = other_spelling(label, names)
        return SERIES_SPELLED_DIFFERENTLY % {"name": spelled} if spelled else None
    key = name_key(label)
    if key != name_key(old_label):
        taken = next((name for name in sorted(names) if name_key(name) == key), None)
        if taken:
            return SERIES_NAME_TAKEN % {"name": taken}
    other_years = series.filter(label=old_label).exclude(pk=pk).values("year")
    if year is not None and other_years.filter(year=year).exists():
        # Moved onto another year of its own series: renaming that one would give it twice.
        return SERIES_YEAR_TAKEN % {"name": old_label, "year": year}
    clash = (
        series.filter(Q(year__in=other_years) | Q(year=year), label=label)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    return SERIES_YEAR_TAKEN % {"name": label, "year": clash} if clash else None


def regions_for_user(user) -> list[Region]:
    """'Mijn regio's': all active regions for national roles, the user's own regions otherwise.

    Annotated with counts; each region has the labels of the user's own roles in it as
    ``my_roles``. The user's roles are read first and also decide the regions of someone
    without a national role (two plain queries instead of a subquery and a prefetch).
    """
    roles = list(
        Membership.objects.filter(user=user).order_by("role").values_list("region", "role")
    )
    if user.has_national_view:
        regions = Region.objects.filter(is_active=True)
    else:
        regions = Region.objects.filter(pk__in={region_id for region_id, _role in roles})
    regions = list(
        regions.annotate(
            municipality_count=count_per_row(Municipality.objects.all(), "region"),
            partner_count=count_per_row(PartnerOrganisation.objects.all(), "region"),
            body_count=count_per_row(GovernanceBody.objects.all(), "region"),
        ).order_by("name")
    )
    for region in regions:
        region.my_roles = [
            RegionRole(role).label for region_id, role in roles if region_id == region.pk
        ]
    return regions


def seat_queryset() -> QuerySet[Seat]:
    return Seat.objects.select_related(
        "represents_municipality", "represents_partner", "domain", "user"
    )


def partners_of(region: Region) -> QuerySet[PartnerOrganisation]:
    return region.partners.select_related("organisation_type", "main_domain").order_by("name")


def bodies_of(region: Region) -> list[GovernanceBody]:
    """The region's bodies with form, reporting line, seat counts and the names of their
    domains (``domain_names``)."""
    bodies = list(
        region.bodies.select_related("form", "reports_to")
        # A subquery, not a join: grouping every body, form and reporting line by all their
        # columns to count seats cost more than counting per body.
        .annotate(seat_count=count_per_row(Seat.objects.all(), "body"))
        .order_by("name")
    )
    # The names from the link table, in the domains' order: no domain model per body and link.
    links = (
        GovernanceBody.domains.through.objects.filter(governancebody__region=region)
        .order_by("domain__order", "domain__name")
        .values_list("governancebody_id", "domain__name")
    )
    names: dict[int, list[str]] = {body.pk: [] for body in bodies}
    for body_id, name in links:
        names[body_id].append(name)
    for body in bodies:
        body.domain_names = names[body.pk]
    return bodies


@dataclass
class RegionOverview:
    region: Region
    municipalities: list[Municipality]
    partners: list[PartnerOrganisation]
    bodies: list[GovernanceBody]
    total_inhabitants: int | None


def region_overview(region: Region) -> RegionOverview:
    municipalities = list(region.municipalities.order_by("name"))
    known = [m.inhabitants for m in municipalities if m.inhabitants is not None]
    total = sum(known) if known else None  # as SQL's SUM: unknown counts are left out
    return RegionOverview(
        region=region,
        municipalities=municipalities,
        partners=list(partners_of(region)),
        bodies=bodies_of(region),
        total_inhabitants=total,
    )


def get_body(region: Region, body_uuid) -> GovernanceBody:
    """A body of ``region`` or 404 (a body of another region is never found through this one)."""
    return get_object_or_404(
        GovernanceBody.objects.select_related("form", "reports_to", "region"),
        region=region,
        uuid=body_uuid,
    )


def get_seat(region: Region, seat_uuid) -> Seat:
    return get_object_or_404(
        seat_queryset().select_related("body", "body__region"), body__region=region, uuid=seat_uuid
    )


def get_partner(region: Region, partner_uuid) -> PartnerOrganisation:
    return get_object_or_404(partners_of(region), uuid=partner_uuid)


SEAT_ROLE_ORDER = {SeatRole.CHAIR: 0, SeatRole.SECRETARY: 1, SeatRole.MEMBER: 2}


@dataclass
class SeatGroup:
    key: str
    title: str
    seats: list[Seat] = field(default_factory=list)


@dataclass
class BodyDetail:
    body: GovernanceBody
    domains: list
    reporting_bodies: list[GovernanceBody]
    seat_groups: list[SeatGroup]
    seat_count: int


def body_detail(body: GovernanceBody) -> BodyDetail:
    """The body page: seats grouped as chair and secretary first, then fixed members, then
    members on request."""
    seats = sorted(
        # Not seat_queryset(): the page does not show the seat's portal account.
        Seat.objects.select_related(
            "represents_municipality", "represents_partner", "domain"
        ).filter(body=body),
        key=lambda s: (SEAT_ROLE_ORDER.get(s.seat_role, 9), s.person_name.lower(), s.pk),
    )
    groups = [
        SeatGroup("leading", _("Voorzitter en secretaris")),
        SeatGroup("fixed", _("Vaste leden")),
        SeatGroup("on_request", _("Op uitnodiging")),
    ]
    for seat in seats:
        if seat.seat_role in (SeatRole.CHAIR, SeatRole.SECRETARY):
            groups[0].seats.append(seat)
        elif seat.membership == SeatMembership.ON_REQUEST:
            groups[2].seats.append(seat)
        else:
            groups[1].seats.append(seat)
    return BodyDetail(
        body=body,
        domains=list(body.domains.all()),
        reporting_bodies=list(body.reporting_bodies.order_by("name")),
        seat_groups=[g for g in groups if g.seats],
        seat_count=len(seats),
    )


@dataclass
class BodyDeletionImpact:
    seats: list[Seat]
    reporting_bodies: list[GovernanceBody]
    # What other apps keep about the body (checklist rounds, meetings, ...).
    other: DeletionImpact


def body_deletion_impact(body: GovernanceBody) -> BodyDeletionImpact:
    """What goes with a body when deleted: its seats, the lines of bodies reporting to it, and
    whatever other apps keep about it (found the way the admin does, so no app is forgotten)."""
    return BodyDeletionImpact(
        seats=list(body.seats.order_by("person_name")),
        reporting_bodies=list(body.reporting_bodies.order_by("name")),
        other=deletion_impact(body, exclude=(Seat,)),
    )


def listed(*counted: tuple[int, str]) -> str:
    """'1 zetel en 2 rollen': the texts (with a %(count)s) whose count is not 0, joined."""
    parts = [text % {"count": count} for count, text in counted if count]
    return get_text_list(parts, _("en"))


@dataclass
class SeatDeletionImpact:
    history: SeatHistory
    with_name: bool = True  # False: the person is removed under the AVG, only the role stays

    @property
    def notes(self) -> list[str]:
        """Dutch sentences for the confirm page: what happens to the meetings and rounds."""
        history, notes = self.history, []
        past = listed(
            (
                history.past_meetings,
                ngettext("%(count)s vergadering", "%(count)s vergaderingen", history.past_meetings),
            ),
            (
                history.rounds,
                ngettext("%(count)s checklistronde", "%(count)s checklistrondes", history.rounds),
            ),
        )
        if past:
            kept = (
                _(
                    "Deze persoon staat als aanwezig bij %(history)s tot en met vandaag. Daar "
                    "blijft de naam staan, bij de overige aanwezigen, zodat de verslagen niet "
                    "veranderen."
                )
                if self.with_name
                else _(
                    "Deze persoon staat als aanwezig bij %(history)s tot en met vandaag. Daar "
                    "blijft de zetel staan bij de overige aanwezigen, met de functie en namens "
                    "wie, maar zonder de naam."
                )
            )
            notes.append(kept % {"history": past})
        if history.later_meetings:
            notes.append(
                ngettext(
                    "Bij %(count)d latere vergadering staat de zetel als aanwezig; daar "
                    "verdwijnt hij.",
                    "Bij %(count)d latere vergaderingen staat de zetel als aanwezig; daar "
                    "verdwijnt hij.",
                    history.later_meetings,
                )
                % {"count": history.later_meetings}
            )
        return notes


def seat_deletion_impact(seat: Seat) -> SeatDeletionImpact:
    return SeatDeletionImpact(history=seat_history(seat))


def partner_deletion_impact(partner: PartnerOrganisation) -> list[Seat]:
    """Seats that represent the partner: they stay, without whom they represent."""
    return list(partner.seats.select_related("body").order_by("body__name", "person_name"))


def region_users(region: Region):
    """Portal users with a role in the region: the choices for linking a seat to an account."""
    return (
        get_user_model()
        .objects.filter(memberships__region=region, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def seat_user_choices(region: Region, current_user_id: int | None):
    """The users a seat can be linked to: those of ``region_users``, plus the user the seat is
    linked to now when that one no longer has a role in the region (or is no longer active), so
    that saving the seat keeps the link unless the editor changes it. Returns the queryset and
    the id of that former user (None when there is none)."""
    users = region_users(region)
    if current_user_id is None or users.filter(pk=current_user_id).exists():
        return users, None
    everyone = get_user_model().objects.order_by("full_name", "email")
    choices = everyone.filter(Q(pk__in=users.values("pk")) | Q(pk=current_user_id))
    return choices, current_user_id
