"""Reads of the governance app. The NVL completeness functions are meant for reuse elsewhere
(a national overview): they take regions and return plain dataclasses, in a fixed number of
queries."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.constants import SeatMembership
from regions.models import GovernanceBody, Region, Seat

from .constants import STATUS_BADGE, STATUS_RANK, Change, ItemStatus
from .models import (
    AGENDA_NUMBER_MAX,
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)

# --- Niet-Vergeten-Lijst completeness ------------------------------------------------------

# The list's written agreements (its text fields), in the order of the report (§3D); the
# other two come from the register (NVL_MANDATE, NVL_COMMUNICATION_PLAN).
NVL_TEXT_FIELDS = (
    "problem",
    "purpose_and_role",
    "themes",
    "preparation",
    "communication",
    "information_flow",
)
NVL_MANDATE = "mandate"
NVL_COMMUNICATION_PLAN = "communication_plan"


def nvl_agreement_labels() -> dict[str, str]:
    labels = {
        name: NietVergetenLijst._meta.get_field(name).verbose_name for name in NVL_TEXT_FIELDS
    }
    labels[NVL_MANDATE] = _("wie met welk mandaat aan tafel zit (bij geen enkele zetel ingevuld)")
    labels[NVL_COMMUNICATION_PLAN] = _("communicatieplan (nog geen regels)")
    return labels


@dataclass(frozen=True)
class BodyCompleteness:
    body_id: int
    body_name: str
    missing: tuple[str, ...]  # keys from NVL_TEXT_FIELDS + NVL_MANDATE + NVL_COMMUNICATION_PLAN
    total: int

    @property
    def filled(self) -> int:
        return self.total - len(self.missing)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        labels = nvl_agreement_labels()
        return [str(labels[key]) for key in self.missing]


@dataclass(frozen=True)
class RegionCompleteness:
    region_id: int
    bodies: tuple[BodyCompleteness, ...] = ()

    @property
    def body_count(self) -> int:
        return len(self.bodies)

    @property
    def complete_bodies(self) -> int:
        return sum(1 for b in self.bodies if b.is_complete)

    @property
    def missing_count(self) -> int:
        return sum(len(b.missing) for b in self.bodies)

    @property
    def total(self) -> int:
        return sum(b.total for b in self.bodies)

    @property
    def filled(self) -> int:
        return self.total - self.missing_count

    @property
    def is_complete(self) -> bool:
        return bool(self.bodies) and self.missing_count == 0


NVL_AGREEMENTS = (*NVL_TEXT_FIELDS, NVL_MANDATE, NVL_COMMUNICATION_PLAN)
NVL_TOTAL = len(NVL_AGREEMENTS)


# Per agreement (keys in report order), the SQL condition under which a body has made it: the
# one definition of "filled", asked per body and counted per region. Built once: a query only
# copies these expressions when it resolves them.
FILLED_CONDITIONS: dict[str, Q | Exists] = {
    # More than white space (NULL, so not filled, without a list).
    **{name: Q(**{f"niet_vergeten_lijst__{name}__regex": r"\S"}) for name in NVL_TEXT_FIELDS},
    # Whether any exists, not how many: the search stops at the first row.
    NVL_MANDATE: Exists(
        Seat.objects.filter(~Q(mandate="") & ~Q(mandate__isnull=True), body=OuterRef("pk"))
    ),
    NVL_COMMUNICATION_PLAN: Exists(CommunicationEntry.objects.filter(body=OuterRef("pk"))),
}


def _bodies_with_counts(**filters) -> QuerySet:
    """One row (a dict) per body with what the completeness rules need, computed in SQL."""
    return (
        GovernanceBody.objects.filter(**filters)
        .annotate(
            **{
                f"has_{name}": ExpressionWrapper(condition, output_field=BooleanField())
                for name, condition in FILLED_CONDITIONS.items()
            }
        )
        .order_by("region_id", "name")
        .values("pk", "name", "region_id", *(f"has_{name}" for name in FILLED_CONDITIONS))
    )


def _completeness(row: dict) -> BodyCompleteness:
    missing = tuple(name for name in NVL_AGREEMENTS if not row[f"has_{name}"])
    return BodyCompleteness(
        body_id=row["pk"], body_name=row["name"], missing=missing, total=NVL_TOTAL
    )


def nvl_completeness_for_body(body: GovernanceBody) -> BodyCompleteness:
    return _completeness(_bodies_with_counts(pk=body.pk).get())


def nvl_completeness_for_region(region: Region) -> RegionCompleteness:
    """Which NVL agreements are missing, per body of ``region`` (one query)."""
    return nvl_completeness_for_regions([region])[region.pk]


def nvl_completeness_for_regions(regions: Iterable[Region]) -> dict[int, RegionCompleteness]:
    """Bulk variant: {region id: RegionCompleteness} for many regions, in one query."""
    region_ids = [r.pk for r in regions]
    per_region: dict[int, list[BodyCompleteness]] = {rid: [] for rid in region_ids}
    for body in _bodies_with_counts(region_id__in=region_ids):
        per_region[body["region_id"]].append(_completeness(body))
    return {
        rid: RegionCompleteness(region_id=rid, bodies=tuple(bodies))
        for rid, bodies in per_region.items()
    }


def nvl_filled_count() -> Combinable:
    """An aggregate over bodies: the NVL agreements they made, counted in SQL with the same
    rules as per body. For an overview that needs only totals (``bodies * NVL_TOTAL`` is the
    number of agreements), not which agreement each body misses."""
    return reduce(operator.add, (Count("pk", filter=c) for c in FILLED_CONDITIONS.values()))


# --- Bodies -------------------------------------------------------------------------------


def bodies_for_region(region: Region) -> QuerySet[GovernanceBody]:
    return region.bodies.select_related("form").order_by("name")


def body_for_region(region: Region, body_uuid) -> GovernanceBody | None:
    return region.bodies.select_related("form", "region").filter(uuid=body_uuid).first()


def body_with_registry(region: Region, **lookup) -> GovernanceBody | None:
    """A body of ``region`` (found by ``lookup``, e.g. ``uuid=``) with its form and its seats
    with what they represent."""
    seats = Seat.objects.select_related("represents_municipality", "represents_partner").order_by(
        "seat_role", "person_name"
    )
    return (
        region.bodies.select_related("form")
        .prefetch_related(Prefetch("seats", queryset=seats))
        .filter(**lookup)
        .first()
    )


def get_nvl(body: GovernanceBody) -> NietVergetenLijst | None:
    return NietVergetenLijst.objects.filter(body=body).first()


@dataclass
class NvlRow:
    label: str
    text: str
    missing: bool


def nvl_rows(body: GovernanceBody, completeness: BodyCompleteness) -> list[NvlRow]:
    """The list's agreements in report order, with the text agreed and whether it is missing."""
    nvl = get_nvl(body)
    labels = nvl_agreement_labels()
    return [
        NvlRow(
            label=str(labels[name]),
            text=getattr(nvl, name, "") if nvl else "",
            missing=name in completeness.missing,
        )
        for name in NVL_TEXT_FIELDS
    ]


