"""django-axes glue: one lock per e-mail address however it is capitalised, counting wrong app
and backup codes as failed logins too."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_from_request(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail address tried, lower-cased, so ``A@x.nl`` and ``a@x.nl`` share one counter."""
    if credentials:
        # Django's login signals say "username"; django-axes' own backend may say "email".
        raw = credentials.get("username") or credentials.get("email") or ""
    else:
        data = getattr(request, "POST", {})
        raw = data.get("auth-username") or data.get("username") or ""
    return str(raw).strip().lower()


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def is_locked_out(request: HttpRequest, user) -> bool:
    """Whether logins of ``user`` from this IP address are locked (the code steps ask this)."""
    return AxesProxyHandler.is_locked(request, _credentials(user))


def record_wrong_code(request: HttpRequest, user) -> None:
    """A wrong app or backup code is a failed login for the address and IP address, as a wrong
    password is: without this, anyone with the password could keep guessing codes. At the limit
    django-axes marks the request, and its middleware answers with the lockout page."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The Dutch lockout page (HTTP 429), with how long the lock lasts."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60)) if settings.AXES_COOLOFF_TIME else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "security/lockout.html", context, status=429)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost proxy saw."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        # Each trusted proxy appends the address it received from; earlier entries can be forged.
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
