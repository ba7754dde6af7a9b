"""Integrale sturing: checklist rounds, actions, Niet-Vergeten-Lijst, communication plan,
meetings and the meeting report.

Access, per region (see ``ghnt_portal.access``): outsiders get 404. Everyone with a role in the
region (and the national roles) may read; the project leader and beheerder edit; stuurgroepleden
fill in a checklist round when its project leader allows it. The meeting report is for the
region's steering group only (project leader, stuurgroepleden, beheerder).
"""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghnt_portal import pdf_cache
from ghnt_portal.access import RegionAccess, get_region_access
from ghnt_portal.dates import written_date
from ghnt_portal.deletion import (
    REFUSED_ERRORS,
    deletion_impact,
    impact_sections,
    refused_message,
)
from ghnt_portal.forms import add_service_errors
from ghnt_portal.responses import local_path, pdf_response
from ghnt_portal.reversing import set_links
from ghnt_portal.submissions.services import AlreadySubmitted, submit_once
from ghnt_portal.submissions.views import already_submitted
from regions.constants import RegionRole
from regions.models import GovernanceBody, Region

from . import selectors, services
from .forms import (
    ActionForm,
    AgendaItemForm,
    AnswerForm,
    AssessmentEditForm,
    AssessmentStartForm,
    CommunicationEntryForm,
    MeetingForm,
    NietVergetenLijstForm,
    ReportDateForm,
)
from .models import AgendaItem, Assessment, CommunicationEntry, FollowUpAction, Meeting
from .report import REPORT_TEMPLATE, build_meeting_report, build_report

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


# --- Access helpers -----------------------------------------------------------------------


def _access(request: HttpRequest, slug: str, *, edit: bool = False) -> RegionAccess:
    return get_region_access(request.user, slug, edit=edit)


def _steering_access(request: HttpRequest, slug: str) -> RegionAccess:
    access = get_region_access(request.user, slug)
    if not access.is_steering_group:
        raise PermissionDenied(_("Alleen voor de stuurgroep van deze regio."))
    return access


def _saved(form, save=services.save_form, *, user=None, url=None) -> bool:
    """Save a form with ``save`` (its many-to-many choices in one transaction); a rule that
    fails while saving (say, a concurrent edit) becomes an error on the form instead of a 500.

    A form that creates claims its one-time token in the same transaction: sent a second time,
    it raises ``AlreadySubmitted`` and saves nothing. ``url`` (from the saved object): the page
    the view then sends ``user`` to, for the same form sent again by them (``submit_once``)."""
    try:
        submit_once(form, lambda: save(form=form), user=user, url=url)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    return True


def can_fill(access: RegionAccess, assessment: Assessment) -> bool:
    """Project leader and beheerder always; stuurgroepleden when the round allows it."""
    return access.can_edit or (
        assessment.stuurgroep_may_edit and access.has_role(RegionRole.STUURGROEPLID)
    )


def _assessment(access: RegionAccess, assessment_uuid) -> Assessment:
    assessment = selectors.assessment_for_region(access.region, assessment_uuid)
    if assessment is None:
        raise Http404(_("Checklistronde niet gevonden."))
    return assessment


def _body(access: RegionAccess, body_uuid) -> GovernanceBody:
    body = selectors.body_for_region(access.region, body_uuid)
    if body is None:
        raise Http404(_("Overleg niet gevonden."))
    return body


def _meeting(access: RegionAccess, meeting_uuid) -> Meeting:
    meeting = selectors.meeting_for_region(access.region, meeting_uuid)
    if meeting is None:
        raise Http404(_("Vergadering niet gevonden."))
    return meeting


def _crumbs(region: Region, *extra) -> list[tuple[str, str | None]]:
    return [
        (_("Integrale sturing"), reverse("governance:index")),
        (region.name, reverse("governance:region", args=[region.slug])),
        *extra,
    ]


