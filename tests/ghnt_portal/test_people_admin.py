"""The beheerder edits a person and their roles in the admin (/beheer/): the portal's rules hold
there too. A region keeps an active projectleider; a role's municipality lies in its region; a
person is removed only through the AVG removal screen."""

import pytest
from django.urls import reverse

from ghnt_portal.accounts.models import User
from regions.constants import BestuurderFunction, RegionRole
from regions.models import Membership
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.people_admin import row, save_person

LAST_PROJECTLEIDER = (
    "Deze gebruiker is de enige projectleider van Regio Testland. Een regio houdt minstens "
    "één projectleider: maak eerst iemand anders projectleider."
)
OTHER_REGIONS_MUNICIPALITY = "Kies een gemeente uit deze regio."


def inline_errors(answer) -> list[str]:
    return list(answer.context["inline_admin_formsets"][0].formset.non_form_errors())


@pytest.fixture
def leadership(projectleider, region):
    return Membership.objects.get(user=projectleider, region=region)


@pytest.mark.parametrize("other", [None, "switched off"], ids=["alone", "other-switched-off"])
def test_the_only_active_projectleider_cannot_be_switched_off(
    client_for, beheerder, leadership, region, other
):
    if other:
        MembershipFactory(region=region, projectleider=True, user=UserFactory(is_active=False))
    person = leadership.user

    answer = save_person(client_for(beheerder), person, [row(leadership)], is_active=False)

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["is_active"] == [LAST_PROJECTLEIDER]
    person.refresh_from_db()
    assert person.is_active


def test_a_projectleider_next_to_another_active_one_can_be_switched_off(
    client_for, beheerder, leadership, region
):
    MembershipFactory(region=region, projectleider=True)
    person = leadership.user

    answer = save_person(client_for(beheerder), person, [row(leadership)], is_active=False)

    assert answer.status_code == 302
    person.refresh_from_db()
    assert not person.is_active


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"DELETE": "on"}, id="deleted"),
        pytest.param({"role": RegionRole.STUURGROEPLID}, id="made-stuurgroeplid"),
        pytest.param({"region": "other"}, id="moved-to-another-region"),
    ],
)
def test_the_only_projectleiders_role_cannot_be_removed_in_the_inline(
    client_for, beheerder, leadership, other_region, changes
):
    if changes.get("region") == "other":
        changes = {"region": other_region.pk}

    answer = save_person(
        client_for(beheerder), leadership.user, [row(leadership, **changes)], is_active=True
    )

    assert answer.status_code == 200
    assert inline_errors(answer) == [LAST_PROJECTLEIDER]
    stored = Membership.objects.get(pk=leadership.pk)
    assert (stored.region_id, stored.role) == (leadership.region_id, RegionRole.PROJECTLEIDER)


def test_the_inline_refuses_switching_off_and_removing_the_role_at_once(
    client_for, beheerder, leadership
):
    answer = save_person(
        client_for(beheerder), leadership.user, [row(leadership, DELETE="on")], is_active=False
    )

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["is_active"] == [LAST_PROJECTLEIDER]
    assert Membership.objects.filter(pk=leadership.pk).exists()
    leadership.user.refresh_from_db()
    assert leadership.user.is_active


def test_a_projectleiders_role_can_be_removed_next_to_another_active_one(
    client_for, beheerder, leadership, region
):
    MembershipFactory(region=region, projectleider=True)

    answer = save_person(
        client_for(beheerder), leadership.user, [row(leadership, DELETE="on")], is_active=True
    )

    assert answer.status_code == 302
    assert not Membership.objects.filter(pk=leadership.pk).exists()


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


def test_the_membership_admin_does_not_change_or_delete_roles(client_for, beheerder, leadership):
    client = client_for(beheerder)

    deleted = client.post(
        reverse("admin:regions_membership_delete", args=[leadership.pk]), {"post": "yes"}
    )
    changed = client.post(
        reverse("admin:regions_membership_change", args=[leadership.pk]),
        {
            "user": leadership.user_id,
            "region": leadership.region_id,
            "role": RegionRole.STUURGROEPLID,
            "_save": "Opslaan",
        },
    )

    assert deleted.status_code == 403
    assert changed.status_code == 403
    stored = Membership.objects.get(pk=leadership.pk)
    assert stored.role == RegionRole.PROJECTLEIDER


def test_the_admins_delete_page_sends_the_beheerder_to_the_avg_removal(client_for, beheerder):
    person = UserFactory()
    client = client_for(beheerder)
    delete = reverse("admin:accounts_user_delete", args=[person.pk])
    removal = reverse("privacy:remove_user", args=[person.pk])

    shown = client.get(delete)
    posted = client.post(delete, {"post": "yes"})

    assert (shown.status_code, shown.url) == (302, removal)
    assert (posted.status_code, posted.url) == (302, removal)
    assert User.objects.filter(pk=person.pk).exists()