def communication_plan(body: GovernanceBody) -> QuerySet[CommunicationEntry]:
    """The body's plan in the order of the moments (the model's ordering)."""
    return body.communication_entries.all()


def seats_split(body: GovernanceBody) -> tuple[list[Seat], list[Seat]]:
    """(fixed members, members on request) of a body with prefetched seats."""
    seats = list(body.seats.all())
    fixed = [s for s in seats if s.membership == SeatMembership.FIXED]
    on_request = [s for s in seats if s.membership != SeatMembership.FIXED]
    return fixed, on_request


# --- Assessments --------------------------------------------------------------------------


def assessments_for_region(region: Region) -> QuerySet[Assessment]:
    """The region's rounds with how many points are geregeld among those that apply: as in the
    national overview, a point "niet van toepassing" is not one still to be done."""
    not_applicable = Q(answers__status=ItemStatus.NOT_APPLICABLE)
    return (
        region.assessments.select_related("body", "version")
        .annotate(
            done_count=Count("answers", filter=Q(answers__status=ItemStatus.DONE)),
            applicable_count=Count("answers", filter=~not_applicable),
            not_applicable_count=Count("answers", filter=not_applicable),
        )
        .order_by("-date", "-created_at")
    )


def assessment_for_region(region: Region, assessment_uuid) -> Assessment | None:
    assessment = (
        Assessment.objects.filter(region=region, uuid=assessment_uuid)
        .select_related("body", "version", "previous")
        .first()
    )
    if assessment is not None:
        assessment.region = region  # the row the lookup was limited to, read already
    return assessment