def _confirm_delete(
    request,
    access,
    obj,
    *,
    title,
    parent,
    success_url,
    message,
    cancel_url: str = "",
    extra_impact=(),
) -> HttpResponse:
    """GET: the shared confirmation page, listing what goes with ``obj``; POST: delete it.
    ``extra_impact``: more sections (heading, items) for the page, such as links that go with
    ``obj``."""
    if request.method == "POST":
        try:
            obj.delete()  # in one transaction: a refused delete changes nothing
        except REFUSED_ERRORS as error:
            messages.error(request, refused_message(error))
            return redirect(request.get_full_path())
        messages.success(request, message)
        return redirect(success_url)
    return render(
        request,
        "confirm_delete.html",
        {
            "title": title,
            "object": obj,
            "region": access.region,
            "impact": [*impact_sections(deletion_impact(obj)), *extra_impact],
            "cancel_url": cancel_url or parent[1],
            "crumbs": _crumbs(access.region, parent, (_("Verwijderen"), None)),
        },
    )


def _form_page(
    request, *, region, title: str, form, crumbs, cancel_url: str, intro: str = "", **extra
):
    return render(
        request,
        "governance/form_page.html",
        {
            "region": region,
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "intro": intro,
            **extra,
        },
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return local_path(request, target) or fallback


# --- Index and region overview ------------------------------------------------------------


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    regions = list(Region.objects.visible_to(request.user).order_by("name"))
    if len(regions) == 1:
        return redirect("governance:region", regions[0].slug)
    return render(request, "governance/index.html", {"regions": regions})


@require_safe
@login_required
def region_overview(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug)
    region = access.region
    completeness = selectors.nvl_completeness_for_region(region)
    bodies = {b.pk: b for b in selectors.bodies_for_region(region)}
    body_rows = [(bodies[c.body_id], c) for c in completeness.bodies if c.body_id in bodies]
    open_actions = selectors.actions_for_region(region)
    return render(
        request,
        "governance/region.html",
        {
            "region": region,
            "access": access,
            "assessments": selectors.assessments_for_region(region),
            "body_rows": body_rows,
            "completeness": completeness,
            "open_actions": list(open_actions[:5]),
            "open_action_count": open_actions.count(),
            "crumbs": _crumbs(region),
        },
    )


# --- Assessments --------------------------------------------------------------------------


@GET_POST
@login_required
def assessment_start(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    region = access.region
    form = AssessmentStartForm(request.POST or None, region=region)

    def fill_url(assessment) -> str:
        return reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])

    if request.method == "POST":
        try:
            if form.is_valid():
                assessment = submit_once(
                    form,
                    lambda: services.start_assessment(
                        region=region,
                        body=form.cleaned_data["body"],
                        on=form.cleaned_data["date"],
                        participants=form.cleaned_data["participants"],
                        participant_seats=form.cleaned_data["participant_seats"],
                        stuurgroep_may_edit=form.cleaned_data["stuurgroep_may_edit"],
                        user=request.user,
                    ),
                    user=request.user,
                    url=fill_url,
                )
                messages.success(request, _("De checklistronde is gestart."))
                return redirect(fill_url(assessment))
        except AlreadySubmitted as submitted:
            # Sent by someone else: the new round is listed on the region's page.
            region_url = reverse("governance:region", args=[region.slug])
            return already_submitted(request, region_url, submitted)
        except ValidationError as error:
            form.add_error(None, error)
    return _form_page(
        request,
        region=region,
        title=_("Nieuwe checklistronde"),
        form=form,
        crumbs=_crumbs(region, (_("Nieuwe checklistronde"), None)),
        cancel_url=reverse("governance:region", args=[region.slug]),
        intro=_(
            "Een nieuwe ronde begint met de antwoorden van de vorige ronde voor hetzelfde "
            "overleg (of de hele regio). Daarna ziet u wat er vooruit of achteruit is gegaan."
        ),
        submit_label=_("Ronde starten"),
    )


