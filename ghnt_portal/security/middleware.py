"""Security middleware: the second factor before anything else, the idle timeout of sessions,
and no cached copies of logged-in pages."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from two_factor.utils import default_device

from .policy import two_factor_required

# Views a user who still owes the second factor may reach (namespace or "namespace:name").
ALLOWED_NAMESPACES = {"two_factor"}
ALLOWED_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "security:verify",
    "privacy",
    "admin_login",
    "healthz",
}


class TwoFactorRequiredMiddleware:
    """Needs ``django_otp.middleware.OTPMiddleware`` before it (for ``user.is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and (
            match.view_name in ALLOWED_VIEWS or set(match.namespaces) & ALLOWED_NAMESPACES
        ):
            return None
        if not two_factor_required(user):
            return None
        if default_device(user) is None:
            return redirect("two_factor:setup")
        url = reverse("security:verify")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


# The idle timeout is kept to the minute: the session is saved again (its row's expire_date and
# the cookie's max-age pushed forward) at most once a minute, not on every request.
SESSION_REFRESHED_AT = "_refreshed_at"
REFRESH_AFTER_SECONDS = 60


# When the person logged in: a session ends SESSION_ABSOLUTE_TIMEOUT seconds later, however busy.
SESSION_LOGGED_IN_AT = "_logged_in_at"


def mark_session_refreshed(sender, request, user, **kwargs) -> None:
    """At login (the ``user_logged_in`` signal) the session is saved anyway: count that as the
    latest refresh, so the next request does not save it again, and as the start of its
    absolute lifetime."""
    now = int(time.time())
    request.session[SESSION_REFRESHED_AT] = now
    request.session[SESSION_LOGGED_IN_AT] = now


class IdleSessionMiddleware:
    """Sliding expiry without a database write per request, and an absolute lifetime: a session
    in use ends ``SESSION_ABSOLUTE_TIMEOUT`` seconds after the login (ASVS 3.3.2), so a stolen or
    forgotten session cannot be kept alive for ever. Put it after SessionMiddleware and before
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            logged_in_at = session.get(SESSION_LOGGED_IN_AT)
            if logged_in_at is None:
                # A session from before this limit: it counts from now.
                session[SESSION_LOGGED_IN_AT] = now
            elif now - logged_in_at >= settings.SESSION_ABSOLUTE_TIMEOUT:
                session.flush()  # logged out: the next middleware sees an anonymous visitor
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(SESSION_REFRESHED_AT, 0) >= REFRESH_AFTER_SECONDS:
            session[SESSION_REFRESHED_AT] = now  # modified: SessionMiddleware saves it
        return response


class NoStoreForLoggedInMiddleware:
    """``Cache-Control: no-store, private`` on every response to a logged-in person and on every
    response that sets or clears the session cookie (login, logout), so neither a browser nor a
    proxy keeps a copy: after logging out on a shared computer, Back shows nothing.

    Put it after WhiteNoise (static files keep their caching) and before SessionMiddleware (whose
    cookie it must see). A response that already says ``no-store`` is left as it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        user = getattr(request, "user", None)
        if settings.SESSION_COOKIE_NAME in response.cookies or (
            user is not None and user.is_authenticated
        ):
            add_never_cache_headers(response)
        return response


# The methods the portal's pages and forms take; no page is an API.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class OnlyPageMethodsMiddleware:
    """Answers 405 to every method but GET, HEAD and POST, before any view runs.

    Django's form views take PUT as POST and answer OPTIONS; a view with a ``delete`` method of
    its own crashed on DELETE. With this, what a view does is what the access table tests: GET
    (and HEAD) and POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) on every response: the
    portal uses no camera, microphone, location or other powerful browser feature, so no page
    (nor anything injected into one) may ask for them. Django's SecurityMiddleware has no setting
    for this header. Put it near the top, so that static files and error pages get it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NulInQueryStringError(SuspiciousOperation):
    """A query string with a NUL character."""


class RejectNulInQueryStringMiddleware:
    """Answers 400 to a query string with a NUL character, in a name or a value.

    No page takes one, and PostgreSQL refuses NUL in text: Django's own admin list filters
    passed ``?role__exact=%00`` on to the database and gave a 500. Forms already refuse NUL in
    what is posted (``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in request.GET.lists()
        ):
            raise NulInQueryStringError("NUL character in the query string")
        return self.get_response(request)