def test_the_only_projectleider_is_not_deleted_through_the_admin(client_for, beheerder, leadership):
    person = leadership.user

    answer = client_for(beheerder).post(
        reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"}, follow=True
    )

    assert answer.redirect_chain == [(reverse("privacy:remove_user", args=[person.pk]), 302)]
    assert answer.context["refusal"] == LAST_PROJECTLEIDER
    assert User.objects.filter(pk=person.pk).exists()
    assert Membership.objects.filter(pk=leadership.pk, role=RegionRole.PROJECTLEIDER).exists()


def test_the_changelist_offers_no_bulk_delete_of_people(client_for, beheerder, leadership):
    person = leadership.user
    client = client_for(beheerder)
    changelist = reverse("admin:accounts_user_changelist")

    shown = client.get(changelist)
    posted = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )

    assert "delete_selected" not in shown.text
    assert posted.status_code in (200, 302)
    assert User.objects.filter(pk=person.pk).exists()
    assert Membership.objects.filter(pk=leadership.pk).exists()


@pytest.mark.parametrize("object_id", ["999999", "geen-getal"])
def test_the_admins_delete_page_of_an_unknown_person_goes_back_to_the_list(
    client_for, beheerder, object_id
):
    answer = client_for(beheerder).get(reverse("admin:accounts_user_delete", args=[object_id]))

    assert (answer.status_code, answer.url) == (302, reverse("admin:index"))


def test_the_add_role_page_tells_two_people_with_the_same_name_apart(client_for, beheerder):
    UserFactory(full_name="Jan de Vries", email="jan@gemeente-a.example")
    UserFactory(full_name="Jan de Vries", email="jan@gemeente-b.example")

    page = client_for(beheerder).get(reverse("admin:regions_membership_add")).content.decode()

    assert "Jan de Vries &lt;jan@gemeente-a.example&gt;" in page
    assert "Jan de Vries &lt;jan@gemeente-b.example&gt;" in page


def test_the_person_page_shows_each_role_with_its_region_and_municipality_chosen(
    client_for, beheerder, region, other_region
):
    """The inline's selects read their choices once per page (ChoicesOnceInlineMixin): each row
    still has its own stored region and municipality chosen, and offers the others."""
    person = UserFactory()
    roles = [
        MembershipFactory(
            user=person,
            region=place,
            wethouder=True,
            municipality=MunicipalityFactory(region=place),
        )
        for place in (region, other_region)
    ]

    page = client_for(beheerder).get(reverse("admin:accounts_user_change", args=[person.pk]))

    html = page.content.decode()
    for role in roles:
        for choice in (role.region, role.municipality):
            assert html.count(f'<option value="{choice.pk}" selected>{choice.name}</option>') == 1
            assert f'<option value="{choice.pk}">{choice.name}</option>' in html


FUNCTION_ONLY_FOR_BESTUURDER = "Alleen een bestuurder heeft een functie. Laat dit leeg."
FUNCTION_NEEDED = "Kies voor een bestuurder of het een burgemeester of wethouder is."


@pytest.mark.parametrize(
    ("role", "function", "error"),
    [
        (RegionRole.STUURGROEPLID, BestuurderFunction.WETHOUDER, FUNCTION_ONLY_FOR_BESTUURDER),
        (RegionRole.BESTUURDER, "", FUNCTION_NEEDED),
    ],
    ids=["function-without-bestuurder", "bestuurder-without-function"],
)
def test_the_inline_says_at_the_function_when_it_does_not_fit_the_role(
    client_for, beheerder, region, role, function, error
):
    """The database refused it with "Beperking 'regions_membership_function_only_for_bestuurder'
    is geschonden." above the row; the portal's invitation says it at the field."""
    person = UserFactory()
    new_role = {
        "region": region.pk,
        "role": role,
        "function": function,
        "portfolio": "",
        "municipality": "",
    }

    answer = save_person(client_for(beheerder), person, [new_role])

    assert answer.status_code == 200
    formset = answer.context["inline_admin_formsets"][0].formset
    assert formset.errors[0] == {"function": [error]}
    assert not Membership.objects.filter(user=person).exists()


def test_the_membership_admin_says_at_the_function_that_only_a_bestuurder_has_one(
    client_for, beheerder, region
):
    person = UserFactory()

    answer = client_for(beheerder).post(
        reverse("admin:regions_membership_add"),
        {
            "user": person.pk,
            "region": region.pk,
            "role": RegionRole.PROJECTLEIDER,
            "function": BestuurderFunction.BURGEMEESTER,
            "portfolio": "",
            "municipality": "",
            "_save": "Opslaan",
        },
    )

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors == {"function": [FUNCTION_ONLY_FOR_BESTUURDER]}
    assert not Membership.objects.filter(user=person).exists()
