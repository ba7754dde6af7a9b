"""A double click on "Start de scan" or "Nieuwe ronde": two requests at the same moment make one
round, and neither ends in a server error."""

import pytest
from django.urls import reverse

from scan import services
from scan.models import Response
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only

from .factories import ResponseFactory

# Both requests must meet at the round lock inside their transactions. SQLite has no row lock
# (select_for_update does nothing), and its in-memory test database cannot hold two
# transactions at once ("database table is locked"), so the two never meet there.
AT_ONCE = postgresql_only("two transactions meeting at a row lock: PostgreSQL only")


def _poster(client_for, user, url):
    def post():
        client = client_for(user)
        client.raise_request_exception = False
        return client.post(url).status_code

    return post


@AT_ONCE
@pytest.mark.django_db(transaction=True)
def test_starting_the_scan_twice_at_once_makes_one_first_round(
    bestuurder, questionnaire, client_for, monkeypatch
):
    post = _poster(client_for, bestuurder, reverse("scan:start"))

    statuses = twice_at_once(monkeypatch, services, "_lock_rounds_of", post)

    assert statuses == [302, 302]
    assert list(Response.objects.filter(user=bestuurder).values_list("round", flat=True)) == [1]


@AT_ONCE
@pytest.mark.django_db(transaction=True)
def test_a_new_round_twice_at_once_makes_one_new_round(
    bestuurder, region, questionnaire, client_for, monkeypatch
):
    first = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)

    statuses = twice_at_once(
        monkeypatch,
        services,
        "_lock_rounds_of",
        _poster(client_for, bestuurder, reverse("scan:new_round", args=[first.uuid])),
    )

    assert statuses == [302, 302]
    rounds = Response.objects.filter(user=bestuurder).order_by("round")
    assert list(rounds.values_list("round", "previous_id")) == [(1, None), (2, first.pk)]


def test_a_new_round_from_an_older_round_returns_the_latest(bestuurder, region, questionnaire):
    first = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    second = services.start_new_round(previous=first)

    again = services.start_new_round(previous=first)

    assert again == second
    assert Response.objects.filter(user=bestuurder).count() == 2
