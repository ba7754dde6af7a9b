"""Writes for the scan app: versions, answers, rounds, sharing and sessions."""

import copy
import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ghnt_portal import pdf_cache, versioning
from regions.constants import RegionRole
from regions.models import GovernanceBody, Membership, Region

from . import selectors
from .constants import MAX_PRIORITIES, MIN_SHARED_FOR_AGGREGATE, ResponseStatus
from .models import (
    AnonymousSnapshot,
    Answer,
    Question,
    Questionnaire,
    Response,
    ScanSession,
    SessionInvitation,
    SharedResponse,
    Theme,
)

ERROR_NO_PUBLISHED = "Er is nog geen gepubliceerde versie van de B&W-scan."
ERROR_NOT_BESTUURDER = "De B&W-scan is bedoeld voor burgemeesters en wethouders."
ERROR_WRONG_VERSION = "Deze vraag hoort niet bij de versie van uw scan."
ERROR_TOO_MANY_PRIORITIES = f"Kies hoogstens {MAX_PRIORITIES} prioriteiten."
ERROR_DUPLICATE_RANK = "Elke plaats kan maar aan één prioriteit worden gegeven."
ERROR_SHARE_NOT_INVITED = "U bent niet uitgenodigd voor deze sessie."
ERROR_INVITEE_NOT_BESTUURDER = "Nodig alleen bestuurders uit deze regio uit."
ERROR_PUBLISH_EMPTY = "Een versie zonder vragen kan niet gepubliceerd worden."
ERROR_PUBLISH_OLDER = _(
    "Versie %(number)s is niet gepubliceerd: nieuwe scans gebruiken de hoogste gepubliceerde "
    "versie, en dat blijft versie %(current)s. Maak een conceptkopie en publiceer die."
)

ANSWER_FIELDS = (
    "scale",
    "reflection",
    "is_priority",
    "action_question",
    "action_whom",
    "action_due",
)


# --- Versions ------------------------------------------------------------------------------


