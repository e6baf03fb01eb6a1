from django.contrib import admin

from .models import AlertMatch, SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """For support: read only. Members change their alerts themselves (the query's pre-filters are
    derived by alerts.services, never typed)."""

    list_display = ["label", "user", "frequency", "active", "created_at"]
    list_filter = ["frequency", "active"]
    search_fields = ["label", "user__email"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AlertMatch)
class AlertMatchAdmin(admin.ModelAdmin):
    list_display = ["saved_search", "listing", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["saved_search", "user", "listing"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
