from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A Celery task written in the same transaction as the change it announces (transactional
    outbox). It is deleted once the broker has accepted it; rows left here are tasks the broker
    could not take (Redis down) and are sent again by `outbox_flush`, with a growing delay, until
    OUTBOX_MAX_ATTEMPTS; then the row is parked for staff (admin: resend)."""

    task_name = models.CharField(_("tâche"), max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    parked_at = models.DateTimeField(_("mise de côté le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche en attente d'envoi")
        verbose_name_plural = _("tâches en attente d'envoi")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["parked_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"

    @property
    def task_id(self) -> str:
        """The Celery task id of this row, the same however many times it is sent: the e-mail
        ledger (club.mail) keys on it, so a row sent twice still e-mails once."""
        return f"outbox-{self.pk}"


class SentEmail(models.Model):
    """The ledger of e-mails sent by tasks: one row per (task run, e-mail), written in the same
    transaction as the send, after it. A retry or a redelivered task finds its row and sends
    nothing; a send that failed left no row, so the retry sends."""

    key = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")

    def __str__(self):
        return self.key
