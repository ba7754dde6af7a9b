"""The structure picture of a region: its bodies with their advice/reporting lines, a matrix of
bodies × domains (overlap and gaps), and the white spots in words with what to do about them.

``build_structure_picture(region)`` runs a fixed number of queries (six) whatever the number of
bodies and seats. The template include ``regions/includes/structure_picture.html`` renders the
result as SVG + HTML without style attributes, so it works under a strict CSP, in print and in
WeasyPrint.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import BodyKind, DomainGroup, WhiteSpotCode, WhiteSpotSeverity
from .models import Domain, GovernanceBody, Region, Seat
from .structure_layout import (
    BOX_HEIGHT,
    LABEL_FONT_SIZE,
    MAX_PER_ROW,
    BodyNode,
    Layout,
    ReportingLine,
    lay_out,
)

SOURCE_REPORT = "Integrale sturing, GHNT 2020"
SEAT_FIELDS = (
    "body_id",
    "seat_role",
    "is_expert_by_experience",
    "ambassador_type",
    "domain_id",
    "represents_municipality_id",
    "represents_partner_id",
)


@dataclass(frozen=True)
class WhiteSpot:
    """A gap in the region's steering structure, in words, with what to do about it."""

    code: str  # WhiteSpotCode value
    title: str
    advice: str
    severity: str  # WhiteSpotSeverity value: hoog / middel / laag
    source: str
    domain: Domain | None = None

    @property
    def severity_label(self) -> str:
        return WhiteSpotSeverity(self.severity).label


@dataclass
class MatrixCell:
    domain: Domain
    covered: bool
    overlap: bool
    # Someone sits in the body for this domain, but the body does not list the domain.
    seated: bool = False


@dataclass
class MatrixRow:
    body: GovernanceBody
    cells: list[MatrixCell]


@dataclass
class DomainColumn:
    domain: Domain
    body_count: int
    is_overlap: bool  # in two bodies of which neither advises or reports to the other
    # Bodies with a seat for this domain that do not list the domain themselves.
    seated_in: list[GovernanceBody] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.body_count == 0


# The picture in the PDF (A4 portrait, 18 mm margins in static/css/pdf.css, and the body's 8px
# margin of the browser style sheet): at most 174 mm - 16 px wide, in CSS px (96 per inch) as the
# SVG's width is given; never larger than on screen.
PX_PER_MM = 96 / 25.4
PRINT_WIDTH_PX = 174 * PX_PER_MM - 16
PT_PER_PX = 0.75
# The labels in the boxes of a picture that goes over pages are printed at least this large: one
# too wide for that gets fewer boxes side by side in the PDF. (Four boxes side by side print them
# at 7 pt, three at 9.3 pt.)
PRINT_MIN_LABEL_PT = 8
# A picture taller than a page is printed in bands of whole rows, one per page, instead of being
# shrunk to fit one page. The first band fits under the heading on the first page; the others
# start a page of their own and stay under the 230 mm of .structure-svg in regions.css.
PRINT_FIRST_BAND_MM = 190
PRINT_BAND_MM = 225


@dataclass
class PrintBand:
    """A horizontal slice of the structure picture for one page of the PDF: whole rows of boxes
    with the channels above and below them, so a line that goes on to the next page is seen to
    leave at the bottom and, in the same channel, to come in at the top of the next band. The
    SVG's view box clips what lies outside."""

    number: int
    count: int
    top: int  # in the picture's units
    bottom: int
    width: int
    scale: float  # CSS px per unit
    nodes: list[BodyNode]
    lines: list[ReportingLine]

    @property
    def view_box(self) -> str:
        return f"0 {self.top} {self.width} {self.bottom - self.top}"

    @property
    def print_width(self) -> str:
        return f"{self.width * self.scale:.1f}"

    @property
    def print_height(self) -> str:
        return f"{(self.bottom - self.top) * self.scale:.1f}"


def _print_scale(width: int) -> float:
    return min(1.0, PRINT_WIDTH_PX / width)


