"""Annonces between verified sociétaires: categories, annonces and their photos, favourites and
reports. Conversations about annonces live in the messaging app. Rules that span rows live in
services.py; invariants of one row are constraints here."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.reverse import reverse_pk

from .categories import SCHEMA_CHOICES, schema_for

LISTING_LIFETIME = timedelta(days=60)
MAX_PHOTOS = 6


class Family(models.TextChoices):
    ANNONCES = "annonces", _("Annonces")
    COLLABORATIVE = "collaboratif", _("Services collaboratifs")


class ExchangeUnit(models.TextChoices):
    """How an offer of a category can be requested as an exchange between members."""

    NONE = "", _("Pas d'échange : contact par message")
    DAYS = "days", _("Une période de jours (prêt, hébergement, parking)")
    SEATS = "seats", _("Des places sur un trajet daté (covoiturage)")
    SLOT = "slot", _("Un créneau horaire (entraide)")


class Category(models.Model):
    """Admin-editable. `name` and `cover_text` are written in French and English (listings/translation.py:
    `name_fr`, `name_en`…); reading them gives the active language's text, French where English is
    missing."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    family = models.CharField(_("famille"), max_length=20, choices=Family.choices)
    schema = models.CharField(
        _("champs propres"),
        max_length=20,
        choices=SCHEMA_CHOICES,
        default="plain",
        help_text=_("Les champs supplémentaires demandés pour cette catégorie (voir listings/categories.py)."),
    )
    is_free = models.BooleanField(_("service gratuit"), default=False, help_text=_("Aucun prix ne peut être indiqué."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    exchange_unit = models.CharField(
        _("échange"),
        max_length=10,
        choices=ExchangeUnit.choices,
        default=ExchangeUnit.NONE,
        blank=True,
        help_text=_("Si les offres de cette catégorie peuvent être demandées, et comment."),
    )
    # What the mutual's contracts cover for this kind of exchange: shown on the request form, the
    # exchange page and the acceptance e-mail. General terms only, never a member's contract data.
    cover_text = models.TextField(_("couverture de la mutuelle"), max_length=1000, blank=True)
    cover_url = models.URLField(_("lien vers les garanties"), blank=True)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["family", "position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (French where the English is missing)."""
        return self.name

    @property
    def schema_def(self):
        return schema_for(self.schema)

    @property
    def is_exchangeable(self) -> bool:
        return bool(self.exchange_unit)

    @property
    def cover(self) -> str:
        return self.cover_text


class Kind(models.TextChoices):
    OFFER = "offer", _("Je propose")
    REQUEST = "request", _("Je cherche")


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    PAUSED = "paused", _("En pause")
    CLOSED = "closed", _("Terminée")
    EXPIRED = "expired", _("Expirée")
    HIDDEN = "hidden", _("Masquée par la modération")


class Listing(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings", verbose_name=_("auteur")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.OFFER)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="listings", verbose_name=_("catégorie")
    )
    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    # None means free ("gratuit"); free categories never carry one (see services).
    price = models.DecimalField(_("prix (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    # Only an approximate point (about 1 km) is ever stored: the centre of the commune or a
    # browser position rounded by geo.approximate. Never an address.
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("ville"), max_length=100)
    # The département, for the staff dashboard's chart: computed by the database from the postcode
    # on every write (bulk ones too), so it can never disagree with it ('75011' → '75', '97411'
    # → '974'), and indexed with the creation date (insights.listings_figures).
    department = models.GeneratedField(
        expression=Substr("postcode", 1, Case(When(postcode__gte="97", then=Value(3)), default=Value(2))),
        output_field=models.CharField(max_length=3),
        db_persist=True,
        verbose_name=_("département"),
    )
    lat = models.FloatField(_("latitude approximative"))
    lng = models.FloatField(_("longitude approximative"))
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    available_until = models.DateField(_("disponible jusqu'au"), null=True, blank=True)
    details = models.JSONField(_("champs propres à la catégorie"), default=dict, blank=True)

    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # What to go back to when moderation lifts a hide.
    status_before_hidden = models.CharField(max_length=12, choices=Status.choices, blank=True, editable=False)
    hidden_by_reports = models.BooleanField(_("masquée par les signalements"), default=False, editable=False)

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    # PostgreSQL only: French, unaccented, title weighted above description; kept up to date by
    # services.listing_index_text and indexed with GIN (migration 0002). Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="listing_status_published"),
            models.Index(fields=["status", "expires_at"], name="listing_status_expires"),
            models.Index(fields=["lat", "lng"], name="listing_point"),
            # The dashboard's counts of a period from the index alone (PostgreSQL's index-only scan).
            models.Index(
                fields=["created_at"],
                include=["id", "author", "kind", "category", "department"],
                name="listing_created_figures",
            ),
            # Search around a point: the bounding box, the distance and the order of the page's
            # ids from the index alone (PostgreSQL's index-only scan; plain on SQLite), and the
            # newest annonces at one point first (nearest.nearest_only).
            models.Index(
                fields=["lat", "lng", "-published_at", "-id"],
                include=["author", "category"],
                condition=models.Q(status="published"),
                name="listing_published_point",
            ),
            # Search by words in a category around a point: the category and the bounding box in
            # one range scan (selectors.with_distance), beside the text index's bitmap.
            models.Index(
                fields=["category", "lat", "lng"],
                condition=models.Q(status="published"),
                name="listing_published_cat_point",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0), name="listing_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(available_from__isnull=True)
                | models.Q(available_until__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="listing_availability_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180), name="listing_point_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_pk("listings:detail", self.pk)

    @property
    def is_free(self) -> bool:
        return self.price is None or self.price == 0

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def renew_offered(self) -> bool:
        """Whether « Mes annonces » offers to renew: ended annonces, or live ones in their last week
        (renewing is allowed any time; offering it everywhere would only clutter the page)."""
        if self.status in (Status.EXPIRED, Status.CLOSED):
            return True
        soon = timezone.now() + timedelta(days=7)
        return self.status in (Status.PUBLISHED, Status.PAUSED) and bool(self.expires_at and self.expires_at <= soon)

    @property
    def can_close(self) -> bool:
        return self.status in (Status.DRAFT, Status.PUBLISHED, Status.PAUSED, Status.EXPIRED)

    @property
    def expires_soon(self) -> bool:
        return bool(
            self.expires_at and self.status == Status.PUBLISHED and self.expires_at - timezone.now() < timedelta(days=3)
        )


def photo_path(photo, filename):
    # Under a private prefix that no URL serves: photos go through views.photo behind the wall.
    extension = PurePath(filename).suffix.lower() or ".jpg"  # photos.prepare_photo names it
    return f"private/listings/{photo.listing_id}/{uuid.uuid4().hex}{extension}"


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos", verbose_name=_("annonce"))
    image = models.ImageField(_("image"), upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.listing_id}/{self.pk}"

    def get_absolute_url(self):
        return reverse("listings:photo", args=[self.pk, "large"])


class Favourite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="favourited_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("favori")
        verbose_name_plural = _("favoris")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "listing"], name="one_favourite_per_listing")]

    def __str__(self):
        return f"{self.user} ♥ {self.listing}"


class ReportReason(models.TextChoices):
    SCAM = "scam", _("Arnaque ou tentative de fraude")
    INAPPROPRIATE = "inappropriate", _("Contenu choquant ou inapproprié")
    PROHIBITED = "prohibited", _("Objet ou service interdit")
    WRONG_CATEGORY = "wrong_category", _("Mauvaise catégorie ou doublon")
    PERSONAL_DATA = "personal_data", _("Données personnelles exposées")
    OTHER = "other", _("Autre")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    ACTIONED = "actioned", _("Annonce masquée")
    DISMISSED = "dismissed", _("Classé sans suite")


class Report(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports", verbose_name=_("annonce"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports", verbose_name=_("signalé par")
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("précisions"), max_length=2000, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements (file de modération)")
        ordering = ["status", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["listing", "reporter"], name="one_report_per_member")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.listing}"


class SearchWord(models.Model):
    """The lexicon of the words of the annonces, lower case and without accents (PostgreSQL's
    `simple` parser over club_unaccent(lower(title || description))), filled by
    services.listing_index_text. Search corrects a typed word it does not know to the nearest
    word it does (a trigram GIN index finds the candidates, migration 0008). Words are never
    removed: a word of a deleted annonce only costs one row and finds nothing."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("mot indexé")
        verbose_name_plural = _("mots indexés")

    def __str__(self):
        return self.word
