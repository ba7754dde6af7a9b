import pytest
from django.urls import reverse

from ghnt_portal.audit.locking import RACE_MESSAGE
from governance import selectors, services
from governance.models import NietVergetenLijst
from governance.selectors import (
    NVL_COMMUNICATION_PLAN,
    NVL_MANDATE,
    NVL_TEXT_FIELDS,
    nvl_completeness_for_body,
    nvl_completeness_for_region,
    nvl_completeness_for_regions,
)
from regions.national import _body_stats_per_region
from tests.factories import GovernanceBodyFactory, RegionFactory, SeatFactory

from .factories import CommunicationEntryFactory, NietVergetenLijstFactory


@pytest.fixture
def complete_body(region):
    body = GovernanceBodyFactory(region=region, name="Compleet overleg")
    NietVergetenLijstFactory(body=body)
    SeatFactory(body=body, mandate="Besluit over de inzet van het wijkteam.")
    CommunicationEntryFactory(body=body)
    return body


def test_a_body_with_every_agreement_is_complete(complete_body):
    result = nvl_completeness_for_body(complete_body)

    assert result.is_complete
    assert result.filled == result.total == len(NVL_TEXT_FIELDS) + 2


def test_a_body_without_a_list_misses_every_agreement(body):
    result = nvl_completeness_for_body(body)

    assert result.missing == (*NVL_TEXT_FIELDS, NVL_MANDATE, NVL_COMMUNICATION_PLAN)
    assert result.filled == 0


@pytest.mark.parametrize("field", NVL_TEXT_FIELDS)
def test_each_empty_agreement_counts_as_missing(complete_body, field):
    NietVergetenLijst.objects.filter(body=complete_body).update(**{field: "   "})

    result = nvl_completeness_for_body(complete_body)

    assert result.missing == (field,)
    label = str(selectors.nvl_agreement_labels()[field])
    assert result.missing_labels == [label]


def test_no_seat_with_a_mandate_counts_as_missing(complete_body):
    complete_body.seats.update(mandate="")
    SeatFactory(body=complete_body, mandate="")

    assert nvl_completeness_for_body(complete_body).missing == (NVL_MANDATE,)


def test_a_body_without_seats_misses_the_mandate_agreement(complete_body):
    complete_body.seats.all().delete()

    assert nvl_completeness_for_body(complete_body).missing == (NVL_MANDATE,)


def test_one_seat_with_a_mandate_is_enough(complete_body):
    SeatFactory(body=complete_body, mandate="")

    assert nvl_completeness_for_body(complete_body).is_complete


def test_an_empty_communication_plan_counts_as_missing(complete_body):
    complete_body.communication_entries.all().delete()

    assert nvl_completeness_for_body(complete_body).missing == (NVL_COMMUNICATION_PLAN,)


def test_region_completeness_counts_per_body(region, complete_body, body):
    result = nvl_completeness_for_region(region)

    assert result.body_count == 2
    assert result.complete_bodies == 1
    assert result.missing_count == len(NVL_TEXT_FIELDS) + 2
    assert not result.is_complete
    assert {b.body_name for b in result.bodies} == {"Compleet overleg", body.name}


def test_a_region_without_bodies_is_not_complete(db):
    result = nvl_completeness_for_region(RegionFactory())

    assert result.body_count == 0
    assert not result.is_complete


def test_bulk_completeness_runs_one_query_for_many_regions(db, django_assert_num_queries):
    regions = [RegionFactory() for _ in range(10)]
    for region in regions:
        for _ in range(3):
            body = GovernanceBodyFactory(region=region)
            NietVergetenLijstFactory(body=body)
            SeatFactory(body=body, mandate="Mandaat")
            SeatFactory(body=body, mandate="Mandaat")
            CommunicationEntryFactory(body=body)
            CommunicationEntryFactory(body=body)

    with django_assert_num_queries(1):
        result = nvl_completeness_for_regions(regions)

    assert all(r.body_count == 3 and r.is_complete for r in result.values())