def _print_layout(picture: "StructurePicture") -> Layout:
    """The picture's layout. A picture that fits on the first page prints as it is (as wide as
    the page at most); a taller one goes over pages anyway, and is laid out with fewer boxes side
    by side when its labels would print smaller than PRINT_MIN_LABEL_PT."""
    layout = Layout(picture.nodes, picture.lines, picture.width, picture.height)
    if layout.height * _print_scale(layout.width) <= PRINT_FIRST_BAND_MM * PX_PER_MM:
        return layout
    per_row = MAX_PER_ROW
    while per_row > 1 and (
        _print_scale(layout.width) * LABEL_FONT_SIZE * PT_PER_PX < PRINT_MIN_LABEL_PT
    ):
        per_row -= 1
        layout = lay_out(picture.bodies, max_per_row=per_row)
    return layout


def print_bands(picture: "StructurePicture") -> list[PrintBand]:
    """The picture in bands that each fit on a page of the PDF, at one scale for all."""
    layout = _print_layout(picture)
    scale = _print_scale(layout.width)
    row_tops = sorted({node.y for node in layout.nodes})
    # (top, bottom) of each band: from the bottom of the row before it to the top of the row
    # after it, the picture's edges for the first and the last.
    spans: list[tuple[int, int]] = []
    top, first_row = 0, 0
    for i in range(len(row_tops)):
        bottom = row_tops[i + 1] if i + 1 < len(row_tops) else layout.height
        room = (PRINT_BAND_MM if spans else PRINT_FIRST_BAND_MM) * PX_PER_MM
        if i > first_row and (bottom - top) * scale > room:
            spans.append((top, row_tops[i]))
            top, first_row = row_tops[i - 1] + BOX_HEIGHT, i
    spans.append((top, layout.height))
    return [
        PrintBand(
            number=number,
            count=len(spans),
            top=top,
            bottom=bottom,
            width=layout.width,
            scale=scale,
            nodes=[n for n in layout.nodes if n.y < bottom and n.bottom > top],
            lines=[
                line
                for line in layout.lines
                if min(y for _, y in line.points) < bottom and max(y for _, y in line.points) > top
            ],
        )
        for number, (top, bottom) in enumerate(spans, start=1)
    ]


@dataclass
class StructurePicture:
    region: Region
    bodies: list[GovernanceBody]
    seats: list  # a row with SEAT_FIELDS for every seat in the bodies
    nodes: list[BodyNode]
    lines: list[ReportingLine]
    domains: list[Domain]
    columns: list[DomainColumn]
    matrix: list[MatrixRow]
    white_spots: list[WhiteSpot]
    width: int
    height: int

    @property
    def overlap_domains(self) -> list[Domain]:
        return [c.domain for c in self.columns if c.is_overlap]

    @property
    def uncovered_domains(self) -> list[Domain]:
        return [c.domain for c in self.columns if c.is_gap]

    @property
    def label_font_size(self) -> int:
        return LABEL_FONT_SIZE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def print_bands(self) -> list[PrintBand]:
        return print_bands(self)


def joins_care_and_safety(domain_groups: set[str]) -> bool:
    """Whether care and safety steer together in a body with domains of ``domain_groups``."""
    return {DomainGroup.CARE, DomainGroup.SAFETY} <= domain_groups


def has_care_safety_body(domain_groups_per_body: Iterable[set[str]]) -> bool:
    """The white-spot rule NO_CARE_SAFETY_BODY, given the groups of each body's domains. The
    national overview states the same rule in SQL (``regions.national``); a test keeps the two
    in step."""
    return any(joins_care_and_safety(groups) for groups in domain_groups_per_body)


def _reporting_above(bodies: list[GovernanceBody]) -> dict[int, set[int]]:
    """Per body the bodies it advises or reports to, directly or via others (cycles stop)."""
    by_id = {b.pk: b for b in bodies}
    above: dict[int, set[int]] = {}
    for body in bodies:
        chain: set[int] = set()
        current = by_id.get(body.reports_to_id)
        while current is not None and current.pk not in chain:
            chain.add(current.pk)
            current = by_id.get(current.reports_to_id)
        above[body.pk] = chain
    return above


