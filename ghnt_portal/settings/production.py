"""Production: every value comes from the environment; no defaults for secrets."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

# The site's own host names, not base's development default (localhost), which would also make
# e-mail links point at https://localhost.
env_str("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Links in e-mails never take their host from a request's Host header: without PORTAL_BASE_URL
# they go to the first ALLOWED_HOSTS name that is not a pattern, over https.
if not PORTAL_BASE_URL:  # noqa: F405
    _host = next((h for h in ALLOWED_HOSTS if not h.startswith(".") and "*" not in h), None)  # noqa: F405
    if _host is None:
        raise ImproperlyConfigured("Set PORTAL_BASE_URL: ALLOWED_HOSTS names no single host.")
    PORTAL_BASE_URL = f"https://{_host}"
if not PORTAL_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("PORTAL_BASE_URL must start with https:// in production.")

# Two-factor login for beheerders and project leaders is not optional in production.
if not TWO_FACTOR_REQUIRED:  # noqa: F405
    raise ImproperlyConfigured("TWO_FACTOR_REQUIRED=0 is only allowed outside production.")
