"""The benchmark (``make bench``): production settings, on plain http on 127.0.0.1.

Only what plain http on one machine needs differs from production: no SSL redirect or HSTS,
cookies without the Secure flag; and a URLconf that adds the bare "floor" view.
"""

from .production import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "ghnt_portal.bench_urls"
# Under load every request is logged by gunicorn already.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The benchmark does not fetch static files. Without the manifest, collectstatic does not trip over
# the source map the vendored bootstrap.bundle.min.js refers to but does not ship.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
