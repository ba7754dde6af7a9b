"""The regions panel on the home page: what a project leader, stuurgroeplid or national user
does next in the registry. Bestuurders without another role get None (the scan app has theirs)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ghnt_portal.home import HomePanel

from .constants import RegionRole, SeatRole, WhiteSpotSeverity
from .models import GovernanceBody, Region, Seat
from .structure import build_structure_picture

MAX_OPEN_WORK = 6


@dataclass
class OpenWork:
    label: str
    url: str


@dataclass
class RegionEntry:
    region: Region
    role_labels: list[str]
    can_edit: bool
    url: str
    structure_url: str
    white_spot_count: int | None = None
    urgent_white_spot_count: int | None = None
    open_work: list[OpenWork] = field(default_factory=list)
    more_open_work: int = 0


def _open_work(region: Region) -> tuple[int, int, list[OpenWork]]:
    """White spots and open items of a region, from the structure picture (fixed queries)."""
    picture = build_structure_picture(region)
    urgent = sum(1 for s in picture.white_spots if s.severity == WhiteSpotSeverity.HIGH)
    work: list[OpenWork] = []
    if not picture.bodies:
        work.append(
            OpenWork(
                _("Leg de overleggen van de regio vast"),
                reverse("regions:body_create", args=[region.slug]),
            )
        )
    seat_roles = defaultdict(list)
    for seat in picture.seats:
        seat_roles[seat.body_id].append(seat.seat_role)
    for body in picture.bodies:
        url = reverse("regions:body_detail", args=[region.slug, body.uuid])
        roles = seat_roles[body.pk]
        if not roles:
            work.append(OpenWork(_("%(body)s: nog geen zetels") % {"body": body.name}, url))
        elif SeatRole.CHAIR not in roles:
            work.append(OpenWork(_("%(body)s: geen voorzitter") % {"body": body.name}, url))
        if not body.purpose.strip():
            work.append(
                OpenWork(
                    _("%(body)s: de bedoeling is nog niet beschreven") % {"body": body.name},
                    reverse("regions:body_update", args=[region.slug, body.uuid]),
                )
            )
    return len(picture.white_spots), urgent, work


def panel(user) -> HomePanel | None:
    """The regions panel on the home page."""
    if not user.is_authenticated:
        return None
    memberships = [
        m
        for m in user.memberships.select_related("region").order_by("region__name")
        if m.role != RegionRole.BESTUURDER
    ]
    national = user.has_national_view
    if not memberships and not national:
        return None

    entries: dict[int, RegionEntry] = {}
    for m in memberships:
        entry = entries.get(m.region_id)
        if entry is None:
            entry = entries[m.region_id] = RegionEntry(
                region=m.region,
                role_labels=[],
                can_edit=user.is_beheerder,
                url=reverse("regions:region_detail", args=[m.region.slug]),
                structure_url=reverse("regions:structure", args=[m.region.slug]),
            )
        entry.role_labels.append(m.get_role_display())
        if m.role == RegionRole.PROJECTLEIDER:
            entry.can_edit = True
    for entry in entries.values():
        if entry.can_edit:
            total, urgent, work = _open_work(entry.region)
            entry.white_spot_count = total
            entry.urgent_white_spot_count = urgent
            entry.open_work = work[:MAX_OPEN_WORK]
            entry.more_open_work = max(0, len(work) - MAX_OPEN_WORK)

    national_counts = None
    if national:
        national_counts = Region.objects.filter(is_active=True).aggregate(
            regions=Count("pk", distinct=True),
            regions_without_bodies=Count("pk", filter=Q(bodies__isnull=True), distinct=True),
        )
        national_counts["bodies"] = GovernanceBody.objects.filter(region__is_active=True).count()
        national_counts["seats"] = Seat.objects.filter(body__region__is_active=True).count()

    return HomePanel(
        template_name="regions/home_panel.html",
        context={
            "entries": list(entries.values()),
            "national": national_counts,
            "list_url": reverse("regions:region_list"),
            "national_url": reverse("regions:national_overview") if national else "",
        },
    )
