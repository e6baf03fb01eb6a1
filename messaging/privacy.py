"""Conversations and messages are personal data (see members/privacy.py). Runs after
listings.privacy, which deletes the member's annonces and with them the conversations about them.

Erasure follows the notice (templates/members/delete_account.html): the messages the member wrote
about other members' annonces stay readable by the other side, but are handed to a stand-in
account that carries no name, no e-mail of theirs and cannot log in, so the thread reads
« Membre n°… » instead of their name."""

from django.db.models import Q
from django.utils.crypto import salted_hmac

from .models import Conversation, Message

STAND_IN_DOMAIN = "@departed.invalid"


def export(user) -> dict:
    conversations = (
        Conversation.objects.filter(Q(starter=user) | Q(listing__author=user))
        .select_related("listing")
        .order_by("created_at")
    )
    return {
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


def is_stand_in(user) -> bool:
    """Whether `user` is the nameless account that signs a deleted member's messages."""
    return not user.is_active and user.email.endswith(STAND_IN_DOMAIN)


def stand_in_for(user):
    """The nameless account that takes an erased member's place: inactive, no usable password, no
    profile data. One per erased member (a thread is unique per annonce and starter), the same for
    every app during that member's erasure (exchanges point to the thread of their initiator), and
    its address derives from a keyed hash, so it cannot be traced back to the member."""
    from members.models import User

    digest = salted_hmac("stand-in", f"{user.pk}:{user.date_joined.isoformat()}").hexdigest()[:32]
    stand_in, created = User.objects.get_or_create(
        email=f"ancien-membre-{digest}{STAND_IN_DOMAIN}", defaults={"is_active": False}
    )
    if created:
        stand_in.set_unusable_password()
        stand_in.save(update_fields=["password"])
    return stand_in


def erase(user) -> None:
    if Message.objects.filter(sender=user).exists() or Conversation.objects.filter(starter=user).exists():
        stand_in = stand_in_for(user)
        Conversation.objects.filter(starter=user).update(starter=stand_in)
        Message.objects.filter(sender=user).update(sender=stand_in)
