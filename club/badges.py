"""The member navigation's two badges — unread messages, exchange requests awaiting an answer —
kept in the cache per member, so that the pages that show them cost no query.

Exact, not merely recent: the cached counts live under a per-member version, and every write that
can change one of them moves the version of the members concerned once its transaction commits
(`bump`: messaging.services for the read marks, the post_save/post_delete signals of Message and
Exchange for everything else, cascades included). A count computed from data read before a
write is stored under the old version, which nobody reads any more."""

from django.core.cache import cache

from club import versions

TIMEOUT = 60 * 60 * 24


def _name(user_id: int) -> str:
    return f"badges:{user_id}"


def member_badges(user) -> dict[str, int]:
    """{'unread': n, 'awaiting': n} for `user`: two cache reads, or two count queries on a miss;
    kept on the user object for the rest of the request."""
    from exchanges.selectors import requests_awaiting
    from messaging.selectors import unread_message_count

    if hasattr(user, "_member_badges"):
        return user._member_badges
    version = versions.current(_name(user.pk))[_name(user.pk)]
    key = f"badges:{user.pk}:{version}"
    badges = cache.get(key)
    if badges is None:
        badges = {"unread": unread_message_count(user), "awaiting": requests_awaiting(user)}
        cache.set(key, badges, TIMEOUT)
    user._member_badges = badges
    return badges


def bump(*user_ids) -> None:
    """The badges of these members may have changed: their next page counts again. Now, and once
    more after the commit: a page counting in between read the data from before it (club.versions)."""
    versions.bump(*(_name(pk) for pk in user_ids if pk))


def _exchange_changed(sender, instance, **kwargs):
    # The annonce's author, whose answer a request awaits, is its provider or its receiver.
    bump(instance.provider_id, instance.receiver_id, instance.initiator_id)


def _message_changed(sender, instance, **kwargs):
    from messaging.models import Conversation, Message

    conversation = instance.conversation if Message.conversation.is_cached(instance) else None
    if conversation is not None and Conversation.listing.is_cached(conversation):
        bump(conversation.starter_id, conversation.listing.author_id)
    else:
        sides = Conversation.objects.filter(pk=instance.conversation_id).values_list("starter_id", "listing__author_id")
        bump(*(sides.first() or ()))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from exchanges.models import Exchange
    from messaging.models import Message

    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_exchange_changed, sender=Exchange, dispatch_uid=f"badges-exchange-{name}")
        signal.connect(_message_changed, sender=Message, dispatch_uid=f"badges-message-{name}")
