"""The beheerder's admin screens: municipality import, merge and split; others stay out."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ghnt_portal.accounts.models import User
from regions.admin import IMPORT_SESSION_KEY
from regions.models import GovernanceBody, Membership, Municipality, Region, Seat
from tests.factories import (
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
)

HEADER = "CBS-code;naam;inwoners;regio\n"


def upload(client, text: str, name: str = "gemeenten.csv"):
    return client.post(
        reverse("admin:regions_municipality_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )


ADMIN_URLS = [
    ("admin:index", None),
    ("admin:regions_municipality_import", None),
    ("admin:regions_region_merge", "region"),
    ("admin:regions_region_split", "region"),
    ("admin:accounts_user_changelist", None),
    ("admin:accounts_invitation_changelist", None),
]


def _url(name, arg, region):
    return reverse(name, args=[region.pk] if arg else [])


@pytest.mark.parametrize(("name", "arg"), ADMIN_URLS)
@pytest.mark.parametrize(
    "role_client",
    ["anonymous", "bestuurder", "stuurgroeplid", "projectleider", "landelijk"],
    indirect=True,
)
def test_admin_screens_are_for_the_beheerder_only(role_client, name, arg, region):
    _, _, client = role_client

    response = client.get(_url(name, arg, region))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response.url or "/inloggen/" in response.url


@pytest.mark.parametrize(("name", "arg"), ADMIN_URLS)
def test_beheerder_reaches_every_admin_screen(name, arg, region, beheerder, client_for):
    response = client_for(beheerder).get(_url(name, arg, region))

    assert response.status_code == 200


def test_beheerder_opens_a_users_page_with_the_roles_inline(beheerder, client_for, region):
    person = MembershipFactory(region=region, wethouder=True).user

    response = client_for(beheerder).get(reverse("admin:accounts_user_change", args=[person.pk]))

    assert response.status_code == 200
    assert "rollen in regio" in response.text.lower()
    assert region.name in response.text


def test_import_preview_then_confirm_saves_the_municipalities(beheerder, client_for, region):
    client = client_for(beheerder)
    existing = MunicipalityFactory(cbs_code="GM0001", name="Oud", region=region)

    preview = upload(
        client, HEADER + f"GM0001;Nieuw;10;{region.slug}\nGM0002;Twee;;{region.name}\n"
    )

    assert preview.status_code == 200
    assert "wordt bijgewerkt" in preview.text
    assert "Importeren bevestigen" in preview.text
    assert Municipality.objects.count() == 1

    done = client.post(reverse("admin:regions_municipality_import"), {"confirm": "1"})

    assert done.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Nieuw"
    assert Municipality.objects.get(cbs_code="GM0002").region == region
    assert IMPORT_SESSION_KEY not in client.session


def test_import_with_a_bad_line_shows_the_errors_and_saves_nothing(beheerder, client_for, region):
    client = client_for(beheerder)

    response = upload(client, HEADER + f"GM0001;Een;1;{region.slug}\nGM02;Twee;1;{region.slug}\n")

    assert response.status_code == 200
    assert "Er is niets geïmporteerd" in response.text
    assert "&#x27;GM02&#x27; is geen geldige CBS-code" in response.text
    assert "Importeren bevestigen" not in response.text
    assert (
        client.post(reverse("admin:regions_municipality_import"), {"confirm": "1"}).status_code
        == 302
    )
    assert not Municipality.objects.exists()


def test_import_confirm_checks_the_file_again(beheerder, client_for, region):
    client = client_for(beheerder)
    upload(client, HEADER + "GM0001;Een;1;verdwijnt\n".replace("verdwijnt", region.slug))
    region.municipalities.all().delete()
    Region.objects.filter(pk=region.pk).delete()

    response = client.post(reverse("admin:regions_municipality_import"), {"confirm": "1"})

    assert response.status_code == 200
    assert "bestaat niet" in response.text
    assert not Municipality.objects.exists()


def test_beheerder_merges_two_regions_after_confirming(beheerder, client_for, region, other_region):
    MunicipalityFactory(region=region)
    client = client_for(beheerder)
    url = reverse("admin:regions_region_merge", args=[region.pk])

    unconfirmed = client.post(url, {"target": other_region.pk})
    assert unconfirmed.status_code == 200
    assert Region.objects.filter(pk=region.pk).exists()

    response = client.post(url, {"target": other_region.pk, "confirm": "on"})

    assert response.status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    assert other_region.municipalities.count() == 1


def test_beheerder_splits_a_region(beheerder, client_for, region):
    stay, go = MunicipalityFactory.create_batch(2, region=region)

    response = client_for(beheerder).post(
        reverse("admin:regions_region_split", args=[region.pk]),
        {"name": "Afgesplitst", "slug": "afgesplitst", "municipalities": [go.pk]},
    )

    assert response.status_code == 302
    go.refresh_from_db()
    stay.refresh_from_db()
    assert go.region.slug == "afgesplitst"
    assert stay.region == region
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Afgesplitst is afgesplitst van {region.name} met 1 gemeenten."
    ]


def test_a_municipality_moved_in_its_admin_form_leaves_the_old_regions_seats(
    beheerder, client_for, region
):
    """As a split or an import does: a seat of the old region may not name it any more."""
    moved = MunicipalityFactory(region=region)
    seat = SeatFactory(body=GovernanceBodyFactory(region=region), represents_municipality=moved)
    other = RegionFactory()

    response = client_for(beheerder).post(
        reverse("admin:regions_municipality_change", args=[moved.pk]),
        municipality_form(moved, other),
    )

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.represents_municipality is None
    assert "Bij 1 zetel in de oude regio is de gemeente leeggemaakt" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )


def municipality_form(municipality, region) -> dict:
    return {
        "name": municipality.name,
        "cbs_code": municipality.cbs_code,
        "inhabitants": municipality.inhabitants or "",
        "region": region.pk,
    }


def test_a_municipality_moved_in_its_admin_form_takes_its_bestuurder_along(
    beheerder, client_for, region, other_region
):
    moved = MunicipalityFactory(region=region)
    wethouder = MembershipFactory(region=region, wethouder=True, municipality=moved)
    leader = MembershipFactory(region=region, projectleider=True, municipality=moved)

    response = client_for(beheerder).post(
        reverse("admin:regions_municipality_change", args=[moved.pk]),
        municipality_form(moved, other_region),
    )

    assert response.status_code == 302
    wethouder = Membership.objects.get(pk=wethouder.pk)
    assert (wethouder.region, wethouder.municipality) == (other_region, moved)
    leader = Membership.objects.get(pk=leader.pk)
    assert (leader.region, leader.municipality) == (region, None)
    assert messages_of(response)[0] == (
        "1 bestuurder is met de gemeente meeverhuisd naar de nieuwe regio. Bij 1 rol in de oude "
        "regio is de gemeente leeggemaakt: die hoort nu bij een andere regio. Vul daar zo nodig "
        "een gemeente van de eigen regio in."
    )


def test_a_bestuurder_already_one_in_the_new_region_stays_when_the_admin_form_moves_it(
    beheerder, client_for, region, other_region
):
    moved = MunicipalityFactory(region=region)
    wethouder = MembershipFactory(region=region, wethouder=True, municipality=moved)
    MembershipFactory(region=other_region, user=wethouder.user, burgemeester=True)

    response = client_for(beheerder).post(
        reverse("admin:regions_municipality_change", args=[moved.pk]),
        municipality_form(moved, other_region),
    )

    assert response.status_code == 302
    wethouder = Membership.objects.get(pk=wethouder.pk)
    assert (wethouder.region, wethouder.municipality) == (region, None)
    assert "Bij 1 rol in de oude regio is de gemeente leeggemaakt" in messages_of(response)[0]


def test_split_without_municipalities_shows_a_field_error(beheerder, client_for, region):
    MunicipalityFactory(region=region)

    response = client_for(beheerder).post(
        reverse("admin:regions_region_split", args=[region.pk]),
        {"name": "Afgesplitst", "slug": "afgesplitst"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["municipalities"]
    assert not Region.objects.filter(slug="afgesplitst").exists()


def test_merge_action_on_the_list_leads_to_the_merge_page(beheerder, client_for, region):
    RegionFactory()

    response = client_for(beheerder).post(
        reverse("admin:regions_region_changelist"),
        {"action": "merge_action", "_selected_action": [region.pk]},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:regions_region_merge", args=[region.pk])


def test_beheerder_adds_a_user_in_the_admin(beheerder, client_for):
    client = client_for(beheerder)
    url = reverse("admin:accounts_user_add")

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": "nieuw@example.nl",
            "full_name": "Nieuwe Beheerder",
            "usable_password": "true",
            "password1": "Lange-zin-als-wachtwoord-1",
            "password2": "Lange-zin-als-wachtwoord-1",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="nieuw@example.nl").check_password("Lange-zin-als-wachtwoord-1")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("line", ["GM\x000001;Nuldorp;10;{slug}", "GM0001;Nul\x00dorp;10;{slug}"])
def test_import_with_a_nul_character_shows_a_line_error(beheerder, client_for, region, line):
    client = client_for(beheerder)

    response = upload(client, HEADER + line.format(slug=region.slug) + "\n")

    assert response.status_code == 200
    assert [(e.line, "NUL-teken" in e.message) for e in response.context["plan"].errors] == [
        (2, True)
    ]
    assert IMPORT_SESSION_KEY not in client.session
    assert not Municipality.objects.exists()


def test_import_with_a_number_too_long_for_python_shows_a_line_error(beheerder, client_for, region):
    client = client_for(beheerder)

    response = upload(client, HEADER + f"GM0001;Een;{'1' * 5000};{region.slug}\n")

    assert response.status_code == 200
    assert [str(e) for e in response.context["plan"].errors] == [
        f"Regel 2: Het aantal inwoners: {'1' * 40}… is te groot (hoogstens 2.147.483.647)."
    ]
    assert IMPORT_SESSION_KEY not in client.session
    assert not Municipality.objects.exists()


def test_import_confirm_says_how_many_seats_lost_a_moved_municipality(
    beheerder, client_for, region, other_region
):
    moved = MunicipalityFactory(cbs_code="GM0001", name="Verhuisdorp", region=other_region)
    seat = SeatFactory(
        body=GovernanceBodyFactory(region=other_region), represents_municipality=moved
    )
    client = client_for(beheerder)
    upload(client, HEADER + f"GM0001;Verhuisdorp;10;{region.slug}\n")

    done = client.post(reverse("admin:regions_municipality_import"), {"confirm": "1"})

    assert done.status_code == 302
    assert Seat.objects.get(pk=seat.pk).represents_municipality is None
    assert messages_of(done) == [
        "Gemeenten geïmporteerd: 0 nieuw, 1 bijgewerkt. Bij 1 zetel in de oude regio is de "
        "gemeente leeggemaakt: die hoort nu bij een andere regio. Vul daar zo nodig een "
        "gemeente van de eigen regio in."
    ]


def test_split_says_how_many_seats_lost_a_moved_municipality(beheerder, client_for, region):
    _stay, go = MunicipalityFactory.create_batch(2, region=region)
    body = GovernanceBodyFactory(region=region)
    SeatFactory.create_batch(2, body=body, represents_municipality=go)

    response = client_for(beheerder).post(
        reverse("admin:regions_region_split", args=[region.pk]),
        {"name": "Afgesplitst", "slug": "afgesplitst", "municipalities": [go.pk]},
    )

    assert response.status_code == 302
    assert not Seat.objects.filter(represents_municipality=go).exists()
    [message] = messages_of(response)
    assert "Bij 2 zetels in de oude regio is de gemeente leeggemaakt" in message


def test_merge_whose_renamed_body_name_is_taken_still_merges(
    beheerder, client_for, region, other_region
):
    GovernanceBodyFactory(region=other_region, name="Stuurgroep")
    GovernanceBodyFactory(region=other_region, name=f"Stuurgroep ({region.name})")
    GovernanceBodyFactory(region=region, name="Stuurgroep")

    response = client_for(beheerder).post(
        reverse("admin:regions_region_merge", args=[region.pk]),
        {"target": other_region.pk, "confirm": "on"},
    )

    assert response.status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    assert GovernanceBody.objects.filter(
        region=other_region, name=f"Stuurgroep ({region.name} 2)"
    ).exists()


def test_import_of_a_file_over_2_mb_is_refused_at_the_field(beheerder, client_for, region):
    client = client_for(beheerder)
    line = f"GM0001;Een;1;{region.slug}\n"

    response = upload(client, HEADER + line * (2 * 1024 * 1024 // len(line)))

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Het bestand is groter dan 2 MB."]}
    assert IMPORT_SESSION_KEY not in client.session
    assert not Municipality.objects.exists()


def test_import_of_more_than_5000_municipalities_is_refused_in_dutch(beheerder, client_for, region):
    client = client_for(beheerder)
    lines = "".join(f"GM{n:04d};Dorp {n};1;{region.slug}\n" for n in range(5001))

    response = upload(client, HEADER + lines)

    assert response.status_code == 200
    assert [str(e) for e in response.context["plan"].errors] == [
        "Regel 5002: Het bestand heeft meer dan 5000 regels met gegevens; splits het bestand."
    ]
    assert IMPORT_SESSION_KEY not in client.session
    assert not Municipality.objects.exists()


def test_a_cbs_code_of_another_region_is_refused_at_the_field(client_for, beheerder, region):
    """The database refused it with "Beperking 'regions_region_unique_cbs_code' is geschonden."
    above the form."""
    RegionFactory(cbs_code="VT01")

    answer = client_for(beheerder).post(
        reverse("admin:regions_region_add"),
        {
            "name": "Nieuwe regio",
            "slug": "nieuwe-regio",
            "centrumgemeente": "",
            "description": "",
            "source": "",
            "is_active": "on",
            "cbs_code": "VT01",
            "_save": "Opslaan",
        },
    )

    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors == {
        "cbs_code": ["Deze code in CBS-tabellen hoort al bij een andere regio."]
    }
    assert not Region.objects.filter(slug="nieuwe-regio").exists()
