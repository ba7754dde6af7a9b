"""Views of the B&W-scan. Thin: access through selectors.get_own_response / get_session_for,
writes through services. A response is only ever shown to its author (404 for anyone else).

Every view needs a logged-in person, so no browser or proxy keeps a copy of a page or PDF
(``NoStoreForLoggedInMiddleware``)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghnt_portal import pdf_cache
from ghnt_portal.access import get_region_access
from ghnt_portal.dates import written_date
from ghnt_portal.forms import add_service_errors
from ghnt_portal.pdf import render_to_pdf
from ghnt_portal.responses import pdf_response
from ghnt_portal.submissions.services import AlreadySubmitted, submit_once
from ghnt_portal.submissions.views import already_submitted
from regions.constants import RegionRole

from . import selectors, services
from .charts import bar_chart
from .forms import AnswerForm, PriorityRankForm, SessionForm, ShareForm
from .models import Question, Response, ScanSession, Theme

# --- helpers -------------------------------------------------------------------------------


def _theme_url(response: Response, number: int, *, show_all: bool = False) -> str:
    url = reverse("scan:theme", args=[response.uuid, number])
    return f"{url}?alle=1" if show_all else url


def _chart(result: selectors.ResultData):
    return bar_chart(
        [(t.theme.title, t.average, t.previous_average) for t in result.themes],
        show_previous=result.has_previous,
    )


def _crumbs(*extra):
    return [(_("B&W-scan"), reverse("scan:index")), *extra]


# --- my scan -------------------------------------------------------------------------------


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    membership = selectors.bestuurder_membership(user)
    responses = list(selectors.responses_of(user))
    current = responses[0] if responses else None
    progress = selectors.progress_of(current) if current else None
    invitations = list(selectors.open_invitations(user)) if membership else []
    led_sessions = list(selectors.sessions_led_by(user))
    regions_led = list(selectors.regions_led_by(user))
    return render(
        request,
        "scan/index.html",
        {
            "membership": membership,
            "responses": responses,
            "current": current,
            "newer_version": selectors.newer_version(current),
            "progress": progress,
            "invitations": invitations,
            "led_sessions": led_sessions,
            "regions_led": regions_led,
            "crumbs": [(_("B&W-scan"), None)],
        },
    )


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    try:
        response = services.start_response(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scan:index")
    return redirect("scan:resume", response.uuid)


@require_safe
@login_required
def resume(request: HttpRequest, response_uuid) -> HttpResponse:
    """Back where the user was: the last theme they saw, or the first."""
    response = selectors.get_own_response(request.user, response_uuid)
    themes = selectors.themes_of(response.questionnaire_id)
    number = 1
    if response.last_theme_id:
        for index, theme in enumerate(themes, start=1):
            if theme.pk == response.last_theme_id:
                number = index
    return redirect(_theme_url(response, number))


def _whole_number(raw: str) -> int | None:
    """``raw`` as a non-negative whole number; None for anything else ("²" is a digit too)."""
    return int(raw) if raw.isascii() and raw.isdigit() else None


@dataclass
class _ThemePage:
    """The theme at ``number`` and the questions shown to the author."""

    theme: Theme
    number: int
    theme_count: int
    show_all: bool
    questions: list[Question]
    hidden_count: int


def _theme_page(response, themes, number: int, params) -> _ThemePage:
    """``params`` is the request's GET or POST: "alle=1" shows the questions for every function."""
    if not 1 <= number <= len(themes):
        raise Http404("Thema niet gevonden.")
    theme = themes[number - 1]
    show_all = params.get("alle") == "1"
    questions, hidden_count = selectors.theme_questions(theme, response.function, show_all=show_all)
    return _ThemePage(theme, number, len(themes), show_all, questions, hidden_count)


def _render_theme(request, response, page, progress, forms, answers, *, status):
    return render(
        request,
        "scan/theme.html",
        {
            "response": response,
            "theme": page.theme,
            "number": page.number,
            "theme_count": page.theme_count,
            "items": [(form.question, form, answers.get(form.question.pk)) for form in forms],
            "has_errors": any(form.errors for form in forms),
            "progress": progress,
            "theme_progress": progress.themes[page.number - 1],
            "show_all": page.show_all,
            "hidden_count": page.hidden_count,
            "newer_version": selectors.newer_version(response),
            "crumbs": _crumbs((page.theme.title, None)),
        },
        status=status,
    )