def participant_names(assessment: Assessment) -> list[str]:
    """Who attended a round: the holders of its seats, then the names typed in (one a line)."""
    seat_names = assessment.participant_seats.values_list("person_name", flat=True)
    typed = [line.strip() for line in assessment.participants.splitlines() if line.strip()]
    return [*seat_names, *typed]


def latest_assessment(
    region: Region, body: GovernanceBody | None, *, on: date | None = None
) -> Assessment | None:
    """The newest assessment of the same scope (the region, or one body), up to ``on``."""
    qs = Assessment.objects.filter(region=region, body=body)
    if on is not None:
        qs = qs.filter(date__lte=on)
    return qs.order_by("-date", "-created_at").first()


@dataclass
class AnswerRow:
    answer: AssessmentAnswer
    item: ChecklistItem
    previous_status: str | None
    change: str
    actions: list[FollowUpAction] = field(default_factory=list)
    # Plain strings, set once by assessment_overview(): the page and the report show them for
    # every point, and a lazy label would be translated again at every use.
    status_label: str = ""
    badge: str = "badge-neutral"
    previous_label: str = ""
    add_action_url: str = ""  # set by the checklist round's page for those who may add actions


@dataclass
class DroppedItem:
    """A point of the previous round that this round's checklist version no longer has."""

    code: str
    title: str
    previous_label: str


@dataclass
class SectionRows:
    code: str
    heading: str  # ChecklistSection.heading
    rows: list[AnswerRow]


@dataclass
class AssessmentOverview:
    assessment: Assessment
    previous: Assessment | None
    sections: list[SectionRows]
    improved: list[AnswerRow]
    fell_back: list[AnswerRow]
    # Changed without a rank to compare: to or from "niet van toepassing".
    changed: list[AnswerRow]
    counts: dict[str, int]
    # Points of this round's checklist version without an answer in the previous round.
    new: list[AnswerRow] = field(default_factory=list)
    # Points of the previous round that this round's version no longer has.
    dropped: list[DroppedItem] = field(default_factory=list)


def compare_status(current: str, previous: str | None) -> str:
    if previous is None:
        return Change.NEW
    if current == previous:
        return Change.SAME
    if current in STATUS_RANK and previous in STATUS_RANK:
        return Change.IMPROVED if STATUS_RANK[current] > STATUS_RANK[previous] else Change.FELL_BACK
    return Change.OTHER


def assessment_overview(assessment: Assessment) -> AssessmentOverview:
    """Every answer with its status in the previous round of the same scope and the change."""
    # to_attr: a plain list per answer, not a related manager filtered again for each answer.
    actions = Prefetch(
        "actions",
        queryset=FollowUpAction.objects.order_by("is_closed", "due_date"),
        to_attr="ordered_actions",
    )
    answers = list(assessment.answers.select_related("item__section").prefetch_related(actions))
    previous = assessment.previous
    previous_answers: list[tuple[str, str, str]] = []
    if previous is not None:
        previous_answers = list(
            previous.answers.order_by(
                "item__section__order", "item__order", "item__code"
            ).values_list("item__code", "item__title", "status")
        )
    previous_status = {code: status for code, _title, status in previous_answers}
    sections: list[SectionRows] = []
    improved: list[AnswerRow] = []
    fell_back: list[AnswerRow] = []
    changed: list[AnswerRow] = []
    new: list[AnswerRow] = []
    counts = dict.fromkeys(ItemStatus.values, 0)
    labels = {status: str(label) for status, label in ItemStatus.choices}
    for answer in answers:
        item = answer.item
        before = previous_status.get(item.code) if previous is not None else None
        row = AnswerRow(
            answer=answer,
            item=item,
            previous_status=before,
            change=compare_status(answer.status, before) if previous is not None else Change.SAME,
            actions=answer.ordered_actions,
            status_label=labels.get(answer.status, answer.status),
            badge=STATUS_BADGE.get(answer.status, "badge-neutral"),
            previous_label=labels.get(before, before) if before else "",
        )
        counts[answer.status] += 1
        if row.change == Change.IMPROVED:
            improved.append(row)
        elif row.change == Change.FELL_BACK:
            fell_back.append(row)
        elif row.change == Change.OTHER:
            changed.append(row)
        elif row.change == Change.NEW:
            new.append(row)
        if not sections or sections[-1].code != item.section.code:
            section = item.section
            sections.append(SectionRows(code=section.code, heading=section.heading, rows=[]))
        sections[-1].rows.append(row)
    codes = {answer.item.code for answer in answers}
    dropped = [
        DroppedItem(code=code, title=title, previous_label=labels.get(status, status))
        for code, title, status in previous_answers
        if code not in codes
    ]
    return AssessmentOverview(
        assessment=assessment,
        previous=previous,
        sections=sections,
        improved=improved,
        fell_back=fell_back,
        changed=changed,
        counts=counts,
        new=new,
        dropped=dropped,
    )


