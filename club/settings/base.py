"""Settings shared by every environment. Values that differ between machines come from the
environment (https://django-environ.readthedocs.io/), with defaults that let `make run` work on a
fresh machine: SQLite, tasks run inline, e-mails printed to the console."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from club.observability import logging_config, parse_admins

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# How many proxies of ours stand in front (nginx alone: 1; a load balancer and nginx: 2). Every
# rate limit then reads the client's address from X-Forwarded-For, that many entries from the
# right (club/client_ip.py); 0 ignores the header, REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

INSTALLED_APPS = [
    # Before the admin: registers the English columns of the content (every app's translation.py).
    "modeltranslation",
    # Admin modules are discovered in club/urls.py: django-leaflet's needs GDAL, which we do not use.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.headless",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "django_htmx",
    "easy_thumbnails",
    "leaflet",  # ships Leaflet's JS/CSS; maps are drawn by static/js/map.js (no inline script)
    # The club
    "club",
    "members",
    "listings",
    "community",
    "messaging",
    "exchanges",
    "events",
    "venue",
    "alerts",
    "insights",
]

MIDDLEWARE = [
    # First: every log line of the request, and every answer, carries its id (club/request_id.py).
    "club.request_id.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The public pages' cache (club/page_cache.py): a hit is answered before the session, CSRF and
    # auth middleware; the headers above (security, CSP, request id) still go on every answer.
    "club.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "club.api_language.api_language_middleware",  # /api/: ?lang= or Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "club.urls"
WSGI_APPLICATION = "club.wsgi.application"

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
                "members.context_processors.membership",
                "club.page_cache.page_cached",
                "messaging.context_processors.inbox",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The search's queries run with this work_mem (listings.selectors._search_memory): the bitmap of
# the annonces within 25 km of Paris stays exact at a million annonces.
SEARCH_WORK_MEM = env.str("SEARCH_WORK_MEM", default="32MB")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES and env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
    # Values bound by the server (the extended protocol) rather than pasted into the SQL text, and
    # a query run 5 times on a connection becomes a prepared statement: PostgreSQL parses it once
    # and, for a fixed-shape query (the member, an annonce by id, the agenda), keeps its plan.
    # The searches plan every execution for its own values (listings.selectors._search_memory).
    # Not behind a transaction-pooling PgBouncer (prepared statements are per connection): set
    # DATABASE_PREPARED_STATEMENTS=false there. bench/RESULTS.md has the before and after.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The covering index listing_published_point (listings.Listing) has INCLUDE columns for
    # PostgreSQL's index-only scans; SQLite has no INCLUDE and builds the same index on its key
    # columns alone, which is all the SQLite path (make run, the quick test run) needs. Silenced
    # only here: on PostgreSQL the check still runs and passes.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = env("REDIS_URL", default="")


def _next_redis_db(url: str) -> str:
    """The same Redis server, the next database: the broker's queue must never live in the cache's
    database, or clearing the cache (FLUSHDB) would drop every queued task."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return parts._replace(path=f"/{db + 1}").geturl()


if REDIS_URL:
    # When Redis is down the cache falls back to local memory instead of failing (club/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "club.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- The public pages' cache for anonymous visitors (club/page_cache.py) ----------------------
# On by default where the cache is shared (Redis): the version bumped by one process must reach
# every other. Local memory is per process, so there only for one process (PAGE_CACHE_ENABLED=1).
# While Redis is down each process falls back to its own memory: pages may then be up to
# PAGE_CACHE_MAX_AGE old in the processes that did not write.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=bool(REDIS_URL))
# Longest life of a stored page, in seconds. Writes invalidate at once (a version bumped after
# commit); this bounds what changes with time alone: past events leave the agenda, bookings open.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
# `Cache-Control: public, max-age=…` of those pages for browsers and proxies, which then revalidate
# with If-None-Match (ETag: 304, answered from the cache). 0: a visitor who just booked and goes
# back to the event page sees the seats taken, not their browser's copy. A busy site behind a
# caching proxy may raise it to a few seconds (a seat count may then be that old).
PAGE_CACHE_HTTP_MAX_AGE = env.int("PAGE_CACHE_HTTP_MAX_AGE", default=0)

