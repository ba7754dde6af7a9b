"""reverse_each gives, for every row, the link reverse() gives."""

import uuid

from django.urls import clear_script_prefix, reverse, set_script_prefix

from ghnt_portal.reversing import reverse_each

ROUND = uuid.UUID("269caf37-703e-40e5-88f5-d0a7f54196dc")


def test_an_int_as_the_last_argument_gives_the_link_of_each_row():
    ids = [1, 40, 123456789]
    assert reverse_each("governance:action_create", ["drenthe", ROUND], ids) == [
        reverse("governance:action_create", args=["drenthe", ROUND, pk]) for pk in ids
    ]


def test_a_uuid_as_the_last_argument_gives_the_link_of_each_row():
    uuids = [uuid.uuid4() for _ in range(3)]
    assert reverse_each("regions:seat_update", ["drenthe"], uuids) == [
        reverse("regions:seat_update", args=["drenthe", u]) for u in uuids
    ]


def test_an_earlier_argument_that_looks_like_the_marker_is_left_alone():
    slug = "987654321987654321"  # the int marker's digits, as a region slug
    assert reverse_each("governance:action_create", [slug, ROUND], [5]) == [
        reverse("governance:action_create", args=[slug, ROUND, 5])
    ]


def test_the_links_keep_the_script_prefix():
    set_script_prefix("/portaal/")
    try:
        links = reverse_each("regions:body_detail", ["drenthe"], [ROUND])
        assert links == [f"/portaal/regio/drenthe/overleggen/{ROUND}/"]
    finally:
        clear_script_prefix()


def test_no_rows_give_no_links():
    assert reverse_each("regions:body_detail", ["drenthe"], []) == []


def test_a_slug_as_the_last_argument_gives_the_link_of_each_row():
    slugs = ["drenthe", "reverse-each-marker", "zuid-holland-zuid"]
    assert reverse_each("regions:region_detail", [], slugs) == [
        reverse("regions:region_detail", args=[slug]) for slug in slugs
    ]


def test_set_links_gives_each_row_its_own_link_by_uuid_or_key():
    from types import SimpleNamespace

    from ghnt_portal.reversing import set_links

    rows = [SimpleNamespace(uuid=uuid.uuid4(), pk=pk) for pk in (3, 7)]

    set_links(rows, "detail_url", "regions:body_detail", ["drenthe"])
    set_links(rows, "add_url", "governance:action_create", ["drenthe", ROUND], key=lambda r: r.pk)

    assert [row.detail_url for row in rows] == [
        reverse("regions:body_detail", args=["drenthe", row.uuid]) for row in rows
    ]
    assert [row.add_url for row in rows] == [
        reverse("governance:action_create", args=["drenthe", ROUND, row.pk]) for row in rows
    ]
