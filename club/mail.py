"""Rendering and sending the club's e-mails. Tasks call `send_templated_mail`; nothing sends mail
from a request directly (see docs/architecture.md: tasks are enqueued after commit).

Inside a Celery task every e-mail is sent at most once per task id: `send_once` writes a row in the
SentEmail ledger, sends, and the row commits with the send. A failed send rolls its row back, so
the retry (autoretry with backoff, or the broker redelivering the task of a worker that died:
acks_late) sends it; a retry after a send that was recorded finds the row and sends nothing. Two
workers running the same task at once: the second waits on the first's row, then skips."""

import hashlib

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .mail_html import inline_css, preheader_of, text_to_html, typeset


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


def language_of(recipient) -> str:
    """The language to write to `recipient` in: a booking's (the language it was made in) or an
    account's (its member profile's), else the site's. Tasks send with
    `send_templated_mail(language=language_of(…))` and build their links in it too."""
    language = getattr(recipient, "language", "")
    if not language:
        language = getattr(getattr(recipient, "profile", None), "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _family(template: str) -> str:
    """`emails/booking_confirmed` -> `emails/_booking`: the e-mails of one kind share their reason."""
    folder, _, name = template.rpartition("/")
    return f"{folder}/_{name.split('_')[0]}"


def _reason(template: str, context: dict) -> str:
    """Why the recipient receives this e-mail: `<template>_reason.txt`, else the one of its
    family (`emails/_booking_reason.txt` for every `emails/booking_…`), else the club's general
    one (the folder's, then the club's), so that an e-mail added without a reason still says
    something true."""
    folder = template.rpartition("/")[0]
    names = [f"{template}_reason.txt", f"{_family(template)}_reason.txt", f"{folder}/_reason.txt", "emails/_reason.txt"]
    return " ".join(select_template(names).render(context).split())


def render_mail(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str | None = None,
    subject_template: str | None = None,
    text_template: str | None = None,
    html_template: str | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    """The e-mail `template` names, rendered in `language`: subject, text part (the text template
    with the club's footer: why they receive it, their account or booking, the site) and HTML
    part (`<template>.html` when it exists, else the text in the shared layout), CSS inlined.

    The context may hold `action_url` and `action_label` (the main link, drawn as a button in
    the HTML part), `links` ({url: words} for its other links in the HTML part), `details_template`
    (the text partial with the facts, drawn as a box in the HTML part) and `footer_url` /
    `footer_label` (where to manage what the e-mail is about; the member's account by default)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "site_url": settings.SITE_URL,
            "club_name": settings.CLUB_NAME,
            "footer_url": settings.SITE_URL + reverse("members:account"),
            "footer_label": _("Mon compte au Club"),
            **context,
        }
        context["reason"] = _reason(template, context)
        subject = " ".join(render_to_string(subject_template or f"{template}_subject.txt", context).split())
        text = render_to_string(text_template or f"{template}.txt", context).strip()
        footer = render_to_string("emails/_footer.txt", context).strip()
        html_context = {
            **context,
            "subject": subject,
            "preheader": context.get("preheader") or preheader_of(text),
            "title": typeset(subject),
            "content": text_to_html(
                text,
                action_url=context.get("action_url", ""),
                action_label=str(context.get("action_label", "")),
                links=context.get("links"),
                details=render_to_string(context["details_template"], context) if "details_template" in context else "",
            ),
        }
        try:
            html = render_to_string(html_template or f"{template}.html", html_context)
        except TemplateDoesNotExist:
            html = render_to_string("emails/layout.html", html_context)
        message = EmailMultiAlternatives(subject=subject, body=f"{text}\n\n{footer}\n", to=to, from_email=from_email)
        message.attach_alternative(inline_css(html), "text/html")
        return message


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
    """Render `templates/<template>_subject.txt`, `<template>.txt` and the HTML part (see
    render_mail) in `language` (the recipient's: `language_of`), then send once (see send_once).
    `attachments` holds (filename, content, mimetype) tuples; `headers` extra e-mail headers (an
    alert's List-Unsubscribe)."""
    message = render_mail(template=template, to=to, context=context, language=language)
    if headers:
        message.extra_headers.update(headers)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return send_once(message, discriminator=f"{template}:{discriminator}")
