"""AVG: a beheerder removes a user; seats kept as names only or removed; memberships and scan
responses go with the user. Only a beheerder may do this."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from ghnt_portal.accounts.models import Invitation
from ghnt_portal.privacy.constants import SeatHandling
from governance.models import Assessment, Meeting
from governance.report import build_meeting_report
from regions.constants import RegionRole
from regions.models import Membership, Seat
from scan.models import Response
from tests.conftest import ROLES
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
    UserFactory,
)
from tests.governance.factories import AssessmentFactory, MeetingFactory
from tests.scan.factories import AnswerFactory, ResponseFactory

User = get_user_model()


@pytest.fixture
def leaving(region, bestuurder, stuurgroeplid):
    """The bestuurder leaves: one seat, one scan; the stuurgroeplid's seat and scan stay."""
    body = GovernanceBodyFactory(region=region)
    seat = SeatFactory(body=body, user=bestuurder, person_name="Wil Weg")
    other_seat = SeatFactory(body=body, user=stuurgroeplid, person_name="Sam Blijft")
    response = ResponseFactory(user=bestuurder, region=region)
    AnswerFactory(response=response, question__questionnaire=response.questionnaire)
    other_response = ResponseFactory(user=stuurgroeplid, region=region)
    return seat, other_seat, other_response


def url_for(user) -> str:
    return reverse("privacy:remove_user", args=[user.pk])


def assert_only_the_user_is_gone(user, other_seat, other_response):
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not Response.objects.filter(user_id=user.pk).exists()
    assert Seat.objects.filter(pk=other_seat.pk, user__isnull=False).exists()
    assert Response.objects.filter(pk=other_response.pk).exists()


def test_a_beheerder_removes_a_user_keeping_seats_as_names_only(
    client_for, beheerder, bestuurder, leaving
):
    seat, other_seat, other_response = leaving
    client = client_for(beheerder)
    assert client.get(url_for(bestuurder)).status_code == 200

    answer = client.post(url_for(bestuurder), {"seat_handling": SeatHandling.KEEP_NAMES})

    assert answer.status_code == 302
    seat.refresh_from_db()
    assert seat.user is None
    assert seat.person_name == "Wil Weg"
    assert_only_the_user_is_gone(bestuurder, other_seat, other_response)


def test_a_beheerder_removes_a_user_with_their_seats(client_for, beheerder, bestuurder, leaving):
    seat, other_seat, other_response = leaving

    answer = client_for(beheerder).post(url_for(bestuurder), {"seat_handling": SeatHandling.REMOVE})

    assert answer.status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()
    assert_only_the_user_is_gone(bestuurder, other_seat, other_response)


def _attended(seat, *, days: int) -> Meeting:
    meeting = MeetingFactory(
        body=seat.body, date=timezone.localdate() + datetime.timedelta(days=days)
    )
    meeting.present_seats.add(seat)
    return meeting


def test_removed_seats_stay_in_past_meetings_and_rounds_by_role_without_the_name(
    client_for, beheerder, bestuurder, leaving
):
    """The seats went from past meetings and rounds outright: their reports lost an attendee.
    The person's name is theirs to have erased; that the seat took part is the body's record."""
    seat, other_seat, _ = leaving
    seat.person_function = "wethouder Jeugd"
    seat.represents_municipality = MunicipalityFactory(region=seat.body.region, name="Dorpsveen")
    seat.save()
    past = _attended(seat, days=-7)
    past.present_seats.add(other_seat)
    later = _attended(seat, days=7)
    assessment = AssessmentFactory(region=seat.body.region, body=seat.body)
    assessment.participant_seats.add(seat)

    client_for(beheerder).post(url_for(bestuurder), {"seat_handling": SeatHandling.REMOVE})

    past.refresh_from_db()
    later.refresh_from_db()
    assert past.guests == "wethouder Jeugd, namens Dorpsveen"
    assert list(past.present_seats.all()) == [other_seat]
    assert later.guests == ""
    assert not later.present_seats.exists()
    assert Assessment.objects.get(pk=assessment.pk).participants == (
        "wethouder Jeugd, namens Dorpsveen"
    )
    report = build_meeting_report(past)
    assert "Wil Weg" not in [s.person_name for s in report.present] + report.guests


def test_the_confirm_page_says_what_each_choice_does_to_past_meetings(
    client_for, beheerder, bestuurder, leaving
):
    seat = leaving[0]
    _attended(seat, days=-7)
    _attended(seat, days=7)

    page = client_for(beheerder).get(url_for(bestuurder)).text

    assert "alleen de koppeling met dit account verdwijnt" in page
    assert (
        "Deze persoon staat als aanwezig bij 1 vergadering tot en met vandaag. Daar blijft de "
        "zetel staan bij de overige aanwezigen, met de functie en namens wie, maar zonder de naam."
        in page
    )
    assert "Bij 1 latere vergadering staat de zetel als aanwezig; daar verdwijnt hij." in page


def test_the_confirm_page_says_when_the_seats_were_at_no_meeting(
    client_for, beheerder, bestuurder, leaving
):
    page = client_for(beheerder).get(url_for(bestuurder)).text

    assert "Ze staan bij geen vergadering of checklistronde als aanwezig." in page