def _overlapping(
    body_domains: dict[int, set[int]], above: dict[int, set[int]], domain_id: int
) -> set[int]:
    """Bodies that share ``domain_id`` with a body not on their own reporting line: two places
    that steer the same domain side by side. A body that prepares or advises for the body it
    reports to (e.g. an ambtelijke regiegroep for a stuurgroep) is the same line, not overlap."""
    with_domain = [pk for pk, ids in body_domains.items() if domain_id in ids]
    return {
        a
        for a in with_domain
        for b in with_domain
        if a != b and b not in above[a] and a not in above[b]
    }


def _body_names(bodies: list[GovernanceBody]) -> str:
    """ "A", "A en B", "A, B en C"."""
    return get_text_list([b.name for b in bodies], _("en"))


def _domain_white_spot(domain: Domain, seated_in: list[GovernanceBody]) -> WhiteSpot:
    """The white spot of a domain that no body lists. When people sit in a body for that domain,
    the domain is at the table but no body is said to steer it: name those bodies and say how
    to fix it, instead of claiming the domain is in no body at all."""
    if domain.is_core:
        code, severity = WhiteSpotCode.CORE_DOMAIN_UNCOVERED, WhiteSpotSeverity.HIGH
        source = f"{SOURCE_REPORT}, §2A"
    else:
        code, severity = WhiteSpotCode.DOMAIN_UNCOVERED, WhiteSpotSeverity.LOW
        source = f"{SOURCE_REPORT}, §1, tip 1"
    values = {"domain": domain, "bodies": _body_names(seated_in)}
    if seated_in:
        if domain.is_core:
            title = _("Kerndomein %(domain)s is aan geen overleg toegewezen")
        else:
            title = _("Domein %(domain)s is aan geen overleg toegewezen")
        advice = ngettext(
            "In %(bodies)s zit wel iemand voor %(domain)s aan tafel, maar %(domain)s staat "
            "bij geen enkel overleg als domein. Stuurt dit overleg ook op %(domain)s? Voeg "
            "%(domain)s dan toe aan de domeinen van het overleg.",
            "In %(bodies)s zit wel iemand voor %(domain)s aan tafel, maar %(domain)s staat "
            "bij geen enkel overleg als domein. Voeg %(domain)s toe aan de domeinen van het "
            "overleg dat erop stuurt.",
            len(seated_in),
        )
    elif domain.is_core:
        title = _("Kerndomein %(domain)s zit in geen enkel overleg")
        advice = _(
            "Jeugd, Wmo en Veiligheid horen samen te sturen. Vraag de portefeuillehouder van "
            "%(domain)s aan tafel in een bestaand overleg, of laat een ambtelijke regiegroep de "
            "agenda's afstemmen."
        )
    else:
        title = _("Domein %(domain)s zit in geen enkel overleg")
        advice = _(
            "Ga na of %(domain)s bijdraagt aan de aanpak in uw regio. Zo ja: nodig het domein "
            "uit bij de overleggen waar het thema speelt, bijvoorbeeld op uitnodiging."
        )
    return WhiteSpot(
        code=code,
        title=title % values,
        advice=advice % values,
        severity=severity,
        source=source,
        domain=domain,
    )


