"""People in a region: invitations, roles, and accepting an invitation link.

The region's project leader (and the beheerder) manage the people; every view goes through
``get_region_access(..., edit=True)``: outsiders get 404, read-only roles 403.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghnt_portal.access import get_region_access
from ghnt_portal.forms import add_service_errors
from ghnt_portal.links import absolute_url
from ghnt_portal.submissions.services import AlreadySubmitted, submit_once
from ghnt_portal.submissions.views import already_submitted
from regions.constants import RegionRole
from regions.models import Membership

from . import services
from .constants import INVITATION_KEEP_DAYS
from .forms import AcceptInvitationForm, InvitationForm, MembershipForm
from .models import Invitation


def _people_url(region) -> str:
    return reverse("accounts:region_people", kwargs={"region_slug": region.slug})


def _region_url(region) -> str:
    return reverse("regions:region_detail", kwargs={"region_slug": region.slug})


def _crumbs(region, *extra):
    return [(region.name, _region_url(region)), (_("Mensen"), _people_url(region)), *extra]


@login_required
@require_safe
def region_people(request, region_slug):
    access = get_region_access(request.user, region_slug, edit=True)
    region = access.region
    memberships = (
        Membership.objects.filter(region=region)
        .select_related("user", "municipality")
        .order_by("role", "user__full_name", "user__email")
    )
    invitations = (
        Invitation.objects.not_closed()
        .filter(region=region)
        .select_related("municipality", "invited_by")
        .order_by("email")
    )
    return render(
        request,
        "accounts/region_people.html",
        {
            "region": region,
            "access": access,
            "memberships": memberships,
            "invitations": invitations,
            "keep_days": INVITATION_KEEP_DAYS,
            "crumbs": [(region.name, _region_url(region)), (_("Mensen"), None)],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, region_slug):
    access = get_region_access(request.user, region_slug, edit=True)
    region = access.region
    form = InvitationForm(request.POST or None, region=region)
    if request.method == "POST":
        try:
            if form.is_valid():
                invitation = submit_once(
                    form,
                    lambda: services.invite_person(
                        region=region,
                        invited_by=request.user,
                        absolute_url=partial(absolute_url, request),
                        **form.cleaned_data,
                    ),
                )
                messages.success(
                    request,
                    _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invitation.email},
                )
                return redirect(_people_url(region))
        except AlreadySubmitted as submitted:
            return already_submitted(request, _people_url(region), submitted)
        except services.InvitationMailNotSent as error:
            # Committed with the form's token, then deleted again: a new token saves anew.
            form.renew_submission_token()
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "accounts/invite.html",
        {
            "region": region,
            "form": form,
            "crumbs": _crumbs(region, (_("Uitnodigen"), None)),
            "cancel_url": _people_url(region),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_invitation(request, region_slug, uuid):
    access = get_region_access(request.user, region_slug, edit=True)
    region = access.region
    invitation = get_object_or_404(Invitation.objects.not_closed(), region=region, uuid=uuid)
    if request.method == "POST":
        try:
            services.withdraw_invitation(invitation=invitation)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
            )
        return redirect(_people_url(region))
    return render(
        request,
        "accounts/confirm.html",
        {
            "region": region,
            "title": _("Uitnodiging voor %(email)s intrekken") % {"email": invitation.email},
            "question": _(
                "Wilt u de uitnodiging voor %(email)s (%(role)s) intrekken? "
                "De link werkt dan niet meer."
            )
            % {"email": invitation.email, "role": invitation.get_role_display()},
            "submit_label": _("Uitnodiging intrekken"),
            "crumbs": _crumbs(region, (_("Uitnodiging intrekken"), None)),
            "cancel_url": _people_url(region),
        },
    )


@require_POST
@login_required
def resend_invitation(request, region_slug, uuid):
    """Mail a pending or expired invitation again with a new link (a POST from the people page)."""
    access = get_region_access(request.user, region_slug, edit=True)
    region = access.region
    invitation = get_object_or_404(Invitation, region=region, uuid=uuid)
    try:
        invitation = services.resend_invitation(
            invitation=invitation,
            sent_by=request.user,
            absolute_url=partial(absolute_url, request),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "De uitnodiging is opnieuw verstuurd naar %(email)s. De nieuwe link werkt tot "
                "%(moment)s uur; de vorige link werkt niet meer."
            )
            % {
                "email": invitation.email,
                "moment": date_format(timezone.localtime(invitation.expires_at), "j F Y, H:i"),
            },
        )
    return redirect(_people_url(region))


def _membership_for(request, region_slug, pk):
    access = get_region_access(request.user, region_slug, edit=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "region"), region=access.region, pk=pk
    )
    return access.region, membership


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_membership(request, region_slug, pk):
    region, membership = _membership_for(request, region_slug, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De rol van %(person)s is gewijzigd.") % {"person": membership.user},
            )
            return redirect(_after_change(request, region))
    return render(
        request,
        "accounts/membership_form.html",
        {
            "region": region,
            "membership": membership,
            "form": form,
            "crumbs": _crumbs(region, (_("Rol wijzigen"), None)),
            "cancel_url": _people_url(region),
        },
    )


def _after_change(request, region) -> str:
    """A project leader who gave up their own role can no longer manage the region's people."""
    still_allowed = (
        request.user.is_beheerder
        or Membership.objects.filter(
            user=request.user, region=region, role=RegionRole.PROJECTLEIDER
        ).exists()
    )
    return _people_url(region) if still_allowed else reverse("home")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_membership(request, region_slug, pk):
    region, membership = _membership_for(request, region_slug, pk)
    error = None
    if request.method == "POST":
        try:
            services.withdraw_membership(membership=membership)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _("De rol %(role)s van %(person)s is ingetrokken.")
                % {"role": membership.get_role_display(), "person": membership.user},
            )
            return redirect(_after_change(request, region))
    question = _(
        "Wilt u de rol %(role)s van %(person)s in %(region)s intrekken? De persoon houdt het "
        "account, maar ziet deze regio niet meer als dit de enige rol was."
    ) % {"role": membership.get_role_display(), "person": membership.user, "region": region.name}
    if membership.role == RegionRole.BESTUURDER:
        question += " " + _(
            "Wat deze bestuurder in scansessies van de regio heeft gedeeld, wordt daar "
            "teruggetrokken."
        )
    return render(
        request,
        "accounts/confirm.html",
        {
            "region": region,
            "title": _("Rol van %(person)s intrekken") % {"person": membership.user},
            "question": question,
            "error": error,
            "submit_label": _("Rol intrekken"),
            "crumbs": _crumbs(region, (_("Rol intrekken"), None)),
            "cancel_url": _people_url(region),
        },
        status=400 if error else 200,
    )


