"""The meeting report: one dataclass that feeds both the HTML preview and the PDF."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ghnt_portal.dates import written_date
from regions.figures import FiguresReport, figures_for_report
from regions.models import GovernanceBody, Region, Seat
from regions.structure import StructurePicture, build_structure_picture

from .models import AgendaItem, Assessment, CommunicationEntry, FollowUpAction, Meeting
from .selectors import (
    AssessmentOverview,
    BodyCompleteness,
    NvlRow,
    actions_for_region,
    agenda_items,
    assessment_overview,
    body_with_registry,
    communication_plan,
    latest_assessment,
    nvl_completeness_for_body,
    nvl_rows,
    seats_split,
)

REPORT_TEMPLATE = "governance/pdf/meeting_report.html"


@dataclass
class MeetingReport:
    region: Region
    body: GovernanceBody
    meeting: Meeting | None
    date: date
    place: str
    seats: list[Seat]
    present: list[Seat]
    expected: list[Seat]
    guests: list[str]
    agenda: list[AgendaItem]
    notes: str
    nvl_rows: list[NvlRow]
    completeness: BodyCompleteness
    assessment: Assessment | None
    overview: AssessmentOverview | None
    open_actions: list[FollowUpAction]
    communication: list[CommunicationEntry]
    structure_picture: StructurePicture
    figures: FiguresReport | None

    @property
    def title(self) -> str:
        return f"{self.body.name} – {written_date(self.date)}"

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()

    @property
    def actions_heading(self) -> str:
        """The heading of ``open_actions``: on a past date, those that were open then."""
        if not self.is_past:
            return _("Openstaande acties")
        return _("Acties die op %(date)s openstonden") % {"date": written_date(self.date)}


def build_meeting_report(meeting: Meeting) -> MeetingReport:
    """The report for a meeting: its agenda, attendance and the state of things on its date."""
    return build_report(meeting.body, on=meeting.date, meeting=meeting)


def build_report(
    body: GovernanceBody, *, on: date, meeting: Meeting | None = None
) -> MeetingReport:
    """Everything the report shows for ``body`` on a date, in a fixed number of queries."""
    body = body_with_registry(body.region, pk=body.pk)
    region = body.region
    seats = list(body.seats.all())
    present_ids = (
        set(meeting.present_seats.values_list("pk", flat=True)) if meeting is not None else set()
    )
    completeness = nvl_completeness_for_body(body)
    # The state of the checklist on the report's date: the newest round up to that day.
    assessment = latest_assessment(region, body, on=on) or latest_assessment(region, None, on=on)
    overview = assessment_overview(assessment) if assessment else None
    figures = figures_for_report(region)
    return MeetingReport(
        region=region,
        body=body,
        meeting=meeting,
        date=on,
        place=meeting.place if meeting is not None else "",
        seats=seats,
        present=[s for s in seats if s.pk in present_ids],
        expected=seats_split(body)[0],
        guests=[line.strip() for line in meeting.guests.splitlines() if line.strip()]
        if meeting is not None
        else [],
        agenda=list(agenda_items(meeting)) if meeting is not None else [],
        notes=meeting.notes if meeting is not None else "",
        nvl_rows=nvl_rows(body, completeness),
        completeness=completeness,
        assessment=assessment,
        overview=overview,
        open_actions=list(actions_for_region(region, open_on=on)),
        communication=list(communication_plan(body)),
        structure_picture=build_structure_picture(region),
        # The project leader ticks the figures that go into meeting reports.
        figures=None if figures.is_empty else figures,
    )
