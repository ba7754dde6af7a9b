"""Page titles say which page this is (WCAG 2.4.2): two pages of the same kind for different
things have different titles, and a page of a region names that region, as its heading does.

The page walk (tests/e2e) checks that every kind of page has its own title; these tests check
two pages of one kind, which the walk opens only once.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from regions.models import Membership
from tests.factories import GovernanceBodyFactory, InvitationFactory, MembershipFactory

from .factories import AgendaItemFactory, FollowUpActionFactory, MeetingFactory

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(page) -> str:
    assert page.status_code == 200, page.status_code
    return " ".join(TITLE.search(page.content.decode()).group(1).split())


@pytest.fixture
def leader(client_for, projectleider):
    return client_for(projectleider)


def test_the_fill_pages_of_two_rounds_name_their_round(checklist, region, body, leader):
    titles = []
    for day in (datetime.date(2026, 1, 10), datetime.date(2026, 6, 8)):
        assessment = services.start_assessment(region=region, body=body, on=day)
        url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
        titles.append(title_of(leader.get(url)))

    assert titles[0].startswith("Checklistronde van 10 januari 2026 invullen – Regio Testland")
    assert titles[1].startswith("Checklistronde van 8 juni 2026 invullen – Regio Testland")


def test_a_new_line_in_the_communication_plan_names_its_body_and_region(region, body, leader):
    other = GovernanceBodyFactory(region=region, name="Regiegroep Testland")
    titles = [
        title_of(leader.get(reverse("governance:communication_create", args=[region.slug, b.uuid])))
        for b in (body, other)
    ]

    assert titles[0].startswith(
        "Nieuwe regel in het communicatieplan van Stuurgroep Zorg en Veiligheid Testland"
        " – Regio Testland"
    )
    assert titles[1].startswith(
        "Nieuwe regel in het communicatieplan van Regiegroep Testland – Regio Testland"
    )


def test_a_governance_form_page_names_its_region(region, body, leader):
    url = reverse("governance:meeting_create", args=[region.slug, body.uuid])

    assert title_of(leader.get(url)).startswith(
        "Nieuwe vergadering van Stuurgroep Zorg en Veiligheid Testland – Regio Testland"
    )


def test_withdrawing_a_role_names_the_person(region, leader):
    people = [
        MembershipFactory(region=region, user__full_name=f"{name} Lid") for name in ("Anna", "Bert")
    ]
    titles = [
        title_of(leader.get(reverse("accounts:withdraw_membership", args=[region.slug, m.pk])))
        for m in people
    ]

    assert titles[0].startswith("Rol van Anna Lid intrekken – Regio Testland")
    assert titles[1].startswith("Rol van Bert Lid intrekken – Regio Testland")
    assert Membership.objects.filter(region=region).count() == 3


def test_withdrawing_an_invitation_names_the_address(region, leader):
    invitation = InvitationFactory(region=region, email="nieuw@example.nl")
    url = reverse("accounts:withdraw_invitation", args=[region.slug, invitation.uuid])

    assert title_of(leader.get(url)).startswith(
        "Uitnodiging voor nieuw@example.nl intrekken – Regio Testland"
    )


# --- links that make sense out of context (WCAG 2.4.4): a screen reader's list of links shows
# only their names, so two links with the same name must lead to the same place.

LINK = re.compile(r'<a href="([^"]+)"[^>]*>(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def link_names(page) -> dict[str, set[str]]:
    """Every link name on the page (visually hidden text included) with where it leads."""
    names: dict[str, set[str]] = {}
    for href, inner in LINK.findall(page.content.decode()):
        names.setdefault(" ".join(TAG.sub("", inner).split()), set()).add(href)
    return names


def test_a_meeting_and_a_round_on_the_same_day_have_different_link_names(
    checklist, region, body, leader
):
    day = datetime.date(2026, 11, 23)
    MeetingFactory(body=body, date=day)
    services.start_assessment(region=region, body=body, on=day)

    names = link_names(leader.get(reverse("governance:body_detail", args=[region.slug, body.uuid])))

    assert "Vergadering 23 november 2026" in names
    assert "Checklistronde 23 november 2026" in names
    assert not [name for name, hrefs in names.items() if len(hrefs) > 1]


def test_the_home_panels_links_to_a_region_say_where_they_lead(
    checklist, region, client_for, projectleider
):
    today = timezone.localdate()
    FollowUpActionFactory(region=region, due_date=today + datetime.timedelta(days=5))

    names = link_names(client_for(projectleider).get(reverse("home")))

    assert "Acties van Regio Testland" in names
    assert not [name for name, hrefs in names.items() if len(hrefs) > 1]


def test_new_action_pages_of_two_rounds_name_their_round(checklist, region, body, leader):
    titles = []
    for day in (datetime.date(2026, 1, 10), datetime.date(2026, 6, 8)):
        assessment = services.start_assessment(region=region, body=body, on=day)
        answer = assessment.answers.select_related("item").order_by("item__code").first()
        url = reverse("governance:action_create", args=[region.slug, assessment.uuid, answer.pk])
        titles.append(title_of(leader.get(url)))

    assert titles[0] != titles[1]
    assert "10 januari 2026" in titles[0]
    assert "8 juni 2026" in titles[1]
    assert titles[0].startswith(f"Nieuwe actie bij {answer.item}")


def test_new_action_pages_of_two_meetings_name_their_meeting(region, body, leader):
    titles = []
    for day in (datetime.date(2026, 2, 3), datetime.date(2026, 9, 14)):
        item = AgendaItemFactory(
            meeting=MeetingFactory(body=body, date=day), order=1, title="Begroting"
        )
        url = reverse(
            "governance:agenda_action_create", args=[region.slug, item.meeting.uuid, item.pk]
        )
        titles.append(title_of(leader.get(url)))

    assert titles[0] != titles[1]
    assert "3 februari 2026" in titles[0]
    assert "14 september 2026" in titles[1]


def test_the_delete_pages_of_two_actions_and_two_agenda_items_name_them(region, body, leader):
    actions = [
        FollowUpActionFactory(region=region, description=text) for text in ("Visie", "Begroting")
    ]
    items = [
        AgendaItemFactory(meeting=MeetingFactory(body=body, date=day), order=1, title="Begroting")
        for day in (datetime.date(2026, 2, 3), datetime.date(2026, 9, 14))
    ]

    action_titles = [
        title_of(leader.get(reverse("governance:action_delete", args=[region.slug, a.uuid])))
        for a in actions
    ]
    item_titles = [
        title_of(
            leader.get(
                reverse("governance:agenda_item_delete", args=[region.slug, i.meeting.uuid, i.pk])
            )
        )
        for i in items
    ]

    assert action_titles[0].startswith("Actie verwijderen: Visie – Regio Testland")
    assert action_titles[1].startswith("Actie verwijderen: Begroting – Regio Testland")
    assert item_titles[0].startswith("Agendapunt verwijderen: 1. Begroting – Stuurgroep")
    assert "3 februari 2026" in item_titles[0]
    assert "14 september 2026" in item_titles[1]