def _white_spots(
    bodies: list[GovernanceBody],
    domains: list[Domain],
    body_domains: dict[int, set[int]],
    columns: list[DomainColumn],
    seats: list,
    unseated_municipalities: list[str],
    unseated_partners: list[str],
) -> list[WhiteSpot]:
    spots = [_domain_white_spot(c.domain, c.seated_in) for c in columns if c.is_gap]

    group = {d.pk: d.group for d in domains}
    if not has_care_safety_body({group[pk] for pk in ids} for ids in body_domains.values()):
        # The same rule with the domains of the people in the seats added: do care and safety
        # sit together at a table that is not said to steer on both?
        at_table = {pk: {group[d] for d in ids} for pk, ids in body_domains.items()}
        for seat in seats:
            if seat.domain_id is not None:
                at_table[seat.body_id].add(group[seat.domain_id])
        together = [b for b in bodies if joins_care_and_safety(at_table[b.pk])]
        if together:
            spots.append(
                WhiteSpot(
                    code=WhiteSpotCode.NO_CARE_SAFETY_BODY,
                    title=_("Geen overleg is toegewezen aan zorg én veiligheid"),
                    advice=ngettext(
                        "In %(bodies)s zitten zorg en veiligheid wel samen aan tafel, maar de "
                        "domeinen van het overleg zijn niet van beide kanten. Stuurt het overleg "
                        "op zorg én veiligheid? Voeg dan de domeinen toe van de mensen die er "
                        "aan tafel zitten.",
                        "In %(bodies)s zitten zorg en veiligheid wel samen aan tafel, maar de "
                        "domeinen van die overleggen zijn niet van beide kanten. Voeg bij het "
                        "overleg dat op zorg én veiligheid stuurt de domeinen toe van de mensen "
                        "die er aan tafel zitten.",
                        len(together),
                    )
                    % {"bodies": _body_names(together)},
                    severity=WhiteSpotSeverity.HIGH,
                    source=f"{SOURCE_REPORT}, §2B en §2D",
                )
            )
        else:
            spots.append(
                WhiteSpot(
                    code=WhiteSpotCode.NO_CARE_SAFETY_BODY,
                    title=_("Er is geen overleg waar zorg en veiligheid samen aan tafel zitten"),
                    advice=_(
                        "Zorg en veiligheid werken in gescheiden ketens. Verbind ze in één "
                        "overleg: een Regiobijeenkomst of Stuurgroep Zorg en Veiligheid, of "
                        "verbreed de stuurgroep van het Zorg- en Veiligheidshuis."
                    ),
                    severity=WhiteSpotSeverity.HIGH,
                    source=f"{SOURCE_REPORT}, §2B en §2D",
                )
            )
    if not any(b.kind == BodyKind.DECISION_MAKING for b in bodies):
        spots.append(
            WhiteSpot(
                code=WhiteSpotCode.NO_DECISION_BODY,
                title=_("Er is geen besluitvormend overleg"),
                advice=_(
                    "Adviezen hebben een plek nodig waar besloten wordt. Spreek af welk overleg "
                    "of welk college de adviezen overneemt, en leg die lijn vast."
                ),
                severity=WhiteSpotSeverity.MEDIUM,
                source=f"{SOURCE_REPORT}, §3D",
            )
        )
    if unseated_municipalities:
        count = len(unseated_municipalities)
        spots.append(
            WhiteSpot(
                code=WhiteSpotCode.MUNICIPALITY_NOT_AT_TABLE,
                title=ngettext(
                    "%(count)s gemeente zit in geen enkel overleg: %(names)s",
                    "%(count)s gemeenten zitten in geen enkel overleg: %(names)s",
                    count,
                )
                % {"count": count, "names": ", ".join(unseated_municipalities)},
                advice=_(
                    "Elke gemeente besluit zelf, in college en raad. Spreek af wie namens deze "
                    "gemeenten aan tafel zit, of hoe de adviezen hen bereiken."
                ),
                severity=WhiteSpotSeverity.MEDIUM,
                source=f"{SOURCE_REPORT}, §3C en §3D",
            )
        )
    if unseated_partners:
        count = len(unseated_partners)
        spots.append(
            WhiteSpot(
                code=WhiteSpotCode.PARTNER_NOT_AT_TABLE,
                title=ngettext(
                    "%(count)s partnerorganisatie zit in geen enkel overleg: %(names)s",
                    "%(count)s partnerorganisaties zitten in geen enkel overleg: %(names)s",
                    count,
                )
                % {"count": count, "names": ", ".join(unseated_partners)},
                advice=_(
                    "Ga na of zij aan tafel horen, als vast lid of op uitnodiging, en leg vast "
                    "wie hen informeert."
                ),
                severity=WhiteSpotSeverity.LOW,
                source=f"{SOURCE_REPORT}, §3C",
            )
        )
    if not any(seat.is_expert_by_experience for seat in seats):
        spots.append(
            WhiteSpot(
                code=WhiteSpotCode.NO_EXPERT_BY_EXPERIENCE,
                title=_("Er zit nergens een ervaringsdeskundige aan tafel"),
                advice=_(
                    "Nodig ervaringsdeskundigen uit in ten minste één overleg, vast of op "
                    "uitnodiging, zodat hun kennis de sturing voedt."
                ),
                severity=WhiteSpotSeverity.MEDIUM,
                source=f"{SOURCE_REPORT}, §3C",
            )
        )
    ambassador_domains = {seat.domain_id for seat in seats if seat.ambassador_type}
    for domain in domains:
        if domain.is_core and domain.pk not in ambassador_domains:
            spots.append(
                WhiteSpot(
                    code=WhiteSpotCode.CORE_DOMAIN_WITHOUT_AMBASSADOR,
                    title=_("Geen ambassadeur voor kerndomein %(domain)s") % {"domain": domain},
                    advice=_(
                        "Zoek in %(domain)s een hartwerker, voorloper of criticus die de aanpak "
                        "uitdraagt, bij voorkeur als duo met iemand uit het andere domein."
                    )
                    % {"domain": domain},
                    severity=WhiteSpotSeverity.MEDIUM,
                    source=f"{SOURCE_REPORT}, §2C",
                    domain=domain,
                )
            )
    order = {WhiteSpotSeverity.HIGH: 0, WhiteSpotSeverity.MEDIUM: 1, WhiteSpotSeverity.LOW: 2}
    return sorted(spots, key=lambda s: order[s.severity])


