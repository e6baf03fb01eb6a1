"""Sending Celery tasks once the database has committed (pretix's transaction-aware tasks).

Every service that notifies someone calls `enqueue_after_commit(task, id)`: the task runs only if
the write it announces really happened, and it reloads what it needs by id. When the broker is
unreachable the write still stands and the person still sees success; the failure is logged."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # the broker is down: never turn a committed write into an error page
            logger.exception("could not enqueue %s%r", task.name, args)

    transaction.on_commit(send)
