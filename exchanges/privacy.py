"""Exchanges and reviews are personal data (see members/privacy.py). Runs after listings.privacy,
which deletes the member's annonces and with them the exchanges about them.

Erasure keeps the other member's record of the exchanges they had with this member (it may back a
claim): those exchanges are handed to the same kind of nameless stand-in account as the messages.
The reviews this member wrote or received are deleted; the feed address goes with the account."""

from django.db.models import Q

from messaging.privacy import stand_in_for

from .models import Exchange, Review
from .versions import bump_members


def export(user) -> dict:
    exchanges = (
        Exchange.objects.filter(Q(provider=user) | Q(receiver=user)).select_related("listing").order_by("created_at")
    )
    return {
        "exchanges": [
            {
                "number": exchange.number,
                "listing": exchange.listing.title,
                "role": "provider" if exchange.provider_id == user.pk else "receiver",
                "status": exchange.status,
                "start": exchange.start.isoformat(),
                "end": exchange.end.isoformat(),
                "seats": exchange.seats,
                "handover_note": exchange.handover_note,
                "cancel_reason": exchange.cancel_reason if exchange.cancelled_by_id == user.pk else "",
            }
            for exchange in exchanges
        ],
        "reviews_written": [
            {"exchange": review.exchange.number, "rating": review.rating, "text": review.text}
            for review in Review.objects.filter(author=user).select_related("exchange")
        ],
    }


def erase(user) -> None:
    Review.objects.filter(Q(author=user) | Q(subject=user)).delete()
    mine = Exchange.objects.filter(Q(provider=user) | Q(receiver=user) | Q(initiator=user))
    if mine.exists():
        stand_in = stand_in_for(user)
        for field in ("provider", "receiver", "initiator"):
            Exchange.objects.filter(**{field: user}).update(**{field: stand_in})
        Exchange.objects.filter(cancelled_by=user).update(cancelled_by=stand_in)
        Exchange.objects.filter(completed_by=user).update(completed_by=stand_in)
        # Bulk updates send no signal: the counts of completed exchanges move by hand.
        bump_members(user.pk, stand_in.pk)
