"""Benchmarks (bench/): production settings served over plain HTTP on 127.0.0.1."""

from .production import *  # noqa: F403

# The site's URLs plus /_bare/, the baseline bench/run.py measures (absent from every other settings).
ROOT_URLCONF = "club.bench_urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# One client address sends all the load (and the booking storm's 500 bookings): per-IP and
# per-address limits would measure the rate limiter, not the pages. Production keeps them.
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,  # noqa: F405
    "login": None,
    "login_failed": None,
    "book": None,
    "book_email": None,
}
LOGGING = logging_config(level="WARNING")  # noqa: F405