# --- Celery: through Redis when REDIS_URL is set, inline otherwise ---------------------------
# The cache uses REDIS_URL's database; the broker CELERY_BROKER_URL, by default the next one.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=_next_redis_db(REDIS_URL) if REDIS_URL else "memory://")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks are idempotent (e-mails go through the SentEmail ledger, beat tasks claim their rows), so a
# task is acknowledged only once done, and redelivered if its worker dies in the middle of it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# An outbox row the broker keeps refusing is parked after this many attempts (admin: resend).
OUTBOX_MAX_ATTEMPTS = 12
# A web request must not hang when the broker is down: fail fast, the outbox retries later.
# A task whose worker died is redelivered once this many seconds passed without its ack: longer
# than the longest task (CELERY_TASK_TIME_LIMIT).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
}
# Alerts sent once a day go out at this hour, Europe/Paris (alerts.tasks.send_daily_digests).
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=8)
CELERY_BEAT_SCHEDULE: dict = {
    "flush-outbox": {"task": "club.tasks.flush_outbox", "schedule": 60.0},
    "prune-sent-emails": {"task": "club.tasks.prune_sent_emails", "schedule": 60 * 60 * 24},
    # Reminders for tomorrow's events; idempotent, so running it twice a day is harmless.
    "events-reminders": {"task": "events.tasks.send_reminders", "schedule": 60 * 60 * 6},
    # Booking data is anonymised twelve months after the event (see the privacy notice).
    "events-anonymise-bookings": {"task": "events.tasks.anonymise_old_bookings", "schedule": 60 * 60 * 24},
    # Both idempotent: running twice, or late, changes nothing more.
    "listings-expire": {"task": "listings.tasks.expire_listings", "schedule": 60 * 60},
    "listings-warn-expiring": {"task": "listings.tasks.warn_expiring_listings", "schedule": 60 * 60},
    "exchanges-expire": {"task": "exchanges.tasks.expire_exchanges", "schedule": 60 * 60},
    # Reminders the day before a start and on a return day, each sent once (exchange_send_reminder).
    "exchanges-reminders": {"task": "exchanges.tasks.send_exchange_reminders", "schedule": 60 * 60 * 3},
    # Partners' feeds: one task per partner (venue.tasks), conditional requests, so hourly is cheap.
    "venue-partner-feeds": {"task": "venue.tasks.import_partner_feeds", "schedule": 60 * 60},
    # The daily digest of the alerts, at a fixed hour of the members' time (CELERY_TIMEZONE).
    "alerts-daily-digest": {
        "task": "alerts.tasks.send_daily_digests",
        "schedule": crontab(hour=ALERTS_DIGEST_HOUR, minute=0),
    },
    "community-digests": {"task": "community.tasks.send_digests", "schedule": 60 * 60 * 24},  # daily group digests
    # The anonymised search log keeps INSIGHTS_SEARCH_LOG_DAYS days (idempotent).
    "insights-purge-search-log": {"task": "insights.tasks.purge_search_log", "schedule": 60 * 60 * 24},
    # The dashboard's daily aggregates of the days over (idempotent; a missed night is caught up).
    "insights-rollup": {"task": "insights.tasks.rollup_closed_days", "schedule": crontab(hour=0, minute=20)},
}
# Days the anonymised search log (insights.SearchLog: words, département, time) is kept.
INSIGHTS_SEARCH_LOG_DAYS = env.int("INSIGHTS_SEARCH_LOG_DAYS", default=90)
# The dashboard keeps a period's figures this long (the page says when they were computed); 0: never.
INSIGHTS_CACHE_SECONDS = env.int("INSIGHTS_CACHE_SECONDS", default=300)
# An exchange request that its annonce's author leaves unanswered this long expires.
EXCHANGE_REQUEST_TTL = timedelta(days=env.int("EXCHANGE_REQUEST_DAYS", default=5))
# Reviews are revealed when both sides have written, or this long after completion.
REVIEW_REVEAL_AFTER = timedelta(days=14)