@require_safe
@login_required
def assessment_detail(request: HttpRequest, region_slug: str, assessment_uuid) -> HttpResponse:
    access = _access(request, region_slug)
    assessment = _assessment(access, assessment_uuid)
    overview = selectors.assessment_overview(assessment)
    may_fill = can_fill(access, assessment)
    if may_fill:
        rows = [row for section in overview.sections for row in section.rows]
        set_links(
            rows,
            "add_action_url",
            "governance:action_create",
            [access.region.slug, assessment.uuid],
            key=lambda row: row.answer.pk,
        )
        _set_action_links(
            access.region.slug,
            [
                (action, f"{request.path}#punt-{row.item.code}")
                for row in rows
                for action in row.actions
            ],
        )
    return render(
        request,
        "governance/assessment_detail.html",
        {
            "region": access.region,
            "access": access,
            "assessment": assessment,
            "overview": overview,
            "can_fill": may_fill,
            "participant_names": selectors.participant_names(assessment),
            "crumbs": _crumbs(access.region, (str(assessment), None)),
        },
    )


@GET_POST
@login_required
def assessment_edit(request: HttpRequest, region_slug: str, assessment_uuid) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    assessment = _assessment(access, assessment_uuid)
    form = AssessmentEditForm(request.POST or None, instance=assessment)
    detail_url = reverse("governance:assessment_detail", args=[region_slug, assessment.uuid])
    if request.method == "POST" and form.is_valid() and _saved(form, services.save_assessment):
        messages.success(request, _("De gegevens van de ronde zijn opgeslagen."))
        return redirect(detail_url)
    return _form_page(
        request,
        region=access.region,
        title=_("Gegevens van de checklistronde: %(assessment)s") % {"assessment": assessment},
        form=form,
        crumbs=_crumbs(access.region, (str(assessment), detail_url), (_("Bewerken"), None)),
        cancel_url=detail_url,
    )


@GET_POST
@login_required
def assessment_fill(request: HttpRequest, region_slug: str, assessment_uuid) -> HttpResponse:
    access = _access(request, region_slug)
    assessment = _assessment(access, assessment_uuid)
    may_fill = can_fill(access, assessment)
    # A stuurgroeplid whose round was closed to them while filling it in gets their input back.
    locked_out = (
        not may_fill and request.method == "POST" and access.has_role(RegionRole.STUURGROEPLID)
    )
    if not may_fill and not locked_out:
        raise PermissionDenied(_("U mag deze checklistronde niet invullen."))
    answers = list(assessment.answers.select_related("item__section"))
    data = request.POST if request.method == "POST" else None
    forms = [AnswerForm(data, instance=a, prefix=f"a{a.pk}") for a in answers]
    if locked_out:  # the posted values, shown unbound: nothing is validated or saved
        forms = [
            AnswerForm(
                initial={name: form[name].data for name in form.fields},
                instance=form.instance,
                prefix=form.prefix,
            )
            for form in forms
        ]
    detail_url = reverse("governance:assessment_detail", args=[region_slug, assessment.uuid])
    # Validate every form (not all(), which stops at the first error) so each shows its errors.
    valid = [form.is_valid() for form in forms] if data is not None and may_fill else [False]
    if all(valid):
        try:
            services.save_answers(forms=forms)
        except ValidationError as error:  # saved at the same moment by someone else
            forms[0].add_error(None, error.messages)
        else:
            messages.success(request, _("De antwoorden zijn opgeslagen."))
            return redirect(detail_url)
    sections: list[tuple] = []
    for form in forms:
        section = form.instance.item.section
        if not sections or sections[-1][0] != section:
            sections.append((section, []))
        sections[-1][1].append(form)
    errors = [form for form in forms if form.errors]
    return render(
        request,
        "governance/assessment_fill.html",
        {
            "region": access.region,
            "assessment": assessment,
            "sections": sections,
            "errors": errors,
            "cancel_url": detail_url,
            "locked_out": locked_out,
            "crumbs": _crumbs(access.region, (str(assessment), detail_url), (_("Invullen"), None)),
        },
        status=403 if locked_out else 200,
    )


