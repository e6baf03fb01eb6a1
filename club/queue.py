"""Sending Celery tasks once the database has committed, without ever losing one.

Every service that notifies someone calls `enqueue_after_commit(task, *args)`. The task is first
written to the outbox table inside the current transaction, so it exists if and only if the change
it announces was committed. After commit it is handed to the broker and its outbox row deleted.
When the broker is unreachable the person still sees success: the row stays, and the periodic
`outbox_flush` task (or `manage.py outbox_flush`) sends it when the broker is back."""

import logging

from django.db import transaction
from django.utils import timezone

from .celery import app
from .models import OutboxTask

logger = logging.getLogger(__name__)


def _send(row: OutboxTask) -> bool:
    try:
        # apply_async publishes to the broker, or runs inline when tasks are eager (no Redis).
        app.tasks[row.task_name].apply_async(args=row.args, kwargs=row.kwargs)
    except Exception as exc:  # broker down or unreachable: keep the row for the next flush
        logger.warning("outbox: could not send %s: %s", row, exc)
        OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:1000])
        return False
    OutboxTask.objects.filter(pk=row.pk).delete()
    return True


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Write `task(*args, **kwargs)` to the outbox now and send it once the transaction commits.
    Arguments must be JSON-serialisable (ids, not objects)."""
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _send(row))


def outbox_flush(*, older_than_seconds: int = 30) -> int:
    """Send the tasks the broker could not take. Only rows older than a few seconds, so that a
    row whose on-commit send is in progress is not sent twice. Returns how many were sent."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    sent = 0
    for row in OutboxTask.objects.filter(created_at__lte=cutoff)[:500]:
        sent += _send(row)
    return sent