def _save_theme(request, response, page, forms):
    """Save a theme page's valid forms and go where the pressed button ("ga") says."""
    services.save_answers(
        response=response,
        items=[(form.question, form.answer_data()) for form in forms],
        theme=page.theme,
    )
    go = request.POST.get("ga", "")
    if go == "later":
        messages.success(
            request,
            _("Uw antwoorden zijn opgeslagen. U kunt later verder waar u gebleven was."),
        )
        return redirect("scan:index")
    if go == "afronden" or (go == "volgende" and page.number == page.theme_count):
        return redirect("scan:complete", response.uuid)
    target, show_all = page.number, page.show_all
    if go in ("alle", "eigen"):
        show_all = go == "alle"
    elif go == "vorige":
        target = max(1, page.number - 1)
    elif go == "volgende":
        target = page.number + 1
    elif (chosen := _whole_number(go)) is not None and 1 <= chosen <= page.theme_count:
        target = chosen
    messages.success(request, _("Opgeslagen."))
    return redirect(_theme_url(response, target, show_all=show_all))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def theme(request: HttpRequest, response_uuid, number: int) -> HttpResponse:
    """One theme page. GET shows the saved answers and remembers the theme as the author's
    place; POST saves the page's answers and goes where the pressed button says, or shows the
    refused page again (400)."""
    # A save that goes through only redirects: the notice's check is for the pages shown.
    response = selectors.get_own_response(
        request.user, response_uuid, version_note=request.method != "POST"
    )
    if request.method == "POST":
        return _theme_post(request, response, number)
    return _theme_get(request, response, number)


def _theme_get(request, response, number):
    progress = selectors.progress_of(response)
    page = _theme_page(response, [t.theme for t in progress.themes], number, request.GET)
    answers = selectors.answers_by_question(response, page.questions)
    forms = [
        AnswerForm(question=question, initial=AnswerForm.initial_from(answers.get(question.pk)))
        for question in page.questions
    ]
    services.set_last_theme(response=response, theme=page.theme)
    return _render_theme(request, response, page, progress, forms, answers, status=200)


def _theme_post(request, response, number):
    # No progress yet: a valid save redirects without it.
    themes = selectors.themes_of(response.questionnaire_id)
    page = _theme_page(response, themes, number, request.POST)
    forms = [AnswerForm(request.POST, question=question) for question in page.questions]
    if all(form.is_valid() for form in forms):
        return _save_theme(request, response, page, forms)
    # The refused forms, each beside the answer as saved.
    answers = selectors.answers_by_question(response, page.questions)
    progress = selectors.progress_of(response)
    return _render_theme(request, response, page, progress, forms, answers, status=400)


