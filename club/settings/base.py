"""Settings shared by every environment. Values that differ between machines come from the
environment (https://django-environ.readthedocs.io/), with defaults that let `make run` work on a
fresh machine: SQLite, tasks run inline, e-mails printed to the console."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
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
    "django_filters",
    "django_htmx",
    "easy_thumbnails",
    "leaflet",  # ships Leaflet's JS/CSS; maps are drawn by static/js/map.js (no inline script)
    # The club
    "members",
    "listings",
    "events",
    "venue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
                "listings.context_processors.inbox",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: through Redis when REDIS_URL is set, inline otherwise ---------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when the broker is down: fail fast, the outbox retries later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE: dict = {
    # Both idempotent: running twice, or late, changes nothing more.
    "listings-expire": {"task": "listings.tasks.expire_listings", "schedule": 60 * 60},
    "listings-warn-expiring": {"task": "listings.tasks.warn_expiring_listings", "schedule": 60 * 60},
}

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
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
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupExtraForm"
# allauth's rate limits (kept in the cache, so in Redis when REDIS_URL is set) also carry the
# club's own actions, so there is one rate-limit mechanism for the whole site.
ACCOUNT_RATE_LIMITS = {
    "verify_membership": "5/h/user",
    "listing_post": "10/h/user",
    "send_message": "30/h/user",
    "report": "10/d/user",
}
HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app",)

# --- Internationalisation: French first, English second --------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- REST framework --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}

# --- Maps: tiles are a setting so tests and offline demos fetch nothing ----------------------
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": "© OpenStreetMap"})],
    "DEFAULT_CENTER": (48.8566, 2.3522),
    "DEFAULT_ZOOM": 11,
    "RESET_VIEW": False,
}

# --- The club ----------------------------------------------------------------------------------
CLUB_NAME = "Le Club"
LISTING_EXPIRY_WARNING = timedelta(days=3)
CONVERSATION_EMAIL_INTERVAL = timedelta(hours=1)
