"""Kinship settings: every value comes from the environment, read here and nowhere else.

With no variables set, the site runs complete on one machine: SQLite in the data folder,
in-process channel layer and cache, the database task queue, e-mail written to files.
Set ``KINSHIP_ENV=production`` and secrets are required from the environment.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, *, default: bool) -> bool:
    value = _env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _env(name, default).split(",") if item.strip()]


def _local_secret(path: Path, make: Any) -> str:
    """Read a development secret kept in the data folder, creating it on first use."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value: str = make()
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return value


TESTING = "pytest" in sys.modules or _env_bool("KINSHIP_TESTING", default=False)
KINSHIP_ENV = _env("KINSHIP_ENV", "development")
IS_PRODUCTION = KINSHIP_ENV == "production"
DATA_DIR = Path(_env("KINSHIP_DATA_DIR", str(PROJECT_DIR / "data"))).resolve()

DEBUG = _env_bool("KINSHIP_DEBUG", default=False)

if IS_PRODUCTION and not _env("SECRET_KEY"):
    raise RuntimeError("SECRET_KEY must be set when KINSHIP_ENV=production")
if IS_PRODUCTION and not _env("KINSHIP_FIELD_KEYS"):
    raise RuntimeError("KINSHIP_FIELD_KEYS must be set when KINSHIP_ENV=production")

if _env("SECRET_KEY"):
    SECRET_KEY = _env("SECRET_KEY")
elif TESTING:
    SECRET_KEY = "kinship-test-secret-key-" + "x" * 40
else:
    SECRET_KEY = _local_secret(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))

# Field-encryption keys: comma-separated, base64url 32-byte keys; the first encrypts.
if _env("KINSHIP_FIELD_KEYS"):
    FIELD_ENCRYPTION_KEYS = _env_list("KINSHIP_FIELD_KEYS", "")
elif TESTING:
    FIELD_ENCRYPTION_KEYS = ["a2luc2hpcC10ZXN0LWtleS0wMDAwMDAwMDAwMDAwMDA="]
else:
    from base64 import urlsafe_b64encode

    FIELD_ENCRYPTION_KEYS = [
        _local_secret(
            DATA_DIR / "field_keys",
            lambda: urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"),
        )
    ]

ALLOWED_HOSTS = _env_list("KINSHIP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("KINSHIP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Kinship's apps come before allauth so their templates (the site layout) win.
    "kinship.core",
    "kinship.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "kinship.privacy",
    "kinship.notifications",
    "kinship.safety",
    "kinship.directory",
    "kinship.forums",
    "kinship.api",
    "kinship.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kinship.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kinship.accounts.middleware.StaffMfaRequiredMiddleware",
]

ROOT_URLCONF = "kinship.config.urls"
ASGI_APPLICATION = "kinship.config.asgi.application"
WSGI_APPLICATION = "kinship.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kinship.web.context_processors.site",
            ],
        },
    }
]

