"""Saved searches (« alertes ») and the annonces sent for them.

A saved search keeps the search page's own query string (`query`): the page, the API and the
matching read it with the one FilterSet (listings.filters.ListingFilter). The other columns are
derived from it by that FilterSet when it is saved (query.prefilters) and only serve to narrow, in
one indexed SQL query, the alerts an annonce may match; they are never edited on their own."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_SAVED_SEARCHES = 20


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Dès la publication")
    DAILY = "daily", _("Une fois par jour")


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("membre")
    )
    label = models.CharField(_("nom de l'alerte"), max_length=80)
    query = models.CharField(
        _("recherche"), max_length=1000, help_text=_("La chaîne de requête de la page de recherche.")
    )
    frequency = models.CharField(_("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # When the member last opened it as a search: what came after is "new".
    seen_at = models.DateTimeField(_("vue le"), null=True, blank=True, editable=False)

    # Pre-filters, derived from `query` by the FilterSet at save time (alerts.query.prefilters).
    category = models.ForeignKey(
        "listings.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    kind = models.CharField(max_length=10, blank=True, editable=False)
    free_only = models.BooleanField(default=False, editable=False)
    center_lat = models.FloatField(null=True, blank=True, editable=False)
    center_lng = models.FloatField(null=True, blank=True, editable=False)
    radius_km = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    min_lng = models.FloatField(null=True, blank=True, editable=False)
    max_lng = models.FloatField(null=True, blank=True, editable=False)
    # The criteria SQL does not check (text, dates, category fields), as a query string for the
    # FilterSet, or "" when the pre-filters above say everything.
    check_query = models.CharField(max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at", "-id"]
        indexes = [
            # One published annonce → the active alerts of its category (or of any), its kind…
            models.Index(
                fields=["category", "kind", "free_only"], condition=models.Q(active=True), name="alert_active_prefilter"
            ),
            # …and whose box holds its point.
            models.Index(
                fields=["min_lat", "max_lat", "min_lng", "max_lng"],
                condition=models.Q(active=True),
                name="alert_active_box",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_lat__isnull=True) | models.Q(min_lat__lte=models.F("max_lat")),
                name="alert_box_in_order",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("listings:list") + "?" + self.query

    @property
    def has_text(self) -> bool:
        return bool(self.check_query)


class MatchStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyée")
    DROPPED = "dropped", _("Abandonnée")  # no longer visible, or the alert was turned off


class AlertMatch(models.Model):
    """An annonce found for a member by one of their alerts. One row per (member, annonce): an
    annonce reaches a member once, whichever and however many of their alerts it matches."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    listing = models.ForeignKey("listings.Listing", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annonce trouvée")
        verbose_name_plural = _("annonces trouvées")
        constraints = [
            models.UniqueConstraint(fields=["user", "listing"], name="alert_match_once_per_member"),
            models.UniqueConstraint(fields=["saved_search", "listing"], name="alert_match_once_per_alert"),
        ]
        indexes = [
            models.Index(fields=["saved_search", "status"], name="alert_match_pending"),
        ]

    def __str__(self):
        return f"{self.saved_search_id} → {self.listing_id}"