@GET_POST
@login_required
def action_create(
    request: HttpRequest, region_slug: str, assessment_uuid, answer_id: int
) -> HttpResponse:
    access = _access(request, region_slug)
    assessment = _assessment(access, assessment_uuid)
    if not can_fill(access, assessment):
        raise PermissionDenied(_("U mag bij deze checklistronde geen acties toevoegen."))
    answer = assessment.answers.select_related("item").filter(pk=answer_id).first()
    if answer is None:
        raise Http404(_("Checklistpunt niet gevonden."))
    detail_url = reverse("governance:assessment_detail", args=[region_slug, assessment.uuid])
    return _action_create_page(
        request,
        access,
        {"answer": answer},
        done_url=f"{detail_url}#punt-{answer.item.code}",
        title=_("Nieuwe actie bij %(item)s") % {"item": answer.item},
        parent=(str(assessment), detail_url),
    )


def _action_create_page(request, access, target: dict, *, done_url: str, title: str, parent):
    """The new-action form for a checklist answer or an agenda item (``target``), saved once."""
    form = ActionForm(request.POST or None)
    try:
        if request.method == "POST" and form.is_valid():
            submit_once(
                form,
                lambda: services.create_action(
                    region=access.region,
                    **target,
                    **{name: form.cleaned_data[name] for name in services.ACTION_FIELDS},
                ),
            )
            messages.success(request, _("De actie is toegevoegd."))
            return redirect(done_url)
    except AlreadySubmitted as submitted:
        return already_submitted(request, done_url, submitted)
    except ValidationError as error:
        add_service_errors(form, error)
    return _form_page(
        request,
        region=access.region,
        title=title,
        form=form,
        crumbs=_crumbs(access.region, parent, (_("Nieuwe actie"), None)),
        cancel_url=parent[1],
        # Two rounds (or meetings) have the same points: the title names which one, as the
        # breadcrumb does (WCAG 2.4.2).
        title_detail=parent[0],
    )


# --- Actions ------------------------------------------------------------------------------


def may_change_action(access: RegionAccess, action: FollowUpAction) -> bool:
    """Who may add an action where ``action`` came from may edit or delete it: on a checklist
    round, who may fill it in (stuurgroepleden when the round allows it); otherwise (an agenda
    item, or no origin) the project leader and beheerder."""
    if action.answer_id:
        return can_fill(access, action.answer.assessment)
    return access.can_edit


def _set_action_links(region_slug: str, shown: list[tuple[FollowUpAction, str]]) -> None:
    """Give each action of ``shown`` its ``edit_url`` and ``delete_url``
    (includes/action_change_links.html), each with ``?next=`` the page and anchor paired with
    it, to come back to, and that as ``back_url`` for its close form
    (includes/action_close_form.html); one reverse() per kind of link for the whole page."""
    actions = [action for action, _back in shown]
    set_links(actions, "edit_url", "governance:action_edit", [region_slug])
    set_links(actions, "delete_url", "governance:action_delete", [region_slug])
    for action, back in shown:
        action.back_url = back
        query = f"?next={quote(back, safe='/')}"
        action.edit_url += query
        action.delete_url += query


def _changeable_action(request: HttpRequest, region_slug: str, action_uuid):
    """The region's access and its action ``action_uuid``, for who may change it: 404 for
    outsiders and for another region's action, 403 for who may only read it."""
    access = _access(request, region_slug)
    action = selectors.action_for_region(access.region, action_uuid)
    if action is None:
        raise Http404(_("Actie niet gevonden."))
    if not may_change_action(access, action):
        raise PermissionDenied(_("U mag deze actie niet wijzigen."))
    return access, action


@require_safe
@login_required
def action_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug)
    sort = request.GET.get("sorteer", "deadline")
    if sort not in selectors.ACTION_SORTS:
        sort = "deadline"
    include_closed = request.GET.get("afgerond") == "1"
    actions = list(
        selectors.actions_for_region(access.region, include_closed=include_closed, sort=sort)
    )
    changeable = [action for action in actions if may_change_action(access, action)]
    back = request.get_full_path()
    _set_action_links(access.region.slug, [(action, back) for action in changeable])
    return render(
        request,
        "governance/action_list.html",
        {
            "region": access.region,
            "access": access,
            "actions": actions,
            "any_changeable": bool(changeable),
            "sort": sort,
            "include_closed": include_closed,
            "crumbs": _crumbs(access.region, (_("Acties"), None)),
        },
    )


def _action_origin(action: FollowUpAction) -> str:
    if action.answer_id or action.agenda_item_id:
        return _("Deze actie komt uit %(origin)s; dat blijft zo.") % {"origin": action.origin_label}
    return ""


@GET_POST
@login_required
def action_edit(request: HttpRequest, region_slug: str, action_uuid) -> HttpResponse:
    access, action = _changeable_action(request, region_slug, action_uuid)
    list_url = reverse("governance:action_list", args=[region_slug])
    back = _safe_next(request, list_url)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid() and _saved(form):
        messages.success(request, _("De actie is opgeslagen."))
        return redirect(back)
    return _form_page(
        request,
        title=_("Actie bewerken: %(action)s") % {"action": Truncator(action).chars(80)},
        form=form,
        crumbs=_crumbs(access.region, (_("Acties"), list_url), (_("Actie bewerken"), None)),
        cancel_url=back,
        intro=_action_origin(action),
        region=access.region,
    )


@GET_POST
@login_required
def action_delete(request: HttpRequest, region_slug: str, action_uuid) -> HttpResponse:
    access, action = _changeable_action(request, region_slug, action_uuid)
    list_url = reverse("governance:action_list", args=[region_slug])
    back = _safe_next(request, list_url)
    linked = [f"{item} ({item.meeting})" for item in selectors.agenda_items_linking(action)]
    return _confirm_delete(
        request,
        access,
        action,
        title=_("Actie verwijderen: %(action)s") % {"action": Truncator(action).chars(80)},
        parent=(_("Acties"), list_url),
        success_url=back,
        message=_("De actie is verwijderd."),
        cancel_url=back,
        extra_impact=[(_("Verdwijnt als gekoppelde actie bij deze agendapunten"), linked)]
        if linked
        else [],
    )


@require_POST
@login_required
def action_toggle(request: HttpRequest, region_slug: str, action_uuid) -> HttpResponse:
    action = _changeable_action(request, region_slug, action_uuid)[1]
    close = request.POST.get("closed", "1") == "1"
    services.set_action_closed(action=action, closed=close)
    if close:
        messages.success(request, _("De actie is afgerond."))
    else:
        messages.success(request, _("De actie staat weer open."))
    return redirect(_safe_next(request, reverse("governance:action_list", args=[region_slug])))


# --- Bodies: Niet-Vergeten-Lijst and communication plan -----------------------------------


@require_safe
@login_required
def body_detail(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    access = _access(request, region_slug)
    body = selectors.body_with_registry(access.region, uuid=body_uuid)
    if body is None:
        raise Http404(_("Overleg niet gevonden."))
    fixed, on_request = selectors.seats_split(body)
    completeness = selectors.nvl_completeness_for_body(body)
    return render(
        request,
        "governance/body_detail.html",
        {
            "region": access.region,
            "access": access,
            "body": body,
            "fixed_seats": fixed,
            "on_request_seats": on_request,
            "seats": fixed + on_request,
            "nvl_rows": selectors.nvl_rows(body, completeness),
            "completeness": completeness,
            "communication": selectors.communication_plan(body),
            "meetings": selectors.meetings_for_body(body),
            "assessments": body.assessments.order_by("-date", "-created_at"),
            "crumbs": _crumbs(access.region, (body.name, None)),
        },
    )


@GET_POST
@login_required
def nvl_edit(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    body = _body(access, body_uuid)
    form = NietVergetenLijstForm(request.POST or None, instance=services.nvl_for_body(body))
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])
    if request.method == "POST" and form.is_valid() and _saved(form):
        messages.success(request, _("De Niet-Vergeten-Lijst is opgeslagen."))
        return redirect(body_url)
    return _form_page(
        request,
        region=access.region,
        title=_("Niet-Vergeten-Lijst van %(body)s") % {"body": body.name},
        form=form,
        crumbs=_crumbs(access.region, (body.name, body_url), (_("Niet-Vergeten-Lijst"), None)),
        cancel_url=body_url,
        intro=_(
            "Wat het register al weet (adviserend of besluitvormend, wie met welk mandaat aan "
            "tafel zit, vast of op uitnodiging) vult u in bij het overleg en de zetels, niet hier."
        ),
    )


