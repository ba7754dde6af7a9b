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


def move_together(*moves) -> MovedMunicipalities:
    """Move several municipalities at once, as one import does: (municipality, region) pairs."""
    for municipality, region in moves:
        municipality.region = region
        municipality.save()
    return follow_moved_municipalities([municipality.pk for municipality, _region in moves])


def bestuurder_roles(user) -> set[tuple]:
    roles = Membership.objects.filter(user=user, role="bestuurder")
    for role in roles:
        role.full_clean()  # each names a municipality of its own region
    return {(role.region, role.municipality, role.function, role.portfolio) for role in roles}


def test_a_bestuurder_of_two_municipalities_that_swap_regions_stays_bestuurder_in_both(old, new):
    first, second = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    burgemeester = MembershipFactory(region=old, burgemeester=True, municipality=first)
    MembershipFactory(region=new, user=burgemeester.user, wethouder=True, municipality=second)

    result = move_together((first, new), (second, old))

    assert bestuurder_roles(burgemeester.user) == {
        (new, first, "burgemeester", "Openbare orde en veiligheid"),
        (old, second, "wethouder", "Jeugd"),
    }
    assert result == MovedMunicipalities(bestuurders=2)
    assert result.message == (
        "2 bestuurders zijn met hun gemeente meeverhuisd naar de nieuwe regio."
    )


def test_a_swap_saves_each_role_once_in_its_own_regions_audit_trail(old, new):
    first, second = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    in_old = MembershipFactory(region=old, wethouder=True, municipality=first)
    in_new = MembershipFactory(region=new, user=in_old.user, wethouder=True, municipality=second)

    move_together((first, new), (second, old))

    for role, region, was, now in ((in_old, old, first, second), (in_new, new, second, first)):
        entry = LogEntry.objects.get_for_object(role).filter(action=LogEntry.Action.UPDATE).get()
        assert entry.changes_dict["municipality"] == [str(was.pk), str(now.pk)]
        assert entry.additional_data == {"region_id": region.pk}


def test_bestuurder_roles_of_municipalities_moving_round_three_regions_all_go_along(old, new):
    third = RegionFactory()
    regions = [old, new, third]
    municipalities = [MunicipalityFactory(region=region) for region in regions]
    user = MembershipFactory(
        region=old, wethouder=True, portfolio="Jeugd", municipality=municipalities[0]
    ).user
    MembershipFactory(
        region=new, user=user, wethouder=True, portfolio="Wmo", municipality=municipalities[1]
    )
    MembershipFactory(region=third, user=user, burgemeester=True, municipality=municipalities[2])

    result = move_together(
        (municipalities[0], new), (municipalities[1], third), (municipalities[2], old)
    )

    assert bestuurder_roles(user) == {
        (new, municipalities[0], "wethouder", "Jeugd"),
        (third, municipalities[1], "wethouder", "Wmo"),
        (old, municipalities[2], "burgemeester", "Openbare orde en veiligheid"),
    }
    assert result == MovedMunicipalities(bestuurders=3)


def test_pending_bestuurder_invitations_of_two_municipalities_that_swap_regions_both_go_along(
    old, new
):
    first, second = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    InvitationFactory(
        region=old, wethouder=True, portfolio="Jeugd", municipality=first, email="W@example.nl"
    )
    InvitationFactory(
        region=new, wethouder=True, portfolio="Wmo", municipality=second, email="w@example.nl"
    )

    result = move_together((first, new), (second, old))

    invitations = Invitation.objects.pending().filter(email__iexact="w@example.nl")
    for invitation in invitations:
        invitation.full_clean()
    assert {
        (invitation.region, invitation.municipality, invitation.portfolio)
        for invitation in invitations
    } == {(new, first, "Jeugd"), (old, second, "Wmo")}
    assert result == MovedMunicipalities(bestuurder_invitations=2)


def test_a_role_and_an_invitation_of_one_person_whose_municipalities_swap_both_go_along(old, new):
    first, second = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    role = MembershipFactory(
        region=old, wethouder=True, municipality=first, user__email="w@example.nl"
    )
    invitation = InvitationFactory(
        region=new, wethouder=True, municipality=second, email="w@example.nl"
    )

    result = move_together((first, new), (second, old))

    role = Membership.objects.get(pk=role.pk)
    assert (role.region, role.municipality) == (new, first)
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.region, invitation.municipality) == (old, second)
    assert result == MovedMunicipalities(bestuurders=1, bestuurder_invitations=1)


def test_a_role_moves_into_a_region_that_a_younger_role_of_the_person_leaves(old, new):
    arriving, leaving = MunicipalityFactory(region=new), MunicipalityFactory(region=old)
    older = MembershipFactory(region=new, wethouder=True, municipality=arriving)
    younger = MembershipFactory(region=old, user=older.user, wethouder=True, municipality=leaving)
    third = RegionFactory()

    result = move_together((arriving, old), (leaving, third))

    assert Membership.objects.get(pk=older.pk).region == old
    assert Membership.objects.get(pk=younger.pk).region == third
    assert result == MovedMunicipalities(bestuurders=2)


def test_a_swap_goes_ahead_when_an_older_role_of_the_person_also_moves_into_one_of_the_regions(
    old, new
):
    elsewhere = RegionFactory()
    third, first, second = (
        MunicipalityFactory(region=elsewhere),
        MunicipalityFactory(region=old),
        MunicipalityFactory(region=new),
    )
    oldest = MembershipFactory(region=elsewhere, wethouder=True, municipality=third)
    in_old = MembershipFactory(region=old, user=oldest.user, wethouder=True, municipality=first)
    in_new = MembershipFactory(region=new, user=oldest.user, wethouder=True, municipality=second)

    result = move_together((third, new), (first, new), (second, old))

    oldest = Membership.objects.get(pk=oldest.pk)
    assert (oldest.region, oldest.municipality) == (elsewhere, None)
    assert Membership.objects.get(pk=in_old.pk).municipality == second
    assert Membership.objects.get(pk=in_new.pk).municipality == first
    assert result == MovedMunicipalities(bestuurders=2, memberships=1)


def test_a_role_whose_municipality_moves_to_a_region_where_another_role_stays_keeps_its_region(
    old, new
):
    first, second = MunicipalityFactory(region=old), MunicipalityFactory(region=new)
    staying = MunicipalityFactory(region=new)
    moving = MembershipFactory(region=old, wethouder=True, municipality=first)
    there = MembershipFactory(region=new, user=moving.user, wethouder=True, municipality=staying)
    other = RegionFactory()

    result = move_together((first, new), (second, other))

    moving = Membership.objects.get(pk=moving.pk)
    assert (moving.region, moving.municipality) == (old, None)
    assert Membership.objects.get(pk=there.pk).municipality == staying
    assert result == MovedMunicipalities(memberships=1)


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
