"""Reads about conversations. Each returns what its page needs already joined, so a page costs a
fixed number of queries; access_conversation is the one permission-checked fetch (404)."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from .models import Conversation, Message


def _unread_filter(user) -> Q:
    mine_as_starter = Q(starter=user) & (
        Q(starter_read_at__isnull=True) | Q(messages__created_at__gt=F("starter_read_at"))
    )
    mine_as_author = Q(listing__author=user) & (
        Q(author_read_at__isnull=True) | Q(messages__created_at__gt=F("author_read_at"))
    )
    return ~Q(messages__sender=user) & (mine_as_starter | mine_as_author)


def conversations_of(user) -> QuerySet[Conversation]:
    """The inbox: threads where `user` is either side, newest first, with unread counts."""
    last_message = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Conversation.objects.filter(Q(starter=user) | Q(listing__author=user))
        .select_related("listing__author__profile", "starter__profile", "listing__category")
        .annotate(
            unread=Count("messages", filter=_unread_filter(user)),
            last_body=Subquery(last_message.values("body")[:1]),
            last_sender_id=Subquery(last_message.values("sender_id")[:1]),
        )
        .order_by("-last_message_at")
    )


def unread_message_count(user) -> int:
    return Message.objects.filter(
        ~Q(sender=user)
        & (
            Q(conversation__starter=user)
            & (Q(conversation__starter_read_at__isnull=True) | Q(created_at__gt=F("conversation__starter_read_at")))
            | Q(conversation__listing__author=user)
            & (Q(conversation__author_read_at__isnull=True) | Q(created_at__gt=F("conversation__author_read_at")))
        )
    ).count()


def access_conversation(user, pk) -> Conversation:
    """A thread `user` is part of, else 404 (staff included: private messages stay private)."""
    conversation = (
        Conversation.objects.select_related("listing__author__profile", "listing__category", "starter__profile")
        .filter(Q(starter=user) | Q(listing__author=user), pk=pk)
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def messages_of(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("sender__profile")


def conversation_id_of(*, listing, member) -> int | None:
    """The id of the thread between `member` and the annonce's author, if there is one (no 404:
    the caller already checked that `member` may read the annonce)."""
    return Conversation.objects.filter(listing=listing, starter=member).values_list("pk", flat=True).first()
