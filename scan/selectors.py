"""Reads for the scan app. Every response lookup goes through ``get_own_response``: a response
is visible to its author only, so everybody else gets 404."""

import hashlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q
from django.http import Http404

from regions.constants import RegionRole
from regions.models import Membership

from .constants import MIN_SHARED_FOR_AGGREGATE, SCALE_STEPS, Audience, Scale
from .models import (
    AnonymousSnapshot,
    Answer,
    Question,
    Questionnaire,
    Response,
    ScanSession,
    SharedResponse,
    Theme,
)


def bestuurder_membership(user) -> Membership | None:
    """The user's bestuurder role (function, municipality, region), if any."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, role=RegionRole.BESTUURDER)
        .select_related("region", "municipality")
        .order_by("created_at", "id")
        .first()
    )


def get_own_response(
    user, response_uuid, *, related: tuple[str, ...] = (), version_note: bool = False
) -> Response:
    """The response with this uuid if ``user`` wrote it; 404 for everyone else. ``related``: the
    relations the caller shows, fetched in the same query (each one costs the theme page, the
    portal's most requested, a join and a model instance it does not need). ``version_note``:
    the page shows ``newer_version``; the same query tells whether a newer version than the
    round's is published, so only then does ``newer_version`` cost a query."""
    responses = Response.objects.of(user).filter(uuid=response_uuid).select_related(*related)
    if version_note:
        newer = Questionnaire.objects.published().filter(
            version__gt=OuterRef("questionnaire__version")
        )
        responses = responses.select_related("questionnaire").annotate(
            has_newer_version=Exists(newer)
        )
    response = responses.first()
    if response is None:
        raise Http404("Scan niet gevonden.")
    return response


def responses_of(user):
    return Response.objects.of(user).select_related("questionnaire").order_by("-round")


def newer_version(response: Response | None) -> Questionnaire | None:
    """The published version a new round would use, when ``response`` is unfinished on an older
    one: the bestuurder is told so. None otherwise (no query for a completed round, nor for one
    that ``get_own_response(version_note=True)`` found on the newest version)."""
    if response is None or response.is_completed:
        return None
    if not getattr(response, "has_newer_version", True):
        return None
    current = Questionnaire.objects.current()
    if current is not None and current.version > response.questionnaire.version:
        return current
    return None


def themes_of(questionnaire: Questionnaire | int) -> list[Theme]:
    return list(Theme.objects.filter(questionnaire=questionnaire).order_by("order", "id"))


def theme_questions(theme: Theme, function: str, *, show_all: bool) -> tuple[list[Question], int]:
    """The theme's questions for ``function`` (all with ``show_all``), and how many are left out."""
    questions = list(theme.questions.order_by("order", "id"))
    shown = [q for q in questions if show_all or q.is_for(function)]
    return shown, len(questions) - len(shown)


def audience_filter(function: str, prefix: str = "") -> Q:
    """Questions for ``function`` (all questions without one); ``prefix`` for a related lookup."""
    if not function:
        return Q()
    return Q(**{f"{prefix}audience": Audience.BOTH}) | Q(**{f"{prefix}audience": function})


@dataclass
class ThemeProgress:
    theme: Theme
    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


@dataclass
class Progress:
    themes: list[ThemeProgress]

    @property
    def answered(self) -> int:
        return sum(t.answered for t in self.themes)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.themes)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def progress_of(response: Response) -> Progress:
    """Answered / total per theme, counting the questions for the author's audience: the themes
    and both counts in one query (at most one answer per question, so the joins do not multiply
    the counted rows)."""
    function = response.function
    themes = (
        Theme.objects.filter(questionnaire=response.questionnaire_id)
        .order_by("order", "id")
        .annotate(
            asked=FilteredRelation(
                "questions", condition=audience_filter(function, prefix="questions__")
            )
        )
        .annotate(
            mine=FilteredRelation(
                "asked__answers",
                condition=Q(asked__answers__response=response, asked__answers__scale__isnull=False),
            )
        )
        .annotate(total=Count("asked"), answered=Count("mine"))
    )
    return Progress([ThemeProgress(t, t.answered, t.total) for t in themes])


