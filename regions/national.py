"""The national overview (issue 8): where integrale sturing stands in every region.

Aggregates only: per region whether care and safety steer together, bestuurlijke drukte, the
Niet-Vergeten-Lijst completeness, the checklist status and the number of completed scans (a
count, never answers). A fixed number of queries, whatever the number of regions.
"""

from collections import defaultdict
from dataclasses import InitVar, dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ghnt_portal.reversing import reverse_each
from governance.constants import ItemStatus
from governance.models import Assessment, AssessmentAnswer
from governance.selectors import NVL_TOTAL, nvl_filled_count
from scan.selectors import scan_counts_per_region

from .constants import DomainGroup
from .csv_utils import csv_text
from .figures.charts import Bar, BarChart, build_bar_chart
from .models import GovernanceBody, Region, Seat

TREND_UP = "vooruit"
TREND_DOWN = "achteruit"
TREND_SAME = "gelijk"
TREND_NONE = ""
TREND_LABELS = {
    TREND_UP: gettext_lazy("vooruit"),
    TREND_DOWN: gettext_lazy("achteruit"),
    TREND_SAME: gettext_lazy("gelijk"),
    TREND_NONE: gettext_lazy("geen vorige ronde"),
}


@dataclass
class ChecklistStatus:
    date: object
    done: int
    total: int
    # Answers that are "niet van toepassing": left out of the share.
    not_applicable: int = 0
    previous_share: int | None = None

    @property
    def share(self) -> int | None:
        """Percentage of the items geregeld among those that apply (None when none apply)."""
        return round(100 * self.done / self.total) if self.total else None

    @property
    def trend(self) -> str:
        if self.previous_share is None or self.share is None:
            return TREND_NONE
        if self.share > self.previous_share:
            return TREND_UP
        if self.share < self.previous_share:
            return TREND_DOWN
        return TREND_SAME

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS[self.trend])


@dataclass(frozen=True)
class CellTexts:
    """The translated words of the table's cells, looked up once per overview, not per row."""

    yes: str
    no: str
    no_but_at_table: str
    nvl: str
    no_bodies: str
    no_round: str
    no_answers: str
    none_applicable: str
    trends: dict[str, str]

    @classmethod
    def translated(cls) -> "CellTexts":
        return cls(
            yes=_("ja"),
            no=_("nee"),
            no_but_at_table=_("nee, wel samen aan tafel"),
            nvl=_("%(filled)s van %(total)s (%(share)s%%)"),
            no_bodies=_("geen overleggen"),
            no_round=_("geen regiobrede ronde"),
            no_answers=_("geen antwoorden"),
            none_applicable=_("geen punten van toepassing"),
            trends={trend: str(label) for trend, label in TREND_LABELS.items()},
        )


@dataclass
class RegionRow:
    """One region's indicators, with the texts of its table cells worked out once (the table
    is rendered for 28 regions; the same texts in template logic cost more than the data)."""

    region: Region
    url: str
    has_care_safety_body: bool
    body_count: int
    meetings_per_year: int
    nvl_filled: int
    nvl_total: int
    checklist: ChecklistStatus | None
    completed_scans: int
    texts: InitVar[CellTexts]
    # Care and safety sit together in a body when the domains of the people in its seats count
    # too (always so when has_care_safety_body).
    care_safety_at_table: bool = False
    nvl_share: int | None = field(init=False)
    checklist_share: int | None = field(init=False)
    care_safety_label: str = field(init=False)
    nvl_label: str = field(init=False)
    checklist_label: str = field(init=False)
    checklist_note: str = field(init=False)  # "(date; trend)", empty without a round

    def __post_init__(self, texts: CellTexts):
        self.nvl_share = round(100 * self.nvl_filled / self.nvl_total) if self.nvl_total else None
        self.checklist_share = self.checklist.share if self.checklist else None
        if self.has_care_safety_body:
            self.care_safety_label = texts.yes
        elif self.care_safety_at_table:
            self.care_safety_label = texts.no_but_at_table
        else:
            self.care_safety_label = texts.no
        if self.nvl_total:
            self.nvl_label = texts.nvl % {
                "filled": self.nvl_filled,
                "total": self.nvl_total,
                "share": self.nvl_share,
            }
        else:
            self.nvl_label = texts.no_bodies
        if self.checklist is None:
            self.checklist_label, self.checklist_note = texts.no_round, ""
        else:
            if self.checklist_share is not None:
                self.checklist_label = f"{self.checklist_share}%"
            elif self.checklist.not_applicable:
                self.checklist_label = texts.none_applicable
            else:
                self.checklist_label = texts.no_answers
            date = self.checklist.date  # as the date filter's "j-n-Y", without its machinery
            trend = texts.trends[self.checklist.trend]
            self.checklist_note = f"({date.day}-{date.month}-{date.year:04d}; {trend})"


