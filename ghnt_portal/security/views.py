"""Login with a second factor, the OTP step for a logged-in user, and the privacy statement."""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlsplit

import django_otp
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from two_factor import views as tf_views
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.utils import default_device, get_otpauth_url, totp_digits

from ghnt_portal.accounts.forms import LoginForm
from ghnt_portal.responses import local_path

from .forms import BACKUP_OTP_ERROR_MESSAGES, OTP_ERROR_MESSAGES, VerifyTokenForm
from .lockout import is_locked_out, lockout_response, record_wrong_code
from .policy import two_factor_required

ISSUER = "GHNT-portaal"
TOKEN_LABEL = _("Code uit uw authenticator-app")
BACKUP_LABEL = _("Back-upcode")


class LoginView(tf_views.LoginView):
    """E-mail and password, then the app code for anyone who has set up two-factor login."""

    form_list = (
        (tf_views.LoginView.AUTH_STEP, LoginForm),
        (tf_views.LoginView.TOKEN_STEP, AuthenticationTokenForm),
        (tf_views.LoginView.BACKUP_STEP, BackupTokenForm),
    )
    redirect_authenticated_user = True

    def get_redirect_url(self):
        """The safe ``next`` path, but not the login page itself: a logged-in person would loop."""
        url = local_path(self.request, super().get_redirect_url())
        return "" if urlsplit(url).path == self.request.path else url

    def post(self, *args, **kwargs):
        """The library jumps to the code step for any POST naming a device to challenge, even
        before the password step; without a person and their app there is nothing to challenge,
        so such a POST starts the login afresh. A locked login gets no code checked."""
        if "challenge_device" in self.request.POST and default_device(self.get_user()) is None:
            self.storage.reset()
            return self.render_goto_step(self.FIRST_STEP)
        user = self.get_user()
        if user and self.steps.current != self.AUTH_STEP and is_locked_out(self.request, user):
            self.storage.reset()
            return lockout_response(self.request)
        return super().post(*args, **kwargs)

    def render(self, form=None, **kwargs):
        """The library renders a code step's refused form here: a wrong code counts."""
        if form is not None and form.is_bound and form.has_error(NON_FIELD_ERRORS, "invalid_token"):
            record_wrong_code(self.request, self.get_user())
        return super().render(form, **kwargs)

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "otp_token" in form.fields:
            is_backup = (step or self.steps.current) == self.BACKUP_STEP
            form.fields["otp_token"].label = BACKUP_LABEL if is_backup else TOKEN_LABEL
            # The library picks the token form per device, so its messages are set here.
            form.otp_error_messages = BACKUP_OTP_ERROR_MESSAGES if is_backup else OTP_ERROR_MESSAGES
        return form


class SetupView(tf_views.SetupView):
    """Set up TOTP; the app shows "GHNT-portaal" rather than the host name."""

    def dispatch(self, request, *args, **kwargs):
        """Only for an account without an app, on every method: the library checks that on GET
        only, so a session that still owed the code of an existing app could POST the wizard's
        steps, add an app of its own and be verified with it."""
        if request.user.is_authenticated and default_device(request.user) is not None:
            if not request.user.is_verified():
                return redirect("security:verify")
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_redirect_url(self):
        return local_path(self.request, super().get_redirect_url())

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "token" in form.fields:
            form.fields["token"].label = TOKEN_LABEL
        return form

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            key = b32encode(unhexlify(self.get_key("generator").encode("ascii"))).decode()
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), key, ISSUER, totp_digits()
            )
            context["issuer"] = ISSUER
        context["two_factor_required"] = two_factor_required(self.request.user)
        return context


class QRGeneratorView(tf_views.QRGeneratorView):
    def get_issuer(self):
        return ISSUER


class ProfileView(tf_views.ProfileView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["two_factor_required"] = two_factor_required(self.request.user)
        return context


class DisableView(tf_views.DisableView):
    """Only people for whom two-factor login is optional may switch it off."""

    def dispatch(self, request, *args, **kwargs):
        if two_factor_required(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second factor for someone already logged in (e.g. who just became a project leader)."""
    next_url = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    next_url = local_path(request, next_url) or resolve_url(settings.LOGIN_REDIRECT_URL)
    if request.user.is_verified():
        return redirect(next_url)
    if default_device(request.user) is None:
        return redirect("two_factor:setup")
    if request.method == "POST" and is_locked_out(request, request.user):
        return lockout_response(request)
    form = VerifyTokenForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            django_otp.login(request, form.device)
            # A new privilege level gets a new session key, as at login.
            request.session.cycle_key()
            return redirect(next_url)
        if form.has_error("token", "invalid_token"):
            record_wrong_code(request, request.user)
    return render(request, "security/verify.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no login of its own: the portal login (with two factors) is the only way in.

    Someone logged in without access to the admin gets 403 here instead of a redirect loop.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "security/privacy.html")