def test_per_region_totals_count_the_same_agreements_as_per_body(
    region, complete_body, body, django_assert_num_queries
):
    partial = GovernanceBodyFactory(region=region)
    NietVergetenLijstFactory(body=partial, themes="  ", problem="")
    SeatFactory(body=partial, mandate="")
    SeatFactory(body=partial, mandate="Mandaat")
    CommunicationEntryFactory(body=partial)
    CommunicationEntryFactory(body=partial)
    other = GovernanceBodyFactory(region=RegionFactory())
    CommunicationEntryFactory(body=other)
    without_bodies = RegionFactory()
    regions = [region, other.region, without_bodies]

    # The per-region count as the national overview asks it (one query for all regions), not
    # a query of the test's own.
    with django_assert_num_queries(1):
        stats = _body_stats_per_region([r.pk for r in regions])
    totals = {rid: (s.nvl_filled, s.nvl_total) for rid, s in stats.items()}

    per_body = nvl_completeness_for_regions(regions)
    assert totals == {
        region.pk: (8 + 0 + 6, 3 * 8),  # complete, without a list, two texts missing
        other.region.pk: (1, 8),
    }
    assert {rid: (c.filled, c.total) for rid, c in per_body.items() if c.bodies} == totals


def test_the_body_page_shows_registry_facts_and_marks_missing_agreements(
    region, body, bestuurder, client_for
):
    SeatFactory(body=body, person_name="Wim Wethouder", mandate="Mag besluiten over Jeugd.")
    NietVergetenLijstFactory(body=body, themes="", problem="Veel herhaald geweld.")

    response = client_for(bestuurder).get(
        reverse("governance:body_detail", args=[region.slug, body.uuid])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mag besluiten over Jeugd." in page
    assert "adviserend" in page
    assert "vast lid" in page
    assert "Veel herhaald geweld." in page
    assert "Nog niet afgesproken" in page
    assert "communicatieplan (nog geen regels)" in page
    assert "Niet-Vergeten-Lijst bewerken" not in page


def test_projectleider_fills_in_the_list(region, body, projectleider, client_for):
    response = client_for(projectleider).post(
        reverse("governance:nvl_edit", args=[region.slug, body.uuid]),
        {
            "problem": "Geweld stopt niet na een melding.",
            "purpose_and_role": "Adviseren aan de regiobijeenkomst.",
            "themes": "",
            "preparation": "",
            "communication": "",
            "information_flow": "",
        },
    )

    assert response.status_code == 302
    nvl = NietVergetenLijst.objects.get(body=body)
    assert nvl.problem == "Geweld stopt niet na een melding."
    assert "themes" in nvl_completeness_for_body(body).missing


def test_an_agreement_of_only_non_breaking_spaces_is_saved_empty_and_counts_as_missing(
    region, body, projectleider, client_for
):
    """The completeness rule runs in SQL, where a non-breaking space is not white space; the
    form strips it (as Python does), so such an agreement never reaches the database."""
    response = client_for(projectleider).post(
        reverse("governance:nvl_edit", args=[region.slug, body.uuid]),
        {"problem": "\u00a0\u00a0", "purpose_and_role": "Adviseren aan de regiobijeenkomst."},
    )

    assert response.status_code == 302
    assert NietVergetenLijst.objects.get(body=body).problem == ""
    assert "problem" in nvl_completeness_for_body(body).missing


def test_two_simultaneous_first_saves_of_the_list_give_the_conflict_error_not_a_500(
    region, body, projectleider, client_for, monkeypatch
):
    """A colleague's first save lands between this request's lookup (no list yet) and its
    insert: the one-list-per-body constraint refuses the insert, which becomes the lock's
    Dutch conflict message, and the colleague's list stays as it was."""

    def lookup_then_colleague_saves(b):
        unsaved = NietVergetenLijst(body=b)
        NietVergetenLijst.objects.create(body=b, problem="Door een collega opgeslagen.")
        return unsaved

    monkeypatch.setattr(services, "nvl_for_body", lookup_then_colleague_saves)
    client = client_for(projectleider)
    client.raise_request_exception = False

    response = client.post(
        reverse("governance:nvl_edit", args=[region.slug, body.uuid]),
        {"problem": "Mijn probleemschets."},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(RACE_MESSAGE)]
    assert "hetzelfde moment" in response.content.decode()
    saved = NietVergetenLijst.objects.get(body=body)
    assert (saved.problem, saved.lock_version) == ("Door een collega opgeslagen.", 1)


def test_an_overlong_agreement_is_refused_at_the_field(region, body, projectleider, client_for):
    response = client_for(projectleider).post(
        reverse("governance:nvl_edit", args=[region.slug, body.uuid]), {"problem": "x" * 4001}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["problem"]
    assert not NietVergetenLijst.objects.exists()


def test_the_region_page_shows_completeness_per_body(
    region, complete_body, body, bestuurder, client_for
):
    response = client_for(bestuurder).get(reverse("governance:region", args=[region.slug]))

    page = response.content.decode()
    assert "1 van 2 overleggen hebben alle afspraken" in page
    assert "compleet" in page
