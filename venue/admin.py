from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.queue import enqueue_after_commit
from club.translation_admin import EnglishAdmin, EnglishTabularInline

from .models import OpeningException, OpeningHours, Partner, PartnerOffer, Room, Venue
from .tasks import import_partner_feed


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
                    "partenaires le fait relire dans la minute."
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
        """Queued, not run here: a partner's server answering slowly must not hold the request."""
        ids = list(queryset.exclude(feed_url="").values_list("pk", flat=True))
        for partner_id in ids:
            enqueue_after_commit(import_partner_feed, partner_id)
        if ids:
            self.message_user(
                request,
                ngettext(
                    "Import lancé pour %d flux : son état sera à jour dans une minute, rechargez la page.",
                    "Import lancé pour %d flux : leur état sera à jour dans une minute, rechargez la page.",
                    len(ids),
                )
                % len(ids),
                messages.SUCCESS,
            )
        else:
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