# --- Partners' feeds (venue.feeds, venue.offers) --------------------------------------------
# Seconds for the whole fetch of one feed (connection, then reading), and its largest size.
PARTNER_FEED_TIMEOUT = env.int("PARTNER_FEED_TIMEOUT", default=10)
PARTNER_FEED_MAX_BYTES = env.int("PARTNER_FEED_MAX_BYTES", default=2 * 1024 * 1024)
# An offer gone from its feed stays this many days (a feed that lists only the latest items).
PARTNER_OFFER_RETENTION_DAYS = env.int("PARTNER_OFFER_RETENTION_DAYS", default=7)
# Fetching a feed on a private, loopback or link-local address (SSRF). Off here and in production,
# never from the environment; on in dev and test settings only (local feeds for tests and the demo).
PARTNER_FEEDS_ALLOW_PRIVATE = False

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
# Django's and allauth's, reading the profile with the account (members/backends.py). Sessions
# name their backend: sessions made with the former paths log in again once.
AUTHENTICATION_BACKENDS = [
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
# Sessions read from the cache (Redis when REDIS_URL is set), written through to the database:
# the login wall costs no session query. https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:account"

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Le Club] "
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"  # its get_client_ip is club.client_ip's
# allauth's own setting, in case some part of it reads the header without the adapter.
# https://docs.allauth.org/en/latest/common/configuration.html
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupExtraForm"
# allauth's rate limits (kept in the cache, so in Redis when REDIS_URL is set) also carry the
# club's own actions, so there is one rate-limit mechanism for the whole site.
ACCOUNT_RATE_LIMITS = {
    "verify_membership": "5/h/user",
    # Bookings without an account: per address and per e-mail (the key), see events.views.
    "book": "10/h/ip",
    "book_email": "5/h/key",
    "listing_post": "10/h/user",
    "send_message": "30/h/user",
    "group_post": "30/h/user",  # community: messages and replies in groups
    "proposal": "10/h/user",  # community: proposals for the venue and their comments
    "report": "10/d/user",
}

# --- Internationalisation: French first, English second --------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff write the content (venue, rooms, event types, categories…) in French and, beside it, in
# English (django-modeltranslation: `<field>_fr`, `<field>_en`). A page in English shows the French
# text where the English is missing; the admin marks those rows.
# https://django-modeltranslation.readthedocs.io/en/latest/registration.html
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "fr"  # slugs come from the French name
# `Model(name=…)` also fills `name_fr` when English is active (a shell, a test): French is never empty.
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))  # collectstatic, served by nginx
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
THUMBNAIL_PRESERVE_EXTENSIONS = ("png", "webp")
# https://easy-thumbnails.readthedocs.io/en/latest/ref/settings/
THUMBNAIL_ALIASES = {
    "": {
        "thumb": {"size": (160, 160), "crop": "smart"},
        "card": {"size": (480, 360), "crop": "smart"},
        "large": {"size": (1600, 1600), "crop": False},
    }
}
# Listing photos live under MEDIA_ROOT/private/ and are only served by listings.views.photo.
# In production, set this to the nginx `internal` location that aliases MEDIA_ROOT (e.g.
# "/protected-media/") and the view answers with X-Accel-Redirect instead of streaming the file.
LISTINGS_PHOTO_ACCEL_PREFIX = env("LISTINGS_PHOTO_ACCEL_PREFIX", default="")

# --- E-mail ----------------------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@host:587 sets EMAIL_BACKEND, EMAIL_HOST and the rest.
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Le Club <bonjour@club.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Le Club] "  # on the e-mails to ADMINS
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Logs, error reports, health checks (club/observability.py, club/health.py) ---------------
# One line per record on stderr: time, level, logger, [request id], message; tracebacks follow.
LOGGING = logging_config(level=env("LOG_LEVEL", default="INFO").upper())
# Who receives each 500 by e-mail: ADMINS="Ana Lopez <ana@example.org>, bob@example.org".
ADMINS = parse_admins(env("ADMINS", default=""))
# Sentry only when SENTRY_DSN is set; without it the SDK is not even imported.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from club.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=""),
        release=env("SENTRY_RELEASE", default=""),
    )

