from django.conf import settings


def portal(request) -> dict:
    return {
        "PORTAL_NAME": "GHNT-portaal",
        "DEBUG": settings.DEBUG,
        "SESSION_IDLE_MINUTES": settings.SESSION_COOKIE_AGE // 60,
    }
