from django.db import models


class OutboxTask(models.Model):
    """A Celery task written in the same transaction as the change it announces (transactional
    outbox). It is deleted once the broker has accepted it; rows left here are tasks the broker
    could not take (Redis down) and are sent again by `outbox_flush`."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"
