"""The beheerder merges and splits regions; both move everything in one transaction."""

from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from ghnt_portal.accounts.models import Invitation
from regions import region_admin_services as services
from regions.constants import RegionRole
from regions.models import (
    GovernanceBody,
    Membership,
    Municipality,
    PartnerOrganisation,
    Region,
    Seat,
)
from tests.factories import (
    GovernanceBodyFactory,
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    RegionFactory,
    SeatFactory,
    UserFactory,
)


@pytest.fixture
def source(db):
    return RegionFactory(name="Bronregio", slug="bronregio")


@pytest.fixture
def target(db):
    return RegionFactory(name="Doelregio", slug="doelregio")


@pytest.fixture
def filled_source(source, target):
    """A source region with everything a region holds, and some overlap with the target."""
    shared_person = UserFactory()
    MembershipFactory(region=target, user=shared_person, role=RegionRole.STUURGROEPLID)
    twin_partner = PartnerOrganisationFactory(region=target, name="Veilig Thuis")
    GovernanceBodyFactory(region=target, name="Stuurgroep")
    data = {
        "municipalities": MunicipalityFactory.create_batch(2, region=source),
        "partner": PartnerOrganisationFactory(region=source, name="Politie"),
        "duplicate_partner": PartnerOrganisationFactory(region=source, name="Veilig Thuis"),
        "twin_partner": twin_partner,
        "body": GovernanceBodyFactory(region=source, name="Stuurgroep"),
        "other_body": GovernanceBodyFactory(region=source, name="Regiegroep"),
        "shared_membership": MembershipFactory(
            region=source, user=shared_person, role=RegionRole.STUURGROEPLID
        ),
        "own_membership": MembershipFactory(region=source, projectleider=True),
    }
    data["seat"] = SeatFactory(body=data["body"], represents_partner=data["duplicate_partner"])
    return data


def snapshot():
    return {
        "regions": sorted(Region.objects.values_list("slug", flat=True)),
        "municipalities": sorted(Municipality.objects.values_list("cbs_code", "region__slug")),
        "partners": sorted(PartnerOrganisation.objects.values_list("name", "region__slug")),
        "bodies": sorted(GovernanceBody.objects.values_list("name", "region__slug")),
        "memberships": sorted(Membership.objects.values_list("user_id", "role", "region__slug")),
    }


def test_merge_moves_everything_to_the_target_and_deletes_the_source(filled_source, source, target):
    result = services.merge_regions(source=source, target=target)

    assert not Region.objects.filter(pk=source.pk).exists()
    assert set(target.municipalities.all()) == set(filled_source["municipalities"])
    assert set(target.partners.values_list("name", flat=True)) == {"Politie", "Veilig Thuis"}
    assert set(target.bodies.values_list("name", flat=True)) == {
        "Stuurgroep",
        "Stuurgroep (Bronregio)",
        "Regiegroep",
    }
    filled_source["seat"].refresh_from_db()
    assert filled_source["seat"].body.region == target
    assert filled_source["seat"].represents_partner == filled_source["twin_partner"]
    assert target.memberships.filter(role=RegionRole.PROJECTLEIDER).exists()
    assert target.memberships.filter(user=filled_source["shared_membership"].user).count() == 1
    assert (result.municipalities, result.bodies, result.bodies_renamed) == (2, 2, 1)
    assert (result.partners, result.partners_combined) == (1, 1)
    assert (result.memberships, result.memberships_skipped) == (1, 1)


def test_merge_moves_pending_invitations_along(source, target):
    InvitationFactory(region=source)

    result = services.merge_regions(source=source, target=target)

    assert Invitation.objects.get().region == target
    assert result.other == {"uitnodigingen": 1}


def test_merge_with_itself_is_refused(source):
    with pytest.raises(ValidationError):
        services.merge_regions(source=source, target=source)

    assert Region.objects.filter(pk=source.pk).exists()


