"""All settings; production differs only by environment variables."""

import secrets
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR as _BASE_DIR
from config.env import env

BASE_DIR = _BASE_DIR

# Lets generic classes such as ModelAdmin[Model] and QuerySet[Model] be subscripted at run time.
django_stubs_ext.monkeypatch()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DATA_DIR = Path(env.str("DANGVIEN_DATA_DIR", default=str(BASE_DIR / "var")))


def _secret_key() -> str:
    """``DJANGO_SECRET_KEY``, else a random key kept in the data folder (never a public default)."""
    key = env.str("DJANGO_SECRET_KEY", default="")
    if key:
        return key
    stored = DATA_DIR / "secret_key"
    if stored.exists():
        return stored.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    stored.write_text(key, encoding="utf-8")
    stored.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "dangvien.core",
    "dangvien.http",
    "dangvien.accounts",
    "dangvien.audit",
    "dangvien.users",
    "dangvien.rules",
    "dangvien.organizations",
    "dangvien.competence",
    "dangvien.members",
    "dangvien.committees",
    "dangvien.targets",
    "dangvien.decisions",
    "dangvien.statistics",
    "dangvien.interchange",
    "dangvien.admissions",
    "dangvien.reports",
    "dangvien.portal",
    "dangvien.assessment",
    "dangvien.demo",
    "dangvien.fees",
    "dangvien.web",
    "dangvien.api",
    "dangvien.discipline",
    "dangvien.meetings",
    "dangvien.quality",
]

MIDDLEWARE = [
    "dangvien.http.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dangvien.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangvien.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangvien.audit.middleware.RequestIdMiddleware",
    "dangvien.http.replica.ReplicaMiddleware",
    "dangvien.http.memo.ReadRequestMemoMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangvien.http.context.as_of",
                "dangvien.http.context.navigation",
            ],
        },
    },
]

# An empty DATABASE_URL means the default, as an unset one does (it failed every command with
# KeyError: 'ENGINE'); a URL whose kind is not known is named.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{DATA_DIR / 'dangvien.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
if "ENGINE" not in DATABASES["default"]:
    raise ImproperlyConfigured(
        f"DATABASE_URL={DATABASE_URL!r} is not a database URL this application knows: "
        "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialize a service's read-then-write (select_for_update is a
    # no-op on SQLite); WAL lets readers proceed while one writer works.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000; "
                "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    # Persistent connections (docs/deployment.md, measured in docs/benchmarks.md): a connection
    # is kept for DANGVIEN_CONN_MAX_AGE seconds and checked before reuse, so a restarted
    # database costs one failed-then-reopened connection, not an error page. 0 closes each
    # connection at the end of its request (what a transaction-pooling pgbouncer wants).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DANGVIEN_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compilation costs more than it saves on the short aggregate queries of the
    # statistics (measured: about 120 ms less for a province of 260 thousand members).
    # random_page_cost 1.1: the data lies in memory or on SSD; with the default 4.0 (spinning
    # disks) the planner scans all periods of the country instead of the index of each
    # organization (measured on the whole tree of 1 million members: 625 → 340 ms).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c random_page_cost=1.1"
    )

