"""Annonces, favourites, reports and messages are personal data (see members/privacy.py).

Erasure follows the notice (templates/members/delete_account.html): the member's annonces and
their photos (files and thumbnails too) are deleted, with the conversations about them; favourites
and reports they made are deleted; the messages they wrote about other members' annonces stay
readable by the other side, but are handed to a stand-in account that carries no name, no e-mail
of theirs and cannot log in, so the thread reads « Membre n°… » instead of their name."""

import uuid

from django.db.models import Q

from .models import Conversation, Favourite, Listing, Message, Report


def export(user) -> dict:
    listings = Listing.objects.filter(author=user).select_related("category").prefetch_related("photos")
    conversations = (
        Conversation.objects.filter(Q(starter=user) | Q(listing__author=user))
        .select_related("listing")
        .order_by("created_at")
    )
    return {
        "listings": [
            {
                "id": listing.pk,
                "category": listing.category.name,
                "kind": listing.kind,
                "title": listing.title,
                "description": listing.description,
                "price": str(listing.price) if listing.price is not None else None,
                "postcode": listing.postcode,
                "city": listing.city,
                "details": listing.details,
                "status": listing.status,
                "created_at": listing.created_at.isoformat(),
                "photos": [
                    {"file": photo.image.name.rsplit("/", 1)[-1], "width": photo.width, "height": photo.height}
                    for photo in listing.photos.all()
                ],
            }
            for listing in listings.order_by("created_at")
        ],
        "favourites": [
            {"listing": favourite.listing.title, "added_at": favourite.created_at.isoformat()}
            for favourite in Favourite.objects.filter(user=user).select_related("listing").order_by("created_at")
        ],
        "reports": [
            {
                "listing": report.listing.title,
                "reason": report.reason,
                "text": report.text,
                "created_at": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=user).select_related("listing").order_by("created_at")
        ],
        # The other side's messages are their data: only the thread and what this member wrote.
        "conversations": [
            {
                "listing": conversation.listing.title,
                "started_at": conversation.created_at.isoformat(),
                "my_messages": [
                    {"body": message.body, "sent_at": message.created_at.isoformat()}
                    for message in conversation.messages.filter(sender=user)
                ],
            }
            for conversation in conversations
        ],
    }


STAND_IN_DOMAIN = "@departed.invalid"


def is_stand_in(user) -> bool:
    """Whether `user` is the nameless account that signs a deleted member's messages."""
    return not user.is_active and user.email.endswith(STAND_IN_DOMAIN)


def _stand_in():
    """A fresh account per erased member: inactive, no usable password, no profile data. One per
    member because a thread is unique per (annonce, starter)."""
    from members.models import User

    stand_in = User(email=f"ancien-membre-{uuid.uuid4().hex}{STAND_IN_DOMAIN}", is_active=False)
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in


def erase(user) -> None:
    from .services import listing_delete

    for listing in Listing.objects.filter(author=user).prefetch_related("photos"):
        listing_delete(listing=listing)  # files and thumbnails go after commit
    Favourite.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
    if Message.objects.filter(sender=user).exists() or Conversation.objects.filter(starter=user).exists():
        stand_in = _stand_in()
        Conversation.objects.filter(starter=user).update(starter=stand_in)
        Message.objects.filter(sender=user).update(sender=stand_in)
