"""Celery app. With REDIS_URL set, tasks go through Redis; without it they run inline
(CELERY_TASK_ALWAYS_EAGER, see settings/base.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.dev")

app = Celery("club")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