def answers_by_question(response: Response, questions: list[Question]) -> dict[int, Answer]:
    """The author's answers to ``questions`` (one theme page), by question id."""
    return {a.question_id: a for a in response.answers.filter(question__in=questions)}


@dataclass
class ThemeResult:
    theme: Theme
    # (question, answer or None, the answer's place on the scale as shown, "" when unanswered)
    questions: list[tuple[Question, Answer | None, str]]
    average: float | None
    previous_average: float | None = None

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous_average is None:
            return None
        return round(self.average - self.previous_average, 1)


def _average(values) -> float | None:
    values = [v for v in values if v in SCALE_STEPS]
    return round(sum(values) / len(values), 1) if values else None


def theme_averages(response: Response | int) -> dict[str, float | None]:
    """Average scale position per theme key ("weet ik niet" and blanks left out)."""
    per_theme: dict[str, list[int]] = defaultdict(list)
    for key, scale in Answer.objects.filter(response=response, scale__isnull=False).values_list(
        "question__theme__key", "scale"
    ):
        per_theme[key].append(scale)
    return {key: _average(values) for key, values in per_theme.items()}


@dataclass
class ResultData:
    response: Response
    themes: list[ThemeResult]
    priorities: list[Answer]
    actions: list[Answer]
    progress: Progress
    has_previous: bool = False
    all_answers: list[Answer] = field(default_factory=list)

    @property
    def reflections(self) -> list[Answer]:
        """The answers with a reflection, in the questionnaire's order."""
        return [answer for answer in self.all_answers if answer.reflection]


def result_of(response: Response, *, show_all: bool = False) -> ResultData:
    """Everything the result page and the PDFs show, in a fixed number of queries: the themes,
    the questions and the answers once each (every answer with its question and theme from those,
    the progress counted from them), and the previous round's averages.

    Questions for another function only appear when the author answered them (or show_all).
    """
    themes = themes_of(response.questionnaire_id)
    theme_by_pk = {t.pk: t for t in themes}
    questions = list(
        Question.objects.filter(questionnaire=response.questionnaire_id).order_by("order", "id")
    )
    for question in questions:
        question.theme = theme_by_pk[question.theme_id]
    question_by_pk = {q.pk: q for q in questions}
    answers = {}
    # Only answers to this version's questions (services._check_question keeps it so).
    for answer in Answer.objects.filter(
        response=response, question__questionnaire=response.questionnaire_id
    ):
        answer.question = question_by_pk[answer.question_id]
        answers[answer.question_id] = answer
    by_theme: dict[int, list[Question]] = defaultdict(list)
    totals: Counter = Counter()
    answered: Counter = Counter()
    for question in questions:
        is_for = question.is_for(response.function)
        if show_all or is_for or question.pk in answers:
            by_theme[question.theme_id].append(question)
        if is_for:
            totals[question.theme_id] += 1
            answer = answers.get(question.pk)
            answered[question.theme_id] += answer is not None and answer.is_answered
    previous = theme_averages(response.previous_id) if response.previous_id else {}
    # Translated once here: get_scale_display per answer cost the page 80 µs each.
    scale_labels = {value: str(label) for value, label in Scale.choices}
    theme_results = []
    for theme in themes:
        rows = []
        for question in by_theme[theme.pk]:
            answer = answers.get(question.pk)
            scale = answer.scale if answer is not None else None
            rows.append((question, answer, scale_labels[scale] if scale is not None else ""))
        theme_results.append(
            ThemeResult(
                theme,
                rows,
                _average(a.scale for _, a, _label in rows if a is not None),
                previous.get(theme.key),
            )
        )

    def position(answer: Answer):
        return (answer.question.theme.order, answer.question.order)

    ranked = sorted(
        (a for a in answers.values() if a.priority_rank),
        key=lambda a: a.priority_rank,
    )
    marked = sorted(
        (a for a in answers.values() if a.is_priority and not a.priority_rank), key=position
    )
    actions = sorted((a for a in answers.values() if a.has_action), key=position)
    return ResultData(
        response=response,
        themes=theme_results,
        priorities=ranked + marked,
        actions=actions,
        progress=Progress([ThemeProgress(t, answered[t.pk], totals[t.pk]) for t in themes]),
        has_previous=bool(response.previous_id),
        all_answers=sorted(answers.values(), key=position),
    )


