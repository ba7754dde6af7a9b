"""Review (gov): defects found in the governance app, each proven by a failing test."""

import datetime
import itertools
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from ghnt_portal import pdf_cache
from governance import services
from governance.models import Assessment
from regions.constants import FigureKind
from regions.models import RegionalFigure
from tests.factories import SeatFactory

from .factories import CommunicationEntryFactory, MeetingFactory, NietVergetenLijstFactory


@pytest.fixture
def renderer():
    """render_to_pdf replaced by a stub that numbers its PDFs, with an empty cache."""
    caches[pdf_cache.CACHE_ALIAS].clear()
    numbers = itertools.count(1)
    with mock.patch.object(
        pdf_cache, "render_to_pdf", side_effect=lambda *a: ("", b"%%PDF-%d" % next(numbers))
    ) as stub:
        yield stub
    caches[pdf_cache.CACHE_ALIAS].clear()


def test_ticking_a_figure_for_the_reports_renders_the_meeting_pdf_afresh(
    region, body, projectleider, client_for, renderer
):
    """The report prints the figures the project leader ticked (report.figures), but the PDF
    cache's digest (region_report_sources) does not hash RegionalFigure: after ticking a figure
    the cached PDF without it comes back."""
    SeatFactory(body=body)
    NietVergetenLijstFactory(body=body)
    meeting = MeetingFactory(body=body)
    url = reverse("governance:meeting_report_pdf", args=[region.slug, meeting.uuid])
    client = client_for(projectleider)
    client.get(url)

    RegionalFigure.objects.create(
        region=region,
        kind=FigureKind.VT_REPORTS,
        year=2021,
        value=4321,
        source="Fictieve testbron",
        in_report=True,
    )
    again = client.get(url)

    assert renderer.call_count == 2
    assert again.content == b"%PDF-2"


def test_a_round_entered_afterwards_does_not_compare_with_a_later_round(checklist, region, body):
    """A round dated before the newest one (entered afterwards, e.g. from last year's paper
    notes) takes the newest round as its 'previous' round: it starts from answers given later
    and its 'vooruit/achteruit' compares backwards in time."""
    later = services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))

    earlier = services.start_assessment(region=region, body=body, on=datetime.date(2025, 3, 1))

    earlier = Assessment.objects.get(pk=earlier.pk)
    assert earlier.previous_id != later.pk
    assert earlier.previous is None or earlier.previous.date <= earlier.date


def test_the_communication_plan_lists_before_the_meeting_before_after_the_meeting(
    region, body, stuurgroeplid, client_for
):
    """communication_plan() orders by the stored code of the moment ("datum" < "na" < "voor"),
    so "vóór de vergadering" comes last, after "na de vergadering", on the body page and in
    the report."""
    CommunicationEntryFactory(body=body, audience="Achteraf-publiek", moment="na")
    CommunicationEntryFactory(body=body, audience="Vooraf-publiek", moment="voor")

    page = (
        client_for(stuurgroeplid)
        .get(reverse("governance:body_detail", args=[region.slug, body.uuid]))
        .content.decode()
    )

    assert page.index("Vooraf-publiek") < page.index("Achteraf-publiek")


def test_two_simultaneous_first_saves_of_a_nvl_give_a_dutch_error_not_a_500(
    region, body, projectleider, client_for, monkeypatch
):
    """The first save of a body's Niet-Vergeten-Lijst creates the row; when a colleague's first
    save lands between this request's lookup and its insert, the OneToOne's unique constraint
    raises IntegrityError, which _saved() does not catch: a 500 instead of the conflict message
    that the lock promises for simultaneous saves."""
    from governance.models import NietVergetenLijst

    def lookup_then_colleague_saves(b):
        unsaved = NietVergetenLijst(body=b)  # nothing stored yet when this request looked
        NietVergetenLijst.objects.create(body=b, problem="Door een collega opgeslagen.")
        return unsaved

    monkeypatch.setattr(services, "nvl_for_body", lookup_then_colleague_saves)
    client = client_for(projectleider)
    client.raise_request_exception = False

    response = client.post(
        reverse("governance:nvl_edit", args=[region.slug, body.uuid]),
        {"problem": "Mijn probleemschets."},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert NietVergetenLijst.objects.get(body=body).problem == "Door een collega opgeslagen."