SORT_KEYS = {
    "naam": lambda r: r.region.name.casefold(),
    "zorg-veiligheid": lambda r: (r.has_care_safety_body, r.care_safety_at_table),
    "overleggen": lambda r: r.body_count,
    "vergaderingen": lambda r: r.meetings_per_year,
    "nvl": lambda r: r.nvl_share,
    "checklist": lambda r: r.checklist_share,
    "scans": lambda r: r.completed_scans,
}
COLUMNS = (
    ("naam", gettext_lazy("Regio")),
    ("zorg-veiligheid", gettext_lazy("Overleg dat op zorg én veiligheid stuurt")),
    ("overleggen", gettext_lazy("Overleggen")),
    ("vergaderingen", gettext_lazy("Vergaderingen per jaar")),
    ("nvl", gettext_lazy("Niet-Vergeten-Lijst ingevuld")),
    ("checklist", gettext_lazy("Checklist: geregeld (laatste regiobrede ronde)")),
    ("scans", gettext_lazy("Afgeronde B&W-scans")),
)


@dataclass
class Column:
    key: str
    label: str
    url: str
    sorted: str  # "ascending", "descending" or "" (for aria-sort)


@dataclass
class NationalOverview:
    rows: list[RegionRow]
    sort: str
    descending: bool
    columns: list[Column] = field(default_factory=list)
    chart: BarChart | None = None

    @property
    def region_count(self) -> int:
        return len(self.rows)

    @property
    def care_safety_count(self) -> int:
        return sum(1 for r in self.rows if r.has_care_safety_body)

    @property
    def care_safety_at_table_only_count(self) -> int:
        """Regions where care and safety sit together at a table, but no body lists both."""
        return sum(1 for r in self.rows if r.care_safety_at_table and not r.has_care_safety_body)

    @property
    def completed_scans(self) -> int:
        return sum(r.completed_scans for r in self.rows)


def parse_sort(value: str | None) -> tuple[str, bool]:
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORT_KEYS:
        return "naam", False
    return key, descending


def _sorted(rows: list[RegionRow], key: str, descending: bool) -> list[RegionRow]:
    """Sort on ``key``; unknown values (None) always come last, ties by region name."""
    getter = SORT_KEYS[key]
    rows = sorted(rows, key=lambda r: r.region.name.casefold())
    known = [r for r in rows if getter(r) is not None]
    unknown = [r for r in rows if getter(r) is None]
    return sorted(known, key=getter, reverse=descending) + unknown


def _checklist_per_region(region_ids: list[int]) -> dict[int, ChecklistStatus]:
    """The latest region-wide checklist round per region, with the share of the round before.

    Two queries: the rounds (newest first), then the answers of only the two latest rounds of
    each region, counted by the answers' index, instead of joining every round to all its
    answers.
    """
    rounds = (
        Assessment.objects.filter(region_id__in=region_ids, body__isnull=True)
        .order_by("region_id", "-date", "-created_at")
        .values_list("pk", "region_id", "date")
    )
    per_region: dict[int, list[tuple]] = defaultdict(list)
    for pk, region_id, date in rounds:
        if len(per_region[region_id]) < 2:
            per_region[region_id].append((pk, date))
    counts = {
        row["assessment_id"]: (row["done"], row["total"], row["not_applicable"])
        for row in AssessmentAnswer.objects.filter(
            assessment_id__in=[pk for latest in per_region.values() for pk, _date in latest]
        )
        .order_by()
        .values("assessment_id")
        .annotate(
            done=Count("pk", filter=Q(status=ItemStatus.DONE)),
            # Items that do not apply are left out of the share.
            total=Count("pk", filter=~Q(status=ItemStatus.NOT_APPLICABLE)),
            not_applicable=Count("pk", filter=Q(status=ItemStatus.NOT_APPLICABLE)),
        )
    }

    def status(pk, date) -> ChecklistStatus:
        done, total, not_applicable = counts.get(pk, (0, 0, 0))  # a round without answers yet
        return ChecklistStatus(date=date, done=done, total=total, not_applicable=not_applicable)

    result = {}
    for region_id, (latest, *rest) in per_region.items():
        result[region_id] = status(*latest)
        if rest:
            result[region_id].previous_share = status(*rest[0]).share
    return result


@dataclass
class BodyStats:
    count: int = 0
    meetings_per_year: int = 0
    has_care_safety_body: bool = False
    care_safety_at_table: bool = False
    nvl_filled: int = 0

    @property
    def nvl_total(self) -> int:
        return self.count * NVL_TOTAL