def test_without_a_choice_for_the_seats_nothing_is_removed(
    client_for, beheerder, bestuurder, leaving
):
    answer = client_for(beheerder).post(url_for(bestuurder), {})

    assert answer.status_code == 400
    assert "Kies wat er met de zetels gebeurt." in answer.content.decode()
    assert User.objects.filter(pk=bestuurder.pk).exists()
    assert Seat.objects.filter(pk=leaving[0].pk, user=bestuurder).exists()


@pytest.mark.parametrize(
    "role_client", [r for r in ROLES if r not in ("anonymous", "beheerder")], indirect=True
)
def test_only_a_beheerder_may_remove_a_user(role_client, bestuurder, leaving):
    _, _, client = role_client

    shown = client.get(url_for(bestuurder))
    posted = client.post(url_for(bestuurder), {"seat_handling": SeatHandling.REMOVE})

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert User.objects.filter(pk=bestuurder.pk).exists()
    assert Seat.objects.filter(pk=leaving[0].pk).exists()


def test_anonymous_is_sent_to_login_and_removes_nobody(client_for, bestuurder, leaving):
    answer = client_for(None).post(url_for(bestuurder), {"seat_handling": SeatHandling.REMOVE})

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:login"))
    assert User.objects.filter(pk=bestuurder.pk).exists()


def test_the_users_admin_page_links_to_the_removal(client_for, beheerder, bestuurder):
    page = client_for(beheerder).get(reverse("admin:accounts_user_change", args=[bestuurder.pk]))

    assert page.status_code == 200
    assert url_for(bestuurder) in page.content.decode()


def test_the_confirm_page_shows_what_goes_with_the_user_escaped(client_for, beheerder, bestuurder):
    bestuurder.full_name = "<script>alert(1)</script>"
    bestuurder.save()

    page = client_for(beheerder).get(url_for(bestuurder)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "1 rol in een regio gaat mee." in page


def test_the_only_project_leader_of_a_region_is_not_removed(
    client_for, beheerder, region, projectleider
):
    second_region = RegionFactory(name="Regio Tweede")
    MembershipFactory(region=second_region, user=projectleider, projectleider=True)
    MembershipFactory(region=second_region, projectleider=True, user=UserFactory(is_active=False))
    seat = SeatFactory(body=GovernanceBodyFactory(region=region), user=projectleider)
    client = client_for(beheerder)
    expected = (
        "Deze gebruiker is de enige projectleider van deze regio&#x27;s: Regio Testland, "
        "Regio Tweede. Een regio houdt minstens één projectleider"
    )

    shown = client.get(url_for(projectleider))
    posted = client.post(url_for(projectleider), {"seat_handling": SeatHandling.REMOVE})

    assert shown.text.count(expected) == 1
    assert posted.status_code == 400
    assert posted.text.count(expected) == 1
    assert User.objects.filter(pk=projectleider.pk).exists()
    assert Membership.objects.filter(user=projectleider, role=RegionRole.PROJECTLEIDER).count() == 2
    assert Seat.objects.filter(pk=seat.pk, user=projectleider).exists()


def test_a_refused_removal_says_so_in_the_page_title(client_for, beheerder, region, projectleider):
    """Refused by the service (the only project leader), the page comes back with 400 and its
    title starts with "Fout:" as after a form error (WCAG 2.4.2, 3.3.1); shown before the post,
    the same text is a warning and the title does not."""
    client = client_for(beheerder)

    shown = client.get(url_for(projectleider))
    posted = client.post(url_for(projectleider), {"seat_handling": SeatHandling.REMOVE})

    assert posted.status_code == 400
    assert "<title>Fout: Gebruiker verwijderen" in posted.text
    assert "<title>Gebruiker verwijderen" in shown.text


def test_a_project_leader_with_an_active_colleague_is_removed(
    client_for, beheerder, region, projectleider
):
    colleague = MembershipFactory(region=region, projectleider=True)
    client = client_for(beheerder)

    shown = client.get(url_for(projectleider))
    posted = client.post(url_for(projectleider), {"seat_handling": SeatHandling.KEEP_NAMES})

    assert "enige projectleider" not in shown.text
    assert posted.status_code == 302
    assert not User.objects.filter(pk=projectleider.pk).exists()
    assert list(Membership.objects.filter(region=region, role=RegionRole.PROJECTLEIDER)) == [
        colleague
    ]


def test_the_invitations_sent_to_the_user_go_with_the_user(
    client_for, beheerder, region, projectleider, bestuurder
):
    def invite(email, **extra):
        return Invitation.objects.create(
            email=email,
            region=region,
            role=RegionRole.STUURGROEPLID,
            token_hash=Invitation.hash_token(email),
            invited_by=projectleider,
            **extra,
        )

    invite(bestuurder.email.upper())
    invite("oud-adres@example.org", accepted_by=bestuurder)
    to_someone_else = invite("iemand-anders@example.org")

    answer = client_for(beheerder).post(url_for(bestuurder), {"seat_handling": SeatHandling.REMOVE})

    assert answer.status_code == 302
    assert list(Invitation.objects.all()) == [to_someone_else]
