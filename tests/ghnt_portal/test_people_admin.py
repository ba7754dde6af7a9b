"""The beheerder edits a person and their roles in the admin (/beheer/): the portal's rules hold
there too. A region keeps an active projectleider; a role's municipality lies in its region."""

from django.urls import reverse

from ghnt_portal.accounts.models import User
from regions.constants import BestuurderFunction, RegionRole
from regions.models import Membership
from tests.factories import MunicipalityFactory, UserFactory

LAST_PROJECTLEIDER = (
    "Deze gebruiker is de enige projectleider van Regio Testland. Een regio houdt minstens "
    "één projectleider: maak eerst iemand anders projectleider."
)
OTHER_REGIONS_MUNICIPALITY = "Kies een gemeente uit deze regio."


def row(membership: Membership, **changes) -> dict:
    """An inline row as the admin posts it: the membership's stored values, with changes."""
    values = {
        "id": membership.pk,
        "region": membership.region_id,
        "role": membership.role,
        "function": membership.function,
        "portfolio": membership.portfolio,
        "municipality": membership.municipality_id or "",
    }
    return {**values, **changes}


def save_person(client, person: User, rows: list[dict], *, is_active: bool = True):
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "national_role": person.national_role,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for values in rows if values.get("id"))),
        "_save": "Opslaan",
    }
    if is_active:
        data["is_active"] = "on"
    for index, values in enumerate(rows):
        data.update({f"memberships-{index}-{name}": value for name, value in values.items()})
    return client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)


def test_the_inline_refuses_a_municipality_of_another_region(
    client_for, beheerder, burgemeester, region, other_region
):
    membership = Membership.objects.get(user=burgemeester, region=region)
    elsewhere = MunicipalityFactory(region=other_region)

    answer = save_person(
        client_for(beheerder), burgemeester, [row(membership, municipality=elsewhere.pk)]
    )

    assert answer.status_code == 200
    formset = answer.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["municipality"] == [OTHER_REGIONS_MUNICIPALITY]
    membership.refresh_from_db()
    assert membership.municipality is None


def test_the_inline_accepts_a_municipality_of_the_region(
    client_for, beheerder, burgemeester, region
):
    membership = Membership.objects.get(user=burgemeester, region=region)
    own = MunicipalityFactory(region=region)

    answer = save_person(
        client_for(beheerder), burgemeester, [row(membership, municipality=own.pk)]
    )

    assert answer.status_code == 302
    membership.refresh_from_db()
    assert membership.municipality == own


def test_the_membership_admin_refuses_a_municipality_of_another_region(
    client_for, beheerder, region, other_region
):
    person = UserFactory()
    elsewhere = MunicipalityFactory(region=other_region)

    answer = client_for(beheerder).post(
        reverse("admin:regions_membership_add"),
        {
            "user": person.pk,
            "region": region.pk,
            "role": RegionRole.BESTUURDER,
            "function": BestuurderFunction.WETHOUDER,
            "portfolio": "Jeugd",
            "municipality": elsewhere.pk,
            "_save": "Opslaan",
        },
    )

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["municipality"] == [OTHER_REGIONS_MUNICIPALITY]
    assert not Membership.objects.filter(user=person).exists()