# --- REST framework (the mobile app's API) ------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials gets 401 with a challenge.
        "club.api.AppSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "club.api.Pagination",
    # Every body is checked for NUL characters when it is parsed (club/api.py).
    "DEFAULT_PARSER_CLASSES": ["club.api.JSONParser", "club.api.FormParser", "club.api.MultiPartParser"],
    "DEFAULT_METADATA_CLASS": "club.api.Metadata",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "club.api_schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_THROTTLE_CLASSES": [
        "club.api.AnonThrottle",
        "club.api.UserThrottle",
    ],
    # Not read by our throttles (club.client_ip is), kept equal for anything that uses DRF's own.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "club.api.exception_handler",
    "SCHEMA_COERCE_PATH_PK": False,  # the schema's paths say {pk} as the URLconf does
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Le Club API",
    "DESCRIPTION": "API of the sharing club: the public venue (agenda, bookings) and the annonces "
    "between verified sociétaires. Apps authenticate with django-allauth's headless flow under "
    "/_allauth/app/v1/ and send the session token in the X-Session-Token header. Texts are in French, or "
    "in English with `Accept-Language: en` or `?lang=en` (content without an English version stays French).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_URLCONF": "club.api_urls",
    # The schema is validated by the test suite (tests/test_api_schema.py) against club.api_urls;
    # the deploy check would generate it from the whole site, i18n patterns included.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status` or a `kind`: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "ListingStatusEnum": "listings.models.Status",
        "ListingKindEnum": "listings.models.Kind",
        "EventStatusEnum": "events.models.EventStatus",
        "BookingStatusEnum": "events.models.BookingStatus",
        "ExtraFieldKindEnum": ["text", "int", "datetime"],
        "ExchangeStatusEnum": "exchanges.models.ExchangeStatus",
    },
}
HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app",)  # the site itself uses the classic allauth pages
HEADLESS_SERVE_SPECIFICATION = False

# --- Maps: empty by default, so that no page fetches anything from elsewhere -----------------
# Without tiles the maps draw the site's own outlines (static/geo/, built by scripts/build_geo.py):
# the sea, the neighbours, France's départements and, zoomed in, the arrondissements of Paris,
# Lyon and Marseille. Set it (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png) for real tiles.
MAP_TILES_URL = env("MAP_TILES_URL", default="")
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": "© OpenStreetMap"})] if MAP_TILES_URL else [],
    "DEFAULT_CENTER": (48.8566, 2.3522),
    "DEFAULT_ZOOM": 11,
    "RESET_VIEW": False,
}

# --- Browser security headers, in every environment so that tests see what production sends ---
# No inline script anywhere: JS lives in static/ and reads data- attributes.
_tiles = urlsplit(MAP_TILES_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Inline style attributes are allowed (the admin and Leaflet use them); scripts are not.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"] + ([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
        "connect-src": [SELF],
        "font-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Geolocation for « me géolocaliser », the camera for scanning tickets at the door; nothing else.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-failure-view
CSRF_FAILURE_VIEW = "club.views.csrf_failure"

# --- The club ----------------------------------------------------------------------------------
CLUB_NAME = "Le Club"
LISTING_EXPIRY_WARNING = timedelta(days=3)
CONVERSATION_EMAIL_INTERVAL = timedelta(hours=1)
# Bookings' personal data (name, e-mail, accessibility needs) is anonymised this many days after
# the event (events.tasks.anonymise_old_bookings). The privacy notice promises twelve months at most:
# change templates/venue/privacy.html with it.
BOOKING_RETENTION_DAYS = env.int("BOOKING_RETENTION_DAYS", default=365)
# An event made from a member's proposal, once published, is open to its proposer and supporters
# only for this long (events.services.event_publish sets Event.public_from), then to everyone.
PROPOSAL_EARLY_ACCESS_HOURS = env.int("PROPOSAL_EARLY_ACCESS_HOURS", default=48)
