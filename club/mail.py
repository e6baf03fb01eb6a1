"""Rendering and sending the club's e-mails. Tasks call `send_templated_mail`; nothing sends mail
from a request directly (see docs/architecture.md: tasks are enqueued after commit)."""

from contextlib import suppress

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *, template: str, to: list[str], context: dict, attachments=(), language: str | None = None
) -> None:
    """Render `templates/<template>_subject.txt`, `<template>.txt` and, if present,
    `<template>.html`, then send. `attachments` holds (filename, content, mimetype) tuples."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, "club_name": settings.CLUB_NAME, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=to)
        with suppress(TemplateDoesNotExist):  # without an HTML template, plain text only
            message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
