"""The structure picture of a region: its bodies with their advice/reporting lines, a matrix of
bodies × domains (overlap and gaps), and the white spots in words with what to do about them.

``build_structure_picture(region)`` runs a fixed number of queries (six) whatever the number of
bodies and seats. The template include ``regions/includes/structure_picture.html`` renders the
result as SVG + HTML without style attributes, so it works under a strict CSP, in print and in
WeasyPrint.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import BodyKind, DomainGroup, WhiteSpotCode, WhiteSpotSeverity
from .models import Domain, GovernanceBody, Region, Seat

SOURCE_REPORT = "Integrale sturing, GHNT 2020"

# Layout of the SVG, in user units (the viewBox scales it to the page).
BOX_WIDTH = 220
BOX_HEIGHT = 84
GAP_X = 30
GAP_Y = 56
MARGIN = 16
MAX_PER_ROW = 4
LABEL_FONT_SIZE = 15
LABEL_ROOM = (BOX_WIDTH - 20) / LABEL_FONT_SIZE  # width of a label line, in em
LABEL_LINES = 2
# Widths in em of bold Source Sans 3, rounded up so Arial (the fallback) fits as well.
NARROW_CHARS = frozenset(" .,:;'!|()[]/-fijlrtI")
WIDE_CHARS = frozenset("mwMW&…%@")


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
class BodyNode:
    """One body as a box in the SVG."""

    body: GovernanceBody
    level: int
    x: int = 0
    y: int = 0
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT
    label_lines: list[str] = field(default_factory=list)
    reports_to: "BodyNode | None" = None  # the drawn body this one advises or reports to

    @property
    def is_decision_making(self) -> bool:
        return self.body.kind == BodyKind.DECISION_MAKING

    @property
    def center_x(self) -> int:
        return self.x + self.width // 2

    @property
    def text_x(self) -> int:
        return self.x + 10

    @property
    def kind_y(self) -> int:
        return self.y + self.height - 12

    @property
    def label_positions(self) -> list[tuple[int, str]]:
        return [(self.y + 24 + 18 * i, line) for i, line in enumerate(self.label_lines)]


@dataclass
class ReportingLine:
    """``source`` advises or reports to ``target``; drawn from the top of source to target."""

    source: BodyNode
    target: BodyNode

    @property
    def x1(self) -> int:
        return self.source.center_x

    @property
    def y1(self) -> int:
        # Lines leave from the top when the target sits higher, else from the bottom.
        return self.source.y if self.target.y < self.source.y else self.source.y + BOX_HEIGHT

    @property
    def x2(self) -> int:
        return self.target.center_x

    @property
    def y2(self) -> int:
        return self.target.y + BOX_HEIGHT if self.target.y < self.source.y else self.target.y

    @property
    def arrow_points(self) -> str:
        """A small arrowhead at the target end (a polygon: markers are not needed)."""
        direction = 1 if self.y2 > self.y1 else -1
        tip_x, tip_y = self.x2, self.y2
        base_y = tip_y - direction * 10
        return f"{tip_x},{tip_y} {tip_x - 6},{base_y} {tip_x + 6},{base_y}"


@dataclass
class MatrixCell:
    domain: Domain
    covered: bool
    overlap: bool


@dataclass
class MatrixRow:
    body: GovernanceBody
    cells: list[MatrixCell]


@dataclass
class DomainColumn:
    domain: Domain
    body_count: int
    is_overlap: bool  # in two bodies of which neither advises or reports to the other

    @property
    def is_gap(self) -> bool:
        return self.body_count == 0


@dataclass
class StructurePicture:
    region: Region
    bodies: list[GovernanceBody]
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


def _text_width(text: str) -> float:
    """The estimated width of ``text`` in a label, in em (a little more than it takes)."""
    return sum(
        0.4 if c in NARROW_CHARS else 0.9 if c in WIDE_CHARS else 0.7 if c.isupper() else 0.58
        for c in text
    )


def _fitting(text: str, room: float) -> int:
    """How many characters of ``text`` fit in ``room`` em (at least one)."""
    count = 1
    while count < len(text) and _text_width(text[: count + 1]) <= room:
        count += 1
    return count


def _label_lines(name: str) -> list[str]:
    """``name`` wrapped on words so each line fits in the box; at most two lines."""
    lines: list[str] = []
    current = ""
    for word in name.split():
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate) <= LABEL_ROOM:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _text_width(word) > LABEL_ROOM:  # a word longer than a line is cut
            cut = _fitting(word, LABEL_ROOM)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines = [*lines, current] if current else lines or [""]
    if len(lines) > LABEL_LINES:
        last = lines[LABEL_LINES - 1]
        cut = _fitting(last, LABEL_ROOM - _text_width("…"))
        lines = [*lines[: LABEL_LINES - 1], last[:cut].rstrip() + "…"]
    return lines


def _levels(bodies: list[GovernanceBody]) -> dict[int, int]:
    """Depth of each body in the reporting tree: 0 for bodies that report to nobody."""
    by_id = {b.pk: b for b in bodies}
    depth: dict[int, int] = {}
    for body in bodies:
        chain, current = [], body
        # Walk up until a known depth or the top; the guard stops on any (invalid) cycle.
        while current is not None and current.pk not in depth and current.pk not in chain:
            chain.append(current.pk)
            current = by_id.get(current.reports_to_id)
        base = depth.get(current.pk, -1) if current is not None else -1
        for offset, pk in enumerate(reversed(chain), start=1):
            depth[pk] = base + offset
    return depth


def _layout(bodies: list[GovernanceBody]) -> tuple[list[BodyNode], list[ReportingLine], int, int]:
    depth = _levels(bodies)
    nodes = [
        BodyNode(body=b, level=depth.get(b.pk, 0), label_lines=_label_lines(b.name)) for b in bodies
    ]
    by_id = {n.body.pk: n for n in nodes}
    columns = min(MAX_PER_ROW, max(Counter(n.level for n in nodes).values(), default=1))
    width = 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * GAP_X
    rows: list[list[BodyNode]] = []
    placed: dict[int, int] = {}  # body pk -> order in which it was placed
    for level in sorted({n.level for n in nodes}):
        # Children sit in the order of their parents, so lines cross as little as possible.
        in_level = sorted(
            (n for n in nodes if n.level == level),
            key=lambda n: (placed.get(n.body.reports_to_id, -1), n.body.name.lower()),
        )
        for i in range(0, len(in_level), MAX_PER_ROW):
            row = in_level[i : i + MAX_PER_ROW]
            row_width = len(row) * BOX_WIDTH + (len(row) - 1) * GAP_X
            left = (width - row_width) // 2
            for c, node in enumerate(row):
                node.x = left + c * (BOX_WIDTH + GAP_X)
                node.y = MARGIN + len(rows) * (BOX_HEIGHT + GAP_Y)
                placed[node.body.pk] = len(placed)
            rows.append(row)
    height = 2 * MARGIN + max(len(rows), 1) * BOX_HEIGHT + max(len(rows) - 1, 0) * GAP_Y
    lines = []
    for node in nodes:
        node.reports_to = by_id.get(node.body.reports_to_id)
        if node.reports_to is not None:
            lines.append(ReportingLine(source=node, target=node.reports_to))
    return nodes, lines, width, height


def joins_care_and_safety(body: GovernanceBody) -> bool:
    """Whether care and safety steer together in ``body`` (uses prefetched domains)."""
    return {DomainGroup.CARE, DomainGroup.SAFETY} <= {d.group for d in body.domains.all()}


def has_care_safety_body(bodies) -> bool:
    """The white-spot rule NO_CARE_SAFETY_BODY. The national overview states the same rule in
    SQL (``regions.national``); a test keeps the two in step."""
    return any(joins_care_and_safety(b) for b in bodies)


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


def _white_spots(
    bodies: list[GovernanceBody],
    domains: list[Domain],
    coverage: dict[int, int],
    unseated_municipalities: list[str],
    unseated_partners: list[str],
) -> list[WhiteSpot]:
    spots: list[WhiteSpot] = []
    seats = [seat for body in bodies for seat in body.seats.all()]

    for domain in domains:
        if coverage.get(domain.pk):
            continue
        if domain.is_core:
            spots.append(
                WhiteSpot(
                    code=WhiteSpotCode.CORE_DOMAIN_UNCOVERED,
                    title=_("Kerndomein %(domain)s zit in geen enkel overleg") % {"domain": domain},
                    advice=_(
                        "Jeugd, Wmo en Veiligheid horen samen te sturen. Vraag de portefeuille"
                        "houder van %(domain)s aan tafel in een bestaand overleg, of laat een "
                        "ambtelijke regiegroep de agenda's afstemmen."
                    )
                    % {"domain": domain},
                    severity=WhiteSpotSeverity.HIGH,
                    source=f"{SOURCE_REPORT}, §2A",
                    domain=domain,
                )
            )
        else:
            spots.append(
                WhiteSpot(
                    code=WhiteSpotCode.DOMAIN_UNCOVERED,
                    title=_("Domein %(domain)s zit in geen enkel overleg") % {"domain": domain},
                    advice=_(
                        "Ga na of %(domain)s bijdraagt aan de aanpak in uw regio. Zo ja: nodig "
                        "het domein uit bij de overleggen waar het thema speelt, bijvoorbeeld op "
                        "uitnodiging."
                    )
                    % {"domain": domain},
                    severity=WhiteSpotSeverity.LOW,
                    source=f"{SOURCE_REPORT}, §1, tip 1",
                    domain=domain,
                )
            )

    if not has_care_safety_body(bodies):
        spots.append(
            WhiteSpot(
                code=WhiteSpotCode.NO_CARE_SAFETY_BODY,
                title=_("Er is geen overleg waar zorg en veiligheid samen aan tafel zitten"),
                advice=_(
                    "Zorg en veiligheid werken in gescheiden ketens. Verbind ze in één overleg: "
                    "een Regiobijeenkomst of Stuurgroep Zorg en Veiligheid, of verbreed de "
                    "stuurgroep van het Zorg- en Veiligheidshuis."
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


def _unseated(queryset, field: str) -> list[str]:
    """Names of the region's municipalities or partners that no seat in its bodies represents
    (a seat of another region that still names one does not count)."""
    seated = Seat.objects.filter(**{field: OuterRef("pk")}, body__region=OuterRef("region"))
    return list(queryset.filter(~Exists(seated)).order_by("name").values_list("name", flat=True))


def build_structure_picture(region: Region) -> StructurePicture:
    """Everything the structure picture shows, in six queries."""
    bodies = list(
        region.bodies.select_related("form")
        .prefetch_related(
            "domains",
            Prefetch("seats", queryset=Seat.objects.order_by()),
        )
        .order_by("name")
    )
    domains = list(Domain.objects.order_by("order", "name"))
    body_domains = {b.pk: {d.pk for d in b.domains.all()} for b in bodies}
    coverage = {d.pk: sum(1 for ids in body_domains.values() if d.pk in ids) for d in domains}
    above = _reporting_above(bodies)
    overlap = {d.pk: _overlapping(body_domains, above, d.pk) for d in domains}
    columns = [
        DomainColumn(domain=d, body_count=coverage[d.pk], is_overlap=bool(overlap[d.pk]))
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
                )
                for d in domains
            ],
        )
        for b in bodies
    ]
    nodes, lines, width, height = _layout(bodies)
    return StructurePicture(
        region=region,
        bodies=bodies,
        nodes=nodes,
        lines=lines,
        domains=domains,
        columns=columns,
        matrix=matrix,
        white_spots=_white_spots(
            bodies,
            domains,
            coverage,
            _unseated(region.municipalities.all(), "represents_municipality"),
            _unseated(region.partners.all(), "represents_partner"),
        ),
        width=width,
        height=height,
    )