@GET_POST
@login_required
def communication_create(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    return _communication_form(request, region_slug, body_uuid, None)


@GET_POST
@login_required
def communication_edit(
    request: HttpRequest, region_slug: str, body_uuid, entry_uuid
) -> HttpResponse:
    return _communication_form(request, region_slug, body_uuid, entry_uuid)


def _communication_entry(body: GovernanceBody, entry_uuid) -> CommunicationEntry:
    entry = body.communication_entries.filter(uuid=entry_uuid).first()
    if entry is None:
        raise Http404(_("Regel niet gevonden."))
    return entry


def _communication_form(request, region_slug, body_uuid, entry_uuid):
    access = _access(request, region_slug, edit=True)
    body = _body(access, body_uuid)
    entry = _communication_entry(body, entry_uuid) if entry_uuid else CommunicationEntry(body=body)
    form = CommunicationEntryForm(request.POST or None, instance=entry)
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])
    done_url = f"{body_url}#communicatieplan"
    try:
        if request.method == "POST" and form.is_valid() and _saved(form):
            messages.success(request, _("Het communicatieplan is bijgewerkt."))
            return redirect(done_url)
    except AlreadySubmitted as submitted:
        return already_submitted(request, done_url, submitted)
    if entry_uuid:
        crumb = _("Regel in het communicatieplan")
        title = _("Regel in het communicatieplan van %(body)s") % {"body": body.name}
    else:
        crumb = _("Nieuwe regel in het communicatieplan")
        title = _("Nieuwe regel in het communicatieplan van %(body)s") % {"body": body.name}
    return _form_page(
        request,
        region=access.region,
        title=title,
        form=form,
        crumbs=_crumbs(access.region, (body.name, body_url), (crumb, None)),
        cancel_url=body_url,
    )


@GET_POST
@login_required
def communication_delete(
    request: HttpRequest, region_slug: str, body_uuid, entry_uuid
) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    body = _body(access, body_uuid)
    entry = _communication_entry(body, entry_uuid)
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])
    return _confirm_delete(
        request,
        access,
        entry,
        title=_("Regel uit het communicatieplan verwijderen: %(entry)s")
        % {"entry": Truncator(entry).chars(80)},
        parent=(body.name, body_url),
        success_url=f"{body_url}#communicatieplan",
        message=_("De regel is uit het communicatieplan verwijderd."),
    )


# --- Meetings -----------------------------------------------------------------------------


@GET_POST
@login_required
def meeting_create(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    body = _body(access, body_uuid)
    form = MeetingForm(request.POST or None, body=body)
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])

    def meeting_url(meeting) -> str:
        return reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])

    try:
        saved = (
            request.method == "POST"
            and form.is_valid()
            and _saved(form, user=request.user, url=meeting_url)
        )
    except AlreadySubmitted as submitted:
        # Sent by someone else: the new meeting is listed on the body's page.
        return already_submitted(request, f"{body_url}#h-meetings", submitted)
    if saved:
        messages.success(request, _("De vergadering is aangemaakt. Zet nu de agenda klaar."))
        return redirect(meeting_url(form.instance))
    return _form_page(
        request,
        region=access.region,
        title=_("Nieuwe vergadering van %(body)s") % {"body": body.name},
        form=form,
        crumbs=_crumbs(access.region, (body.name, body_url), (_("Nieuwe vergadering"), None)),
        cancel_url=body_url,
    )