def priority_candidates(response: Response) -> list[Answer]:
    """Questions the author may rank: those marked as priority, or else every answered one."""
    answers = list(
        Answer.objects.filter(response=response)
        .select_related("question__theme")
        .order_by("question__theme__order", "question__order")
    )
    marked = [a for a in answers if a.is_priority]
    return marked or [a for a in answers if a.is_answered]


# --- Group sessions -----------------------------------------------------------------------


def _leads(user, region) -> Exists:
    """Whether ``user`` is a project leader of ``region`` (an OuterRef in a session query)."""
    return Exists(
        Membership.objects.filter(user=user, region=region, role=RegionRole.PROJECTLEIDER)
    )


def sessions_led_by(user):
    """Sessions in regions where the user is project leader."""
    if not user.is_authenticated:
        return ScanSession.objects.none()
    return (
        ScanSession.objects.filter(_leads(user, OuterRef("region")))
        .select_related("region", "body")
        .order_by("-created_at")
    )


def sessions_invited(user):
    """Sessions ``user`` is invited to while still a bestuurder of the session's region: an
    invitation outlives a withdrawn role, the access it gave does not."""
    if not user.is_authenticated:
        return ScanSession.objects.none()
    return ScanSession.objects.filter(
        Exists(
            Membership.objects.filter(
                user=user, region=OuterRef("region"), role=RegionRole.BESTUURDER
            )
        ),
        invitations__user=user,
    )


def regions_led_by(user):
    from regions.models import Region

    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(
        memberships__user=user, memberships__role=RegionRole.PROJECTLEIDER
    ).distinct()


def get_session_for(user, session_uuid) -> ScanSession:
    """Project leaders of the session's region and invited bestuurders; 404 for everyone else.

    ``session.can_manage`` says whether the user leads it (a project leader of its region): the
    access check and that answer come from one query.
    """
    if not user.is_authenticated:
        raise Http404("Sessie niet gevonden.")
    session = (
        ScanSession.objects.filter(uuid=session_uuid)
        .select_related("region", "body", "questionnaire", "created_by")
        .annotate(
            can_manage=_leads(user, OuterRef("region")),
            is_invited=Exists(sessions_invited(user).filter(pk=OuterRef("pk"))),
        )
        .first()
    )
    if session is None or not (session.can_manage or session.is_invited):
        raise Http404("Sessie niet gevonden.")
    return session


@dataclass
class QuestionSpread:
    question: Question
    counts: list[tuple[str, int]]  # (label, count) for 1..4 and "weet ik niet"
    n: int
    spread: float
    average: float | None
    priority_count: int
    named: list[tuple[str, str]]  # (name, label) for named shares only


@dataclass
class SessionSummary:
    session: ScanSession
    shared_count: int
    named_count: int
    anonymous_count: int
    agenda: list[QuestionSpread]
    priorities: list[tuple[Question, int]]
    participants: list[str]
    #: questions whose anonymous answers were left out: fewer than MIN_SHARED_FOR_AGGREGATE
    withheld_questions: int = 0
    #: a share was withdrawn (or made named): its questions' anonymous answers are left out
    #: until enough others have changed (see services.settle_anonymous_snapshot)
    anonymous_paused: bool = False


@dataclass(frozen=True)
class AnonymousAnswersNow:
    """A session's anonymous answers as they are now, which ``services.settle_anonymous_snapshot``
    takes into its snapshot. Response ids are str, as the snapshot's JSON stores them."""

    #: the responses shared anonymously, answered or not
    ids: set[str]
    #: response id -> question key -> (scale, priority)
    answers: dict[str, dict[str, tuple[int | None, bool]]]
    #: response id -> question key -> digest of that answer
    digests: dict[str, dict[str, str]]
    #: question key -> {"scales": [count per Scale value], "priority": count}
    counts: dict[str, dict]


