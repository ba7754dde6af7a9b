"""Demo data, the home panel for project leaders, and every theme of the shipped content."""

from django.urls import reverse

from regions import demo as regions_demo
from regions import reference as regions_reference
from scan import demo, reference
from scan.models import Response, ScanSession
from scan.selectors import progress_of
from scan.views import _session_summary

from .factories import ScanSessionFactory, SessionInvitationFactory


def test_demo_gives_the_wethouder_a_half_finished_scan_and_the_burgemeester_none(db, settings):
    list(regions_reference.load())
    list(regions_demo.load())

    lines = list(demo.load())
    list(demo.load())

    assert lines[0] == "scan demo: halfvolle scan voor de demo-wethouder (6 antwoorden)"
    response = Response.objects.get()
    assert response.user.email == "wethouder@demo.ghnt.nl"
    assert not response.is_completed
    progress = progress_of(response)
    assert 0 < progress.answered < progress.total
    assert not Response.objects.filter(user__email="burgemeester@demo.ghnt.nl").exists()


def test_demo_opens_a_session_where_the_wethouder_shares_her_scan_by_name(db):
    list(regions_reference.load())
    list(regions_demo.load())

    list(demo.load())
    list(demo.load())

    session = ScanSession.objects.get()
    assert session.body.name == "Stuurgroep Zorg en Veiligheid Demoland"
    assert sorted(session.invitees.values_list("email", flat=True)) == [
        "burgemeester@demo.ghnt.nl",
        "wethouder@demo.ghnt.nl",
    ]
    summary = _session_summary(session, viewer=None)
    assert (summary.named_count, summary.anonymous_count) == (1, 0)
    assert summary.participants == [Response.objects.get().user.full_name]


def test_every_theme_of_the_shipped_content_renders_for_a_burgemeester(burgemeester, client_for):
    list(reference.load())
    client = client_for(burgemeester)
    client.post(reverse("scan:start"))
    response = Response.objects.get()
    themes = response.questionnaire.themes.count()

    for number in range(1, themes + 1):
        page = client.get(reverse("scan:theme", args=[response.uuid, number]))
        assert page.status_code == 200
        assert 'style="' not in page.content.decode()
        assert "<script>" not in page.content.decode()
    page = client.get(reverse("scan:theme", args=[response.uuid, 1])).content.decode()
    assert "huisverbod" in page  # a burgemeester question
    assert "Als opdrachtgever van wijkteams" not in page  # a wethouder question


def test_home_panel_links_project_leaders_to_scan_sessions(projectleider, client_for):
    page = client_for(projectleider).get(reverse("home")).content.decode()

    assert reverse("scan:session_list") in page


def test_home_panel_invites_a_bestuurder_to_start(bestuurder, client_for, questionnaire):
    page = client_for(bestuurder).get(reverse("home")).content.decode()

    assert "Start de B&W-scan" in page


def test_scan_index_for_a_project_leader_offers_a_new_session(projectleider, client_for, region):
    page = client_for(projectleider).get(reverse("scan:index")).content.decode()

    assert reverse("scan:session_create", args=[region.slug]) in page
    assert "Start de scan" not in page


def test_session_list_page(projectleider, client_for, region, other_region):
    own = ScanSessionFactory(region=region, title="Sessie in Testland")
    foreign = ScanSessionFactory(region=other_region, title="Sessie in Elders")

    page = client_for(projectleider).get(reverse("scan:session_list")).content.decode()

    assert reverse("scan:session_detail", args=[own.uuid]) in page
    assert "Sessie in Testland" in page
    assert reverse("scan:session_detail", args=[foreign.uuid]) not in page
    assert "Sessie in Elders" not in page
    assert reverse("scan:session_create", args=[region.slug]) in page
    assert reverse("scan:session_create", args=[other_region.slug]) not in page


def test_session_list_page_shows_a_bestuurder_the_sessions_invited_to(
    bestuurder, client_for, region
):
    invited = ScanSessionFactory(region=region, title="Sessie met uitnodiging")
    SessionInvitationFactory(session=invited, user=bestuurder)
    ScanSessionFactory(region=region, title="Sessie zonder uitnodiging")

    page = client_for(bestuurder).get(reverse("scan:session_list")).content.decode()

    assert reverse("scan:session_detail", args=[invited.uuid]) in page
    assert "Sessie zonder uitnodiging" not in page
    assert "Sessies in mijn regio" not in page
