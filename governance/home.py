"""The governance panel on the home page: open actions due soon and the latest checklist round
(and a planned one), for project leaders and stuurgroepleden."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ghnt_portal.home import HomePanel
from regions.constants import RegionRole
from regions.models import Region

from .models import Assessment
from .selectors import open_actions_due_soon

DUE_SOON_DAYS = 30
MAX_ACTIONS = 8


@dataclass
class RegionSummary:
    region: Region
    # The latest round up to today; a round may be dated up to a year ahead, and the first of
    # those after today is the planned one.
    latest: Assessment | None
    planned: Assessment | None = None


def panel(user) -> HomePanel | None:
    """The governance panel on the home page."""
    if not user.is_authenticated:
        return None
    regions = list(
        Region.objects.filter(
            memberships__user=user,
            memberships__role__in=[RegionRole.PROJECTLEIDER, RegionRole.STUURGROEPLID],
        )
        .distinct()
        .order_by("name")
    )
    if not regions:
        return None
    today = timezone.localdate()
    until = today + timedelta(days=DUE_SOON_DAYS)
    actions = list(open_actions_due_soon(regions, until=until)[:MAX_ACTIONS])
    latest: dict[int, Assessment] = {}
    planned: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(region__in=regions)
        .select_related("body", "region")
        .order_by("-date", "-created_at")
    ):
        if assessment.date <= today:
            latest.setdefault(assessment.region_id, assessment)
        else:  # newest first: the last one seen is the first after today
            planned[assessment.region_id] = assessment
    summaries = [
        RegionSummary(region=r, latest=latest.get(r.pk), planned=planned.get(r.pk)) for r in regions
    ]
    return HomePanel(
        template_name="governance/home_panel.html",
        context={
            "summaries": summaries,
            "actions": actions,
            "today": today,
            "days": DUE_SOON_DAYS,
        },
    )
