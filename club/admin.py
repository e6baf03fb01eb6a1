"""The outbox in the admin: what the broker could not take yet, and what it kept refusing
(parked), with a resend action that goes through club.queue."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxTask
from .queue import outbox_resend


class ParkedFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "parked"

    def lookups(self, request, model_admin):
        return [("yes", _("mises de côté")), ("no", _("en attente"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(parked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(parked_at__isnull=True)
        return queryset


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "args", "created_at", "attempts", "next_attempt_at", "parked_at", "short_error"]
    list_filter = [ParkedFilter, "task_name"]
    readonly_fields = [f.name for f in OutboxTask._meta.fields]
    actions = ["resend"]

    @admin.display(description=_("dernière erreur"))
    def short_error(self, row):
        return row.last_error[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer maintenant"))
    def resend(self, request, queryset):
        sent = outbox_resend(rows=queryset)
        self.message_user(
            request,
            ngettext("%(n)s tâche renvoyée.", "%(n)s tâches renvoyées.", sent) % {"n": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )
