"""Sending Celery tasks once the database has committed, without ever losing one.

Every service that notifies someone calls `enqueue_after_commit(task, *args)`. The task is first
written to the outbox table inside the current transaction, so it exists if and only if the change
it announces was committed. After commit it is handed to the broker and its outbox row deleted.
When the broker is unreachable the person still sees success: the row stays, and the periodic
`outbox_flush` task (or `manage.py outbox_flush`) sends it when the broker is back.

Each row is sent with a task id of its own (`OutboxTask.task_id`), so a row that happens to be sent
twice (the on-commit send and a flush crossing) runs as the same task and e-mails once (club.mail)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .celery import app
from .models import OutboxTask

logger = logging.getLogger(__name__)


def _retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min… up to an hour between two attempts of one row."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _send(row: OutboxTask) -> bool:
    try:
        # apply_async publishes to the broker, or runs inline when tasks are eager (no Redis).
        app.tasks[row.task_name].apply_async(args=row.args, kwargs=row.kwargs, task_id=row.task_id)
    except Exception as exc:  # broker down, or a task that no longer exists: keep the row
        attempts = row.attempts + 1
        logger.warning("outbox: could not send %s (attempt %s): %s", row, attempts, exc)
        now = timezone.now()
        parked = attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutboxTask.objects.filter(pk=row.pk).update(
            attempts=attempts,
            last_error=str(exc)[:1000],
            next_attempt_at=now + _retry_delay(attempts),
            parked_at=now if parked else None,
        )
        if parked:
            logger.error("outbox: %s parked after %s attempts; resend it from the admin", row, attempts)
        return False
    OutboxTask.objects.filter(pk=row.pk).delete()
    return True


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Write `task(*args, **kwargs)` to the outbox now and send it once the transaction commits.
    Arguments must be JSON-serialisable (ids, not objects)."""
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _send(row))


def outbox_flush(*, older_than_seconds: int = 30, batch: int = 500, now_for_all: bool = False) -> int:
    """Send the tasks the broker could not take: rows older than a few seconds (so that a row whose
    on-commit send is in progress is left alone), whose next attempt is due and which are not
    parked, oldest due first, so rows that keep failing never hold back new ones. Each row is
    locked with skip_locked: two flushes at once never take the same row. `now_for_all` (the
    operator's `manage.py outbox_flush`) tries every unparked row without waiting for its delay.
    Returns how many went."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    due = OutboxTask.objects.filter(created_at__lte=cutoff, parked_at__isnull=True)
    if not now_for_all:
        due = due.exclude(next_attempt_at__gt=now)
    ids = list(due.order_by("attempts", "created_at").values_list("pk", flat=True)[:batch])
    sent = 0
    for pk in ids:
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk, parked_at__isnull=True).first()
            if row is not None:
                sent += _send(row)
    return sent


def outbox_resend(*, rows) -> int:
    """Staff resend parked rows (admin action): they go to the broker now, and are counted afresh
    if it still refuses them."""
    sent = 0
    for pk in list(rows.values_list("pk", flat=True)):
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:
                continue
            OutboxTask.objects.filter(pk=pk).update(parked_at=None, attempts=0, next_attempt_at=None)
            row.attempts = 0
            sent += _send(row)
    return sent
