"""Every registry screen, per role: anonymous -> login, other region's project leader -> 404,
read-only roles -> 403 on edits (GET and POST), project leader and beheerder may edit."""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from regions.models import GovernanceBody, PartnerOrganisation, Seat
from tests.factories import GovernanceBodyFactory, PartnerOrganisationFactory, SeatFactory

READ_VIEWS = [
    ("region_detail", ()),
    ("structure", ()),
    ("body_detail", ("body",)),
]
EDIT_VIEWS = [
    ("body_create", ()),
    ("body_update", ("body",)),
    ("body_delete", ("body",)),
    ("seat_create", ("body",)),
    ("seat_update", ("seat",)),
    ("seat_delete", ("seat",)),
    ("partner_create", ()),
    ("partner_update", ("partner",)),
    ("partner_delete", ("partner",)),
]
ALL_VIEWS = READ_VIEWS + EDIT_VIEWS
READERS = ["bestuurder", "burgemeester", "stuurgroeplid", "projectleider", "beheerder", "landelijk"]
READ_ONLY = ["bestuurder", "stuurgroeplid", "landelijk"]
EDITORS = ["projectleider", "beheerder"]


@pytest.fixture
def registry(region, other_region):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep Testland")
    return SimpleNamespace(
        region=region,
        body=body,
        seat=SeatFactory(body=body, person_name="Tess Test"),
        partner=PartnerOrganisationFactory(region=region, name="Veilig Thuis Testland"),
    )


def url_for(name: str, registry, objects: tuple) -> str:
    uuids = [getattr(registry, obj).uuid for obj in objects]
    return reverse(f"regions:{name}", args=[registry.region.slug, *uuids])


def registry_size() -> tuple[int, int, int]:
    return (
        GovernanceBody.objects.count(),
        Seat.objects.count(),
        PartnerOrganisation.objects.count(),
    )


@pytest.mark.parametrize(("name", "objects"), ALL_VIEWS)
def test_anonymous_user_is_sent_to_the_login_page(client_for, registry, name, objects):
    client = client_for(None)
    url = url_for(name, registry, objects)

    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert registry_size() == (1, 1, 1)


@pytest.mark.parametrize(("name", "objects"), ALL_VIEWS)
def test_other_regions_projectleider_gets_404_on_every_view_and_post(
    client_for, other_projectleider, registry, name, objects
):
    client = client_for(other_projectleider)
    url = url_for(name, registry, objects)

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Overgenomen", "person_name": "X"}).status_code == 404
    assert registry_size() == (1, 1, 1)


@pytest.mark.parametrize(("name", "objects"), [v for v in ALL_VIEWS if v[1]])
def test_objects_of_another_region_are_not_found_through_ones_own_region(
    client_for, projectleider, registry, other_region, name, objects
):
    """A uuid of another region's object under one's own region slug gives 404."""
    other_body = GovernanceBodyFactory(region=other_region)
    foreign = SimpleNamespace(
        region=registry.region,
        body=other_body,
        seat=SeatFactory(body=other_body),
        partner=PartnerOrganisationFactory(region=other_region),
    )
    client = client_for(projectleider)
    url = url_for(name, foreign, objects)

    assert client.get(url).status_code == 404
    if (name, objects) in EDIT_VIEWS:
        assert client.post(url, {}).status_code == 404
    assert GovernanceBody.objects.filter(pk=other_body.pk).exists()
    assert Seat.objects.filter(body=other_body).exists()


@pytest.mark.parametrize("role_client", READERS, indirect=True)
@pytest.mark.parametrize(("name", "objects"), READ_VIEWS)
def test_members_and_national_roles_can_read(role_client, registry, name, objects):
    _, _, client = role_client

    response = client.get(url_for(name, registry, objects))

    assert response.status_code == 200
    assert registry.region.name in response.text


@pytest.mark.parametrize("role_client", READ_ONLY, indirect=True)
@pytest.mark.parametrize(("name", "objects"), EDIT_VIEWS)
def test_read_only_roles_get_403_on_every_edit_view(role_client, registry, name, objects):
    _, _, client = role_client
    url = url_for(name, registry, objects)

    assert client.get(url).status_code == 403
    post = client.post(url, {"name": "Poging", "person_name": "Poging", "meetings_per_year": 4})
    assert post.status_code == 403
    assert registry_size() == (1, 1, 1)
    assert not GovernanceBody.objects.filter(name="Poging").exists()


@pytest.mark.parametrize("role_client", READ_ONLY, indirect=True)
def test_read_only_roles_see_no_edit_links(role_client, registry):
    _, _, client = role_client

    for url in (
        url_for("region_detail", registry, ()),
        url_for("body_detail", registry, ("body",)),
    ):
        response = client.get(url)
        text = response.text
        assert response.status_code == 200
        assert "Stuurgroep Testland" in text  # the page itself, not an error page
        assert "bewerken/" not in text
        assert "verwijderen/" not in text
        assert "/nieuw/" not in text


@pytest.mark.parametrize("role_client", EDITORS, indirect=True)
@pytest.mark.parametrize(("name", "objects"), EDIT_VIEWS)
def test_projectleider_and_beheerder_can_open_every_edit_view(role_client, registry, name, objects):
    _, _, client = role_client

    response = client.get(url_for(name, registry, objects))

    assert response.status_code == 200
    # A form that posts back to this page (the header's logout form has an action of its own).
    assert re.search(r'<form method="post"(?![^>]*action=)[^>]*>', response.text)


@pytest.mark.parametrize("role_client", EDITORS, indirect=True)
def test_projectleider_and_beheerder_see_edit_links(role_client, registry):
    _, _, client = role_client

    text = client.get(url_for("body_detail", registry, ("body",))).text

    assert url_for("seat_update", registry, ("seat",)) in text
    assert url_for("body_delete", registry, ("body",)) in text


def test_delete_views_only_delete_on_post(client_for, projectleider, registry):
    client = client_for(projectleider)

    for name, objects in (("seat_delete", ("seat",)), ("partner_delete", ("partner",))):
        client.get(url_for(name, registry, objects))
    client.get(url_for("body_delete", registry, ("body",)))

    assert registry_size() == (1, 1, 1)
