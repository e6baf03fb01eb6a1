"""Benchmarks (bench/): production settings served over plain HTTP on 127.0.0.1."""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# One client address sends all the load: per-IP limits would measure the rate limiter.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": None, "login_failed": None}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
