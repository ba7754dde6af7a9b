"""Base settings: the only module that reads the environment (through ``env``)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_base_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "ghnt_portal.third_party_apps.AxesConfig",
    "csp",
    "auditlog",
    "crispy_forms",
    "crispy_bootstrap5",
    "ghnt_portal",
    "ghnt_portal.accounts",
    "ghnt_portal.privacy",
    "ghnt_portal.submissions",
    "regions",
    "scan",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ghnt_portal.security.middleware.PermissionsPolicyMiddleware",
    "ghnt_portal.security.middleware.OnlyPageMethodsMiddleware",
    "ghnt_portal.security.middleware.RejectNulInQueryStringMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), before SessionMiddleware (it sees the
    # session cookie being set or cleared).
    "ghnt_portal.security.middleware.NoStoreForLoggedInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ghnt_portal.security.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ghnt_portal.security.middleware.TwoFactorRequiredMiddleware",
    # Audit trail: the logged-in user becomes the actor of every recorded change.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ghnt_portal.urls"
WSGI_APPLICATION = "ghnt_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ghnt_portal.context_processors.portal",
            ],
        },
    },
]

# With no DATABASE_URL the portal uses a local SQLite file; production and CI use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores select_for_update, which serialises double clicks and autosaves on
    # PostgreSQL; an IMMEDIATE transaction takes the write lock when it begins, which does the
    # same here (four clicks on "start" at once on the dev server: one 500, "database is
    # locked", without it; none with it).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "pdf" keeps rendered PDFs (ghnt_portal.pdf_cache) and must be shared by every gunicorn
# worker: a directory (created with mode 0700) on one machine; with several app servers, point
# CACHE_REDIS_URL at a shared Redis (pip install redis) for both.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pdf": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("PDF_CACHE_DIR", str(BASE_DIR / "var" / "pdf-cache")),
        "OPTIONS": {"MAX_ENTRIES": env_int("PDF_CACHE_MAX_ENTRIES", 2000)},
    },
}
if env_str("CACHE_REDIS_URL", ""):
    CACHES["pdf"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_REDIS_URL"),
        "KEY_PREFIX": "ghnt-pdf",
    }

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "ghnt_portal.accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "ghnt_portal.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch corrections to third-party catalogs (locale/nl/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP from the environment in production. Every mail goes
# through ghnt_portal.mail (it marks the mail Auto-Submitted), which hands it to the backend that
# the EMAIL_BACKEND variable names.
EMAIL_BACKEND = "ghnt_portal.mail.AutoSubmittedEmailBackend"
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GHNT-portaal <noreply@ghnt-portaal.nl>")
# The password-reset mail is sent after the response (ghnt_portal.mail.send_in_background), so
# the page answers as fast for an address with an account as for one without. Off in the tests,
# which read the outbox right after a request.
MAIL_IN_BACKGROUND = True
# The portal's address in the links of its e-mails (invitations, password reset). Empty: the
# address of the request, whose host ALLOWED_HOSTS checks; production sets a default.
PORTAL_BASE_URL = env_base_url("PORTAL_BASE_URL")

# Idle timeout: IdleSessionMiddleware saves the session at most once a minute while it is used,
# and so pushes its expiry forward (no database write on every request).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
# A password-reset link works for an hour (Django's default is three days); the mail says until
# when.
PASSWORD_RESET_TIMEOUT = 60 * 60
# However active, a session ends this long after the login (ghnt_portal.security.middleware).
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page uses these browser features (ghnt_portal.security.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)

# Two-factor login (django-two-factor-auth, TOTP + backup codes). Required for beheerders and
# project leaders (ghnt_portal.security.policy); everyone else may switch it on. Only a local
# demo may switch the requirement off; production refuses to start without it.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=True)
TWO_FACTOR_LOGIN_TIMEOUT = 600
# Pages that need the second factor send a logged-in person to the code step, not to the login
# (which would send them straight back: a redirect loop).
OTP_LOGIN_URL = "security:verify"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None

# Brute-force protection (django-axes): 5 failures per e-mail address + IP address lock that
# combination; the lock lifts after LOGIN_LOCKOUT_MINUTES or when a beheerder lifts it.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "ghnt_portal.security.lockout.username_from_request"
# In hours; LOGIN_LOCKOUT_MINUTES=0 keeps the lock until a beheerder lifts it.
AXES_COOLOFF_TIME = (env_int("LOGIN_LOCKOUT_MINUTES", 60) / 60) or None
AXES_RESET_ON_SUCCESS = True
# The login wizard prefixes its fields ("auth-password"): django-axes masks only the fields named
# here in the attempt records (in /beheer/ and every back-up), and kept mistyped passwords and
# codes as typed. The last one is the code step of a logged-in person (security:verify). The
# first two are django-axes' own defaults, kept: they mask the address and IP address in its
# lockout warnings.
AXES_PASSWORD_FORM_FIELD = "auth-password"
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "token-otp_token",
    "backup-otp_token",
    "token",
]
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "ghnt_portal.security.lockout.lockout_response"
# Behind N reverse proxies the client address is the N-th from the right in X-Forwarded-For;
# without a proxy that header is not trusted (anyone could forge it to dodge the lock).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ghnt_portal.security.lockout.client_ip"

# Strict Content-Security-Policy (django-csp): nothing inline, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_personal_data": {"()": "ghnt_portal.security.log_filters.RedactPersonalDataFilter"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (its console when DEBUG is on, runserver's request lines) would
        # write before the filter: its records go to the root handler instead.
        "django": {"handlers": []},
        "django.server": {"handlers": [], "propagate": True},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # Lockouts are warnings; every successful login at INFO is noise.
        "axes": {"level": "WARNING"},
    },
}

# The audit trail records who changed what; it needs no IP addresses (privacy: store only what a
# feature needs).
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Password of the demo accounts (manage.py load_demo_data, which refuses unless DEBUG is on).
DEMO_PASSWORD = "ghnt-demo-2026"