def _body_stats_per_region(region_ids: list[int]) -> dict[int, BodyStats]:
    """Number of bodies, meetings per year, "care and safety together" and the Niet-Vergeten-Lijst
    agreements made per region.

    One aggregate query: "together" is the same rule as ``structure.joins_care_and_safety`` (a
    body with a domain of both groups), asked of the database instead of building every body
    and domain. "At table" is that rule with the domains of the people in the body's seats
    added, as the structure picture's white spot says it.
    """
    body_domains = GovernanceBody.domains.through.objects.values("governancebody_id")
    care = body_domains.filter(domain__group=DomainGroup.CARE)
    safety = body_domains.filter(domain__group=DomainGroup.SAFETY)
    seats = Seat.objects.values("body_id")
    care_seats = seats.filter(domain__group=DomainGroup.CARE)
    safety_seats = seats.filter(domain__group=DomainGroup.SAFETY)
    rows = (
        GovernanceBody.objects.filter(region_id__in=region_ids)
        .order_by()
        .values("region_id")
        .annotate(
            count=Count("pk"),
            meetings=Sum("meetings_per_year"),
            together=Count("pk", filter=Q(pk__in=care) & Q(pk__in=safety)),
            at_table=Count(
                "pk",
                filter=(Q(pk__in=care) | Q(pk__in=care_seats))
                & (Q(pk__in=safety) | Q(pk__in=safety_seats)),
            ),
            nvl_filled=nvl_filled_count(),
        )
    )
    return {
        row["region_id"]: BodyStats(
            count=row["count"],
            meetings_per_year=row["meetings"] or 0,
            has_care_safety_body=row["together"] > 0,
            care_safety_at_table=row["at_table"] > 0,
            nvl_filled=row["nvl_filled"],
        )
        for row in rows
    }


def national_overview(sort: str | None = None, *, base_url: str = "") -> NationalOverview:
    """Every active region with its indicators, sorted on ``sort`` (e.g. "-checklist")."""
    regions = list(Region.objects.filter(is_active=True).order_by("name"))
    ids = [r.pk for r in regions]
    bodies = _body_stats_per_region(ids)
    checklist = _checklist_per_region(ids)
    scans = scan_counts_per_region()

    texts = CellTexts.translated()
    urls = reverse_each("regions:region_detail", [], (region.slug for region in regions))
    rows = []
    for region, url in zip(regions, urls, strict=True):
        body_stats = bodies.get(region.pk, BodyStats())
        rows.append(
            RegionRow(
                region=region,
                url=url,
                has_care_safety_body=body_stats.has_care_safety_body,
                care_safety_at_table=body_stats.care_safety_at_table,
                body_count=body_stats.count,
                meetings_per_year=body_stats.meetings_per_year,
                nvl_filled=body_stats.nvl_filled,
                nvl_total=body_stats.nvl_total,
                checklist=checklist.get(region.pk),
                completed_scans=scans.get(region.pk, {}).get("completed", 0),
                texts=texts,
            )
        )
    key, descending = parse_sort(sort)
    overview = NationalOverview(
        rows=_sorted(rows, key, descending), sort=key, descending=descending
    )
    for column_key, label in COLUMNS:
        active = column_key == key
        next_sort = f"-{column_key}" if active and not descending else column_key
        overview.columns.append(
            Column(
                key=column_key,
                label=str(label),
                url=f"{base_url}?sort={next_sort}",
                sorted=("descending" if descending else "ascending") if active else "",
            )
        )
    overview.chart = build_bar_chart(
        _("Checklist: aandeel punten geregeld bij de laatste regiobrede ronde (%)"),
        [
            Bar(
                label=row.region.name,
                value=row.checklist_share,
                display=row.checklist_label,
            )
            for row in sorted(rows, key=lambda r: r.region.name.casefold())
        ],
        maximum=100,
    )
    return overview


def overview_csv(overview: NationalOverview) -> str:
    """The overview as CSV for Excel."""
    header = [
        _("regio"),
        _("overleg dat op zorg én veiligheid stuurt"),
        _("aantal overleggen"),
        _("vergaderingen per jaar"),
        _("Niet-Vergeten-Lijst ingevuld (afspraken)"),
        _("Niet-Vergeten-Lijst totaal (afspraken)"),
        _("checklist laatste regiobrede ronde (datum)"),
        _("checklist geregeld (%)"),
        _("checklist trend"),
        _("afgeronde B&W-scans"),
    ]
    lines = [
        [
            row.region.name,
            row.care_safety_label,
            row.body_count,
            row.meetings_per_year,
            row.nvl_filled,
            row.nvl_total,
            row.checklist.date.isoformat() if row.checklist else "",
            "" if row.checklist_share is None else row.checklist_share,
            row.checklist.trend_label if row.checklist else "",
            row.completed_scans,
        ]
        for row in overview.rows
    ]
    return csv_text([header, *lines])
