"""Celery tasks of the annonces. They take ids, reload what they need, and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_templated_mail


def _send_to_author(template: str, listing, *, extra: dict | None = None, **kwargs) -> None:
    """An e-mail to the annonce's author, in their language, leading to « Mes annonces »."""
    language = language_of(listing.author)
    with translation.override(language):
        mine_url = settings.SITE_URL + reverse("listings:mine")
    context = {"listing": listing, "action_url": mine_url, "action_label": _("Voir mes annonces"), **(extra or {})}
    send_templated_mail(template=template, to=[listing.author.email], context=context, language=language, **kwargs)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_new_message(message_id: int) -> None:
    """Former name of messaging.tasks.notify_new_message, kept so that tasks queued (or waiting in
    the outbox) under this name before conversations moved to the messaging app still run."""
    from messaging import services

    services.message_notify(message_id=message_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_listing_hidden(listing_id: int) -> None:
    from .models import Listing, Status

    listing = Listing.objects.select_related("author__profile").filter(pk=listing_id, status=Status.HIDDEN).first()
    if listing is None:
        return
    from .selectors import listing_hide_reasons

    _send_to_author("emails/listing_hidden", listing, extra={"reasons": listing_hide_reasons(listing)})


@shared_task
def notify_listing_moderation(listing_id: int, change: str) -> None:
    """Tell an author that staff restored (« restored ») or extended (« extended ») their annonce."""
    from .models import Listing

    listing = Listing.objects.select_related("author").filter(pk=listing_id).first()
    if listing is None or change not in ("restored", "extended"):
        return
    _send_to_author(f"emails/listing_{change}", listing, discriminator=f"{listing.pk}-{listing.updated_at.timestamp()}")


@shared_task
def expire_listings() -> int:
    """Beat, hourly: published annonces past their date become expired. Idempotent."""
    from . import services

    return services.listings_expire()


def _send_expiry_warning(listing) -> None:
    _send_to_author("emails/listing_expiring", listing, discriminator=str(listing.pk))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def warn_expiring_listings() -> int:
    """Beat, hourly: warn authors three days before their annonce expires, once per period (each
    warning is recorded after it was sent: services.listing_warn_expiry)."""
    from . import services

    return sum(
        services.listing_warn_expiry(listing_id=pk, send=_send_expiry_warning) for pk in services.listings_to_warn()
    )
