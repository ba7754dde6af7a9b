"""keep_seat_in_history: a deleted seat stays among the other attendees of past meetings and
rounds, by name or (AVG removal) by its role only, without ever overfilling the field."""

import datetime

import pytest
from django.utils import timezone

from governance.models import Assessment, Meeting
from governance.services import keep_seat_in_history
from regions.constants import SeatRole
from tests.factories import (
    GovernanceBodyFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)
from tests.governance.factories import AssessmentFactory, MeetingFactory

GUESTS_LIMIT = Meeting._meta.get_field("guests").max_length
PARTICIPANTS_LIMIT = Assessment._meta.get_field("participants").max_length
YESTERDAY = datetime.timedelta(days=-1)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep")


def past_meeting(body, *seats, guests: str = "") -> Meeting:
    meeting = MeetingFactory(body=body, date=timezone.localdate() + YESTERDAY, guests=guests)
    meeting.present_seats.add(*seats)
    return meeting


def guest_lines(total_length: int) -> list[str]:
    """Guests' names, one a line, of ``total_length`` characters in all (with the line breaks)."""
    lines = [f"Gast {n:03d} ".ljust(49, "x") for n in range((total_length + 1) // 50)]
    lines[-1] += "x" * (total_length - len("\n".join(lines)))
    assert len("\n".join(lines)) == total_length
    return lines


def test_a_name_that_fits_exactly_is_added_by_name(body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek", person_function="")
    lines = guest_lines(GUESTS_LIMIT - len("\nVera Vertrek"))
    meeting = past_meeting(body, seat, guests="\n".join(lines))

    keep_seat_in_history(seat=seat)

    meeting.refresh_from_db()
    assert len(meeting.guests) == GUESTS_LIMIT
    assert meeting.guests.splitlines() == [*lines, "Vera Vertrek"]


def test_a_nearly_full_guests_field_ends_with_how_many_others_did_not_fit(body):
    """Appending the name went past the field's 2,000 characters: the form then refused every
    later edit of the meeting."""
    seat = SeatFactory(body=body, person_name="Vera Vertrek", person_function="wethouder Jeugd")
    lines = guest_lines(1980)
    meeting = past_meeting(body, seat, guests="\n".join(lines))

    keep_seat_in_history(seat=seat)

    meeting.refresh_from_db()
    assert len(meeting.guests) <= GUESTS_LIMIT
    assert meeting.guests.splitlines() == [*lines, "en 1 andere"]


def test_more_seats_that_do_not_fit_raise_the_count(body):
    seats = [SeatFactory(body=body) for _ in range(3)]
    lines = guest_lines(1980)
    meeting = past_meeting(body, *seats, guests="\n".join(lines))

    for seat in seats:
        keep_seat_in_history(seat=seat)

    meeting.refresh_from_db()
    assert meeting.guests.splitlines() == [*lines, "en 3 anderen"]


def test_names_make_room_for_the_count_in_a_full_field(body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek")
    lines = guest_lines(GUESTS_LIMIT)
    meeting = past_meeting(body, seat, guests="\n".join(lines))

    keep_seat_in_history(seat=seat)

    meeting.refresh_from_db()
    assert len(meeting.guests) <= GUESTS_LIMIT
    assert meeting.guests.splitlines() == [*lines[:-1], "en 2 anderen"]


def test_a_nearly_full_list_of_round_participants_is_summed_up_the_same_way(body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek")
    lines = guest_lines(1980)
    assessment = AssessmentFactory(region=body.region, body=body, participants="\n".join(lines))
    assessment.participant_seats.add(seat)

    keep_seat_in_history(seat=seat)

    assessment = Assessment.objects.get(pk=assessment.pk)
    assert len(assessment.participants) <= PARTICIPANTS_LIMIT
    assert assessment.participants.splitlines() == [*lines, "en 1 andere"]


def test_without_the_name_the_seat_stays_by_function_and_whom_it_represents(body):
    municipality = MunicipalityFactory(region=body.region, name="Dorpsveen")
    seat = SeatFactory(
        body=body,
        person_name="Vera Vertrek",
        person_function="wethouder Jeugd",
        represents_municipality=municipality,
    )
    meeting = past_meeting(body, seat, guests="Gerrit Gast")
    assessment = AssessmentFactory(region=body.region, body=body)
    assessment.participant_seats.add(seat)

    keep_seat_in_history(seat=seat, with_name=False)

    meeting.refresh_from_db()
    assert meeting.guests.splitlines() == ["Gerrit Gast", "wethouder Jeugd, namens Dorpsveen"]
    assert Assessment.objects.get(pk=assessment.pk).participants == (
        "wethouder Jeugd, namens Dorpsveen"
    )


def test_without_name_or_function_the_seat_stays_by_its_role_in_the_body(body):
    partner = PartnerOrganisationFactory(region=body.region, name="Veilig Thuis")
    chair = SeatFactory(
        body=body, person_function="", seat_role=SeatRole.CHAIR, represents_partner=partner
    )
    member = SeatFactory(body=body, person_function="", seat_role=SeatRole.MEMBER)
    meeting = past_meeting(body, chair, member)

    keep_seat_in_history(seat=chair, with_name=False)
    keep_seat_in_history(seat=member, with_name=False)

    meeting.refresh_from_db()
    assert meeting.guests.splitlines() == ["voorzitter, namens Veilig Thuis", "lid"]


def test_two_seats_with_the_same_role_stay_two_attendees_without_names(body):
    seats = [SeatFactory(body=body, person_function="wethouder") for _ in range(2)]
    meeting = past_meeting(body, *seats)

    for seat in seats:
        keep_seat_in_history(seat=seat, with_name=False)

    meeting.refresh_from_db()
    assert meeting.guests.splitlines() == ["wethouder", "wethouder"]


def test_a_name_already_among_the_guests_is_not_added_twice(body):
    seat = SeatFactory(body=body, person_name="Vera Vertrek", person_function="")
    meeting = past_meeting(body, seat, guests="Vera Vertrek\nGerrit Gast")

    keep_seat_in_history(seat=seat)

    meeting.refresh_from_db()
    assert meeting.guests == "Vera Vertrek\nGerrit Gast"
