"""Lists and pages keep their number of queries when the data grows tenfold."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import services
from governance.models import ChecklistItem
from tests.factories import GovernanceBodyFactory, SeatFactory

from .factories import (
    AgendaItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
)


def _grow(region, body, meeting, assessment, times):
    answers = list(assessment.answers.all()[:5])
    items = list(ChecklistItem.objects.all()[:2])
    for n in range(times):
        other = GovernanceBodyFactory(region=region)
        SeatFactory(body=other, mandate="m")
        SeatFactory(body=body, mandate=f"m{n}")
        CommunicationEntryFactory(body=body)
        FollowUpActionFactory(region=region, answer=answers[n % len(answers)])
        agenda_item = AgendaItemFactory(meeting=meeting)
        agenda_item.checklist_items.set(items)
        FollowUpActionFactory(region=region, agenda_item=agenda_item)
        MeetingFactory(body=body)
    services.start_assessment(region=region, body=None, on=datetime.date(2026, 2, 1))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["region", "assessment_detail", "action_list", "body_detail", "meeting_detail"],
)
def test_page_query_count_stays_flat(page, checklist, region, body, projectleider, client_for):
    assessment = services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    meeting = MeetingFactory(body=body)
    args = {
        "region": [region.slug],
        "assessment_detail": [region.slug, assessment.uuid],
        "action_list": [region.slug],
        "body_detail": [region.slug, body.uuid],
        "meeting_detail": [region.slug, meeting.uuid],
    }[page]
    url = reverse(f"governance:{page}", args=args)
    client = client_for(projectleider)
    _grow(region, body, meeting, assessment, 2)
    small = _count(client, url)

    _grow(region, body, meeting, assessment, 20)
    large = _count(client, url)

    assert large == small
