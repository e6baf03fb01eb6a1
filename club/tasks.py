from celery import shared_task

from .queue import outbox_flush


@shared_task
def flush_outbox() -> int:
    """Send the tasks that the broker could not take when they were written (see club/queue.py)."""
    return outbox_flush()
