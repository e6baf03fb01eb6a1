"""The test suite: SQLite by default, PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests never fetch map tiles.
MAP_TILES_URL = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}  # noqa: F405
# Tasks run inline in tests, except in the integration tests that start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files from the apps' folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory: the browser tests' live server answers several requests at once,
    # and an in-memory test database is one connection shared by all its threads (which then
    # trip over each other's transactions). WAL lets readers and the writer work side by side.
    _test_db = Path(tempfile.gettempdir()) / f"club-tests-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        "timeout": 20,
    }

# The feed tests serve their feeds from 127.0.0.1 (tests that prove the refusal turn it off).
PARTNER_FEEDS_ALLOW_PRIVATE = True
PARTNER_FEED_TIMEOUT = 2

# Off for the suite: its tests write with factories inside a transaction that is rolled back, so
# the after-commit bumps never run. club/tests/test_page_cache.py and the browser test of a
# booking from a cached page turn it on (and commit, or run the after-commit callbacks).
PAGE_CACHE_ENABLED = False