# --- Actions ------------------------------------------------------------------------------

ACTION_SORTS = {
    "deadline": ("due_date", True),
    "-deadline": ("due_date", False),
}


def actions_for_region(
    region: Region,
    *,
    include_closed: bool = False,
    open_on: date | None = None,
    sort: str = "deadline",
) -> QuerySet[FollowUpAction]:
    """Actions of the region across assessments and meetings, by due date (no date last): the
    open ones, those open on the day ``open_on``, or with ``include_closed`` all of them."""
    qs = FollowUpAction.objects.filter(region=region).select_related(
        "answer__item", "answer__assessment__body", "agenda_item__meeting__body"
    )
    if open_on is not None:
        qs = qs.open_on(open_on)
    elif not include_closed:
        qs = qs.open()
    field_name, ascending = ACTION_SORTS.get(sort, ACTION_SORTS["deadline"])
    order = F(field_name).asc(nulls_last=True) if ascending else F(field_name).desc(nulls_last=True)
    return qs.order_by(order, "created_at")


def action_for_region(region: Region, action_uuid) -> FollowUpAction | None:
    """An action of ``region`` with what ``origin_label`` and the edit rights read."""
    return (
        FollowUpAction.objects.filter(region=region, uuid=action_uuid)
        .select_related("answer__item", "answer__assessment", "agenda_item__meeting")
        .first()
    )


def open_actions_due_soon(regions: Iterable[Region], *, until: date) -> QuerySet[FollowUpAction]:
    """Open actions of ``regions`` due on or before ``until`` (overdue ones included)."""
    return (
        FollowUpAction.objects.open()
        .filter(region__in=list(regions), due_date__lte=until)
        .select_related("region")
        .order_by("due_date", "created_at")
    )


def agenda_items_linking(action: FollowUpAction) -> QuerySet[AgendaItem]:
    """The agenda items that list ``action`` among their linked actions, by meeting date."""
    return action.agenda_items.select_related("meeting__body").order_by(
        "meeting__date", "order", "pk"
    )


# --- Meetings -----------------------------------------------------------------------------


def meetings_for_body(body: GovernanceBody) -> QuerySet[Meeting]:
    return body.meetings.annotate(agenda_count=Count("agenda_items")).order_by(
        "-date", "-created_at"
    )


def meeting_for_region(region: Region, meeting_uuid) -> Meeting | None:
    return (
        Meeting.objects.filter(body__region=region, uuid=meeting_uuid)
        .select_related("body__region", "body__form")
        .first()
    )


def next_agenda_number(meeting: Meeting) -> int | None:
    """The number a new agenda item of ``meeting`` starts with: after the last one (counting the
    items would repeat the last number once an earlier one was removed). None at
    ``AGENDA_NUMBER_MAX``: the person chooses a number up to it."""
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    return last + 1 if last < AGENDA_NUMBER_MAX else None


def agenda_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.prefetch_related(
        Prefetch("checklist_items", queryset=ChecklistItem.objects.order_by("code")),
        "actions",
        "new_actions",
    ).order_by("order", "pk")


# --- A seat in the history ----------------------------------------------------------------


@dataclass
class SeatHistory:
    """Where a seat counts as present: in meetings and checklist rounds up to today (history,
    reports are built from it) and in later meetings (a plan of who would come)."""

    past_meetings: int
    later_meetings: int
    rounds: int


def seat_history(*seats: Seat) -> SeatHistory:
    """Where any of ``seats`` counts as present; a meeting or round with two of them counts once."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(present_seats__in=seats).aggregate(
        past=Count("pk", filter=Q(date__lte=today), distinct=True),
        later=Count("pk", filter=Q(date__gt=today), distinct=True),
    )
    rounds = Assessment.objects.filter(participant_seats__in=seats, date__lte=today)
    return SeatHistory(
        past_meetings=meetings["past"],
        later_meetings=meetings["later"],
        rounds=rounds.distinct().count(),
    )
