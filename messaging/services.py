"""Writes about conversations that carry a rule. Views, the API, tasks and other apps' services
(annonces, exchanges, groups) call these; nobody else writes the rule again. Keyword-only
arguments; the e-mail to the other side is a Celery task sent after commit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from club import badges
from club.mail import language_of, send_templated_mail
from club.queue import enqueue_after_commit
from listings.models import Listing, Status

from . import tasks
from .models import Conversation, Message


def _check_can_write(*, listing: Listing, sender) -> None:
    if listing.status == Status.HIDDEN:
        raise PermissionDenied(_("Cette annonce est masquée : impossible d'écrire à son sujet."))
    if not sender.is_verified_member:
        raise PermissionDenied


@transaction.atomic
def conversation_for(*, listing: Listing, member) -> Conversation:
    """The thread between `member` and the annonce's author, created if need be (without any
    message). `member` is the starter, so never the annonce's author; a new thread only about a
    published annonce. For other services (exchanges, groups) that attach to the thread of
    (annonce, non-author member); the unique constraint makes concurrent calls share one thread."""
    if listing.author_id == member.pk:
        raise PermissionDenied(_("Vous ne pouvez pas vous écrire à vous-même."))
    _check_can_write(listing=listing, sender=member)
    conversation = Conversation.objects.filter(listing=listing, starter=member).first()
    if conversation is None:
        if listing.status != Status.PUBLISHED:
            raise PermissionDenied(_("Cette annonce n'est plus disponible."))
        conversation, _created = Conversation.objects.get_or_create(listing=listing, starter=member)
    return conversation


@transaction.atomic
def conversation_start(*, listing: Listing, sender, body: str) -> Message:
    """A member writes to an annonce's author. Never about one's own annonce, only about a
    published one; a second contact continues the same thread."""
    conversation = conversation_for(listing=listing, member=sender)
    return message_send(conversation=conversation, sender=sender, body=body)


@transaction.atomic
def message_send(*, conversation: Conversation, sender, body: str, notify: bool = True) -> Message:
    """Add a message to a thread the sender is part of, mark the thread read for the sender, and
    e-mail the other side (the task sends at most one e-mail per hour per side) unless `notify` is
    False: a service whose own e-mail already carries the message (an exchange request). Takes a
    row lock on the conversation."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("listing__author", "starter")
        .get(pk=conversation.pk)
    )
    if not conversation.is_participant(sender):
        raise PermissionDenied
    _check_can_write(listing=conversation.listing, sender=sender)
    other = conversation.other_party(sender)
    if not other.is_active:
        from .privacy import is_stand_in

        if is_stand_in(other):
            raise PermissionDenied(_("Ce membre a supprimé son compte : il ne reçoit plus de messages."))
        raise PermissionDenied(_("Ce compte est suspendu : il ne reçoit plus de messages."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Le message est vide.")})
    now = timezone.now()
    message = Message.objects.create(conversation=conversation, sender=sender, body=body, created_at=now)
    read_field = f"{conversation.side_of(sender)}_read_at"
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **{read_field: now})
    if notify:
        enqueue_after_commit(tasks.notify_new_message, message.pk)
    return message


def conversation_mark_read(*, conversation: Conversation, user) -> None:
    field = f"{conversation.side_of(user)}_read_at"
    Conversation.objects.filter(pk=conversation.pk).update(**{field: timezone.now()})
    badges.bump(user.pk)


def conversation_claim_notification(*, message: Message, now=None) -> bool:
    """Whether to e-mail the recipient of `message` now: not within CONVERSATION_EMAIL_INTERVAL of
    the last e-mail to that side, not if they already read it. If so, records the e-mail
    (`<side>_notified_at`) and returns True.

    Must run inside the transaction that sends the e-mail (message_notify): it takes a row lock on
    the conversation, so a concurrent worker waits and then sees the slot taken, and a failed send
    rolls the record back, so that the retry sends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("conversation_claim_notification must run inside transaction.atomic")
    now = now or timezone.now()
    conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
    side = "author" if message.sender_id == conversation.starter_id else "starter"
    notified, read = getattr(conversation, f"{side}_notified_at"), getattr(conversation, f"{side}_read_at")
    if notified is not None and notified > now - settings.CONVERSATION_EMAIL_INTERVAL:
        return False
    if read is not None and read >= message.created_at:
        return False
    Conversation.objects.filter(pk=conversation.pk).update(**{f"{side}_notified_at": now})
    return True


def message_notify(*, message_id: int) -> bool:
    """E-mail the other side of a message's thread (the notify_new_message task): at most once per
    hour per side, not if they already read it, not to an inactive account. Sends first and
    records after, in one transaction holding the conversation's row lock: two workers never both
    send, and a send that fails (OSError, SMTP error) leaves nothing recorded, so the retry sends.
    Returns whether an e-mail went out."""
    message = (
        Message.objects.select_related("sender__profile", "conversation__listing__author", "conversation__starter")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return False
    conversation = message.conversation
    recipient = conversation.other_party(message.sender)
    if not recipient.is_active:
        return False
    with transaction.atomic():
        if not conversation_claim_notification(message=message):
            return False
        language = language_of(recipient)
        with translation.override(language):
            conversation_url = settings.SITE_URL + conversation.get_absolute_url()
            action_label = _("Lire et répondre")
        send_templated_mail(
            template="emails/conversation_new_message",
            to=[recipient.email],
            context={
                "message": message,
                "conversation": conversation,
                "sender_name": message.sender.profile.public_name,
                "action_url": conversation_url,
                "action_label": action_label,
            },
            language=language,
        )
    return True
