"""Logging and error-report settings, read by settings/base.py (so every environment, production
included, logs the same way): one line per record on standard error, with the request id; every
500 logged at ERROR with its traceback by Django's `django.request` logger; ADMINS e-mailed too."""

from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, level: str = "INFO") -> dict:
    """The LOGGING setting. The root logger writes to stderr; Django's loggers propagate to it
    (their default handlers print only with DEBUG on), and `django` keeps mailing ADMINS on errors."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "club.request_id.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {"line": {"format": FORMAT}},
        "handlers": {
            "stderr": {"class": "club.request_id.StderrHandler", "filters": ["request_id"], "formatter": "line"},
            "mail_admins": {
                "level": "ERROR",
                "class": "django.utils.log.AdminEmailHandler",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Replaces Django's default (a console handler active only with DEBUG, and mail_admins).
            "django": {"handlers": ["mail_admins"], "level": level, "propagate": True},
            # runserver's access lines, which Django's default sends to its own handler.
            "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }


def parse_admins(value: str) -> list[tuple[str, str]]:
    """ADMINS="Ana Lopez <ana@example.org>, bob@example.org" → [("Ana Lopez", "ana@example.org"),
    ("bob@example.org", "bob@example.org")]. A name holding a comma goes in double quotes."""
    admins = []
    for name, address in getaddresses([value]):
        if not name and not address:
            continue
        if "@" not in address:
            raise ImproperlyConfigured(f"ADMINS: {address or name!r} is not an e-mail address")
        admins.append((name or address, address))
    return admins