@require_POST
@login_required
def autosave(request: HttpRequest, response_uuid) -> JsonResponse:
    """Save one question while the user types (JavaScript); the page submit does the same."""
    response = selectors.get_own_response(request.user, response_uuid)
    question_id = _whole_number(request.POST.get("question", ""))
    question = (
        Question.objects.filter(pk=question_id, questionnaire=response.questionnaire_id).first()
        if question_id is not None
        else None
    )
    if question is None:
        return JsonResponse(
            {"ok": False, "errors": {"question": [services.ERROR_WRONG_VERSION]}}, status=400
        )
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    services.save_answers(response=response, items=[(question, form.answer_data())])
    progress = selectors.progress_of(response)
    theme_progress = next(t for t in progress.themes if t.theme.pk == question.theme_id)
    # What scan.js updates: the question's badge, the overall progress, the theme's own count
    # and the theme's entry in the theme menu (data-scan-theme-count="<theme id>").
    return JsonResponse(
        {
            "ok": True,
            "question_answered": form.cleaned_data["scale"] is not None,
            "answered": progress.answered,
            "total": progress.total,
            "theme": question.theme_id,
            "theme_answered": theme_progress.answered,
            "theme_total": theme_progress.total,
            "theme_done": theme_progress.done,
            # What the page now shows of the answer: scan.js puts it in the hidden "shown" field.
            "shown": form.saved_token,
        }
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def complete(request: HttpRequest, response_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid, version_note=True)
    candidates = selectors.priority_candidates(response)
    form = PriorityRankForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_response(response=response, ranks=form.ranks())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uw scan is afgerond."))
            return redirect("scan:result", response.uuid)
    progress = selectors.progress_of(response)
    return render(
        request,
        "scan/complete.html",
        {
            "response": response,
            "form": form,
            "candidates": candidates,
            "progress": progress,
            "last_theme_number": len(progress.themes),
            "newer_version": selectors.newer_version(response),
            "crumbs": _crumbs((_("Afronden"), None)),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
@login_required
def result(request: HttpRequest, response_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid, related=("questionnaire",))
    sessions = selectors.sessions_invited(request.user)
    share_form = (
        ShareForm(sessions=sessions, chosen=request.GET.get("sessie"))
        if sessions.exists()
        else None
    )
    return _render_result(request, response, share_form, status=200)


def _render_result(request, response, share_form, *, status):
    """The result page; ``share_form`` bound and refused shows its errors beside its fields."""
    data = selectors.result_of(response)
    shares = list(response.shares.select_related("session"))
    return render(
        request,
        "scan/result.html",
        {
            "response": response,
            "result": data,
            "chart": _chart(data),
            "progress": data.progress,
            "share_form": share_form,
            "shares": shares,
            # Not "no next round": a round whose next one was deleted can still have later ones.
            "is_latest": not selectors.responses_of(request.user)
            .filter(round__gt=response.round)
            .exists(),
            "newer_version": selectors.newer_version(response),
            "crumbs": _crumbs((_("Resultaat ronde %(round)s") % {"round": response.round}, None)),
        },
        status=status,
    )


# What the PDFs show of the response besides its answers.
_PDF_RELATED = ("questionnaire", "municipality")


def _pdf_context(request, response):
    data = selectors.result_of(response)
    completed = response.is_completed and response.completed_at
    return {
        "response": response,
        "result": data,
        "chart": _chart(data),
        "user": request.user,
        "today": timezone.localdate(),
        # A PDF printed later still says when the round was done. The completion time is in the
        # response's row, so in the PDF cache key (pdf_cache.scan_response_sources).
        "completed_on": written_date(timezone.localdate(response.completed_at))
        if completed
        else None,
    }


@require_safe
@login_required
def result_pdf(request: HttpRequest, response_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid, related=_PDF_RELATED)
    pdf = pdf_cache.cached_pdf(
        "scan/pdf/result.html",
        lambda: _pdf_context(request, response),
        kind="scan-result",
        scope=[response.uuid, request.user.pk, timezone.localdate()],
        digest=pdf_cache.data_digest(pdf_cache.scan_response_sources(response)),
        timeout=pdf_cache.PERSONAL_TIMEOUT,
        owner=response.uuid,
    )
    return pdf_response(pdf, f"bw-scan-ronde-{response.round}")


@require_safe
@login_required
def council_pdf(request: HttpRequest, response_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid, related=_PDF_RELATED)
    include_reflections = request.GET.get("reflecties") == "1"

    def context():
        return {**_pdf_context(request, response), "include_reflections": include_reflections}

    pdf = pdf_cache.cached_pdf(
        "scan/pdf/council_note.html",
        context,
        kind="scan-council-note",
        scope=[response.uuid, request.user.pk, timezone.localdate(), include_reflections],
        digest=pdf_cache.data_digest(pdf_cache.scan_response_sources(response)),
        timeout=pdf_cache.PERSONAL_TIMEOUT,
        owner=response.uuid,
    )
    return pdf_response(pdf, f"gespreksnotitie-bw-scan-ronde-{response.round}")


@require_POST
@login_required
def new_round(request: HttpRequest, response_uuid) -> HttpResponse:
    previous = selectors.get_own_response(request.user, response_uuid)
    newer = selectors.responses_of(request.user).filter(round__gt=previous.round).first()
    if newer is not None:
        # A result page of an older round, left open: the newer round is not started again.
        messages.info(
            request,
            _("U heeft al een nieuwere ronde: ronde %(round)s. U gaat daarmee verder.")
            % {"round": newer.round},
        )
        return redirect("scan:resume", newer.uuid)
    try:
        response = services.start_new_round(previous=previous)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scan:result", previous.uuid)
    messages.success(
        request,
        _("Ronde %(round)s is gestart met uw antwoorden uit de vorige ronde.")
        % {"round": response.round},
    )
    return redirect(_theme_url(response, 1))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete(request: HttpRequest, response_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid)
    if request.method == "POST":
        services.delete_response(response=response)
        messages.success(request, _("Uw scan is verwijderd."))
        return redirect("scan:index")
    return render(
        request,
        "scan/confirm_delete.html",
        {
            "response": response,
            # The rounds that compare with this one lose that comparison.
            "next_rounds": list(response.next_rounds.order_by("round")),
            "crumbs": _crumbs((_("Verwijderen"), None)),
        },
    )


@require_POST
@login_required
def share(request: HttpRequest, response_uuid) -> HttpResponse:
    """Share the response, or show the result page again with the refused share form's errors
    beside its fields (400)."""
    response = selectors.get_own_response(request.user, response_uuid, related=("questionnaire",))
    form = ShareForm(request.POST, sessions=selectors.sessions_invited(request.user))
    if not form.is_valid():
        return _render_result(request, response, form, status=400)
    try:
        services.share_response(
            response=response,
            session=form.cleaned_data["session"],
            anonymous=form.cleaned_data["visibility"] == "anoniem",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uw scan is gedeeld met de sessie."))
    return redirect("scan:result", response.uuid)


@require_POST
@login_required
def unshare(request: HttpRequest, response_uuid, session_uuid) -> HttpResponse:
    response = selectors.get_own_response(request.user, response_uuid)
    session = ScanSession.objects.filter(uuid=session_uuid).first()
    if session is not None:
        services.withdraw_share(response=response, session=session)
    # Withdrawn now or before (a second click while the first was on its way): not shared
    # either way, so the author sees their result page rather than a "not found".
    messages.success(request, _("Het delen is ingetrokken."))
    return redirect("scan:result", response.uuid)


# --- group sessions ------------------------------------------------------------------------


def _region_for_leader(user, slug):
    access = get_region_access(user, slug)
    if not access.has_role(RegionRole.PROJECTLEIDER):
        raise PermissionDenied(_("Alleen de projectleider van de regio opent scansessies."))
    return access.region


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "scan/session_list.html",
        {
            "led_sessions": selectors.sessions_led_by(user),
            "invited_sessions": selectors.sessions_invited(user).select_related("region", "body"),
            "regions_led": selectors.regions_led_by(user),
            "crumbs": _crumbs((_("Scansessies"), None)),
        },
    )


def _session_url(session) -> str:
    return reverse("scan:session_detail", args=[session.uuid])


def _session_form_view(request, region, session=None):
    memberships = selectors.invitable_memberships(region)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        region=region,
        memberships=memberships,
    )
    if request.method == "POST":
        try:
            if form.is_valid():
                if session is None:
                    session = submit_once(
                        form,
                        lambda: services.create_session(
                            region=region,
                            created_by=request.user,
                            title=form.cleaned_data["title"],
                            meeting_date=form.cleaned_data["meeting_date"],
                            body=form.cleaned_data["body"],
                            invitees=form.invited_users(),
                        ),
                        user=request.user,
                        url=_session_url,
                    )
                else:
                    with transaction.atomic():
                        form.save()
                        services.set_invitees(session=session, invitees=form.invited_users())
                messages.success(request, _("De scansessie is opgeslagen."))
                return redirect(_session_url(session))
        except AlreadySubmitted as submitted:
            # Sent by someone else (the same person goes to the session): it is listed there.
            return already_submitted(request, reverse("scan:session_list"), submitted)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "scan/session_form.html",
        {
            "form": form,
            "region": region,
            "session": session,
            "crumbs": _crumbs(
                (_("Scansessies"), reverse("scan:session_list")),
                (_("Sessie bewerken") if session else _("Nieuwe sessie"), None),
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def session_create(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_for_leader(request.user, region_slug)
    return _session_form_view(request, region)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def session_edit(request: HttpRequest, session_uuid) -> HttpResponse:
    session = selectors.get_session_for(request.user, session_uuid)
    if not session.can_manage:
        raise PermissionDenied(_("Alleen de projectleider van de regio beheert deze sessie."))
    return _session_form_view(request, session.region, session)


def _session_summary(session: ScanSession, viewer) -> selectors.SessionSummary:
    """The session's summary as ``viewer`` sees it, its anonymous answers first taken into its
    snapshot: every page that shows them (the session and its PDF) settles the snapshot."""
    answers = selectors.session_answers(session)
    snapshot = services.settle_anonymous_snapshot(session=session, anonymous=answers.anonymous)
    return selectors.session_summary(answers, snapshot, viewer=viewer)


@require_safe
@login_required
def session_detail(request: HttpRequest, session_uuid) -> HttpResponse:
    session = selectors.get_session_for(request.user, session_uuid)
    summary = _session_summary(session, request.user)
    return render(
        request,
        "scan/session_detail.html",
        {
            "session": session,
            "summary": summary,
            "can_manage": session.can_manage,
            "invitations": session.invitations.select_related("user"),
            "crumbs": _crumbs(
                (_("Scansessies"), reverse("scan:session_list")), (session.title, None)
            ),
        },
    )


@require_safe
@login_required
def session_pdf(request: HttpRequest, session_uuid) -> HttpResponse:
    session = selectors.get_session_for(request.user, session_uuid)
    summary = _session_summary(session, request.user)
    _html, pdf = render_to_pdf(
        "scan/pdf/session.html",
        {"session": session, "summary": summary, "today": timezone.localdate()},
    )
    return pdf_response(pdf, f"scansessie-{session.title}")
