from django.contrib import admin

from .models import Conversation


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Metadata only: staff do not read members' private messages here."""

    list_display = ["listing", "starter", "created_at", "last_message_at"]
    list_select_related = ["listing", "starter"]
    readonly_fields = ["listing", "starter", "created_at", "last_message_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False
