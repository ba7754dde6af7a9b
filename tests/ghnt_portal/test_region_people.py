"""The people page of a region: the project leader changes and withdraws roles there."""

import pytest
from django.urls import reverse

from regions.constants import BestuurderFunction, RegionRole
from regions.models import Membership
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory


def people_url(region):
    return reverse("accounts:region_people", kwargs={"region_slug": region.slug})


def change_url(membership):
    return reverse(
        "accounts:change_membership",
        kwargs={"region_slug": membership.region.slug, "pk": membership.pk},
    )


def withdraw_url(membership):
    return reverse(
        "accounts:withdraw_membership",
        kwargs={"region_slug": membership.region.slug, "pk": membership.pk},
    )


def membership_of(user, region):
    return Membership.objects.get(user=user, region=region)


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("projectleider", 200),
        ("beheerder", 200),
        ("other_projectleider", 404),
        ("stuurgroeplid", 403),
        ("bestuurder", 403),
        ("landelijk", 403),
    ],
    indirect=["role_client"],
)
def test_people_page_is_for_the_regions_project_leader_and_the_beheerder(
    role_client, expected, region
):
    _, _, client = role_client

    assert client.get(people_url(region)).status_code == expected


def test_anonymous_is_sent_to_login(client, region):
    response = client.get(people_url(region))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_people_page_lists_everyone_with_a_role(
    region, projectleider, stuurgroeplid, bestuurder, client_for
):
    response = client_for(projectleider).get(people_url(region))

    for user in (projectleider, stuurgroeplid, bestuurder):
        assert user.email in response.text
    assert "wethouder" in response.text


def test_people_page_query_count_stays_flat(
    region, projectleider, client_for, django_assert_max_num_queries
):
    client = client_for(projectleider)
    MembershipFactory.create_batch(3, region=region, wethouder=True)
    with django_assert_max_num_queries(20) as few:
        client.get(people_url(region))
    MembershipFactory.create_batch(30, region=region, wethouder=True)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(people_url(region))

    assert response.status_code == 200


def test_project_leader_changes_a_stuurgroeplid_into_a_burgemeester(
    region, projectleider, stuurgroeplid, client_for
):
    municipality = MunicipalityFactory(region=region)
    membership = membership_of(stuurgroeplid, region)

    response = client_for(projectleider).post(
        change_url(membership),
        {
            "role": RegionRole.BESTUURDER,
            "function": BestuurderFunction.BURGEMEESTER,
            "portfolio": "Openbare orde",
            "municipality": municipality.pk,
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == RegionRole.BESTUURDER
    assert membership.function == BestuurderFunction.BURGEMEESTER
    assert membership.municipality == municipality


def test_changing_to_stuurgroeplid_clears_the_function(
    region, projectleider, bestuurder, client_for
):
    membership = membership_of(bestuurder, region)

    client_for(projectleider).post(
        change_url(membership), {"role": RegionRole.STUURGROEPLID, "portfolio": ""}
    )

    membership.refresh_from_db()
    assert membership.role == RegionRole.STUURGROEPLID
    assert membership.function == ""


def test_bestuurder_without_function_gives_a_field_error(
    region, projectleider, stuurgroeplid, client_for
):
    membership = membership_of(stuurgroeplid, region)

    response = client_for(projectleider).post(
        change_url(membership), {"role": RegionRole.BESTUURDER}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["function"]
    assert "<title>Fout: Rol van " in response.text
    membership.refresh_from_db()
    assert membership.role == RegionRole.STUURGROEPLID


@pytest.mark.parametrize("other", [None, "switched off"], ids=["alone", "other-switched-off"])
def test_the_last_active_project_leader_cannot_give_up_the_role(
    region, projectleider, client_for, other
):
    """Also not when a second projectleider's account is switched off: only active ones lead."""
    if other:
        MembershipFactory(region=region, projectleider=True, user=UserFactory(is_active=False))
    membership = membership_of(projectleider, region)
    client = client_for(projectleider)

    change = client.post(change_url(membership), {"role": RegionRole.STUURGROEPLID})
    withdraw = client.post(withdraw_url(membership))

    assert "Een regio houdt minstens één projectleider." in change.text
    assert withdraw.status_code == 400
    assert "Een regio houdt minstens één projectleider." in withdraw.text
    assert "<title>Fout: Rol van " in withdraw.text
    membership.refresh_from_db()
    assert membership.role == RegionRole.PROJECTLEIDER


def test_with_a_second_project_leader_one_may_step_down(region, projectleider, client_for):
    MembershipFactory(region=region, projectleider=True)
    membership = membership_of(projectleider, region)

    response = client_for(projectleider).post(withdraw_url(membership))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_switched_off_project_leader_may_be_withdrawn_next_to_an_active_one(
    region, projectleider, client_for
):
    switched_off = MembershipFactory(
        region=region, projectleider=True, user=UserFactory(is_active=False)
    )

    response = client_for(projectleider).post(withdraw_url(switched_off))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=switched_off.pk).exists()


def test_project_leader_withdraws_a_stuurgroeplid_after_confirming(
    region, projectleider, stuurgroeplid, client_for
):
    membership = membership_of(stuurgroeplid, region)
    client = client_for(projectleider)

    confirm = client.get(withdraw_url(membership))
    response = client.post(withdraw_url(membership))

    assert confirm.status_code == 200
    assert "intrekken" in confirm.text
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    stuurgroeplid.refresh_from_db()
    assert stuurgroeplid.is_active


@pytest.mark.parametrize(("role", "says_shares"), [("bestuurder", True), ("stuurgroeplid", False)])
def test_the_confirmation_says_a_bestuurders_shares_are_withdrawn_too(
    request, region, projectleider, client_for, role, says_shares
):
    person = request.getfixturevalue(role)

    confirm = client_for(projectleider).get(withdraw_url(membership_of(person, region)))

    assert ("in scansessies van de regio heeft gedeeld" in confirm.text) == says_shares


def test_membership_of_another_region_gives_404(
    region, other_region, projectleider, other_projectleider, client_for
):
    elsewhere = membership_of(other_projectleider, other_region)
    url = reverse(
        "accounts:withdraw_membership", kwargs={"region_slug": region.slug, "pk": elsewhere.pk}
    )

    response = client_for(projectleider).post(url)

    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("other_projectleider", 404),
        ("stuurgroeplid", 403),
        ("bestuurder", 403),
        ("landelijk", 403),
    ],
    indirect=["role_client"],
)
def test_others_cannot_change_or_withdraw_roles(role_client, expected, region, burgemeester):
    _, _, client = role_client
    membership = membership_of(burgemeester, region)

    change = client.post(change_url(membership), {"role": RegionRole.STUURGROEPLID})
    withdraw = client.post(withdraw_url(membership))

    assert change.status_code == expected
    assert withdraw.status_code == expected
    membership.refresh_from_db()
    assert membership.role == RegionRole.BESTUURDER


