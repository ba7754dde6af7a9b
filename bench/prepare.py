"""Pre-create logged-in, second-factor-verified sessions for bench users and the URLs they visit.

Run by ``bench/run.py`` with DJANGO_SETTINGS_MODULE=ghnt_portal.settings.bench. Writes a JSON file
(path in argv[1]) with personas: project leaders (region, body, assessment, meeting), bestuurders
(their own scan response) and one national user. The session is marked as passed the second
factor the way ``tests/conftest.py``'s ``client_for`` does it (django-otp's device id key).
"""

import json
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from ghnt_portal.accounts.constants import NationalRole  # noqa: E402
from ghnt_portal.management.commands.build_national_dataset import EMAIL_DOMAIN  # noqa: E402
from governance.models import Assessment, Meeting  # noqa: E402
from regions.constants import RegionRole  # noqa: E402
from regions.models import Membership  # noqa: E402
from scan.constants import ResponseStatus  # noqa: E402
from scan.models import Response  # noqa: E402

BESTUURDERS = 60
NATIONAL_EMAIL = f"landelijk@{EMAIL_DOMAIN}"


def session_for(user) -> str:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(6 * 60 * 60)
    store.save()
    return store.session_key


def url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def leaders() -> list[dict]:
    personas = []
    memberships = (
        Membership.objects.filter(
            role=RegionRole.PROJECTLEIDER, user__email__endswith=f"@{EMAIL_DOMAIN}"
        )
        .select_related("user", "region")
        .order_by("region__name")
    )
    for membership in memberships:
        region = membership.region
        assessment = Assessment.objects.filter(region=region).order_by("-date").first()
        meeting = Meeting.objects.filter(body__region=region).select_related("body").first()
        if assessment is None or meeting is None:
            continue
        slug = region.slug
        personas.append(
            {
                "cookie": session_for(membership.user),
                "urls": {
                    "mijn regio's": url("regions:region_list"),
                    "regiopagina": url("regions:region_detail", slug),
                    "structuurbeeld": url("regions:structure", slug),
                    "overlegpagina": url("regions:body_detail", slug, meeting.body.uuid),
                    "checklistronde": url("governance:assessment_detail", slug, assessment.uuid),
                },
                "meeting_pdf": url("governance:meeting_report_pdf", slug, meeting.uuid),
            }
        )
    return personas


def bestuurders() -> list[dict]:
    responses = (
        Response.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}")
        .select_related("user")
        .order_by("pk")
    )
    half = BESTUURDERS // 2
    personas = []
    for status in (ResponseStatus.COMPLETED, ResponseStatus.IN_PROGRESS):
        for response in responses.filter(status=status)[:half]:
            personas.append(
                {
                    "cookie": session_for(response.user),
                    "urls": {
                        "scanthema": url("scan:theme", response.uuid, 1),
                        "scanresultaat": url("scan:result", response.uuid),
                    },
                    "result_pdf": url("scan:result_pdf", response.uuid),
                }
            )
    return personas


def national() -> list[dict]:
    user, created = get_user_model().objects.get_or_create(
        email=NATIONAL_EMAIL,
        defaults={
            "full_name": "Landelijk programmateam (bench)",
            "national_role": NationalRole.LANDELIJK,
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    overview = url("regions:national_overview")
    return [{"cookie": session_for(user), "urls": {"landelijk overzicht": overview}}]


def main(path: str) -> None:
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "floor": url("bench_floor"),
        "leaders": leaders(),
        "bestuurders": bestuurders(),
        "national": national(),
    }
    Path(path).write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(
        f"Sessies: {len(data['leaders'])} projectleiders, {len(data['bestuurders'])} bestuurders, "
        f"{len(data['national'])} landelijk."
    )


if __name__ == "__main__":
    main(sys.argv[1])