@dataclass(frozen=True)
class SessionAnswers:
    """A session's shares and their answers, loaded once for both settling its snapshot and
    ``session_summary``."""

    session: ScanSession
    shares: list[SharedResponse]
    #: in the order of the questionnaire
    questions: list[Question]
    #: question key -> [(name, scale, priority)] of the shares on name
    named: dict[str, list[tuple[str, int | None, bool]]]
    anonymous: AnonymousAnswersNow


def _answer_digest(response_id: str, key: str, scale: int | None, priority: bool) -> str:
    return hashlib.sha256(f"{response_id}:{key}:{scale}:{priority}".encode()).hexdigest()[:16]


def _anonymous_counts(anonymous: dict[str, dict[str, tuple]]) -> dict[str, dict]:
    """Per question key: how many anonymous answers per scale value, and how many priorities."""
    counts: dict[str, dict] = {}
    for answers in anonymous.values():
        for key, (scale, priority) in answers.items():
            entry = counts.setdefault(key, {"scales": [0] * len(Scale), "priority": 0})
            if scale is not None:
                entry["scales"][scale] += 1
            entry["priority"] += priority
    return counts


def session_answers(session: ScanSession) -> SessionAnswers:
    """The answers shared in the session to its own questions; answers to questions of another
    version that the session does not show, and empty answers, are left out."""
    shares = list(SharedResponse.objects.filter(session=session).select_related("user"))
    names = {s.response_id: s.user.full_name for s in shares if not s.anonymous}
    questions = list(
        Question.objects.filter(questionnaire=session.questionnaire)
        .select_related("theme")
        .order_by("theme__order", "order")
    )
    keys = {q.key for q in questions}
    named: dict[str, list[tuple[str, int | None, bool]]] = defaultdict(list)
    anonymous: dict[str, dict[str, tuple[int | None, bool]]] = defaultdict(dict)
    for response_id, key, scale, is_priority, rank in Answer.objects.filter(
        response_id__in=[s.response_id for s in shares]
    ).values_list("response_id", "question__key", "scale", "is_priority", "priority_rank"):
        priority = is_priority or bool(rank)
        if key not in keys or (scale is None and not priority):
            continue
        if response_id in names:
            named[key].append((names[response_id], scale, priority))
        else:
            anonymous[str(response_id)][key] = (scale, priority)
    return SessionAnswers(
        session=session,
        shares=shares,
        questions=questions,
        named=dict(named),
        anonymous=AnonymousAnswersNow(
            ids={str(s.response_id) for s in shares if s.anonymous},
            answers=dict(anonymous),
            digests={
                pk: {key: _answer_digest(pk, key, *value) for key, value in answers.items()}
                for pk, answers in anonymous.items()
            },
            counts=_anonymous_counts(anonymous),
        ),
    )


