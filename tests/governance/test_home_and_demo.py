import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from governance import demo, services
from governance.home import panel
from governance.models import (
    Assessment,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from regions import demo as regions_demo
from regions.constants import RegionRole
from regions.models import GovernanceBody
from tests.factories import MembershipFactory

from .factories import FollowUpActionFactory


def test_panel_lists_open_actions_due_soon_and_the_latest_round(checklist, region, projectleider):
    today = timezone.localdate()
    services.start_assessment(region=region, body=None, on=today - datetime.timedelta(days=90))
    latest = services.start_assessment(region=region, body=None, on=today)
    soon = FollowUpActionFactory(region=region, due_date=today + datetime.timedelta(days=5))
    FollowUpActionFactory(region=region, due_date=today + datetime.timedelta(days=90))
    FollowUpActionFactory(region=region, due_date=today, is_closed=True)

    result = panel(projectleider)

    assert result.template_name == "governance/home_panel.html"
    assert result.context["actions"] == [soon]
    assert result.context["summaries"][0].latest == latest


def test_the_latest_round_is_the_latest_up_to_today_and_a_later_one_is_planned(
    checklist, region, body, stuurgroeplid, client_for
):
    """A round may be dated up to a year ahead: the home panel's 'laatste checklistronde' is the
    latest one up to today, and a round dated later is named as planned."""
    today = timezone.localdate()
    past = services.start_assessment(
        region=region, body=None, on=today - datetime.timedelta(days=30)
    )
    planned = services.start_assessment(
        region=region, body=body, on=today + datetime.timedelta(days=60)
    )
    services.start_assessment(region=region, body=None, on=today + datetime.timedelta(days=200))

    summary = panel(stuurgroeplid).context["summaries"][0]
    page = " ".join(client_for(stuurgroeplid).get(reverse("home")).content.decode().split())

    assert (summary.latest, summary.planned) == (past, planned)
    day = date_format(past.date, "j F Y")
    assert f"laatste checklistronde op {day} (hele regio {region.name})" in page
    assert (
        f"bekijk de ronde</a>; volgende checklistronde gepland op "
        f"{date_format(planned.date, 'j F Y')} ({body.name})" in page
    )


def test_a_region_with_only_a_planned_round_has_no_latest_round_yet(
    checklist, region, stuurgroeplid, client_for
):
    day = timezone.localdate() + datetime.timedelta(days=10)
    planned = services.start_assessment(region=region, body=None, on=day)

    summary = panel(stuurgroeplid).context["summaries"][0]
    page = " ".join(client_for(stuurgroeplid).get(reverse("home")).content.decode().split())

    assert (summary.latest, summary.planned) == (None, planned)
    when = date_format(day, "j F Y")
    assert f"nog geen checklistronde; volgende checklistronde gepland op {when}" in page


@pytest.mark.parametrize("role", ["bestuurder", "landelijk", "other_projectleider"])
def test_panel_is_for_projectleiders_and_stuurgroepleden_of_a_region(role, request, region):
    user = request.getfixturevalue(role)

    result = panel(user)

    if role == "other_projectleider":
        assert [s.region.slug for s in result.context["summaries"]] == ["regio-elders"]
    else:
        assert result is None


def test_home_page_shows_the_panel(checklist, region, stuurgroeplid, client_for):
    FollowUpActionFactory(
        region=region, description="Agenda voorbereiden", due_date=timezone.localdate()
    )

    page = client_for(stuurgroeplid).get(reverse("home")).content.decode()

    assert "Integrale sturing" in page
    assert "Agenda voorbereiden" in page


def test_the_home_panel_does_not_query_per_region(
    checklist, region, stuurgroeplid, client_for, django_assert_max_num_queries
):
    """Each region's latest round names its scope (the region): loaded with the rounds."""
    client = client_for(stuurgroeplid)
    services.start_assessment(region=region, body=None, on=timezone.localdate())
    client.get(reverse("home"))  # warm up: content types, first-use look-ups
    with CaptureQueriesContext(connection) as one_region:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(3):
        other = MembershipFactory(user=stuurgroeplid, role=RegionRole.STUURGROEPLID).region
        services.start_assessment(region=other, body=None, on=timezone.localdate())

    with django_assert_max_num_queries(len(one_region)):
        page = client.get(reverse("home"))

    assert page.content.decode().count("bekijk de ronde") == 4


def test_demo_builds_history_nvl_plan_and_meetings_once(db, settings):
    settings.DEMO_PASSWORD = "demo-wachtwoord"
    from regions import reference as regions_reference

    list(regions_reference.load())
    list(regions_demo.load())

    first = list(demo.load())
    second = list(demo.load())

    body = GovernanceBody.objects.get(
        region__slug=regions_demo.DEMO_REGION_SLUG, name=demo.STUURGROEP_NAME
    )
    rounds = list(Assessment.objects.filter(body=body).order_by("date"))
    assert len(rounds) == 2 and rounds[1].previous == rounds[0]
    assert NietVergetenLijst.objects.filter(body=body).exists()
    assert CommunicationEntry.objects.filter(body=body).count() == 2
    assert Meeting.objects.filter(body=body).count() == 2
    assert FollowUpAction.objects.filter(region=body.region).count() == 4
    assert "2 checklistrondes" in first[0]
    assert second == ["integrale sturing: demodata bestond al"]


def test_the_demos_past_meeting_report_lists_the_actions_open_on_that_day(db, settings, client_for):
    """The demo's actions date from their checklist round, not from when the demo was loaded:
    the report of the past meeting (the day of the second round) lists the open ones."""
    settings.DEMO_PASSWORD = "demo-wachtwoord"
    from regions import reference as regions_reference

    list(regions_reference.load())
    list(regions_demo.load())
    list(demo.load())
    body = GovernanceBody.objects.get(name=demo.STUURGROEP_NAME)
    past = Meeting.objects.filter(body=body).order_by("date").first()
    projectleider = body.region.memberships.get(role=RegionRole.PROJECTLEIDER).user

    page = client_for(projectleider).get(
        reverse("governance:meeting_report", args=[body.region.slug, past.uuid])
    )

    listed = [action.description for action in page.context["report"].open_actions]
    assert past.date < timezone.localdate()
    assert sorted(listed) == [
        "Communicatieplan van de stuurgroep afmaken",
        "Mandaat van elke partner aan tafel navragen en vastleggen",
        "Nieuwe bestuurlijke ambassadeur uit het veiligheidsdomein zoeken",
    ]
    assert "stonden er geen acties open" not in page.content.decode()


def test_demo_creates_the_stuurgroep_when_the_regions_demo_has_none(db, settings):
    from tests.factories import RegionFactory

    RegionFactory(slug=regions_demo.DEMO_REGION_SLUG, name="Demo-regio Demoland")

    list(demo.load())

    assert GovernanceBody.objects.filter(name=demo.STUURGROEP_NAME).exists()
    assert Assessment.objects.count() == 2
