"""`make run`: debug on, SQLite unless DATABASE_URL says otherwise, tasks inline without Redis."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Partners' feeds may be served from this machine (venue.feeds refuses that in production).
PARTNER_FEEDS_ALLOW_PRIVATE = True