def test_merge_failing_halfway_changes_nothing(filled_source, source, target):
    before = snapshot()

    with (
        mock.patch.object(services, "_move_memberships", side_effect=RuntimeError("storing")),
        pytest.raises(RuntimeError),
    ):
        services.merge_regions(source=source, target=target)

    assert snapshot() == before


def test_split_creates_a_region_with_the_chosen_municipalities(source):
    stay, go, also_go = MunicipalityFactory.create_batch(3, region=source)
    bestuurder = MembershipFactory(region=source, wethouder=True, municipality=go)
    leader = MembershipFactory(region=source, projectleider=True)
    body = GovernanceBodyFactory(region=source)

    new = services.split_region(
        source=source, name="Nieuwe regio", slug="nieuwe-regio", municipalities=[go, also_go]
    ).region

    assert set(new.municipalities.all()) == {go, also_go}
    assert list(source.municipalities.all()) == [stay]
    bestuurder.refresh_from_db()
    leader.refresh_from_db()
    body.refresh_from_db()
    assert bestuurder.region == new
    assert leader.region == source
    assert body.region == source
    assert "Bronregio" in new.source


def test_split_refuses_municipalities_of_another_region(source, target):
    MunicipalityFactory(region=source)
    elsewhere = MunicipalityFactory(region=target)

    with pytest.raises(ValidationError) as error:
        services.split_region(source=source, name="N", slug="n", municipalities=[elsewhere])

    assert "municipalities" in error.value.error_dict
    assert not Region.objects.filter(slug="n").exists()


def test_split_refuses_to_empty_the_old_region_or_move_nothing(source):
    only = MunicipalityFactory(region=source)

    with pytest.raises(ValidationError):
        services.split_region(source=source, name="N", slug="n", municipalities=[only])
    with pytest.raises(ValidationError):
        services.split_region(source=source, name="N", slug="n", municipalities=[])

    assert Region.objects.count() == 1


def test_split_with_a_taken_name_is_refused(source, target):
    a, _b = MunicipalityFactory.create_batch(2, region=source)

    with pytest.raises(ValidationError) as error:
        services.split_region(source=source, name="Doelregio", slug="nieuw", municipalities=[a])

    assert "name" in error.value.error_dict
    a.refresh_from_db()
    assert a.region == source