def test_changing_to_a_role_the_person_already_holds_is_refused(region, projectleider, client_for):
    person = MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user
    bestuurder_role = MembershipFactory(region=region, user=person, wethouder=True)

    response = client_for(projectleider).post(
        change_url(bestuurder_role), {"role": RegionRole.STUURGROEPLID}
    )

    assert response.status_code == 200
    assert "Deze persoon heeft deze rol al in de regio." in response.text
    bestuurder_role.refresh_from_db()
    assert bestuurder_role.role == RegionRole.BESTUURDER


def test_a_role_change_cannot_move_the_role_or_make_anyone_beheerder(
    region, other_region, projectleider, stuurgroeplid, client_for
):
    membership = membership_of(stuurgroeplid, region)

    refused = client_for(projectleider).post(change_url(membership), {"role": "beheerder"})
    changed = client_for(projectleider).post(
        change_url(membership),
        {
            "role": RegionRole.PROJECTLEIDER,
            "region": other_region.pk,
            "user": projectleider.pk,
            "is_beheerder": "on",
        },
    )

    assert refused.context["form"].errors["role"]
    assert changed.status_code == 302
    membership.refresh_from_db()
    stuurgroeplid.refresh_from_db()
    assert (membership.region, membership.user, membership.role) == (
        region,
        stuurgroeplid,
        RegionRole.PROJECTLEIDER,
    )
    assert not stuurgroeplid.is_beheerder
    assert not Membership.objects.filter(region=other_region, user=stuurgroeplid).exists()


def test_a_stuurgroeplid_cannot_promote_themselves(region, stuurgroeplid, client_for):
    membership = membership_of(stuurgroeplid, region)

    response = client_for(stuurgroeplid).post(
        change_url(membership), {"role": RegionRole.PROJECTLEIDER}
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == RegionRole.STUURGROEPLID


def test_a_municipality_of_another_region_is_a_field_error(
    region, other_region, projectleider, bestuurder, client_for
):
    membership = membership_of(bestuurder, region)
    elsewhere = MunicipalityFactory(region=other_region)

    response = client_for(projectleider).post(
        change_url(membership),
        {
            "role": RegionRole.BESTUURDER,
            "function": BestuurderFunction.WETHOUDER,
            "municipality": elsewhere.pk,
        },
    )

    assert "Selecteer een geldige keuze" in response.context["form"].errors["municipality"][0]
    membership.refresh_from_db()
    assert membership.municipality != elsewhere
