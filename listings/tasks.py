"""Celery tasks of the annonces. They take ids, reload what they need, and are safe to run twice."""

from celery import shared_task

from club.mail import send_templated_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_new_message(message_id: int) -> None:
    """Former name of messaging.tasks.notify_new_message, kept so that tasks queued (or waiting in
    the outbox) under this name before conversations moved to the messaging app still run."""
    from messaging import services

    services.message_notify(message_id=message_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_listing_hidden(listing_id: int) -> None:
    from .models import Listing, Status

    listing = Listing.objects.select_related("author").filter(pk=listing_id, status=Status.HIDDEN).first()
    if listing is None:
        return
    from .selectors import listing_hide_reasons

    context = {"listing": listing, "reasons": listing_hide_reasons(listing)}
    send_templated_mail(template="emails/listing_hidden", to=[listing.author.email], context=context)


@shared_task
def expire_listings() -> int:
    """Beat, hourly: published annonces past their date become expired. Idempotent."""
    from . import services

    return services.listings_expire()


def _send_expiry_warning(listing) -> None:
    send_templated_mail(
        template="emails/listing_expiring",
        to=[listing.author.email],
        context={"listing": listing},
        discriminator=str(listing.pk),
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def warn_expiring_listings() -> int:
    """Beat, hourly: warn authors three days before their annonce expires, once per period (each
    warning is recorded after it was sent: services.listing_warn_expiry)."""
    from . import services

    return sum(
        services.listing_warn_expiry(listing_id=pk, send=_send_expiry_warning) for pk in services.listings_to_warn()
    )
