"""Moderation and editing in the admin. Actions call the services, so the rules (telling the
author, restoring a hide) are the same as everywhere else."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.translation_admin import EnglishAdmin

from . import services
from .models import Category, Listing, ListingPhoto, Report, ReportStatus, Status


@admin.register(Category)
class CategoryAdmin(EnglishAdmin):
    list_display = [
        "name",
        "family",
        "schema",
        "exchange_unit",
        "has_cover",
        "is_free",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_filter = ["family", "exchange_unit", "is_free", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_fr", "name_en"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "family", "schema", "is_free", "position", "is_active"]}),
        (
            _("Échanges entre membres et couverture de la mutuelle"),
            {
                "fields": ["exchange_unit", "cover_text", "cover_url"],
                "description": _(
                    "Ce que les contrats de la mutuelle couvrent pour ce genre d'échange et ce qu'il faut vérifier, "
                    "en termes généraux (jamais le contrat d'un membre). Affiché sur le formulaire de demande, la page "
                    "de l'échange et l'e-mail d'acceptation."
                ),
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "cover_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("couverture"), boolean=True)
    def has_cover(self, category):
        return bool(category.cover_text)


def _photo_img(photo, size="thumb", px=80):
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" style="object-fit:cover;border-radius:4px">',
        reverse("listings:photo", args=[photo.pk, size]),
        px,
        px,
    )


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0
    fields = ["preview", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("aperçu"))
    def preview(self, photo):
        return _photo_img(photo, "card", 160) if photo.pk else "—"

    def has_add_permission(self, request, obj=None):
        return False  # photos are checked and re-encoded by the member's form only


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reporter", "reason", "text", "status", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "preview",
        "category",
        "kind",
        "status",
        "city",
        "author",
        "open_reports",
        "published_at",
        "expires_at",
    ]
    list_filter = ["status", "category", "kind", "city", "hidden_by_reports"]
    search_fields = ["title", "description", "city", "postcode", "author__email", "author__profile__display_name"]
    list_select_related = ["category", "author"]
    date_hierarchy = "published_at"
    # The status and the dates that follow it belong to the services: change them with the actions.
    readonly_fields = [
        "status",
        "expires_at",
        "expiry_warned_at",
        "created_at",
        "updated_at",
        "published_at",
        "hidden_by_reports",
        "status_before_hidden",
    ]
    raw_id_fields = ["author"]
    inlines = [ListingPhotoInline, ReportInline]
    actions = ["hide", "restore", "extend"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("photos")
            .annotate(report_count=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.listing_index_text(listing_id=obj.pk)

    @admin.display(description=_("photos"))
    def preview(self, listing):
        photos = list(listing.photos.all())[:3]
        return format_html_join("", "{}", ((_photo_img(p, "thumb", 40),) for p in photos)) or "—"

    @admin.display(description=_("signalements"), ordering="report_count")
    def open_reports(self, listing):
        return listing.report_count or ""

    @admin.action(description=_("Masquer les annonces choisies (l'auteur est prévenu)"))
    def hide(self, request, queryset):
        for listing in queryset:
            services.listing_hide(listing=listing, by=request.user)
        services.reports_decide(reports=Report.objects.filter(listing__in=queryset), by=request.user, hide=True)
        self.message_user(request, _("Annonces masquées."), messages.SUCCESS)

    @admin.action(description=_("Rétablir les annonces masquées choisies (l'auteur est prévenu)"))
    def restore(self, request, queryset):
        for listing in queryset.filter(status=Status.HIDDEN):
            services.listing_restore(listing=listing)
        self.message_user(request, _("Annonces rétablies."), messages.SUCCESS)

    @admin.action(description=_("Prolonger de 30 jours (l'auteur est prévenu)"))
    def extend(self, request, queryset):
        extended = [services.listing_extend(listing=listing) for listing in queryset]
        count = sum(1 for listing in extended if listing.status in (Status.PUBLISHED, Status.PAUSED))
        self.message_user(
            request, ngettext("%d annonce prolongée.", "%d annonces prolongées.", count) % count, messages.SUCCESS
        )


class ListingStatusFilter(admin.ChoicesFieldListFilter):
    """The annonce's status, titled so: next to the report's own status, two « Par statut »
    filters read the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("statut de l'annonce")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderation queue: open reports first."""

    list_display = ["report_label", "listing_link", "reason", "text_excerpt", "status", "listing_status", "created_at"]
    # Only the report's own column opens it: the annonce's column holds a link of its own.
    list_display_links = ["report_label"]
    list_filter = ["status", "reason", ("listing__status", ListingStatusFilter)]
    search_fields = ["listing__title", "text", "reporter__email"]
    list_select_related = ["listing", "reporter", "decided_by"]
    readonly_fields = ["listing", "reporter", "reason", "text", "created_at", "decided_at", "decided_by", "status"]
    actions = ["hide_listing", "dismiss", "suspend_author"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("signalement"), ordering="created_at")
    def report_label(self, report):
        return _("Signalement n°%(id)s") % {"id": report.pk}

    @admin.display(description=_("message du membre"))
    def text_excerpt(self, report):
        return Truncator(report.text).chars(120) if report.text else "—"

    @admin.display(description=_("annonce"), ordering="listing__title")
    def listing_link(self, report):
        url = reverse("admin:listings_listing_change", args=[report.listing_id])
        return format_html('<a href="{}">{}</a>', url, report.listing.title)

    @admin.display(description=_("statut de l'annonce"))
    def listing_status(self, report):
        return report.listing.get_status_display()

    @admin.action(description=_("Masquer l'annonce (l'auteur est prévenu)"))
    def hide_listing(self, request, queryset):
        count = services.reports_decide(reports=queryset, by=request.user, hide=True)
        self.message_user(request, ngettext("%d signalement traité.", "%d signalements traités.", count) % count)

    @admin.action(description=_("Classer sans suite"))
    def dismiss(self, request, queryset):
        count = services.reports_decide(reports=queryset, by=request.user, hide=False)
        self.message_user(request, ngettext("%d signalement classé.", "%d signalements classés.", count) % count)

    @admin.action(description=_("Suspendre l'auteur de l'annonce"))
    def suspend_author(self, request, queryset):
        authors = {report.listing.author for report in queryset.select_related("listing__author")}
        for author in authors:
            services.member_suspend(user=author, by=request.user)
        self.message_user(
            request, ngettext("%d compte suspendu.", "%d comptes suspendus.", len(authors)) % len(authors)
        )