# Database ---------------------------------------------------------------------------
DATABASE_URL = _env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})
        if _env_bool("KINSHIP_DB_POOL", default=False):
            DATABASES["default"]["OPTIONS"]["pool"] = True
        # Parameters sent apart from the SQL, so PostgreSQL plans a statement the site
        # sends again and again once per connection (psycopg prepares it on its 5th use).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = _env_bool(
            "KINSHIP_DB_SERVER_BINDING", default=True
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kinship.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and cache when REDIS_URL is set; in-process otherwise ---------
REDIS_URL = _env("REDIS_URL")
if REDIS_URL:
    # Pub/sub: a broadcast is one PUBLISH that every server process hears (live pages
    # fetch what is new themselves, so at-most-once delivery is enough).
    # socket_timeout None: redis-py 8's 5 s default kills idle websocket listeners.
    CHANNEL_LAYERS: dict[str, Any] = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}]},
        }
    }
    # Django's Redis cache with its connection pools kept for the process (kinship.core.cache).
    CACHES: dict[str, Any] = {
        "default": {"BACKEND": "kinship.core.cache.SharedPoolsRedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from Redis, written through to the database (survive a Redis restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered fragments of busy pages (a thread row, a post, the header) kept in each process,
# keyed by every value they show (kinship.web.fragments): how many at most.
KINSHIP_KEPT_FRAGMENTS = int(_env("KINSHIP_KEPT_FRAGMENTS", "5000"))
# Without Redis, open sockets also check the database this often for notifications saved
# by the task worker process (see notifications/consumers.py); 0 turns that off.
KINSHIP_LIVE_POLL_SECONDS = float(_env("KINSHIP_LIVE_POLL_SECONDS", "5"))

# Tasks: the database queue (SKIP LOCKED on PostgreSQL); tests run tasks immediately.
TASKS: dict[str, Any] = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 stays first in production; tests hash thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "handle"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_USERNAME_VALIDATORS = "kinship.accounts.validators.HANDLE_VALIDATORS"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_ADAPTER = "kinship.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "kinship.accounts.forms.LoginForm",
    "signup": "kinship.accounts.forms.SignupForm",
}
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/5m/ip",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "change_email": "3/h/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = _env("KINSHIP_ORG_NAME", "Kinship")
STAFF_SESSION_SECONDS = int(_env("KINSHIP_STAFF_SESSION_SECONDS", "1800"))
SESSION_COOKIE_AGE = int(_env("KINSHIP_SESSION_SECONDS", str(14 * 24 * 3600)))

# Security -----------------------------------------------------------------------------
HTTPS = _env_bool("KINSHIP_HTTPS", default=IS_PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and _env_bool("KINSHIP_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = _env("KINSHIP_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = DEBUG

# E-mail: SMTP when KINSHIP_SMTP_HOST is set; files in the data folder otherwise ------
DEFAULT_FROM_EMAIL = _env("KINSHIP_FROM_EMAIL", "Kinship <no-reply@kinship.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if _env("KINSHIP_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _env("KINSHIP_SMTP_HOST")
    EMAIL_PORT = int(_env("KINSHIP_SMTP_PORT", "587"))
    EMAIL_HOST_USER = _env("KINSHIP_SMTP_USER")
    EMAIL_HOST_PASSWORD = _env("KINSHIP_SMTP_PASSWORD")
    EMAIL_USE_TLS = _env_bool("KINSHIP_SMTP_STARTTLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = _env_bool("KINSHIP_SMTP_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Kinship ------------------------------------------------------------------------------
KINSHIP_ORG_NAME = _env("KINSHIP_ORG_NAME", "Kinship")
KINSHIP_SITE_URL = _env("KINSHIP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
KINSHIP_QUICK_EXIT_URL = _env("KINSHIP_QUICK_EXIT_URL", "https://www.weather.gov/")
KINSHIP_ACCOUNT_DELETION_GRACE_DAYS = int(_env("KINSHIP_ACCOUNT_DELETION_GRACE_DAYS", "14"))
KINSHIP_KEY_ROTATION_BATCH = int(_env("KINSHIP_KEY_ROTATION_BATCH", "500"))
# Hosts whose links count as online meeting access (empty: the Meeting Guide list).
KINSHIP_CONFERENCE_PROVIDERS = _env_list("KINSHIP_CONFERENCE_PROVIDERS", "")
# The largest meeting feed `kinship meetings import` reads (a national feed is ~70 MB).
KINSHIP_FEED_MAX_BYTES = int(_env("KINSHIP_FEED_MAX_BYTES", str(100 * 1024 * 1024)))

# Safety: minutes within which an alert must be acknowledged before it escalates.
# An empty concern target means "the same day": by the end of the day in TIME_ZONE.
KINSHIP_ALERT_TARGET_MINUTES: dict[str, int | None] = {
    "imminent": int(_env("KINSHIP_ALERT_TARGET_IMMINENT_MINUTES", "5")),
    "high": int(_env("KINSHIP_ALERT_TARGET_HIGH_MINUTES", "30")),
    "concern": int(_env("KINSHIP_ALERT_TARGET_CONCERN_MINUTES"))
    if _env("KINSHIP_ALERT_TARGET_CONCERN_MINUTES")
    else None,
}
# Alerts open at high and imminent; an install may choose to alert at concern too.
KINSHIP_ALERT_ON_CONCERN = _env_bool("KINSHIP_ALERT_ON_CONCERN", default=False)

# Forums: how many posts a member may make in a window (anti-spam), and how many of their
# posts others must be able to see before their links stop waiting for a moderator.
KINSHIP_FORUMS_POSTS_PER_10_MINUTES = int(_env("KINSHIP_FORUMS_POSTS_PER_10_MINUTES", "10"))
KINSHIP_FORUMS_THREADS_PER_HOUR = int(_env("KINSHIP_FORUMS_THREADS_PER_HOUR", "5"))
KINSHIP_FORUMS_NEW_ACCOUNT_POSTS = int(_env("KINSHIP_FORUMS_NEW_ACCOUNT_POSTS", "3"))
# How often an open thread page asks for new replies when its websocket is not connected.
KINSHIP_FORUMS_POLL_SECONDS = int(_env("KINSHIP_FORUMS_POLL_SECONDS", "30"))

_help_file = _env("KINSHIP_HELP_RESOURCES_FILE")
KINSHIP_HELP_RESOURCES: dict[str, list[dict[str, str]]] | None = (
    json.loads(Path(_help_file).read_text(encoding="utf-8")) if _help_file else None
)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("KINSHIP_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
