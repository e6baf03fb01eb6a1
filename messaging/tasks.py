"""Celery tasks of the conversations. They take ids, reload what they need, and are safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_new_message(message_id: int) -> None:
    """E-mail the other side of a conversation (services.message_notify: at most once per hour
    per side, not if they already read it; a failed send is retried and then sent)."""
    from . import services

    services.message_notify(message_id=message_id)
