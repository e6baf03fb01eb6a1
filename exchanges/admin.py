"""Exchanges in the admin: staff look, filter and search; nothing here writes what the services own
(statuses, dates, seats, counters, reviews). The few actions call the services."""

import re

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import BlockedPeriod, Exchange, Review, ReviewReport, TripSeats
from .reviews import review_reports_decide, reviews_are_revealed

NUMBER = re.compile(r"^\s*(?:ECH-\d{4}-)?0*(\d{1,9})\s*$", re.IGNORECASE)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written from the admin: the services own these rows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["author", "subject", "rating", "text", "hidden", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "listing_link",
        "category",
        "status",
        "unit",
        "start",
        "provider",
        "receiver",
        "created_at",
    ]
    list_filter = ["status", ("listing__category", admin.RelatedOnlyFieldListFilter), "unit", "handover_place"]
    date_hierarchy = "start"
    search_fields = [
        "listing__title",
        "provider__email",
        "receiver__email",
        "provider__profile__display_name",
        "receiver__profile__display_name",
    ]
    search_help_text = _("Numéro (ECH-2026-000042 ou 42), titre de l'annonce, e-mail ou nom d'un membre.")
    list_select_related = ["listing__category", "provider", "receiver"]
    fieldsets = [
        (None, {"fields": ["number", "listing", "status", "unit", "start", "end", "seats"]}),
        (_("Membres"), {"fields": ["initiator", "provider", "receiver"]}),
        (_("Remise"), {"fields": ["handover_place", "handover_at", "handover_note"]}),
        (
            _("Suivi"),
            {
                "fields": [
                    "decline_reason",
                    "cancel_reason",
                    "cancelled_by",
                    "completed_by",
                    "created_at",
                    "accepted_at",
                    "closed_at",
                    "completed_at",
                    "updated_at",
                    "start_reminded_at",
                    "return_reminded_at",
                ]
            },
        ),
    ]
    readonly_fields = [field for _title, options in fieldsets for field in options["fields"]]
    inlines = [ReviewInline]
    actions = ["expire_stale_requests"]

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        match = NUMBER.match(search_term or "")
        if match:
            results = results | queryset.filter(pk=int(match.group(1)))
        return results, duplicates

    @admin.display(description=_("numéro"), ordering="pk")
    def number(self, exchange):
        return exchange.number

    @admin.display(description=_("annonce"), ordering="listing__title")
    def listing_link(self, exchange):
        url = reverse("admin:listings_listing_change", args=[exchange.listing_id])
        return format_html('<a href="{}">{}</a>', url, exchange.listing.title)

    @admin.display(description=_("catégorie"), ordering="listing__category__name")
    def category(self, exchange):
        return exchange.listing.category

    @admin.action(description=_("Faire expirer maintenant toutes les demandes restées sans réponse trop longtemps"))
    def expire_stale_requests(self, request, queryset):
        """Runs the hourly task's service at once (whatever the selection: the rule decides which)."""
        count = services.exchanges_expire()
        self.message_user(
            request,
            ngettext(
                "%d demande expirée (les membres sont prévenus).",
                "%d demandes expirées (les membres sont prévenus).",
                count,
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(TripSeats)
class TripSeatsAdmin(ReadOnlyAdmin):
    list_display = ["listing", "total", "taken", "left"]
    list_select_related = ["listing"]
    search_fields = ["listing__title"]
    fields = ["listing", "total", "taken"]
    readonly_fields = fields

    @admin.display(description=_("places restantes"))
    def left(self, trip):
        return trip.left


@admin.register(BlockedPeriod)
class BlockedPeriodAdmin(ReadOnlyAdmin):
    list_display = ["listing", "first_day", "last_day", "created_at"]
    list_select_related = ["listing"]
    search_fields = ["listing__title"]
    date_hierarchy = "first_day"
    fields = ["listing", "first_day", "last_day", "created_at"]
    readonly_fields = fields


class ReviewReportInline(admin.TabularInline):
    model = ReviewReport
    extra = 0
    fields = ["reporter", "text", "status", "created_at", "decided_at", "decided_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["exchange", "author", "subject", "rating", "excerpt", "revealed", "hidden", "created_at"]
    list_filter = ["hidden", "rating"]
    search_fields = ["text", "author__email", "subject__email", "exchange__listing__title"]
    list_select_related = ["exchange__listing", "author", "subject"]
    fields = ["exchange", "author", "subject", "rating", "text", "hidden", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [ReviewReportInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("exchange__reviews")

    @admin.display(description=_("commentaire"))
    def excerpt(self, review):
        return Truncator(review.text).chars(80) or "—"

    @admin.display(description=_("publié"), boolean=True)
    def revealed(self, review):
        return reviews_are_revealed(review.exchange)


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    """The moderation queue of reviews: open reports first; deciding goes through the service."""

    list_display = ["review_text", "rating", "review_author", "reporter", "text", "status", "created_at", "decided_by"]
    list_filter = ["status", ("review__hidden", admin.BooleanFieldListFilter)]
    search_fields = ["review__text", "text", "reporter__email", "review__author__email"]
    list_select_related = ["review__author", "reporter", "decided_by"]
    fields = ["review", "review_text", "reporter", "text", "status", "created_at", "decided_at", "decided_by"]
    readonly_fields = fields
    actions = ["hide_reviews", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("avis signalé"))
    def review_text(self, report):
        return report.review.text or "—"

    @admin.display(description=_("note"), ordering="review__rating")
    def rating(self, report):
        return f"{report.review.rating}/5"

    @admin.display(description=_("auteur de l'avis"))
    def review_author(self, report):
        return report.review.author

    @admin.action(description=_("Masquer les avis signalés"))
    def hide_reviews(self, request, queryset):
        count = review_reports_decide(reports=queryset, by=request.user, hide=True)
        self.message_user(request, ngettext("%d signalement traité.", "%d signalements traités.", count) % count)

    @admin.action(description=_("Classer sans suite"))
    def dismiss(self, request, queryset):
        count = review_reports_decide(reports=queryset, by=request.user, hide=False)
        self.message_user(request, ngettext("%d signalement classé.", "%d signalements classés.", count) % count)
