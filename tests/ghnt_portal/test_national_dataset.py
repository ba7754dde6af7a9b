"""The national benchmark dataset, built at a tiny scale."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from governance.models import Assessment, FollowUpAction, Meeting
from regions.constants import RegionRole
from regions.models import GovernanceBody, Membership, Municipality, Region, Seat
from scan.models import Answer, Response


@pytest.fixture
def reference_content(db):
    call_command("load_reference_content", stdout=StringIO())


def build(**options):
    call_command("build_national_dataset", stdout=StringIO(), **options)


@pytest.mark.django_db
def test_builds_every_kind_of_object_at_a_small_scale(reference_content):
    build(regions=3, scale=0.02)

    regions = Region.objects.filter(municipalities__cbs_code__startswith="GM8").distinct()
    assert regions.count() == 3
    assert Municipality.objects.filter(cbs_code__startswith="GM8").count() == 7
    assert GovernanceBody.objects.filter(region__in=regions).count() == 3
    assert Seat.objects.filter(body__region__in=regions).count() == 3 * 2
    assert Membership.objects.filter(role=RegionRole.PROJECTLEIDER).count() == 3
    assert Response.objects.count() > 0
    assert Answer.objects.filter(response__in=Response.objects.all()).exists()
    assert Assessment.objects.filter(region__in=regions).exists()
    assert FollowUpAction.objects.exists()
    # Closed actions say when, as the app's own closing does (a report on a date reads it).
    assert FollowUpAction.objects.filter(is_closed=True).exists()
    assert not FollowUpAction.objects.filter(is_closed=True, closed_at=None).exists()
    assert Meeting.objects.filter(agenda_items__isnull=False).exists()


@pytest.mark.django_db
def test_fictional_municipality_codes_stay_clear_of_real_and_demo_codes(reference_content):
    build(regions=2, scale=0.05)

    codes = Municipality.objects.values_list("cbs_code", flat=True)
    assert codes
    assert all("GM8000" <= code <= "GM8999" for code in codes)


@pytest.mark.django_db
def test_generated_regions_are_named_as_fictional(reference_content):
    reference_count = Region.objects.count()
    build(regions=reference_count + 2, scale=0.01)

    generated = Region.objects.filter(name__startswith="Fictieve regio")
    assert generated.count() == 2


@pytest.mark.django_db
def test_refuses_to_build_the_dataset_twice(reference_content):
    build(regions=1, scale=0.01)
    users = Membership.objects.count()

    with pytest.raises(CommandError, match="staat er al"):
        build(regions=1, scale=0.01)
    build(regions=1, scale=0.01, skip_if_present=True)

    assert Membership.objects.count() == users


@pytest.mark.django_db
def test_refuses_without_reference_content():
    with pytest.raises(CommandError, match="load_reference_content"):
        build(regions=1, scale=0.01)
    assert not Municipality.objects.exists()