# The invitation link opened in this browser: the hash of its token, as the database keeps it, so
# that the session table holds no usable link.
OPENED_INVITATION_SESSION_KEY = "_opened_invitation_token_hash"


# Anonymous, but it shows the invited address and a password form: no copy kept anywhere.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    """The invitation link: open to anyone who holds it; the token is the credential.

    Opening a usable link keeps it in the session and redirects to the same page without the
    token (as Django's password reset does): the address in the browser's history and in the
    Referer header of the page's requests then has no token."""
    invitation = services.find_invitation(token)
    if request.method in ("GET", "HEAD") and invitation is not None and invitation.is_usable:
        request.session[OPENED_INVITATION_SESSION_KEY] = invitation.token_hash
        return redirect("accounts:accept_opened_invitation")
    return _invitation_page(request, invitation)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept_opened_invitation(request):
    """The page of the invitation link that was opened in this browser (accept_invitation)."""
    token_hash = request.session.get(OPENED_INVITATION_SESSION_KEY)
    if token_hash is None:
        return render(
            request, "accounts/invitation_invalid.html", {"no_link_opened": True}, status=404
        )
    return _invitation_page(request, services.find_invitation_by_hash(token_hash))


def _invitation_page(request, invitation):
    if invitation is None or not invitation.is_usable:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"invitation": invitation},
            status=404 if invitation is None else 410,
        )

    existing = services.User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "existing": existing}
    if existing is not None:
        if not request.user.is_authenticated:
            context["login_url"] = (
                f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
            )
            return render(request, "accounts/accept_invitation_login.html", context)
        if request.user.pk != existing.pk:
            return render(
                request, "accounts/accept_invitation_other_account.html", context, status=403
            )
        if request.method == "POST":
            try:
                services.accept_invitation_as_existing_user(
                    invitation=invitation, user=request.user
                )
            except ValidationError as error:
                # E.g. withdrawn or expired since it was looked up: the link then says why.
                messages.error(request, error.messages[0])
                return redirect(request.path)
            return _accepted(request, invitation)
        return render(request, "accounts/accept_invitation_existing.html", context)

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accept_invitation_as_new_user(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return _accepted(request, invitation)
    context["form"] = form
    return render(request, "accounts/accept_invitation_new.html", context)


def _accepted(request, invitation):
    request.session.pop(OPENED_INVITATION_SESSION_KEY, None)
    messages.success(
        request,
        _("Welkom! U bent nu %(role)s in de regio %(region)s.")
        % {"role": invitation.get_role_display(), "region": invitation.region.name},
    )
    return redirect("home")