# A read replica (docs/deployment.md): the reporting pages and documents read from it, while
# a user's own writes stay visible to them (dangvien.http.replica). Unset: one database.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        # the test database of the replica is the primary's (nothing to replicate in tests)
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["dangvien.http.replica.ReplicaRouter"]
# Seconds during which a user who has just written reads everything from the primary (longer
# than the replica's lag, which is well under a second on one site).
DATABASE_REPLICA_PIN_SECONDS = env.int("DANGVIEN_REPLICA_PIN_SECONDS", default=10)
# The read-only reporting work sent to the replica: views by name (GET and HEAD only);
# "name?param" only when the query string has ``param`` (a list exported as a file).
DATABASE_REPLICA_VIEWS = [
    "web:statistics",
    "web:organization_statistics",
    "web:organization_statistics_download",
    "web:dashboard",
    "web:dashboard_document",
    "web:report_document",
    "web:members_list_document",
    "web:worklist_document",
    "web:member_summary_document",
    "web:transfer_letter_document",
    "web:organization_members?export",
    "web:organization_worklist?export",
    "api:statistics",
    "api:dashboard-detail",
    "api:dashboard-document",
    "api:period-report-document",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve index-only scans on PostgreSQL; SQLite builds the same index
# without the non-key columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"
# Throttle of failed logins (users.services.login_authenticate; docs/security.md): a user name
# from one client address is refused for LOGIN_LOCKOUT_MINUTES after LOGIN_MAX_FAILURES failures,
# the refusal doubling with each further failure up to LOGIN_LOCKOUT_MAX_MINUTES; an address is
# refused the same way after LOGIN_ADDRESS_MAX_FAILURES failures on any names; a user name failing
# LOGIN_ACCOUNT_MAX_FAILURES times from anywhere is only slowed (one try per
# LOGIN_ACCOUNT_SLOW_SECONDS) and never for an address it has logged in from. Failures are
# forgotten LOGIN_FAILURE_MEMORY_HOURS after the last one.
LOGIN_MAX_FAILURES = env.int("DANGVIEN_LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("DANGVIEN_LOGIN_LOCKOUT_MINUTES", default=1)
LOGIN_LOCKOUT_MAX_MINUTES = env.int("DANGVIEN_LOGIN_LOCKOUT_MAX_MINUTES", default=60)
LOGIN_ADDRESS_MAX_FAILURES = env.int("DANGVIEN_LOGIN_ADDRESS_MAX_FAILURES", default=30)
LOGIN_ACCOUNT_MAX_FAILURES = env.int("DANGVIEN_LOGIN_ACCOUNT_MAX_FAILURES", default=10)
LOGIN_ACCOUNT_SLOW_SECONDS = env.int("DANGVIEN_LOGIN_ACCOUNT_SLOW_SECONDS", default=10)
LOGIN_FAILURE_MEMORY_HOURS = env.int("DANGVIEN_LOGIN_FAILURE_MEMORY_HOURS", default=24)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates typed as officers write them (30/04/2022) as well as ISO; never month first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]

# Kept figures (the inbox, the dashboard's figures: audit.selectors.cached_until_write) in a
# cache every worker of the machine shares: files under the data folder by default (nothing to
# run); DANGVIEN_CACHE_URL=redis://host:6379/1 for several machines (`pip install
# '.[redis]'`), locmemcache:// for one process. Entries are keyed on the data version, never
# invalidated by hand: the oldest are dropped past MAX_ENTRIES (files, memory) or by the
# server's own eviction (Redis: an option it does not know would fail every request).
CACHES = {
    "default": {
        **env.cache_url("DANGVIEN_CACHE_URL", default=f"filecache://{DATA_DIR / 'cache'}"),
        "TIMEOUT": 600,
        # an upgrade reads none of the values the code before it wrote (rendered HTML, pickled
        # objects of classes that may have changed): nothing to clear by hand
        "KEY_FUNCTION": "dangvien.core.cache.make_key",
    }
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # the same files, without listing the folder at every write (dangvien.core.cache.FileCache)
    CACHES["default"]["BACKEND"] = "dangvien.core.cache.FileCache"
if CACHES["default"]["BACKEND"] in (
    "dangvien.core.cache.FileCache",
    "django.core.cache.backends.locmem.LocMemCache",
):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 20_000

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes each file under a name holding a hash of its content, with gzip and
# Brotli copies; whitenoise serves them compressed and cacheable forever (the name changes
# when the content does). `make demo` and `make serve` run collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles from our own origin only; inline style attributes allowed (the charts and a
# few templates use them); no plugins, no framing, forms post to us (docs/security.md).
CONTENT_SECURITY_POLICY = env.str(
    "DANGVIEN_CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
# Sessions read from the shared cache, written through to the database (a cache emptied or
# culled loses nothing): every request read its session row (~0.5 ms of processor).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DANGVIEN_SESSION_SECONDS", default=8 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
# Secure by default outside debugging (``check --deploy`` clean with no variable set); serving
# plain HTTP on purpose (a laptop, a closed network) takes DJANGO_DEBUG=true or
# DJANGO_SECURE_SSL_REDIRECT=false. HSTS is only ever sent over HTTPS.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# The load balancer's probes may speak plain HTTP to the application server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dangvien.http.pagination.Pagination",
    "EXCEPTION_HANDLER": "dangvien.http.exceptions.exception_handler",
    # JSON only: the browsable HTML renderer needs a serializer per view and failed (500) after
    # the write had been committed (``Accept: text/html`` now gets 406 before anything runs)
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_METADATA_CLASS": "dangvien.http.metadata.RouteMetadata",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dangvien API",
    "DESCRIPTION": "REST API of dangvien: party organizations, their dated history, committees, "
    "rules, audit. Every list is scoped to the caller's organizations.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every operation and field: for signed-in users only (issue 13, defect 9).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several components have a field named "kind" with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "dangvien.organizations.choices.OrganizationKind",
        "DecisionKindEnum": "dangvien.competence.choices.DecisionKind",
        "MeetingKindEnum": "dangvien.meetings.choices.MeetingKind",
        "AttendanceStatusEnum": "dangvien.meetings.choices.AttendanceStatus",
        "VotePurposeEnum": "dangvien.core.votes.VotePurpose",
    },
}

# Background tasks (django-tasks): the import of an uploaded bundle and the counting ahead run
# in a worker (`dangvien db_worker`), which reads its queue from the database; a large
# subtree's first counting for a page a reader waits on goes to the queue "pages", taken by a
# worker of its own (`dangvien db_worker --queue-name pages`) so that it never waits behind
# minutes of counting ahead.
TASKS = {
    "default": {
        "BACKEND": env.str("DANGVIEN_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "pages"],
    }
}
# A province's or the whole tree's first counting of a day goes to the queue "pages" when its
# subtree holds at least this many organizations that day (statistics.background); a smaller
# one (the demo's province: 366, counted in 0.8 s) is counted in the request.
BACKGROUND_ORGANIZATIONS = env.int("DANGVIEN_BACKGROUND_ORGANIZATIONS", default=500)
# After each change of the data, the background worker counts ahead the large subtrees' kept
# figures (dangvien.web.ahead); false: the first reader to ask counts them.
COUNT_AHEAD = env.bool("DANGVIEN_COUNT_AHEAD", default=True)
# Uploaded bundles (web import) are kept under DATA_DIR / "uploads".
IMPORT_UPLOAD_MAX_BYTES = env.int("DANGVIEN_IMPORT_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)

# Limits of an uploaded or imported archive (.zip, .xlsx) once unpacked: guards against zip bombs.
# Checked from the archive's directory before anything is unpacked. 4 GiB holds a bundle of the
# whole country (about 5.5 million members: ~2.5 GB of CSV); CSV text packs 5 to 20 times, so an
# entry over 1 MiB packed more than 100 times is refused as a bomb.
IMPORT_MAX_UNPACKED_BYTES = env.int("DANGVIEN_IMPORT_MAX_UNPACKED_BYTES", default=4 * 1024**3)
IMPORT_MAX_COMPRESSION_RATIO = env.int("DANGVIEN_IMPORT_MAX_COMPRESSION_RATIO", default=100)
IMPORT_MAX_ARCHIVE_ENTRIES = env.int("DANGVIEN_IMPORT_MAX_ARCHIVE_ENTRIES", default=1000)
# Worker processes that check the members of a large import (default: one per processor
# beyond two; 0 checks them in the importing process).
IMPORT_WORKERS = env.int("DANGVIEN_IMPORT_WORKERS", default=None)

# Documents of meetings (agendas, draft resolutions, minutes): kept outside the web root and the
# static files, served only by a view that checks the reader; the size and kinds accepted.
MEETING_DOCUMENTS_ROOT = Path(
    env.str("DANGVIEN_MEETING_DOCUMENTS_ROOT", default=str(DATA_DIR / "private" / "meetings"))
)
MEETING_DOCUMENT_MAX_BYTES = env.int("DANGVIEN_MEETING_DOCUMENT_MAX_BYTES", default=20 * 1024**2)
MEETING_DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

# DANGVIEN_LOG_FORMAT=json: one JSON object a line (for a log collector); text otherwise.
# DANGVIEN_REQUEST_LOG=true: one line per request (method, route, status, duration, request
# id, user id; never the query string, which may hold a searched name) on "dangvien.request".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "dangvien.http.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("DANGVIEN_LOG_FORMAT", default="text"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        "dangvien.request": {
            "level": "INFO" if env.bool("DANGVIEN_REQUEST_LOG", default=False) else "WARNING"
        }
    },
}