def test_split_failing_halfway_changes_nothing(source):
    a, _b = MunicipalityFactory.create_batch(2, region=source)
    MembershipFactory(region=source, wethouder=True, municipality=a)
    before = snapshot()

    with (
        mock.patch.object(services, "follow_moved_municipalities", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.split_region(source=source, name="N", slug="n", municipalities=[a])

    assert snapshot() == before


def test_merge_gives_a_clashing_body_a_free_name_with_a_counter(source, target):
    GovernanceBodyFactory(region=target, name="Stuurgroep")
    GovernanceBodyFactory(region=target, name="Stuurgroep (Bronregio)")
    GovernanceBodyFactory(region=source, name="Stuurgroep")

    result = services.merge_regions(source=source, target=target)

    assert set(target.bodies.values_list("name", flat=True)) == {
        "Stuurgroep",
        "Stuurgroep (Bronregio)",
        "Stuurgroep (Bronregio 2)",
    }
    assert result.bodies_renamed == 1


def test_merge_compares_names_as_the_forms_do_ignoring_accents_and_spaces(source, target):
    """The rule of the forms (``name_key``): a merge leaves no two names in a region that a
    form would refuse."""
    GovernanceBodyFactory(region=target, name="Stuurgroep Veiligheid")
    GovernanceBodyFactory(region=source, name="Stuurgroep  Véiligheid")
    kept = PartnerOrganisationFactory(region=target, name="Politie Demoland")
    PartnerOrganisationFactory(region=source, name="Politié  demoland")

    result = services.merge_regions(source=source, target=target)

    assert set(target.bodies.values_list("name", flat=True)) == {
        "Stuurgroep Veiligheid",
        "Stuurgroep  Véiligheid (Bronregio)",
    }
    assert (result.bodies_renamed, result.partners_combined) == (1, 1)
    assert list(target.partners.all()) == [kept]


def test_merge_cuts_a_long_clashing_name_so_the_region_still_fits(source, target):
    long_name = "S" * 200
    GovernanceBodyFactory(region=target, name=long_name)
    GovernanceBodyFactory(region=source, name=long_name)

    services.merge_regions(source=source, target=target)

    renamed = target.bodies.exclude(name=long_name).get()
    assert renamed.name == "S" * (200 - len(" (Bronregio)")) + " (Bronregio)"


def test_split_takes_bestuurders_along_and_unlinks_what_stays_behind(source):
    stay, go = MunicipalityFactory.create_batch(2, region=source)
    body = GovernanceBodyFactory(region=source)
    seat_for_go = SeatFactory(body=body, represents_municipality=go)
    seat_for_stay = SeatFactory(body=body, represents_municipality=stay)
    leader = MembershipFactory(region=source, projectleider=True, municipality=go)
    bestuurder = MembershipFactory(region=source, wethouder=True, municipality=go)
    invited_member = InvitationFactory(region=source, municipality=go)
    invited_bestuurder = InvitationFactory(region=source, wethouder=True, municipality=go)

    result = services.split_region(source=source, name="N", slug="n", municipalities=[go])

    seat_for_go.refresh_from_db()
    seat_for_go.full_clean()  # Seat.clean accepts it again
    assert seat_for_go.represents_municipality is None
    assert Seat.objects.get(pk=seat_for_stay.pk).represents_municipality == stay
    leader.refresh_from_db()
    assert (leader.region, leader.municipality) == (source, None)
    bestuurder.refresh_from_db()
    bestuurder.full_clean()
    assert (bestuurder.region, bestuurder.municipality) == (result.region, go)
    invited_member.refresh_from_db()
    assert (invited_member.region, invited_member.municipality) == (source, None)
    invited_bestuurder.refresh_from_db()
    invited_bestuurder.full_clean()
    assert (invited_bestuurder.region, invited_bestuurder.municipality) == (result.region, go)
    assert (result.moved.bestuurders, result.moved.bestuurder_invitations) == (1, 1)
    assert (result.moved.seats, result.moved.memberships, result.moved.invitations) == (1, 1, 1)
    assert result.message == (
        "N is afgesplitst van Bronregio met 1 gemeenten. 1 bestuurder en 1 openstaande "
        "uitnodiging als bestuurder zijn met hun gemeente meeverhuisd naar de nieuwe regio. "
        "Bij 1 zetel, 1 rol en 1 openstaande uitnodiging in de oude regio is de gemeente "
        "leeggemaakt: die hoort nu bij een andere regio. Vul daar zo nodig een gemeente van de "
        "eigen regio in."
    )


def test_split_without_references_to_moved_municipalities_says_nothing_about_them(source):
    _stay, go = MunicipalityFactory.create_batch(2, region=source)

    result = services.split_region(source=source, name="N", slug="n", municipalities=[go])

    assert result.moved.message == ""
    assert result.message == "N is afgesplitst van Bronregio met 1 gemeenten."


def _region_moves(municipality) -> list[tuple[list[str], dict]]:
    return [
        (entry.changes_dict["region"], entry.additional_data)
        for entry in LogEntry.objects.get_for_object(municipality)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("timestamp", "pk")
    ]


def test_merge_and_split_record_each_moved_municipality_in_the_new_regions_history(source, target):
    municipality, stays = MunicipalityFactory.create_batch(2, region=source)

    new = services.split_region(
        source=source, name="Nieuwe regio", slug="nieuwe-regio", municipalities=[municipality]
    ).region
    services.merge_regions(source=new, target=target)

    assert _region_moves(municipality) == [
        ([str(source.pk), str(new.pk)], {"region_id": new.pk}),
        ([str(new.pk), str(target.pk)], {"region_id": target.pk}),
    ]
    assert _region_moves(stays) == []
