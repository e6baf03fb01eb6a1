"""The place itself: address, opening hours (weekly, with exceptions), rooms, and the partners
(collaborative initiatives) that events can be attached to."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


@dataclass(frozen=True)
class OpeningStatus:
    """What the « ouvert maintenant » badge says: open until `until`, or closed until `next_open`."""

    is_open: bool
    until: dt.datetime | None = None
    next_open: dt.datetime | None = None
    reason: str = ""
    today: dt.date | None = None

    @property
    def next_open_when(self) -> str:
        """ "today", "tomorrow" or "later", for « ouvre aujourd'hui à 10:00 »."""
        if self.next_open is None or self.today is None:
            return ""
        days = (self.next_open.date() - self.today).days
        return {0: "today", 1: "tomorrow"}.get(days, "later")


class Venue(models.Model):
    """The club's venue. The site has one; `Venue.objects.current()` returns it (or None)."""

    name = models.CharField(_("nom"), max_length=120)
    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    street = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("ville"), max_length=100, default="Paris")
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    access = models.TextField(_("comment venir"), blank=True, help_text=_("Métro, bus, vélo, voiture."))
    accessibility = models.TextField(_("accessibilité"), blank=True)
    email = models.EmailField(_("e-mail de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieu")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venue:place")

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"

    def opening_for(self, day: dt.date) -> tuple[list[tuple[dt.time, dt.time]], str, bool]:
        """The opening slots of `day` (local times), the reason of an exception, and whether an
        exception applies. An exception replaces the weekly hours of its day."""
        exceptions = [e for e in self.exceptions.all() if e.date == day]
        if exceptions:
            exception = exceptions[0]
            if exception.closed or not (exception.opens and exception.closes):
                return [], exception.reason, True
            return [(exception.opens, exception.closes)], exception.reason, True
        slots = sorted((h.opens, h.closes) for h in self.hours.all() if h.weekday == day.weekday())
        return slots, "", False

    def opening_status(self, now: dt.datetime | None = None) -> OpeningStatus:
        """Open or closed at `now`, in Europe/Paris, from the weekly hours and the exceptions.
        Works on the prefetched `hours` and `exceptions` (see selectors.venue_current)."""
        local = timezone.localtime(now or timezone.now(), PARIS)
        slots, reason, _exception = self.opening_for(local.date())
        for opens, closes in slots:
            if opens <= local.time() < closes:
                return OpeningStatus(True, until=_at(local.date(), closes), today=local.date())
        for offset in range(0, 15):
            day = local.date() + dt.timedelta(days=offset)
            day_slots, _reason, _exc = self.opening_for(day)
            for opens, _closes in day_slots:
                start = _at(day, opens)
                if start > local:
                    return OpeningStatus(False, next_open=start, reason=reason, today=local.date())
        return OpeningStatus(False, reason=reason, today=local.date())

    def weekly_hours(self) -> list[tuple[str, list[tuple[dt.time, dt.time]]]]:
        """[(weekday label, [(opens, closes)…])…] from Monday to Sunday, for the page."""
        return [
            (label, sorted((h.opens, h.closes) for h in self.hours.all() if h.weekday == value))
            for value, label in Weekday.choices
        ]


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=PARIS)


class OpeningHours(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="hours", verbose_name=_("lieu"))
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day when the weekly hours do not apply: a closure (holiday, works) or special hours."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("lieu"))
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("fermé toute la journée"), default=True)
    opens = models.TimeField(_("ouverture"), null=True, blank=True)
    closes = models.TimeField(_("fermeture"), null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=120, blank=True, help_text=_("Par exemple « 1er mai »."))

    class Meta:
        verbose_name = _("exception aux horaires")
        verbose_name_plural = _("exceptions aux horaires")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "date"], name="one_exception_per_day"),
            models.CheckConstraint(
                condition=models.Q(closed=True)
                | models.Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="exception_open_has_hours",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.reason}".strip()


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("lieu"))
    name = models.CharField(_("nom"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacité"), help_text=_("Nombre de personnes autorisé."))
    floor = models.CharField(_("niveau"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """A collaborative initiative (a local food network, a repair café…) that events can feature."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=140, unique=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    url = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("affiché sur le site"), default=True)
    # Its offers, read from a feed (RSS 2.0, Atom or JSON Feed) by venue.feeds / venue.offers.
    feed_url = models.URLField(
        _("flux des offres"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Adresse http(s) d'un flux RSS, Atom ou JSON Feed de ce que le partenaire propose."),
    )
    # Owned by the import (read-only in the admin).
    feed_etag = models.CharField(_("ETag du flux"), max_length=255, blank=True)
    feed_modified = models.CharField(_("Last-Modified du flux"), max_length=64, blank=True)
    feed_checked_at = models.DateTimeField(_("flux consulté le"), null=True, blank=True)
    feed_imported_at = models.DateTimeField(_("flux importé avec succès le"), null=True, blank=True)
    feed_error = models.TextField(_("dernière erreur du flux"), blank=True)
    feed_error_at = models.DateTimeField(_("date de la dernière erreur"), null=True, blank=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venue:partners") + f"#{self.slug}"


class PartnerOffer(models.Model):
    """One item of a partner's feed, kept once per (partner, guid) and removed some days after it
    left the feed (venue.offers). `summary_html` is sanitised with nh3 before it is stored: no
    script, no event handler, no style, no image; links open outside with rel="noopener"."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers", verbose_name=_("partenaire"))
    guid = models.CharField(_("identifiant dans le flux"), max_length=500)
    title = models.CharField(_("titre"), max_length=300)
    summary_html = models.TextField(_("résumé (HTML nettoyé)"), blank=True)
    summary_text = models.TextField(_("résumé (texte)"), blank=True)
    link = models.URLField(_("lien"), max_length=1000, blank=True)
    kind = models.SlugField(_("type d'offre"), max_length=80, blank=True)
    kind_label = models.CharField(_("type d'offre (libellé)"), max_length=80, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("vue la première fois le"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("vue la dernière fois le"), default=timezone.now)

    class Meta:
        verbose_name = _("offre de partenaire")
        verbose_name_plural = _("offres de partenaires")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["partner", "guid"], name="partner_offer_unique_guid")]
        indexes = [models.Index(fields=["partner", "last_seen_at"], name="partner_offer_seen")]

    def __str__(self):
        return self.title


class PartnerOfferViews(models.Model):
    """How often members were shown a partner's offers, one row per partner and day: an anonymised
    counter (no member, no offer, no time finer than the day), for the staff dashboard. Written by
    venue.services.partner_offers_seen when the offers' page or API answers."""

    day = models.DateField(_("jour"))
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="offer_views", verbose_name=_("partenaire")
    )
    pages = models.PositiveIntegerField(_("pages montrant ses offres"), default=0)
    offers = models.PositiveIntegerField(_("offres affichées"), default=0)

    class Meta:
        verbose_name = _("affichages d'offres d'un partenaire")
        verbose_name_plural = _("affichages d'offres des partenaires")
        constraints = [models.UniqueConstraint(fields=["day", "partner"], name="partner_offer_views_one_per_day")]

    def __str__(self):
        return f"{self.partner} · {self.day}"
