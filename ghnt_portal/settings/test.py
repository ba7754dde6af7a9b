"""Tests: like development, with fast hashing and in-memory mail."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SECURE_COOKIES", "0")

from .base import *  # noqa: F403

# Mail is sent within the request, so a test finds it in the outbox right after.
MAIL_IN_BACKGROUND = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Rendered PDFs are cached in memory during tests (ghnt_portal.pdf_cache), per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pdf": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdf"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Django's in-memory test database, which the live server's threads share through one
    # connection: IMMEDIATE transactions there only collide ("database table is locked"). The
    # tests of two requests at once are PostgreSQL-only (tests.conftest.postgresql_only).
    DATABASES["default"]["OPTIONS"] = {}  # noqa: F405
