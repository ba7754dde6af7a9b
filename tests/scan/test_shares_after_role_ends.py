"""A bestuurder whose role in a region ends (withdrawn or changed on the people page, removed or
moved in the admin, their municipality moved to another region) or whose account is switched
off no longer shares anything in that region's sessions: their shares are withdrawn as when the
project leader uninvites them. QA: their answers, named ones included, stayed visible."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from ghnt_portal.accounts import services as account_services
from regions.constants import RegionRole
from regions.models import Membership
from regions.services import follow_moved_municipalities
from scan import selectors, services
from scan.models import AnonymousSnapshot, SessionInvitation, SharedResponse
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.people_admin import row, save_person

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory


@pytest.fixture
def session(region, questionnaire, projectleider):
    return ScanSessionFactory(region=region, questionnaire=questionnaire, created_by=projectleider)


@pytest.fixture
def other_session(other_region, questionnaire):
    return ScanSessionFactory(region=other_region, questionnaire=questionnaire)


def _share(session, user, *, anonymous: bool, scale: int = 1):
    SessionInvitation.objects.get_or_create(session=session, user=user)
    response = ResponseFactory(user=user, questionnaire=session.questionnaire, round=1)
    question = session.questionnaire.questions.get(key="rol")
    AnswerFactory(response=response, question=question, scale=scale)
    services.share_response(response=response, session=session, anonymous=anonymous)
    return response


def _leaving(region, other_region, session, other_session):
    """A wethouder in both regions who shares by name in a session of each."""
    user = MembershipFactory(region=region, wethouder=True, user__full_name="Wim Vertrek").user
    MembershipFactory(region=other_region, wethouder=True, user=user)
    response = _share(session, user, anonymous=False)
    SessionInvitation.objects.create(session=other_session, user=user)
    services.share_response(response=response, session=other_session, anonymous=False)
    return user


def _shared_in(session) -> set:
    return set(SharedResponse.objects.filter(session=session).values_list("user_id", flat=True))


def _page(client, session) -> str:
    return client.get(reverse("scan:session_detail", args=[session.uuid])).text


def _people_url(name, membership):
    return reverse(
        f"accounts:{name}", kwargs={"region_slug": membership.region.slug, "pk": membership.pk}
    )


@pytest.mark.parametrize("change", ["withdraw", "stuurgroeplid"])
def test_ending_the_role_on_the_people_page_withdraws_the_shares_in_that_regions_sessions(
    change, region, other_region, session, other_session, projectleider, bestuurder, client_for
):
    leaving = _leaving(region, other_region, session, other_session)
    _share(session, bestuurder, anonymous=False)
    membership = Membership.objects.get(user=leaving, region=region)
    assert "Wim Vertrek" in _page(client_for(bestuurder), session)

    if change == "withdraw":
        answer = client_for(projectleider).post(_people_url("withdraw_membership", membership))
    else:
        answer = client_for(projectleider).post(
            _people_url("change_membership", membership), {"role": RegionRole.STUURGROEPLID}
        )

    assert answer.status_code == 302
    assert _shared_in(session) == {bestuurder.pk}
    assert _shared_in(other_session) == {leaving.pk}  # still a bestuurder there
    page = _page(client_for(bestuurder), session)
    assert "Wim Vertrek" not in page
    assert "1 (1 op naam, 0 anoniem)" in page


def test_changing_a_bestuurders_function_keeps_the_shares(
    region, session, projectleider, bestuurder, client_for
):
    _share(session, bestuurder, anonymous=False)
    membership = Membership.objects.get(user=bestuurder, region=region)

    client_for(projectleider).post(
        _people_url("change_membership", membership),
        {"role": RegionRole.BESTUURDER, "function": "burgemeester", "portfolio": ""},
    )

    membership.refresh_from_db()
    assert membership.function == "burgemeester"
    assert _shared_in(session) == {bestuurder.pk}


def test_removing_the_role_in_the_admin_withdraws_the_shares_in_that_regions_sessions(
    region, other_region, session, other_session, beheerder, client_for
):
    leaving = _leaving(region, other_region, session, other_session)
    here, there = (Membership.objects.get(user=leaving, region=r) for r in (region, other_region))

    answer = save_person(client_for(beheerder), leaving, [row(here, DELETE="on"), row(there)])

    assert answer.status_code == 302
    assert not Membership.objects.filter(pk=here.pk).exists()
    assert _shared_in(session) == set()
    assert _shared_in(other_session) == {leaving.pk}


def test_switching_the_account_off_in_the_admin_withdraws_all_its_shares(
    region, other_region, session, other_session, bestuurder, beheerder, client_for
):
    leaving = _leaving(region, other_region, session, other_session)
    _share(session, bestuurder, anonymous=False)
    rows = [row(m) for m in Membership.objects.filter(user=leaving).order_by("pk")]

    answer = save_person(client_for(beheerder), leaving, rows, is_active=False)

    assert answer.status_code == 302
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert _shared_in(session) == {bestuurder.pk}
    assert _shared_in(other_session) == set()


def test_saving_an_active_bestuurder_in_the_admin_keeps_their_shares(
    region, session, bestuurder, beheerder, client_for
):
    _share(session, bestuurder, anonymous=True)
    rows = [row(Membership.objects.get(user=bestuurder))]

    answer = save_person(client_for(beheerder), bestuurder, rows, is_active=True)

    assert answer.status_code == 302  # saved, not refused with the shares untouched
    assert _shared_in(session) == {bestuurder.pk}


def test_a_bestuurder_whose_municipality_moves_to_another_region_stops_sharing_in_the_old(
    region, other_region, session, bestuurder, bestuurder2
):
    municipality = MunicipalityFactory(region=region)
    Membership.objects.filter(user=bestuurder).update(municipality=municipality)
    _share(session, bestuurder, anonymous=False)
    _share(session, bestuurder2, anonymous=False)

    municipality.region = other_region
    municipality.save()
    follow_moved_municipalities([municipality.pk])

    assert Membership.objects.get(user=bestuurder).region == other_region
    assert _shared_in(session) == {bestuurder2.pk}


def test_an_ended_role_takes_the_anonymous_answers_out_of_the_snapshot_as_a_withdrawal(
    region, session
):
    """Recorded as an uninvitation or a withdrawal: the answer's counts go at once and the
    question waits for enough other changes (see test_anonymous_snapshot)."""
    sharers = [MembershipFactory(region=region, wethouder=True).user for _ in range(4)]
    responses = [_share(session, user, anonymous=True) for user in sharers]
    services.settle_anonymous_snapshot(
        session=session, anonymous=selectors.session_answers(session).anonymous
    )
    assert AnonymousSnapshot.objects.get().counts["rol"]["scales"][1] == 4

    account_services.withdraw_membership(membership=Membership.objects.get(user=sharers[0]))

    snapshot = AnonymousSnapshot.objects.get()
    assert "rol" not in snapshot.counts
    assert set(snapshot.contributions[str(responses[0].pk)].values()) == {""}
    assert _shared_in(session) == {user.pk for user in sharers[1:]}


def test_the_role_stays_when_withdrawing_the_shares_fails(region, session, monkeypatch):
    """One transaction: the role does not end while the shares stay visible."""
    user = MembershipFactory(region=region, wethouder=True).user
    _share(session, user, anonymous=True)

    def fail(**kwargs):
        raise RuntimeError("forced failure")

    monkeypatch.setattr(services, "forget_anonymous_answers", fail)
    with pytest.raises(RuntimeError):
        account_services.withdraw_membership(membership=Membership.objects.get(user=user))

    assert Membership.objects.filter(user=user, region=region).exists()
    assert _shared_in(session) == {user.pk}


def test_the_migration_withdraws_the_shares_left_by_earlier_ended_roles(
    region, other_region, session, other_session, bestuurder
):
    leaving = _leaving(region, other_region, session, other_session)
    switched_off = MembershipFactory(region=region, wethouder=True, user__is_active=True).user
    _share(session, switched_off, anonymous=True)
    _share(session, bestuurder, anonymous=True)
    # Ended before the fix: straight in the database, as the old code left them.
    Membership.objects.filter(user=leaving, region=region).delete()
    type(switched_off).objects.filter(pk=switched_off.pk).update(is_active=False)
    migration = importlib.import_module("scan.migrations.0005_withdraw_shares_of_ended_roles")

    migration.withdraw_shares_of_ended_roles(apps, None)

    assert _shared_in(session) == {bestuurder.pk}
    assert _shared_in(other_session) == {leaving.pk}


def test_another_users_role_ending_keeps_this_users_shares(region, session, bestuurder):
    _share(session, bestuurder, anonymous=False)
    someone = MembershipFactory(region=region, role=RegionRole.STUURGROEPLID, user=UserFactory())

    account_services.withdraw_membership(membership=someone)

    assert _shared_in(session) == {bestuurder.pk}


def test_the_privacy_statement_says_when_sharing_stops(client, db):
    text = client.get(reverse("privacy")).text

    assert "zien de anderen in die sessie tot u het delen intrekt" in text
    assert "als uw rol als bestuurder in de regio van de sessie eindigt" in text
    assert "als uw account op non-actief wordt gezet of wordt verwijderd" in text
