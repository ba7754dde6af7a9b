"""One rule for a municipality that moves to another region (split, import or its admin form):
its bestuurders and their pending invitations go along, everything else of the old region
loses the municipality (regions.services.follow_moved_municipalities)."""

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from ghnt_portal.accounts.models import Invitation
from regions.models import Membership, Seat
from regions.services import MovedMunicipalities, follow_moved_municipalities
from scan.selectors import invitable_memberships, sessions_invited
from scan.services import set_invitees
from tests.factories import (
    GovernanceBodyFactory,
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
)
from tests.scan.factories import ScanSessionFactory, SessionInvitationFactory


@pytest.fixture
def old(db):
    return RegionFactory(name="Oude regio")


@pytest.fixture
def new(db):
    return RegionFactory(name="Nieuwe regio")


@pytest.fixture
def municipality(old):
    return MunicipalityFactory(region=old, name="Verhuisdorp")


def move(municipality, region) -> MovedMunicipalities:
    municipality.region = region
    municipality.save()
    return follow_moved_municipalities([municipality.pk])


def test_a_bestuurder_goes_along_with_the_municipality(old, new, municipality):
    bestuurder = MembershipFactory(region=old, wethouder=True, municipality=municipality)

    result = move(municipality, new)

    bestuurder = Membership.objects.get(pk=bestuurder.pk)
    bestuurder.full_clean()  # the municipality lies in the role's region again
    assert (bestuurder.region, bestuurder.municipality) == (new, municipality)
    assert (bestuurder.function, bestuurder.portfolio) == ("wethouder", "Jeugd")
    assert (result.bestuurders, result.memberships) == (1, 0)


def test_the_move_of_a_bestuurder_is_in_the_audit_trail_of_the_new_region(old, new, municipality):
    bestuurder = MembershipFactory(region=old, wethouder=True, municipality=municipality)

    move(municipality, new)

    entry = LogEntry.objects.get_for_object(bestuurder).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["region"] == [str(old.pk), str(new.pk)]
    assert entry.additional_data == {"region_id": new.pk}


def test_other_roles_and_seats_stay_and_lose_the_municipality(old, new, municipality):
    leader = MembershipFactory(region=old, projectleider=True, municipality=municipality)
    member = MembershipFactory(region=old, municipality=municipality)
    seat = SeatFactory(body=GovernanceBodyFactory(region=old), represents_municipality=municipality)

    result = move(municipality, new)

    for membership in (leader, member):
        membership = Membership.objects.get(pk=membership.pk)
        membership.full_clean()
        assert (membership.region, membership.municipality) == (old, None)
    seat = Seat.objects.get(pk=seat.pk)
    seat.full_clean()
    assert seat.represents_municipality is None
    assert old.memberships.filter(role="projectleider").exists()
    assert (result.bestuurders, result.seats, result.memberships) == (0, 1, 2)


def test_a_person_already_bestuurder_in_the_new_region_keeps_the_old_role_without_municipality(
    old, new, municipality
):
    bestuurder = MembershipFactory(region=old, wethouder=True, municipality=municipality)
    there = MembershipFactory(
        region=new, user=bestuurder.user, burgemeester=True, municipality=None
    )

    result = move(municipality, new)

    bestuurder = Membership.objects.get(pk=bestuurder.pk)
    bestuurder.full_clean()
    assert (bestuurder.region, bestuurder.municipality) == (old, None)
    there = Membership.objects.get(pk=there.pk)
    assert (there.function, there.municipality) == ("burgemeester", None)
    assert (result.bestuurders, result.memberships) == (0, 1)


def test_two_roles_of_one_person_moving_into_one_region_leave_the_second_behind(old, new):
    first, second = MunicipalityFactory.create_batch(2, region=old)
    elsewhere = RegionFactory()
    second.region = elsewhere
    second.save()
    kept = MembershipFactory(region=old, wethouder=True, municipality=first)
    left = MembershipFactory(region=elsewhere, user=kept.user, wethouder=True, municipality=second)
    for municipality in (first, second):
        municipality.region = new
        municipality.save()

    result = follow_moved_municipalities([first.pk, second.pk])

    assert Membership.objects.get(pk=kept.pk).region == new
    left = Membership.objects.get(pk=left.pk)
    assert (left.region, left.municipality) == (elsewhere, None)
    assert (result.bestuurders, result.memberships) == (1, 1)


def test_a_role_may_move_into_a_region_that_another_role_of_the_person_just_left(old, new):
    leaving, arriving = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    first = MembershipFactory(region=old, wethouder=True, municipality=leaving)
    second = MembershipFactory(region=new, user=first.user, wethouder=True, municipality=arriving)
    third = RegionFactory()
    leaving.region, arriving.region = third, old
    leaving.save()
    arriving.save()

    result = follow_moved_municipalities([leaving.pk, arriving.pk])

    assert Membership.objects.get(pk=first.pk).region == third
    assert Membership.objects.get(pk=second.pk).region == old
    assert result.bestuurders == 2