def _unseated(queryset, seated: set[int]) -> list[str]:
    """Names of the region's municipalities or partners (``queryset``) whose pk is not in
    ``seated``: those that no seat in the region's bodies represents (a seat of another region
    that still names one does not count)."""
    rows = queryset.order_by("name").values_list("pk", "name")
    return [name for pk, name in rows if pk not in seated]


def build_structure_picture(region: Region) -> StructurePicture:
    """Everything the structure picture shows, in six queries."""
    bodies = list(region.bodies.select_related("form").order_by("name"))
    body_domains: dict[int, set[int]] = {b.pk: set() for b in bodies}
    # The links themselves, as pairs of ids: no domain model per body and link.
    for body_id, domain_id in GovernanceBody.domains.through.objects.filter(
        governancebody__region=region
    ).values_list("governancebody_id", "domain_id"):
        body_domains[body_id].add(domain_id)
    # Only what is asked of the seats, as plain rows: no model per seat.
    seats = list(
        Seat.objects.filter(body__region=region).order_by().values_list(*SEAT_FIELDS, named=True)
    )
    domains = list(Domain.objects.order_by("order", "name"))
    coverage = {d.pk: sum(1 for ids in body_domains.values() if d.pk in ids) for d in domains}
    above = _reporting_above(bodies)
    overlap = {d.pk: _overlapping(body_domains, above, d.pk) for d in domains}
    # Per domain the bodies where someone sits for it without the body listing it.
    seated = {d.pk: set() for d in domains}
    for seat in seats:
        if seat.domain_id is not None and seat.domain_id not in body_domains[seat.body_id]:
            seated[seat.domain_id].add(seat.body_id)
    columns = [
        DomainColumn(
            domain=d,
            body_count=coverage[d.pk],
            is_overlap=bool(overlap[d.pk]),
            seated_in=[b for b in bodies if b.pk in seated[d.pk]],
        )
        for d in domains
    ]
    matrix = [
        MatrixRow(
            body=b,
            cells=[
                MatrixCell(
                    domain=d,
                    covered=d.pk in body_domains[b.pk],
                    overlap=b.pk in overlap[d.pk],
                    seated=b.pk in seated[d.pk],
                )
                for d in domains
            ],
        )
        for b in bodies
    ]
    layout = lay_out(bodies)
    return StructurePicture(
        region=region,
        bodies=bodies,
        seats=seats,
        nodes=layout.nodes,
        lines=layout.lines,
        domains=domains,
        columns=columns,
        matrix=matrix,
        white_spots=_white_spots(
            bodies,
            domains,
            body_domains,
            columns,
            seats,
            _unseated(region.municipalities, {s.represents_municipality_id for s in seats}),
            _unseated(region.partners, {s.represents_partner_id for s in seats}),
        ),
        width=layout.width,
        height=layout.height,
    )
