"""Anonymous answers in a session come from a snapshot that only changes once at least three
anonymous answers to a question changed: looking before and after one person shares, withdraws,
switches to named or edits an answer shows nothing about that person's answer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ghnt_portal.privacy.constants import SeatHandling
from ghnt_portal.privacy.services import delete_own_scan_responses, remove_user
from scan import selectors, services
from scan.models import AnonymousSnapshot, SessionInvitation
from scan.views import _session_summary
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import MembershipFactory

from .factories import AnswerFactory, ResponseFactory, ScanSessionFactory

PAUSED = "Anonieme antwoorden tijdelijk niet getoond."


@pytest.fixture
def session(region, questionnaire, projectleider):
    return ScanSessionFactory(region=region, questionnaire=questionnaire, created_by=projectleider)


def _share(session, scales: dict, *, anonymous: bool = True, user=None):
    """A new (or the given) bestuurder of the region shares a scan with these answers."""
    if user is None:
        user = MembershipFactory(region=session.region, wethouder=True).user
    SessionInvitation.objects.get_or_create(session=session, user=user)
    response = ResponseFactory(user=user, questionnaire=session.questionnaire)
    for key, scale in scales.items():
        AnswerFactory(
            response=response, question=session.questionnaire.questions.get(key=key), scale=scale
        )
    services.share_response(response=response, session=session, anonymous=anonymous)
    return response


def _edit(response, key: str, scale: int) -> None:
    question = response.questionnaire.questions.get(key=key)
    services.save_answers(response=response, items=[(question, {"scale": scale})])


def _row(session, key="rol", viewer=None):
    agenda = _session_summary(session, viewer).agenda
    return next(row for row in agenda if row.question.key == key)


def _counts(session, key="rol", viewer=None) -> dict[str, int] | None:
    """The counts per label of one question as the viewer sees them; None when left out."""
    row = _row(session, key, viewer)
    return dict(row.counts) if row.n else None


def _fully(counts) -> int:
    return counts["4 – helemaal"]


def test_the_first_snapshot_is_taken_when_three_answered_anonymously(session):
    _share(session, {"rol": 4})
    _share(session, {"rol": 4})

    assert _counts(session) is None
    assert not AnonymousSnapshot.objects.exists()

    _share(session, {"rol": 4})

    assert _fully(_counts(session)) == 3
    assert AnonymousSnapshot.objects.get().session == session


def test_one_more_anonymous_share_does_not_change_the_counts_until_three_more(session):
    """The differencing attack: look, let one person share, look again."""
    for _ in range(3):
        _share(session, {"rol": 1})
    before = _counts(session)

    _share(session, {"rol": 4})
    assert _counts(session) == before
    _share(session, {"rol": 4})
    assert _counts(session) == before
    _share(session, {"rol": 4})

    assert _fully(_counts(session)) == 3
    assert _counts(session)["1 – nog niet"] == 3


def test_an_edited_anonymous_answer_shows_only_with_two_other_edits(session):
    responses = [_share(session, {"rol": 1}) for _ in range(4)]
    before = _counts(session)

    _edit(responses[0], "rol", 4)
    assert _counts(session) == before
    _edit(responses[0], "rol", 3)  # editing again is still one person's change
    _edit(responses[1], "rol", 4)
    assert _counts(session) == before
    _edit(responses[2], "rol", 4)

    after = _counts(session)
    assert after["3 – grotendeels"] == 1
    assert _fully(after) == 2


def test_three_people_each_editing_another_question_show_none_of_the_edits(session):
    """Counted per question: otherwise each question's change would be one person's."""
    responses = [_share(session, {"rol": 1, "visie": 1, "raad": 1}) for _ in range(3)]
    before = {key: _counts(session, key) for key in ("rol", "visie", "raad")}

    for response, key in zip(responses, ("rol", "visie", "raad"), strict=True):
        _edit(response, key, 4)

    assert {key: _counts(session, key) for key in ("rol", "visie", "raad")} == before


def test_switching_from_named_to_anonymous_counts_as_one_change(session):
    for _ in range(3):
        _share(session, {"rol": 1})
    named = _share(session, {"rol": 4}, anonymous=False)
    before = _counts(session)
    assert _fully(before) == 1  # the named answer, shown at once

    services.share_response(response=named, session=session, anonymous=True)

    assert _fully(_counts(session)) == 0
    assert _counts(session)["1 – nog niet"] == 3


def _withdraw(session, response):
    services.withdraw_share(response=response, session=session)


def _make_named(session, response):
    services.share_response(response=response, session=session, anonymous=False)


def _delete_scan(session, response):
    services.delete_response(response=response)


@pytest.mark.parametrize("withdraw", [_withdraw, _make_named, _delete_scan])
def test_a_withdrawn_anonymous_answer_is_never_shown_again(
    withdraw, session, projectleider, client_for
):
    for _ in range(3):
        _share(session, {"rol": 1})
    leaving = _share(session, {"rol": 4})
    leaving_id = str(leaving.pk)
    _share(session, {"rol": 1})
    _share(session, {"rol": 1})  # the fourth, fifth and sixth answer: all shown
    assert _fully(_counts(session)) == 1

    withdraw(session, leaving)

    snapshot = AnonymousSnapshot.objects.get()
    assert "rol" not in snapshot.counts
    assert set(snapshot.contributions[leaving_id].values()) == {""}
    page = client_for(projectleider).get(reverse("scan:session_detail", args=[session.uuid]))
    assert PAUSED in page.text
    row = _row(session)
    assert row.n == len(row.named)  # only a named answer (when switched to named) counts

    # The withdrawal is one change: two more bring the question back, without the withdrawn.
    _share(session, {"rol": 2})
    row = _row(session)
    assert row.n == len(row.named)
    _share(session, {"rol": 2})

    counts = _counts(session)
    assert counts["1 – nog niet"] == 5
    assert counts["2 – een beetje"] == 2
    assert _fully(counts) == len(_row(session).named)
    page = client_for(projectleider).get(reverse("scan:session_detail", args=[session.uuid]))
    assert PAUSED not in page.text


def test_a_withdrawal_noticed_only_on_the_next_view_still_empties_the_snapshot(session):
    """A share that goes another way than through the services (e.g. the admin) is found when
    the session is next shown."""
    responses = [_share(session, {"rol": 1}) for _ in range(4)]
    assert _counts(session)["1 – nog niet"] == 4

    responses[0].shares.all().delete()

    assert _counts(session) is None
    assert "rol" not in AnonymousSnapshot.objects.get().counts


@pytest.mark.parametrize("url_name", ["scan:session_detail", "scan:session_pdf"])
def test_both_pages_that_show_the_session_settle_its_snapshot_first(
    url_name, session, projectleider, client_for
):
    responses = [_share(session, {"rol": 1}) for _ in range(4)]
    client = client_for(projectleider)
    url = reverse(url_name, args=[session.uuid])

    assert client.get(url).status_code == 200
    assert AnonymousSnapshot.objects.get().counts["rol"]["scales"][1] == 4

    responses[0].shares.all().delete()

    assert client.get(url).status_code == 200
    assert "rol" not in AnonymousSnapshot.objects.get().counts


def test_the_selectors_write_nothing_and_show_the_snapshot_they_are_given(
    session, projectleider, django_assert_num_queries
):
    """Only ``services.settle_anonymous_snapshot`` writes the snapshot: the summary shows the
    one it is given, even when settling would change it (which is why the pages settle first)."""
    responses = [_share(session, {"rol": 1}) for _ in range(4)]
    selectors.session_summary(selectors.session_answers(session), None)
    assert not AnonymousSnapshot.objects.exists()
    _row(session)  # settles: the four answers are in the snapshot
    responses[0].shares.all().delete()
    snapshot = AnonymousSnapshot.objects.get()

    with CaptureQueriesContext(connection) as queries:
        answers = selectors.session_answers(session)
    with django_assert_num_queries(0):
        summary = selectors.session_summary(answers, snapshot, viewer=projectleider)

    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"] * 3
    assert not any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
    assert AnonymousSnapshot.objects.get().counts["rol"]["scales"][1] == 4
    rol = next(row for row in summary.agenda if row.question.key == "rol")
    assert dict(rol.counts)["1 – nog niet"] == 4


def test_the_viewers_own_snapshot_answer_still_does_not_unlock_two_others(
    session, bestuurder, projectleider
):
    own = _share(session, {"rol": 4}, user=bestuurder)
    _share(session, {"rol": 1})
    _share(session, {"rol": 1})

    assert _counts(session, viewer=bestuurder) is None
    assert _fully(_counts(session, viewer=projectleider)) == 1

    _edit(own, "rol", 2)  # the viewer's own change: the snapshot keeps the old answer

    assert _counts(session, viewer=bestuurder) is None
    assert _fully(_counts(session, viewer=projectleider)) == 1


def test_the_viewer_sees_the_snapshot_once_three_others_are_in_it(session, bestuurder):
    _share(session, {"rol": 4}, user=bestuurder)
    for _ in range(3):
        _share(session, {"rol": 1})

    assert _counts(session, viewer=bestuurder)["1 – nog niet"] == 3


def test_a_viewer_whose_answer_in_the_snapshot_had_no_place_on_the_scale_is_counted_safely(
    session, bestuurder
):
    """The viewer only marked the question as priority when the snapshot was taken, then gave it
    a place on the scale: the snapshot cannot tell, so the viewer's answer is left out of the
    three others as if it had had one."""
    own = _share(session, {}, user=bestuurder)
    AnswerFactory(
        response=own,
        question=session.questionnaire.questions.get(key="rol"),
        scale=None,
        is_priority=True,
    )
    for _ in range(3):
        _share(session, {"rol": 1})
    assert _counts(session, viewer=bestuurder)["1 – nog niet"] == 3

    _edit(own, "rol", 2)

    assert _counts(session, viewer=bestuurder) is None


@pytest.mark.parametrize(
    "remove",
    [
        lambda user: delete_own_scan_responses(user=user),
        lambda user: remove_user(user=user, seat_handling=SeatHandling.REMOVE),
    ],
    ids=["own-scans-deleted", "user-removed"],
)
def test_removing_a_persons_data_takes_their_answers_out_of_the_snapshot(session, remove):
    for _ in range(3):
        _share(session, {"rol": 1})
    leaving = _share(session, {"rol": 4})
    _share(session, {"rol": 1})
    _share(session, {"rol": 1})
    assert _fully(_counts(session)) == 1

    remove(leaving.user)

    snapshot = AnonymousSnapshot.objects.get()
    assert "rol" not in snapshot.counts
    assert not any(snapshot.contributions.get(str(leaving.pk), {}).values())
    assert (_counts(session) or {}).get("4 – helemaal", 0) == 0


def test_another_sessions_snapshot_keeps_a_share_withdrawn_elsewhere(session, region):
    other = ScanSessionFactory(region=region, questionnaire=session.questionnaire)
    shared = [_share(session, {"rol": 1}) for _ in range(3)]
    for response in shared:
        SessionInvitation.objects.create(session=other, user=response.user)
        services.share_response(response=response, session=other, anonymous=True)
    assert _counts(other)["1 – nog niet"] == 3

    services.withdraw_share(response=shared[0], session=session)

    assert AnonymousSnapshot.objects.get(session=other).counts["rol"]["scales"][1] == 3


@postgresql_only("two transactions meeting at a row lock: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_views_at_once_make_one_snapshot(
    monkeypatch, region, questionnaire, projectleider, client_for
):
    session = ScanSessionFactory(region=region, questionnaire=questionnaire)
    for _ in range(3):
        _share(session, {"rol": 3})
    url = reverse("scan:session_detail", args=[session.uuid])
    client = client_for(projectleider)

    def view() -> int:
        other = Client()
        for name, morsel in client.cookies.items():
            other.cookies[name] = morsel.value
        other.raise_request_exception = False
        return other.get(url).status_code

    statuses = twice_at_once(monkeypatch, services, "_lock_snapshot", view)

    assert statuses == [200, 200]
    assert AnonymousSnapshot.objects.get().counts["rol"]["scales"][3] == 3
