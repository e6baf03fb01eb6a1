"""Rendering and sending the club's e-mails. Tasks call `send_templated_mail`; nothing sends mail
from a request directly (see docs/architecture.md: tasks are enqueued after commit).

Inside a Celery task every e-mail is sent at most once per task id: `send_once` writes a row in the
SentEmail ledger, sends, and the row commits with the send. A failed send rolls its row back, so
the retry (autoretry with backoff, or the broker redelivering the task of a worker that died:
acks_late) sends it; a retry after a send that was recorded finds the row and sends nothing. Two
workers running the same task at once: the second waits on the first's row, then skips."""

import hashlib
from contextlib import suppress

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def _ledger_key(message: EmailMessage, discriminator: str) -> str | None:
    request = getattr(current_task, "request", None)
    task_id = getattr(request, "id", None)
    if not task_id:
        return None  # not in a task (a management command, the shell): nothing to deduplicate
    digest = hashlib.sha256("\n".join([discriminator, message.subject, *message.to]).encode()).hexdigest()[:32]
    return f"{task_id}:{digest}"


def send_once(message: EmailMessage, *, discriminator: str = "") -> bool:
    """Send `message` unless this task already sent it; returns whether it was sent now.
    `discriminator` tells apart two e-mails of one task run with the same subject and recipients."""
    from .models import SentEmail

    key = _ledger_key(message, discriminator)
    if key is None:
        message.send()
        return True
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentEmail.objects.create(key=key[:255])
        except IntegrityError:
            return False  # sent by an earlier run of this very task
        message.send()  # raises: the ledger row is rolled back with it, and the retry sends
    return True


def send_templated_mail(
    *,
    template: str,
    to: list[str],
    context: dict,
    attachments=(),
    language: str | None = None,
    discriminator: str = "",
    headers: dict[str, str] | None = None,
) -> bool:
    """Render `templates/<template>_subject.txt`, `<template>.txt` and, if present,
    `<template>.html`, then send once (see send_once). `attachments` holds (filename, content,
    mimetype) tuples; `headers` extra e-mail headers (an alert's List-Unsubscribe)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, "club_name": settings.CLUB_NAME, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers)
        with suppress(TemplateDoesNotExist):  # without an HTML template, plain text only
            message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        return send_once(message, discriminator=f"{template}:{discriminator}")
