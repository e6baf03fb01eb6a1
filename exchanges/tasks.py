"""Celery tasks of the exchanges: they take ids, reload, and are safe to run twice."""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_templated_mail

# event -> e-mail template under templates/emails/
TEMPLATES = {
    "requested": "exchange_requested",
    "accepted": "exchange_accepted",
    "declined": "exchange_declined",
    "withdrawn": "exchange_withdrawn",
    "cancelled": "exchange_cancelled",
    "completed": "exchange_completed",
    "expired": "exchange_expired",
    "handover": "exchange_handover",
}


def _context(exchange, recipient):
    """What an exchange e-mail to `recipient` shows; its links in the recipient's language."""
    other = exchange.other_party(recipient)
    with translation.override(language_of(recipient)):
        exchange_url = settings.SITE_URL + exchange.get_absolute_url()
        listings_url = settings.SITE_URL + reverse("listings:list")
    return {
        "exchange_url": exchange_url,
        "listings_url": listings_url,
        "links": {listings_url: _("Voir les annonces")},
        "details_template": "emails/_exchange_details.txt",
        "action_url": exchange_url,
        "action_label": _("Voir l'échange"),
        "exchange": exchange,
        "listing": exchange.listing,
        "recipient_name": recipient.profile.public_name,
        "other_name": other.profile.public_name,
        "is_provider": recipient.pk == exchange.provider_id,
        # Lazy: read in the e-mail's language (send_templated_mail renders under the recipient's).
        "cover": lazy(lambda: exchange.listing.category.cover, str)(),
        "cover_url": exchange.listing.category.cover_url,
        "request_days": settings.EXCHANGE_REQUEST_TTL.days,
    }


def _load(exchange_id):
    from .models import Exchange

    return (
        Exchange.objects.select_related(
            "listing__category", "listing__author__profile", "provider__profile", "receiver__profile"
        )
        .filter(pk=exchange_id)
        .first()
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_exchange(exchange_id: int, event: str, recipient_id: int) -> None:
    """Tell one side of an exchange what the other did."""
    exchange = _load(exchange_id)
    if exchange is None or recipient_id not in (exchange.provider_id, exchange.receiver_id):
        return
    recipient = exchange.provider if recipient_id == exchange.provider_id else exchange.receiver
    if not recipient.is_active:
        return
    context = _context(exchange, recipient)
    if event == "requested":  # the request's message is in this e-mail, not in a new-message one
        from messaging.models import Message

        first = Message.objects.filter(
            conversation__listing=exchange.listing,
            conversation__starter=exchange.initiator,
            sender=exchange.initiator,
            created_at__gte=exchange.created_at,
        ).first()
        context["request_message"] = first.body if first else ""
    send_templated_mail(
        template=f"emails/{TEMPLATES[event]}", to=[recipient.email], context=context, language=language_of(recipient)
    )


@shared_task
def expire_exchanges() -> int:
    """Beat, hourly: unanswered requests expire (services.exchanges_expire)."""
    from . import services

    return services.exchanges_expire()


def _send_reminder(kind):
    def send(exchange):
        for recipient in (exchange.provider, exchange.receiver):
            if recipient.is_active:
                send_templated_mail(
                    template=f"emails/exchange_reminder_{kind}",
                    to=[recipient.email],
                    context=_context(exchange, recipient),
                    language=language_of(recipient),
                    discriminator=str(exchange.pk),
                )

    return send


@shared_task
def send_exchange_reminders(now_iso: str | None = None) -> int:
    """Beat, every few hours: the day before an accepted exchange starts, and on the day of a
    period's return, both sides get a reminder — once each (services.exchange_send_reminder)."""
    from listings.models import ExchangeUnit

    from . import services
    from .models import Exchange, ExchangeStatus, day_start

    now = dt.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    today = timezone.localtime(now).date()
    accepted = Exchange.objects.filter(status=ExchangeStatus.ACCEPTED)
    tomorrow_starts = accepted.filter(
        start__gte=day_start(today + dt.timedelta(days=1)),
        start__lt=day_start(today + dt.timedelta(days=2)),
        start_reminded_at__isnull=True,
    )
    # A period of days ends at midnight after its return day.
    returns_today = accepted.filter(
        unit=ExchangeUnit.DAYS, end=day_start(today + dt.timedelta(days=1)), return_reminded_at__isnull=True
    )
    sent = 0
    for pk in tomorrow_starts.values_list("pk", flat=True):
        sent += services.exchange_send_reminder(exchange_id=pk, kind="start", send=_send_reminder("start"))
    for pk in returns_today.values_list("pk", flat=True):
        sent += services.exchange_send_reminder(exchange_id=pk, kind="return", send=_send_reminder("return"))
    return sent
