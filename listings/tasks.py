"""Celery tasks of the annonces. They take ids, reload what they need, and are safe to run twice."""

from celery import shared_task

from club.mail import send_templated_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_new_message(message_id: int) -> None:
    """E-mail the other side of a conversation, at most once per hour per side (the claim in
    services.conversation_claim_notification), and not if they already read the message."""
    from . import services
    from .models import Message

    message = (
        Message.objects.select_related("sender__profile", "conversation__listing__author", "conversation__starter")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return
    conversation = message.conversation
    recipient = conversation.other_party(message.sender)
    if not recipient.is_active or not services.conversation_claim_notification(message=message):
        return
    send_templated_mail(
        template="emails/listing_new_message",
        to=[recipient.email],
        context={"message": message, "conversation": conversation, "sender_name": message.sender.profile.public_name},
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_listing_hidden(listing_id: int) -> None:
    from .models import Listing, Status

    listing = Listing.objects.select_related("author").filter(pk=listing_id, status=Status.HIDDEN).first()
    if listing is None:
        return
    send_templated_mail(template="emails/listing_hidden", to=[listing.author.email], context={"listing": listing})


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