@require_safe
@login_required
def meeting_detail(request: HttpRequest, region_slug: str, meeting_uuid) -> HttpResponse:
    access = _access(request, region_slug)
    meeting = _meeting(access, meeting_uuid)
    body = selectors.body_with_registry(access.region, pk=meeting.body_id)
    fixed, on_request = selectors.seats_split(body)
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])
    agenda = list(selectors.agenda_items(meeting))
    if access.can_edit:
        # An action linked to one item and made at another is shown (and linked) twice.
        _set_action_links(
            region_slug,
            [
                (action, f"{request.path}#agenda-{item.pk}")
                for item in agenda
                for action in [*item.actions.all(), *item.new_actions.all()]
            ],
        )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "region": access.region,
            "access": access,
            "meeting": meeting,
            "body": body,
            "expected": fixed,
            "on_request": on_request,
            "present": meeting.present_seats.all(),
            "agenda": agenda,
            "crumbs": _crumbs(
                access.region, (body.name, body_url), (written_date(meeting.date), None)
            ),
        },
    )


@GET_POST
@login_required
def meeting_edit(request: HttpRequest, region_slug: str, meeting_uuid) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    meeting = _meeting(access, meeting_uuid)
    form = MeetingForm(request.POST or None, instance=meeting, body=meeting.body)
    url = reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])
    if request.method == "POST" and form.is_valid() and _saved(form):
        messages.success(request, _("De vergadering is opgeslagen."))
        return redirect(url)
    return _form_page(
        request,
        region=access.region,
        title=_("Vergadering bewerken: %(meeting)s") % {"meeting": meeting},
        form=form,
        crumbs=_crumbs(access.region, (str(meeting), url), (_("Bewerken"), None)),
        cancel_url=url,
    )


def _agenda_item(meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise Http404(_("Agendapunt niet gevonden."))
    return item


@GET_POST
@login_required
def agenda_item_create(request: HttpRequest, region_slug: str, meeting_uuid) -> HttpResponse:
    return _agenda_form(request, region_slug, meeting_uuid, None)


@GET_POST
@login_required
def agenda_item_edit(
    request: HttpRequest, region_slug: str, meeting_uuid, item_id: int
) -> HttpResponse:
    return _agenda_form(request, region_slug, meeting_uuid, item_id)


def _agenda_form(request, region_slug, meeting_uuid, item_id):
    access = _access(request, region_slug, edit=True)
    meeting = _meeting(access, meeting_uuid)
    if item_id is None:
        item = AgendaItem(meeting=meeting, order=selectors.next_agenda_number(meeting))
    else:
        item = _agenda_item(meeting, item_id)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    url = reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])
    try:
        if request.method == "POST" and form.is_valid() and _saved(form):
            messages.success(request, _("Het agendapunt is opgeslagen."))
            return redirect(f"{url}#agenda")
    except AlreadySubmitted as submitted:
        return already_submitted(request, f"{url}#agenda", submitted)
    if item_id:
        crumb = _("Agendapunt bewerken")
        title = _("Agendapunt bewerken: %(meeting)s") % {"meeting": meeting}
    else:
        crumb = _("Nieuw agendapunt")
        title = _("Nieuw agendapunt: %(meeting)s") % {"meeting": meeting}
    return _form_page(
        request,
        region=access.region,
        title=title,
        form=form,
        crumbs=_crumbs(access.region, (str(meeting), url), (crumb, None)),
        cancel_url=url,
    )


@GET_POST
@login_required
def agenda_item_delete(
    request: HttpRequest, region_slug: str, meeting_uuid, item_id: int
) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    meeting = _meeting(access, meeting_uuid)
    item = _agenda_item(meeting, item_id)
    url = reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])
    return _confirm_delete(
        request,
        access,
        item,
        title=_("Agendapunt verwijderen: %(item)s – %(meeting)s")
        % {"item": item, "meeting": meeting},
        parent=(str(meeting), url),
        success_url=f"{url}#agenda",
        message=_("Het agendapunt is verwijderd."),
    )


