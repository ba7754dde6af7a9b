"""Absolute links for e-mails: on PORTAL_BASE_URL when set, so never on a forged Host header."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """Without PORTAL_BASE_URL (development): the request's address, its host checked against
    ALLOWED_HOSTS."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL + path
    return request.build_absolute_uri(path)
