"""Lists, the region page, the body page and the structure picture keep a flat query count:
the same number of queries with 10× the bodies and seats."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.structure import build_structure_picture
from tests.factories import MembershipFactory, RegionFactory
from tests.regions.factories import core_domains, fill_registry

# Session, user, OTP device and access lookups included; the point is that it does not grow.
MAX_PAGE_QUERIES = 16
# Bodies, their domains and seats, all domains, municipalities and partners without a seat.
MAX_PICTURE_QUERIES = 6


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.fixture
def domains(db):
    d = core_domains()
    return [d.jeugd, d.wmo, d.veiligheid, d.onderwijs]


def grow(region, domains, factor: int):
    return fill_registry(region, bodies=3 * factor, seats_per_body=4, domains=domains)


@pytest.mark.parametrize("page", ["region_detail", "structure", "body_detail"])
def test_region_pages_keep_a_flat_query_count(
    client_for, projectleider, region, domains, page, django_assert_max_num_queries
):
    client = client_for(projectleider)
    bodies = grow(region, domains, 1)
    args = [region.slug] + ([bodies[1].uuid] if page == "body_detail" else [])
    url = reverse(f"regions:{page}", args=args)
    client.get(url)  # warm up session and caches
    small = count_queries(lambda: client.get(url))

    # 10× the bodies and seats; the body page shows a body with 10× the seats.
    bodies = grow(region, domains, 9)
    fill_registry(region, bodies=1, seats_per_body=40, domains=domains)
    if page == "body_detail":
        url = reverse(f"regions:{page}", args=[region.slug, region.bodies.last().uuid])

    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert count_queries(lambda: client.get(url)) == small


def test_my_regions_list_keeps_a_flat_query_count(
    client_for, landelijk, domains, django_assert_max_num_queries
):
    client = client_for(landelijk)
    url = reverse("regions:region_list")
    grow(RegionFactory(), domains, 1)
    client.get(url)
    small = count_queries(lambda: client.get(url))

    for _ in range(10):
        grow(RegionFactory(), domains, 1)

    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["regions"]) == 11
    assert count_queries(lambda: client.get(url)) == small


def test_a_projectleiders_region_list_keeps_a_flat_query_count(
    client_for, projectleider, region, domains, django_assert_max_num_queries
):
    client = client_for(projectleider)
    url = reverse("regions:region_list")
    client.get(url)
    small = count_queries(lambda: client.get(url))

    for _ in range(10):
        other = RegionFactory()
        MembershipFactory(region=other, user=projectleider, projectleider=True)
        grow(other, domains, 1)

    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["regions"]) == 11
    assert count_queries(lambda: client.get(url)) == small


def test_the_structure_picture_runs_a_fixed_number_of_queries(
    region, domains, django_assert_max_num_queries
):
    grow(region, domains, 10)

    with django_assert_max_num_queries(MAX_PICTURE_QUERIES):
        picture = build_structure_picture(region)
        [spot.title for spot in picture.white_spots]
        [cell.overlap for row in picture.matrix for cell in row.cells]
    assert len(picture.nodes) == 30