@GET_POST
@login_required
def agenda_action_create(
    request: HttpRequest, region_slug: str, meeting_uuid, item_id: int
) -> HttpResponse:
    access = _access(request, region_slug, edit=True)
    meeting = _meeting(access, meeting_uuid)
    item = _agenda_item(meeting, item_id)
    url = reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])
    return _action_create_page(
        request,
        access,
        {"agenda_item": item},
        done_url=f"{url}#agenda",
        title=_("Nieuwe actie bij agendapunt %(item)s") % {"item": item},
        parent=(str(meeting), url),
    )


# --- Meeting report -----------------------------------------------------------------------


@require_safe
@login_required
def meeting_report_preview(request: HttpRequest, region_slug: str, meeting_uuid) -> HttpResponse:
    access = _steering_access(request, region_slug)
    meeting = _meeting(access, meeting_uuid)
    report = build_meeting_report(meeting)
    url = reverse("governance:meeting_detail", args=[region_slug, meeting.uuid])
    return render(
        request,
        "governance/report_preview.html",
        {
            "region": access.region,
            "report": report,
            "pdf_url": reverse("governance:meeting_report_pdf", args=[region_slug, meeting.uuid]),
            "crumbs": _crumbs(access.region, (str(meeting), url), (_("Verslag"), None)),
        },
    )


@require_safe
@login_required
def meeting_report_pdf(request: HttpRequest, region_slug: str, meeting_uuid) -> HttpResponse:
    access = _steering_access(request, region_slug)
    meeting = _meeting(access, meeting_uuid)
    pdf = pdf_cache.cached_pdf(
        REPORT_TEMPLATE,
        lambda: {"report": build_meeting_report(meeting)},
        kind="meeting-report",
        scope=[meeting.uuid, timezone.localdate()],
        digest=pdf_cache.region_report_digest(access.region),
    )
    return pdf_response(pdf, f"verslag-{meeting.body.name}-{meeting.date:%Y-%m-%d}")


def _report_date(request: HttpRequest) -> tuple[ReportDateForm, date | None]:
    """The report's date from ``?datum=`` (today without it), or None with the form's error."""
    form = ReportDateForm(request.GET or {"datum": timezone.localdate().isoformat()})
    return form, form.cleaned_data["datum"] if form.is_valid() else None


@require_safe
@login_required
def body_report_preview(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    """The report for a body on a date, without a meeting."""
    access = _steering_access(request, region_slug)
    body = _body(access, body_uuid)
    body_url = reverse("governance:body_detail", args=[region_slug, body.uuid])
    form, on = _report_date(request)
    crumbs = _crumbs(access.region, (body.name, body_url), (_("Stand van zaken"), None))
    if on is None:
        return render(
            request,
            "governance/report_date.html",
            {"region": access.region, "body": body, "form": form, "crumbs": crumbs},
        )
    pdf_url = reverse("governance:body_report_pdf", args=[region_slug, body.uuid])
    return render(
        request,
        "governance/report_preview.html",
        {
            "region": access.region,
            "report": build_report(body, on=on),
            "pdf_url": f"{pdf_url}?datum={on.isoformat()}",
            "date_form": form,
            "crumbs": crumbs,
        },
    )


@require_safe
@login_required
def body_report_pdf(request: HttpRequest, region_slug: str, body_uuid) -> HttpResponse:
    access = _steering_access(request, region_slug)
    body = _body(access, body_uuid)
    _form, on = _report_date(request)
    if on is None:
        return redirect(
            reverse("governance:body_report", args=[region_slug, body.uuid])
            + "?"
            + request.GET.urlencode()
        )
    pdf = pdf_cache.cached_pdf(
        REPORT_TEMPLATE,
        lambda: {"report": build_report(body, on=on)},
        kind="body-report",
        scope=[body.uuid, on, timezone.localdate()],
        digest=pdf_cache.region_report_digest(access.region),
    )
    return pdf_response(pdf, f"stand-van-zaken-{body.name}-{on:%Y-%m-%d}")