def session_summary(
    answers: SessionAnswers, snapshot: AnonymousSnapshot | None, viewer=None
) -> SessionSummary:
    """Spread per question over the shared responses, most divergent first.

    Named answers always count, as they are now, and are listed per person. Anonymous answers
    come from the session's ``snapshot``, which ``services.settle_anonymous_snapshot`` must have
    brought up to date with ``answers`` first (this only reads it): a question only takes in its
    anonymous answers once at least MIN_SHARED_FOR_AGGREGATE of them changed, so that comparing
    two views does not give one person's answer away.

    Anonymous answers count only for a question that at least MIN_SHARED_FOR_AGGREGATE people
    answered anonymously in that snapshot: the threshold is per question, since a question only
    burgemeesters get, or scans shared before they were filled in, would otherwise show one
    person's answer, or let the named values be subtracted from the totals. The ``viewer``'s own
    anonymous answer in the snapshot does not count towards it: two others plus the viewer's own
    answer would show the viewer the other two's answers. When the viewer changed that answer
    since, it is counted as if it had a place on the scale (the snapshot does not say what it
    was). Answers are matched across versions by question key.
    """
    shares, questions, anonymous = answers.shares, answers.questions, answers.anonymous.answers
    names = [s.user.full_name for s in shares if not s.anonymous]
    viewer_id = viewer.pk if viewer is not None else None
    own_id = next((str(s.response_id) for s in shares if s.user_id == viewer_id), None)
    shown = snapshot.counts if snapshot else {}
    contributions = snapshot.contributions if snapshot else {}
    own_then = contributions.get(own_id, {})
    own_now = answers.anonymous.digests.get(own_id, {})

    def own_scale_counted(key: str) -> bool:
        if key not in own_then:
            return False
        if own_then[key] != own_now.get(key):
            return True  # changed since: assume the worst
        return anonymous[own_id][key][0] is not None

    labels = dict(Scale.choices)
    agenda = []
    priorities: Counter = Counter()
    withheld = 0
    for question in questions:
        key = question.key
        named = answers.named.get(key, [])
        counted = shown.get(key)
        if counted and sum(counted["scales"]) - own_scale_counted(key) < MIN_SHARED_FOR_AGGREGATE:
            counted = None
        if counted is None and (key in shown or any(key in a for a in anonymous.values())):
            withheld += 1
        values = [scale for _name, scale, _p in named if scale is not None]
        priorities[key] = sum(priority for _name, _s, priority in named)
        if counted:
            values += [scale for scale, n in enumerate(counted["scales"]) for _ in range(n)]
            priorities[key] += counted["priority"]
        steps = [v for v in values if v in SCALE_STEPS]
        agenda.append(
            QuestionSpread(
                question=question,
                counts=[(labels[s], values.count(s)) for s in (*SCALE_STEPS, Scale.DONT_KNOW)],
                n=len(values),
                spread=round(statistics.pstdev(steps), 2) if len(steps) > 1 else 0.0,
                average=_average(steps),
                priority_count=priorities[key],
                named=sorted(
                    (name, labels[scale]) for name, scale, _p in named if scale is not None
                ),
            )
        )
    position = {q.pk: i for i, q in enumerate(questions)}
    agenda.sort(key=lambda row: (-row.spread, -row.n, position[row.question.pk]))
    by_key = {q.key: q for q in questions}
    counted_priorities = [(by_key[k], n) for k, n in priorities.most_common() if n]
    return SessionSummary(
        session=answers.session,
        shared_count=len(shares),
        named_count=len(names),
        anonymous_count=len(shares) - len(names),
        agenda=agenda,
        priorities=counted_priorities,
        participants=sorted(names),
        withheld_questions=withheld,
        anonymous_paused=any("" in digests.values() for digests in contributions.values()),
    )


def invitable_memberships(region):
    return (
        Membership.objects.filter(region=region, role=RegionRole.BESTUURDER)
        .select_related("user", "municipality")
        .order_by("user__full_name")
    )


def open_invitations(user):
    """Sessions the user is invited to, with the user's own share (if any) prefetched."""
    return (
        sessions_invited(user)
        .select_related("region", "body")
        .prefetch_related(
            Prefetch(
                "shares",
                queryset=SharedResponse.objects.filter(user=user).select_related("response"),
                to_attr="my_shares",
            )
        )
    )


def scan_counts_per_region() -> dict[int, dict[str, int]]:
    """For a national overview: per region id, how many bestuurders started and completed a
    scan (any round). Counts only; never the answers."""
    from .constants import ResponseStatus

    rows = (
        Response.objects.filter(region__isnull=False)
        .values("region_id")
        .annotate(
            started=Count("user", distinct=True),
            completed=Count("user", distinct=True, filter=Q(status=ResponseStatus.COMPLETED)),
        )
    )
    return {
        row["region_id"]: {"started": row["started"], "completed": row["completed"]} for row in rows
    }
