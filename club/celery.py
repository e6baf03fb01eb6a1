"""Celery app. With REDIS_URL set, tasks go through Redis; without it they run inline
(CELERY_TASK_ALWAYS_EAGER, see settings/base.py)."""

import os
from logging.config import dictConfig

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.dev")

app = Celery("club")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect(dispatch_uid="club.celery.logging")
def _log_like_the_web_processes(**kwargs):
    """Workers and beat log through settings.LOGGING (stderr, one line per record with the request id,
    LOG_LEVEL) instead of Celery's own handlers: connecting this signal tells Celery to leave logging
    alone, so its `--loglevel` option is ignored."""
    from django.conf import settings

    dictConfig(settings.LOGGING)
