from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchLog(models.Model):
    """One annonce search by a verified member, anonymised when written: its words only
    (normalised, sorted, each once; no digits, so no postcode, phone or street number), the
    département it was centred on at most, whether it found anything, and when. No user, no
    address, no raw query. Rows older than INSIGHTS_SEARCH_LOG_DAYS are deleted (insights.tasks)."""

    words = models.CharField(_("mots"), max_length=200)
    department = models.CharField(_("département"), max_length=3, blank=True)
    found = models.PositiveIntegerField(_("résultats"), default=0)
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("recherche")
        verbose_name_plural = _("recherches")

    def __str__(self):
        return self.words
