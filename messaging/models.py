"""Member-to-member conversations. A thread is about one annonce, between the member who wrote
first (the starter, never the annonce's author) and the annonce's author: one thread per
(annonce, starter). Annonces, exchanges and groups all talk through it (see services.conversation_for).

The tables were listings_conversation / listings_message until listings migration 0006 renamed
them; their rows, ids and constraints were kept."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    """One thread per (annonce, member who wrote to its author)."""

    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("annonce")
    )
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="started_conversations",
        verbose_name=_("membre intéressé"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)
    starter_read_at = models.DateTimeField(null=True, blank=True)
    author_read_at = models.DateTimeField(null=True, blank=True)
    # Last e-mail sent to each side about this thread: at most one per hour per side.
    starter_notified_at = models.DateTimeField(null=True, blank=True)
    author_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        constraints = [models.UniqueConstraint(fields=["listing", "starter"], name="one_conversation_per_member")]

    def __str__(self):
        return f"{self.listing} · {self.starter}"

    def get_absolute_url(self):
        return reverse("conversations:thread", args=[self.pk])

    def is_participant(self, user) -> bool:
        return user.pk in (self.starter_id, self.listing.author_id)

    def other_party(self, user):
        return self.listing.author if user.pk == self.starter_id else self.starter

    def side_of(self, user) -> str:
        """ "starter" or "author": which side `user` is on (the caller checked is_participant)."""
        return "starter" if user.pk == self.starter_id else "author"

    @property
    def can_write(self) -> bool:
        """Nobody writes about an annonce hidden by moderation (services._check_can_write)."""
        from listings.models import Status

        return self.listing.status != Status.HIDDEN


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