def copy_questionnaire(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new, unpublished draft with the same themes and questions, to edit in the admin."""
    return versioning.copy_as_draft(
        questionnaire, title=questionnaire.title, introduction=questionnaire.introduction
    )


def publish_questionnaire(*, questionnaire: Questionnaire) -> Questionnaire:
    """From now on new responses use this version (the highest published version number); a
    version below the current one is refused, since it would not be used."""
    current = Questionnaire.objects.current()
    if current is not None and current.version > questionnaire.version:
        raise ValidationError(
            ERROR_PUBLISH_OLDER % {"number": questionnaire.version, "current": current.version}
        )
    return versioning.publish(
        questionnaire,
        empty_error=ERROR_PUBLISH_EMPTY,
        is_published=True,
        published_at=questionnaire.published_at or timezone.now(),
    )


# --- Responses -----------------------------------------------------------------------------


def _new_response(user, questionnaire: Questionnaire, *, round: int, previous=None) -> Response:
    """A validated, saved response of ``user`` in their bestuurder role's region."""
    membership = selectors.bestuurder_membership(user)
    if membership is None:
        raise ValidationError(ERROR_NOT_BESTUURDER)
    response = Response(
        user=user,
        questionnaire=questionnaire,
        region=membership.region,
        municipality=membership.municipality,
        function=membership.function,
        round=round,
        previous=previous,
    )
    response.full_clean()
    response.save()
    return response


def _lock_rounds_of(user) -> None:
    """Wait for any other request that is starting a round for ``user`` (a double click), so
    that the second sees the round the first made instead of numbering the same round again."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


@transaction.atomic
def start_response(*, user) -> Response:
    """The user's scan in progress, or a new first round when they have none yet."""
    _lock_rounds_of(user)
    existing = Response.objects.filter(user=user).order_by("-round").first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        raise ValidationError(ERROR_NO_PUBLISHED)
    return _new_response(user, questionnaire, round=1)


@transaction.atomic
def start_new_round(*, previous: Response) -> Response:
    """A new round on the current version, starting from the previous round's answers, their
    priorities with their places included (so its "afronden" page starts where the previous
    round ended). Answers go over by question key; a place whose question the version dropped
    stays free. No place is doubled: the previous round had each at most once, and each of its
    questions has at most one question with its key in the new version.

    Only the latest round leads to a new one: for an older round (or a second click) the
    latest round is returned as it is.
    """
    user = previous.user
    _lock_rounds_of(user)
    latest = Response.objects.filter(user=user).order_by("-round").first()
    if latest.round > previous.round:
        return latest
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        raise ValidationError(ERROR_NO_PUBLISHED)
    response = _new_response(user, questionnaire, round=previous.round + 1, previous=previous)
    questions = {q.key: q for q in questionnaire.questions.all()}
    copies = []
    for old in previous.answers.select_related("question"):
        question = questions.get(old.question.key)
        if question is None:
            continue
        copies.append(
            Answer(
                response=response,
                question=question,
                **{name: getattr(old, name) for name in ANSWER_FIELDS},
                priority_rank=old.priority_rank if old.is_priority else None,
            )
        )
    Answer.objects.bulk_create(copies)
    return response


def _check_question(response: Response, question: Question) -> None:
    if question.questionnaire_id != response.questionnaire_id:
        raise ValidationError(ERROR_WRONG_VERSION)


@transaction.atomic
def save_answers(
    *, response: Response, items: Iterable[tuple[Question, dict]], theme: Theme | None = None
) -> None:
    """Save the cleaned data of several questions at once (one theme page), all or nothing.

    An answer that stays the same is not written again (a theme page posts all its answers on
    every save), so its ``updated_at`` and the response's keep the time of the last change. An
    answer emptied of everything (its scale taken back with "geen keuze" and no reflection,
    priority or action left) is deleted: the question is then exactly as never answered.
    """
    items = list(items)
    for question, _data in items:
        _check_question(response, question)
    # Lock the response: an autosave and a page submit arriving together must not both insert
    # the same new answer (found by the browser test: a 500 on scan_answer_unique_question).
    Response.objects.select_for_update().filter(pk=response.pk).exists()
    existing = {
        a.question_id: a
        for a in Answer.objects.select_for_update().filter(
            response=response, question__in=[q for q, _ in items]
        )
    }
    changed = False
    for question, data in items:
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        before = _answer_values(answer)
        for name in ANSWER_FIELDS:
            if name in data:
                setattr(answer, name, data[name])
        if not answer.is_priority:
            answer.priority_rank = None
        if not _has_content(answer):
            if answer.pk is not None:
                # Everything taken back (the scale too): as if never answered.
                answer.delete()
                changed = True
            continue  # don't store empty rows for untouched questions
        if answer.pk is not None and _answer_values(answer) == before:
            continue
        # Response and question are the objects at hand: checking that they exist would cost two
        # queries per changed answer.
        answer.full_clean(
            exclude=["response", "question"], validate_unique=False, validate_constraints=False
        )
        answer.save()
        changed = True
    fields = ["updated_at"] if changed else []
    if (
        theme is not None
        and theme.questionnaire_id == response.questionnaire_id
        and response.last_theme_id != theme.pk
    ):
        response.last_theme = theme
        fields = ["updated_at", "last_theme"]
    if fields:
        response.save(update_fields=fields)


def _answer_values(answer: Answer) -> tuple:
    return (*(getattr(answer, name) for name in ANSWER_FIELDS), answer.priority_rank)


def _has_content(answer: Answer) -> bool:
    return (
        answer.scale is not None
        or answer.is_priority
        or bool(
            answer.reflection or answer.action_question or answer.action_whom or answer.action_due
        )
    )


def set_last_theme(*, response: Response, theme: Theme) -> None:
    """Remember the theme the author is on: one UPDATE, and only when it changed (no transaction,
    which cost an empty BEGIN/COMMIT on every theme page view)."""
    if theme.questionnaire_id == response.questionnaire_id and response.last_theme_id != theme.pk:
        response.last_theme = theme
        response.save(update_fields=["last_theme", "updated_at"])


@transaction.atomic
def complete_response(*, response: Response, ranks: dict[int, int | None]) -> Response:
    """Store the ranking (question id -> 1..3) and mark the response completed."""
    chosen = {qid: rank for qid, rank in ranks.items() if rank}
    if len(chosen) > MAX_PRIORITIES:
        raise ValidationError(ERROR_TOO_MANY_PRIORITIES)
    if any(rank < 1 or rank > MAX_PRIORITIES for rank in chosen.values()):
        raise ValidationError(ERROR_TOO_MANY_PRIORITIES)
    if len(set(chosen.values())) != len(chosen):
        raise ValidationError(ERROR_DUPLICATE_RANK)
    answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
    if any(qid not in answers for qid in chosen):
        raise ValidationError(ERROR_WRONG_VERSION)
    Answer.objects.filter(response=response).update(priority_rank=None)
    for qid, rank in chosen.items():
        answer = answers[qid]
        answer.priority_rank = rank
        answer.is_priority = True
        answer.save(update_fields=["priority_rank", "is_priority", "updated_at"])
    response.status = ResponseStatus.COMPLETED
    response.completed_at = timezone.now()
    response.save(update_fields=["status", "completed_at", "updated_at"])
    return response


@transaction.atomic
def delete_response(*, response: Response) -> None:
    forget_cached_pdfs(uuids=[response.uuid])
    forget_anonymous_answers(response_ids=[response.pk])
    response.delete()


def forget_cached_pdfs(*, uuids: Iterable) -> None:
    """Once the deletion of these responses is committed, their cached PDFs go too."""
    uuids = list(uuids)
    transaction.on_commit(lambda: pdf_cache.forget_pdfs(uuids))


# --- Sharing and sessions ------------------------------------------------------------------


@transaction.atomic
def share_response(*, response: Response, session: ScanSession, anonymous: bool) -> SharedResponse:
    """Share one response in a session the author is invited to; replaces an earlier share.

    Replacing an anonymous share by a named one, or by another response, withdraws the
    anonymous answers: they leave the session's snapshot.
    """
    if not selectors.sessions_invited(response.user).filter(pk=session.pk).exists():
        raise ValidationError(ERROR_SHARE_NOT_INVITED)
    earlier = SharedResponse.objects.filter(session=session, user=response.user, anonymous=True)
    forget_anonymous_answers(
        response_ids=earlier.exclude(response=response, anonymous=anonymous).values_list(
            "response_id", flat=True
        ),
        session=session,
    )
    share, _ = SharedResponse.objects.update_or_create(
        session=session,
        user=response.user,
        defaults={"response": response, "anonymous": anonymous},
    )
    return share


@transaction.atomic
def withdraw_share(*, response: Response, session: ScanSession) -> None:
    """Stop sharing ``response`` with ``session``; nothing happens when it was not shared."""
    forget_anonymous_answers(response_ids=[response.pk], session=session)
    SharedResponse.objects.filter(session=session, response=response).delete()


@transaction.atomic
def create_session(
    *,
    region: Region,
    created_by,
    title: str,
    meeting_date: datetime.date | None = None,
    body: GovernanceBody | None = None,
    invitees: Iterable = (),
) -> ScanSession:
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        raise ValidationError(ERROR_NO_PUBLISHED)
    session = ScanSession(
        region=region,
        body=body,
        title=title,
        meeting_date=meeting_date,
        questionnaire=questionnaire,
        created_by=created_by,
    )
    session.full_clean()
    session.save()
    set_invitees(session=session, invitees=invitees)
    return session


@transaction.atomic
def set_invitees(*, session: ScanSession, invitees: Iterable) -> None:
    users = list(invitees)
    allowed = set(
        Membership.objects.filter(
            region=session.region, role=RegionRole.BESTUURDER, user__in=users
        ).values_list("user_id", flat=True)
    )
    if any(user.pk not in allowed for user in users):
        raise ValidationError({"invitees": ERROR_INVITEE_NOT_BESTUURDER})
    wanted = {user.pk for user in users}
    SessionInvitation.objects.filter(session=session).exclude(user_id__in=wanted).delete()
    # Withdrawing an invitation also withdraws what that person shared.
    withdrawn = SharedResponse.objects.filter(session=session).exclude(user_id__in=wanted)
    forget_anonymous_answers(
        response_ids=withdrawn.values_list("response_id", flat=True), session=session
    )
    withdrawn.delete()
    present = set(session.invitations.values_list("user_id", flat=True))
    SessionInvitation.objects.bulk_create(
        SessionInvitation(session=session, user_id=pk) for pk in wanted - present
    )


@transaction.atomic
def withdraw_shares_without_role(*, user_ids: Iterable[int]) -> None:
    """Withdraw what these people shared in sessions of a region where they are no longer
    bestuurder, and everything they shared once their account is switched off, as uninviting
    them does. Called in the transaction that ends the role or switches the account off: the
    others in a session never see the answers of someone who left it."""
    shares = list(
        SharedResponse.objects.filter(user_id__in=list(user_ids))
        .filter(
            Q(user__is_active=False)
            | ~Exists(
                Membership.objects.filter(
                    user=OuterRef("user"),
                    region=OuterRef("session__region"),
                    role=RegionRole.BESTUURDER,
                )
            )
        )
        .select_related("session")
    )
    for share in shares:
        forget_anonymous_answers(response_ids=[share.response_id], session=share.session)
    SharedResponse.objects.filter(pk__in=[share.pk for share in shares]).delete()


# --- The anonymous answers a session shows ---------------------------------------------------
#
# Counting anonymous answers live would let anyone who looks before and after one person shares,
# withdraws, switches to or from named or edits an answer subtract the two views and learn that
# person's answer. So a session shows the anonymous answers from an ``AnonymousSnapshot``, per
# question: a question's counts are only replaced once at least MIN_SHARED_FOR_AGGREGATE of its
# anonymous answers changed (added, withdrawn or edited), so the difference between two views of
# a question always covers at least that many people. Per question rather than per session:
# three people each editing a different question would otherwise each give their edit away.
#
# ``contributions`` are digests of answers: {response id: {question key: digest}} (str keys, as
# JSON stores them). ``counts`` are {question key: {"scales": [count per Scale value], "priority":
# count}}.

Contributions = dict[str, dict[str, str]]
Counts = dict[str, dict]


def _withdrawn(
    counts: Counts, contributions: Contributions, response_ids: Iterable[str]
) -> tuple[Counts, Contributions]:
    """Take the answers of these responses out: the counts of every question they answered go
    (consent is withdrawn), and their answers are remembered as "" so that they count as one of
    the changes the question needs before it is shown again (a single withdrawal must not show
    the others' answers at once)."""
    counts, contributions = copy.deepcopy(counts), copy.deepcopy(contributions)
    for response_id in response_ids:
        for key, digest in contributions.get(response_id, {}).items():
            if digest:
                counts.pop(key, None)
                contributions[response_id][key] = ""
    return counts, contributions


def _settled(
    counts: Counts,
    contributions: Contributions,
    *,
    anonymous_ids: set[str],
    current: Contributions,
    current_counts: Counts,
) -> tuple[Counts, Contributions]:
    """The snapshot after withdrawing the responses no longer shared anonymously and taking in
    every question at least MIN_SHARED_FOR_AGGREGATE of whose anonymous answers changed."""
    counts, contributions = _withdrawn(
        counts, contributions, [pk for pk in contributions if pk not in anonymous_ids]
    )
    response_ids = contributions.keys() | current.keys()
    keys = {key for answers in (*contributions.values(), *current.values()) for key in answers}
    for key in keys:
        changed = sum(
            contributions.get(pk, {}).get(key) != current.get(pk, {}).get(key)
            for pk in response_ids
        )
        if changed < MIN_SHARED_FOR_AGGREGATE:
            continue
        if key in current_counts:
            counts[key] = current_counts[key]
        else:
            counts.pop(key, None)
        for pk in response_ids:
            digest = current.get(pk, {}).get(key)
            if digest is None:
                contributions.get(pk, {}).pop(key, None)
            else:
                contributions.setdefault(pk, {})[key] = digest
    return counts, {pk: answers for pk, answers in contributions.items() if answers}


def _lock_snapshot(session: ScanSession) -> AnonymousSnapshot:
    """The session's snapshot, locked; a second request waits here until the first committed
    (the one-to-one key keeps it to one snapshot per session)."""
    snapshot, _ = AnonymousSnapshot.objects.select_for_update().get_or_create(session=session)
    return snapshot


def settle_anonymous_snapshot(
    *, session: ScanSession, anonymous: selectors.AnonymousAnswersNow
) -> AnonymousSnapshot | None:
    """The session's snapshot after taking in its ``anonymous`` answers as they are now; None
    while it has none. The views that show a session's answers call this before
    ``selectors.session_summary``, so that a share withdrawn in any way is out of the snapshot
    before it is shown.

    Writes only when something changes (a withdrawal, or a question reaching its number of
    changes); the first snapshot is made when a question has that many anonymous answers.
    """
    snapshot = AnonymousSnapshot.objects.filter(session=session).first()
    state = (snapshot.counts, snapshot.contributions) if snapshot else ({}, {})
    settle = {
        "anonymous_ids": anonymous.ids,
        "current": anonymous.digests,
        "current_counts": anonymous.counts,
    }
    if _settled(*state, **settle) == state:
        return snapshot
    with transaction.atomic():
        snapshot = _lock_snapshot(session)
        state = (snapshot.counts, snapshot.contributions)
        settled = _settled(*state, **settle)
        if settled != state:
            snapshot.counts, snapshot.contributions = settled
            snapshot.save()
    return snapshot


@transaction.atomic
def forget_anonymous_answers(
    *, response_ids: Iterable[int], session: ScanSession | None = None
) -> None:
    """Take these responses out of the snapshots (of ``session``, or of every session) at once,
    when their share is withdrawn or they are deleted: their answers never stay in a snapshot."""
    ids = [str(pk) for pk in response_ids]
    if not ids:
        return
    snapshots = AnonymousSnapshot.objects.select_for_update().filter(
        contributions__has_any_keys=ids
    )
    if session is not None:
        snapshots = snapshots.filter(session=session)
    for snapshot in snapshots:
        snapshot.counts, snapshot.contributions = _withdrawn(
            snapshot.counts, snapshot.contributions, ids
        )
        snapshot.save()