def test_a_municipality_left_without_a_region_takes_no_bestuurder_along(old, municipality):
    bestuurder = MembershipFactory(region=old, wethouder=True, municipality=municipality)

    result = move(municipality, None)

    bestuurder = Membership.objects.get(pk=bestuurder.pk)
    assert (bestuurder.region, bestuurder.municipality) == (old, None)
    assert (result.bestuurders, result.memberships) == (0, 1)


def test_a_pending_bestuurder_invitation_goes_along(old, new, municipality):
    invitation = InvitationFactory(region=old, wethouder=True, municipality=municipality)
    member_invitation = InvitationFactory(region=old, municipality=municipality)

    result = move(municipality, new)

    invitation = Invitation.objects.get(pk=invitation.pk)
    invitation.full_clean()
    assert (invitation.region, invitation.municipality) == (new, municipality)
    member_invitation = Invitation.objects.get(pk=member_invitation.pk)
    assert (member_invitation.region, member_invitation.municipality) == (old, None)
    assert (result.bestuurder_invitations, result.invitations) == (1, 1)


@pytest.mark.parametrize("there", ["role", "invitation"])
def test_a_bestuurder_invitation_stays_when_the_address_is_bestuurder_in_the_new_region(
    old, new, municipality, there
):
    invitation = InvitationFactory(
        region=old, wethouder=True, municipality=municipality, email="W@example.nl"
    )
    if there == "role":
        MembershipFactory(region=new, wethouder=True, user__email="w@example.nl")
    else:
        InvitationFactory(region=new, wethouder=True, email="w@example.nl")

    result = move(municipality, new)

    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.region, invitation.municipality) == (old, None)
    assert (result.bestuurder_invitations, result.invitations) == (0, 1)


@pytest.mark.parametrize(
    "used", [{"accepted_at": timezone.now()}, {"withdrawn_at": timezone.now()}]
)
def test_a_used_invitation_stays_as_it_was(old, new, municipality, used):
    invitation = InvitationFactory(region=old, wethouder=True, municipality=municipality, **used)

    result = move(municipality, new)

    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.region, invitation.municipality) == (old, municipality)
    assert result == MovedMunicipalities()


def test_a_moved_bestuurder_sees_the_new_regions_sessions_instead_of_the_old_ones(
    old, new, municipality
):
    bestuurder = MembershipFactory(region=old, wethouder=True, municipality=municipality)
    old_session = ScanSessionFactory(region=old)
    SessionInvitationFactory(session=old_session, user=bestuurder.user)
    assert list(sessions_invited(bestuurder.user)) == [old_session]

    move(municipality, new)

    assert not sessions_invited(bestuurder.user).exists()
    assert list(invitable_memberships(new)) == [Membership.objects.get(pk=bestuurder.pk)]
    assert not invitable_memberships(old).exists()
    new_session = ScanSessionFactory(region=new)
    set_invitees(session=new_session, invitees=[bestuurder.user])
    assert list(sessions_invited(bestuurder.user)) == [new_session]


def test_nothing_named_gives_no_message(old, new, municipality):
    MembershipFactory(region=old, wethouder=True)  # a bestuurder of another municipality

    assert move(municipality, new).message == ""


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (
            MovedMunicipalities(bestuurders=1),
            "1 bestuurder is met de gemeente meeverhuisd naar de nieuwe regio.",
        ),
        (
            MovedMunicipalities(bestuurders=2, bestuurder_invitations=1),
            "2 bestuurders en 1 openstaande uitnodiging als bestuurder zijn met hun gemeente "
            "meeverhuisd naar de nieuwe regio.",
        ),
        (
            MovedMunicipalities(bestuurder_invitations=2),
            "2 openstaande uitnodigingen als bestuurder zijn met hun gemeente meeverhuisd naar "
            "de nieuwe regio.",
        ),
        (
            MovedMunicipalities(bestuurders=1, seats=2, memberships=1, invitations=1),
            "1 bestuurder is met de gemeente meeverhuisd naar de nieuwe regio. Bij 2 zetels, "
            "1 rol en 1 openstaande uitnodiging in de oude regio is de gemeente leeggemaakt: die "
            "hoort nu bij een andere regio. Vul daar zo nodig een gemeente van de eigen regio in.",
        ),
        (
            MovedMunicipalities(memberships=2),
            "Bij 2 rollen in de oude regio is de gemeente leeggemaakt: die hoort nu bij een "
            "andere regio. Vul daar zo nodig een gemeente van de eigen regio in.",
        ),
    ],
)
def test_the_message_says_what_went_along_and_what_lost_the_municipality(result, message):
    assert result.message == message
