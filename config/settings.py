"""Settings for ropa.

Zero configuration gives an embedded SQLite database and development defaults. Everything that differs between
machines comes from the environment (or a `.env` file): `DATABASE_URL`, `SECRET_KEY`, `DEBUG`, `ALLOWED_HOSTS`,
the HTTPS and proxy settings, the cache, the lockout and token lifetimes (`docs/deploy.md` lists them all).

`DEBUG` has one default, here, for every entry point (`manage.py`, WSGI, ASGI): on, so the README's commands work
on a fresh clone. With it on, only loopback host names are served. With it off, nothing insecure is defaulted:
`SECRET_KEY` and `ALLOWED_HOSTS` are required and HTTPS is enforced (HSTS, redirect, secure cookies) unless
explicitly turned off.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
CACHE_TABLE = "ropa_cache"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="development-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
else:
    # Outside development there are no defaults: a missing secret or host list is a deployment error.
    try:
        SECRET_KEY = env("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"{exc}. Set it in the environment when DEBUG is off.") from exc

# HTTPS: on by default whenever DEBUG is off; each can be turned off for a proxy that does the job itself.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Behind a TLS-terminating proxy: `SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https` and the public origin in
# `CSRF_TRUSTED_ORIGINS=https://ropa.example.org`, or admin logins fail the CSRF origin check.
SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER", default=[])) or None
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "ropa.apps.RegisterAdminConfig",  # django.contrib.admin with the optional second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_countries",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ropa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ropa.errors.RequestSanityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ropa.middleware.ChangeContextMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

# Django's renderer with its smallest, most repeated widget templates done in Python (ropa/rendering.py)
FORM_RENDERER = "ropa.rendering.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# Persistent connections (a new one per request costs a PostgreSQL backend start), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# WhiteNoise serves the collected files (`manage.py collectstatic`) from the app servers, compressed, with
# far-future caching for the hashed names; in development it serves straight from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Background jobs (register exports): Django's tasks framework through the django-tasks backport, queued in the
# database (django-tasks-db: no other service) and run by `manage.py db_worker`. `TASKS_BACKEND=immediate` runs
# them inside the request instead: the default with DEBUG on, so `quickstart` needs no worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env("TASKS_BACKEND", default="immediate" if DEBUG else "database") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}
# A PDF rendered inside a request stops after EXPORT_REQUEST_TIMEOUT seconds (below gunicorn's timeout, so the
# answer is a clear JSON error, not a killed worker); one rendered by the job worker after EXPORT_JOB_TIMEOUT.
# A job still marked running EXPORT_JOB_ABANDONED_AFTER seconds after its start (the job limit and a minute for
# the snapshot and the storage) has lost its worker and is failed.
EXPORT_REQUEST_TIMEOUT = env.float("EXPORT_REQUEST_TIMEOUT", default=60)
EXPORT_JOB_TIMEOUT = env.float("EXPORT_JOB_TIMEOUT", default=900)
# A PDF of more than PDF_CHUNK_ACTIVITIES activities is laid out in parts of that many activities by PDF_WORKERS
# processes (0: the CPUs available, at most 4) and joined (docs/reports.md, "A large register's PDF").
PDF_CHUNK_ACTIVITIES = env.int("PDF_CHUNK_ACTIVITIES", default=50)
PDF_WORKERS = env.int("PDF_WORKERS", default=0)
EXPORT_JOB_ABANDONED_AFTER = env.float("EXPORT_JOB_ABANDONED_AFTER", default=EXPORT_JOB_TIMEOUT + 60)

# The largest request body accepted (Django's default, 2.5 MB, named): beyond it the answer is a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, reading user and group permissions in one query (ropa/access.py).
    "ropa.access.RoleBackend",
    # Roles held in one organisation (memberships): ropa/access.py.
    "ropa.access.MembershipBackend",
]
# Lockout after repeated failed logins (admin and the API token endpoint), per user name and per address: either
# reaching the limit locks. Unlock early with `manage.py axes_reset_username <name>` or `axes_reset_ip <address>`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ropa.auth.lockout_response"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Admin second factor (django-otp, TOTP): optional for everyone, required for the DPO role when this is on.
OTP_REQUIRED_FOR_DPO = env.bool("OTP_REQUIRED_FOR_DPO", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="ropa")

# API tokens (django-rest-knox): stored as a SHA-512 digest, each with a name and an expiry.
KNOX_TOKEN_MODEL = "ropa.ApiToken"
# knox's own migrations create its AuthToken table even though ApiToken replaces it; a table outside the models
# is one PostgreSQL's flush cannot truncate past (it references auth_user). Without migrations, Django makes no
# table for a swapped-out model.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "ropa_",
}

# Content-Security-Policy (django-csp) on every page, admin and API docs included: scripts from this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],  # the report and API docs templates carry <style> blocks
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# simple-history: the user and the reason come from ropa.history's change context.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# Rows per page: the API's lists (unless the client asks for another `page_size`) and the admin's audit trail.
PAGE_SIZE = 50

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ropa.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Bodies without NUL characters, lone surrogates or deep nesting (400 instead of a 500 at save time).
    "DEFAULT_PARSER_CLASSES": [
        "ropa.api.parsers.UnicodeJSONParser",
        "ropa.api.parsers.TextFormParser",
        "ropa.api.parsers.TextMultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ropa.api.permissions.RegisterModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "ropa.api.pagination.RegisterPagination",
    "PAGE_SIZE": PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "ropa.api.throttling.AnonThrottle",
        "ropa.api.throttling.UserThrottle",
    ],
    # Counted in the shared cache (below), so every worker and every server sees the same counts; a failed
    # authentication counts against the anonymous rate too (`ropa.api.errors`).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="2000/minute"),
        "login": env("API_THROTTLE_LOGIN", default="20/minute"),
    },
    "EXCEPTION_HANDLER": "ropa.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ropa API",
    "DESCRIPTION": "The GDPR Article 30 register over REST. Writes need `If-Match` (the ETag of the record) "
    "and may carry a reason in the `X-Change-Reason` header, recorded in the history.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecipientRoleEnum": "ropa.choices.RecipientRole",
        "OrganisationRoleEnum": "ropa.choices.OrganisationRole",
    },
}

# Shared between workers and servers: the database cache needs no other service (its table is created by
# `migrate`); `CACHE_URL=redis://…` for a larger install.
CACHES = {"default": env.cache("CACHE_URL", default=f"dbcache://{CACHE_TABLE}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"]["BACKEND"] = "ropa.dbcache.DatabaseCache"  # a set in one statement (the API's throttle)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
