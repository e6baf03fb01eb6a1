"""Conversations and messages are personal data (see members/privacy.py). Runs after
listings.privacy, which deletes the member's annonces and with them the conversations about them.

Erasure follows the notice (templates/members/delete_account.html): the messages the member wrote
about other members' annonces stay readable by the other side, but are handed to a stand-in
account that carries no name, no e-mail of theirs and cannot log in, so the thread reads
« Membre n°… » instead of their name."""

import uuid

from django.db.models import Q

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


def _stand_in():
    """A fresh account per erased member: inactive, no usable password, no profile data. One per
    member because a thread is unique per (annonce, starter)."""
    from members.models import User

    stand_in = User(email=f"ancien-membre-{uuid.uuid4().hex}{STAND_IN_DOMAIN}", is_active=False)
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in


def erase(user) -> None:
    if Message.objects.filter(sender=user).exists() or Conversation.objects.filter(starter=user).exists():
        stand_in = _stand_in()
        Conversation.objects.filter(starter=user).update(starter=stand_in)
        Message.objects.filter(sender=user).update(sender=stand_in)
