"""The regions panel on the home page, per role."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from regions.constants import RegionRole
from regions.home import panel
from tests.factories import GovernanceBodyFactory, MembershipFactory, SeatFactory
from tests.regions.factories import core_domains


def test_projectleider_sees_the_region_its_white_spots_and_open_work(projectleider, region):
    core_domains()
    body = GovernanceBodyFactory(region=region, name="Stuurgroep", purpose="")

    result = panel(projectleider)

    (entry,) = result.context["entries"]
    assert entry.region == region
    assert entry.can_edit
    assert entry.white_spot_count > 0
    labels = [item.label for item in entry.open_work]
    assert "Stuurgroep: nog geen zetels" in labels
    assert "Stuurgroep: de bedoeling is nog niet beschreven" in labels
    assert reverse("regions:body_update", args=[region.slug, body.uuid]) in [
        item.url for item in entry.open_work
    ]


def test_a_body_without_chair_is_open_work(projectleider, region):
    SeatFactory(body=GovernanceBodyFactory(region=region, name="Regiegroep"))

    (entry,) = panel(projectleider).context["entries"]

    assert "Regiegroep: geen voorzitter" in [item.label for item in entry.open_work]


def test_stuurgroeplid_sees_the_region_without_white_spot_counts(stuurgroeplid, region):
    (entry,) = panel(stuurgroeplid).context["entries"]

    assert entry.region == region
    assert not entry.can_edit
    assert entry.white_spot_count is None
    assert entry.open_work == []


def test_a_bestuurder_gets_no_regions_panel(bestuurder):
    assert panel(bestuurder) is None


def test_a_bestuurder_who_is_also_stuurgroeplid_gets_the_panel(bestuurder, region):
    MembershipFactory(user=bestuurder, region=region, role=RegionRole.STUURGROEPLID)

    (entry,) = panel(bestuurder).context["entries"]

    assert entry.role_labels == ["stuurgroeplid"]


def test_anonymous_gets_no_panel(db):
    assert panel(AnonymousUser()) is None


def test_national_roles_get_counts_and_a_link_to_all_regions(landelijk, region, other_region):
    GovernanceBodyFactory(region=region)

    result = panel(landelijk)

    assert result.context["national"]["regions"] == 2
    assert result.context["national"]["regions_without_bodies"] == 1
    assert result.context["national"]["bodies"] == 1
    assert result.context["list_url"] == reverse("regions:region_list")


def test_the_home_page_shows_the_panel(client_for, projectleider, region):
    core_domains()

    response = client_for(projectleider).get(reverse("home"))

    assert "Regio&#x27;s en overleggen" in response.text or "Regio's en overleggen" in response.text
    assert reverse("regions:structure", args=[region.slug]) in response.text
    assert "witte vlekken in de structuur" in response.text


def test_a_long_list_of_open_work_is_cut_short_with_a_count(client_for, projectleider, region):
    GovernanceBodyFactory.create_batch(5, region=region, purpose="")  # 10 open items

    (entry,) = panel(projectleider).context["entries"]
    response = client_for(projectleider).get(reverse("home"))

    assert len(entry.open_work) == 6
    assert entry.more_open_work == 4
    assert "en nog 4 punten op de regiopagina" in response.text
