from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.translation_admin import EnglishAdmin, EnglishTabularInline

from . import services
from .models import OpeningException, OpeningHours, Partner, PartnerOffer, Room, Venue


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(EnglishTabularInline):
    model = OpeningException
    extra = 0


class RoomInline(EnglishTabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(EnglishAdmin):
    list_display = ["name", "street", "postcode", "city"]
    inlines = [OpeningHoursInline, OpeningExceptionInline, RoomInline]


@admin.register(Room)
class RoomAdmin(EnglishAdmin):
    list_display = ["name", "capacity", "floor", "venue"]
    list_select_related = ["venue"]


@admin.register(Partner)
class PartnerAdmin(EnglishAdmin):
    list_display = ["name", "url", "is_active", "feed_status", "feed_checked_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "description_fr", "description_en"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["import_now"]
    # Owned by the import (venue.services.partner_feed_import).
    readonly_fields = [
        "feed_status",
        "feed_checked_at",
        "feed_imported_at",
        "feed_error",
        "feed_error_at",
        "feed_etag",
        "feed_modified",
        "offer_count",
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "logo", "url", "description", "is_active"]}),
        (
            _("Flux des offres"),
            {
                "fields": [
                    "feed_url",
                    "feed_status",
                    "offer_count",
                    "feed_checked_at",
                    "feed_imported_at",
                    "feed_error",
                    "feed_error_at",
                    "feed_etag",
                    "feed_modified",
                ],
                "description": _(
                    "Le flux est relu toutes les heures ; l'action « Importer maintenant » de la liste des "
                    "partenaires le relit tout de suite."
                ),
            },
        ),
    ]

    @admin.display(description=_("état du flux"))
    def feed_status(self, partner):
        if not partner.feed_url:
            return _("pas de flux")
        if partner.feed_error:
            return format_html("<strong>{}</strong>", _("en erreur"))
        if partner.feed_imported_at:
            return _("à jour")
        return _("jamais lu")

    @admin.display(description=_("offres importées"))
    def offer_count(self, partner):
        if partner.pk is None:
            return "—"
        url = reverse("admin:venue_partneroffer_changelist") + f"?partner__id__exact={partner.pk}"
        return format_html('<a href="{}">{}</a>', url, partner.offers.count())

    def save_model(self, request, obj, form, change):
        if "feed_url" in form.changed_data:  # another feed: the last one's validators mean nothing
            obj.feed_etag = obj.feed_modified = ""
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Importer maintenant les offres de leur flux"))
    def import_now(self, request, queryset):
        done = failed = 0
        for partner in queryset.exclude(feed_url=""):
            result = services.partner_feed_import(partner=partner)
            if result.ok:
                done += 1
            else:
                failed += 1
                self.message_user(request, f"{partner.name} : {result.error}", messages.ERROR)
        if done:
            self.message_user(request, ngettext("%d flux importé.", "%d flux importés.", done) % done, messages.SUCCESS)
        if not done and not failed:
            self.message_user(request, _("Aucun des partenaires choisis n'a de flux."), messages.WARNING)


@admin.register(PartnerOffer)
class PartnerOfferAdmin(admin.ModelAdmin):
    """Read only: the offers come from the feeds, and the next import would undo any change."""

    list_display = ["title", "partner", "kind_label", "published_at", "last_seen_at"]
    list_filter = ["partner", "kind_label"]
    list_select_related = ["partner"]
    search_fields = ["title", "summary_text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
