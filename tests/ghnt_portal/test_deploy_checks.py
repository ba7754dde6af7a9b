"""Production settings pass ``check --deploy`` and keep cookies and headers strict (issue 5 §3)."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ghnt_portal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "ghnt.example.nl",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run(args: list[str], **extra_env: str | None) -> subprocess.CompletedProcess:
    """``args`` under the production settings; a variable given as None is left unset."""
    env = {**os.environ, **PRODUCTION_ENV, **extra_env}
    env = {name: value for name, value in env.items() if value is not None}
    env.pop("DEBUG", None)
    # The browser tests set this for their own process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(*names: str, **extra_env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], **extra_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_hsts_is_on_and_referrers_stay_on_the_site():
    values = production_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "DEBUG",
    )

    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "X_FRAME_OPTIONS": "DENY",
        # Links with a token (password reset) never reach another site in a Referer header.
        "SECURE_REFERRER_POLICY": "same-origin",
        "DEBUG": False,
    }


def test_idle_timeout_comes_from_the_environment():
    values = production_settings("SESSION_COOKIE_AGE", SESSION_IDLE_TIMEOUT_MINUTES="15")

    assert values["SESSION_COOKIE_AGE"] == 15 * 60


def test_production_refuses_to_start_without_two_factor_login():
    result = run(["manage.py", "check"], TWO_FACTOR_REQUIRED="0")

    assert result.returncode != 0
    assert "TWO_FACTOR_REQUIRED" in result.stderr


def test_production_refuses_to_start_without_its_host_names():
    result = run(["manage.py", "check"], ALLOWED_HOSTS=None)

    assert result.returncode != 0
    assert "Environment variable ALLOWED_HOSTS is required" in result.stderr


def test_the_image_build_sets_what_the_production_settings_require():
    """The Dockerfile runs collectstatic with the production settings at build time, before any
    real environment exists: it must set every variable they require (ALLOWED_HOSTS broke it)."""
    dockerfile = (django_settings.BASE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    assignments = re.search(r"RUN ((?:\w+=\S+\s+)+)python manage.py collectstatic", dockerfile)[1]
    build_env = dict(pair.split("=", 1) for pair in assignments.split())

    result = run(
        ["-c", "import django; django.setup()"],
        **{"ALLOWED_HOSTS": None, "SECRET_KEY": None, **build_env},
    )

    assert result.returncode == 0, result.stderr


# The portal uses no camera, microphone, location, payment or other powerful browser feature.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    ],
)
def test_pages_carry_the_security_headers(client, db, header, value):
    response = client.get(reverse("accounts:login"))

    assert response[header] == value


def test_static_files_and_error_pages_carry_the_permissions_policy(client, db):
    assert client.get("/bestaat-niet/")["Permissions-Policy"] == PERMISSIONS_POLICY
    assert client.get(reverse("healthz"))["Permissions-Policy"] == PERMISSIONS_POLICY


def test_https_responses_carry_hsts(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get(reverse("accounts:login"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
