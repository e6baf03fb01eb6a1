from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .queue import outbox_flush

# Long after any retry or redelivery of the task that sent it could come.
SENT_EMAIL_KEPT = timedelta(days=30)


@shared_task
def flush_outbox() -> int:
    """Send the tasks that the broker could not take when they were written (see club/queue.py)."""
    return outbox_flush()


@shared_task
def prune_sent_emails() -> int:
    """Beat, daily: forget the e-mail ledger's old rows."""
    from .models import SentEmail

    deleted, _rows = SentEmail.objects.filter(sent_at__lt=timezone.now() - SENT_EMAIL_KEPT).delete()
    return deleted
