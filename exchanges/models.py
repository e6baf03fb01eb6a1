"""Exchanges between two verified members about one annonce: a period of days, seats on a trip or
a time slot; its hand-over, the blocked dates of an annonce, the reviews both sides leave and their
reports, and the secret calendar feed of a member's exchanges.

Who is who: the *initiator* asked (on an offer) or proposed (on a request, « je cherche »); the
annonce's author answers. The *provider* lends, hosts, drives or helps; the *receiver* benefits.
Rules that span rows live in services.py; the database refuses what must never happen: two
accepted exchanges of one annonce overlapping in time (an exclusion constraint on PostgreSQL, see
migration 0002) and more seats accepted than a trip has (TripSeats' check)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import ExchangeUnit, Listing

PARIS = ZoneInfo("Europe/Paris")


class ExchangeStatus(models.TextChoices):
    REQUESTED = "requested", _("Demandé")
    ACCEPTED = "accepted", _("Accepté")
    COMPLETED = "completed", _("Terminé")
    DECLINED = "declined", _("Refusé")
    WITHDRAWN = "withdrawn", _("Retiré")
    CANCELLED = "cancelled", _("Annulé")
    EXPIRED = "expired", _("Expiré")


# Statuses in which an exchange holds its dates or seats.
HOLDING = (ExchangeStatus.ACCEPTED, ExchangeStatus.COMPLETED)
OPEN = (ExchangeStatus.REQUESTED, ExchangeStatus.ACCEPTED)


class HandoverPlace(models.TextChoices):
    NONE = "", _("À convenir")
    CLUB = "club", _("Au Club")
    OTHER = "other", _("Ailleurs")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in Paris at the start of `day`: periods of days are stored as [start, end)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=PARIS)


class Exchange(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="exchanges", verbose_name=_("annonce"))
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("demandé par")
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchanges_provided",
        verbose_name=_("prêteur ou conducteur"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchanges_received",
        verbose_name=_("emprunteur ou passager"),
    )
    unit = models.CharField(_("unité"), max_length=10, choices=ExchangeUnit.choices[1:])
    # Half-open [start, end): a period of days runs from midnight (Paris) of its first day to
    # midnight after its last; a slot from its first minute to its last; a trip starts and ends
    # at its departure.
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    seats = models.PositiveSmallIntegerField(_("places"), default=1)
    status = models.CharField(
        _("statut"), max_length=12, choices=ExchangeStatus.choices, default=ExchangeStatus.REQUESTED
    )

    handover_place = models.CharField(
        _("lieu de remise"), max_length=10, choices=HandoverPlace.choices, default=HandoverPlace.NONE, blank=True
    )
    handover_at = models.DateTimeField(_("remise le"), null=True, blank=True)
    handover_note = models.CharField(_("précisions sur la remise"), max_length=200, blank=True)

    decline_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulé par"),
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("terminé par"),
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)  # declined, withdrawn, cancelled, expired
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # Each reminder goes out once; set after it was sent (see services.exchange_send_reminder).
    start_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["listing", "status", "start"], name="exchange_listing_status_start"),
            models.Index(fields=["status", "start"], name="exchange_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="exchange_ends_after_start"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="exchange_at_least_one_seat"),
            models.CheckConstraint(condition=~Q(provider=F("receiver")), name="exchange_between_two_members"),
            models.CheckConstraint(
                condition=~Q(handover_place="club") | Q(handover_at__isnull=False), name="exchange_club_handover_dated"
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.listing}"

    def get_absolute_url(self):
        return reverse("exchanges:detail", args=[self.pk])

    @property
    def number(self) -> str:
        """The reference members quote to the mutual, e.g. « ECH-2026-000042 »."""
        return f"ECH-{timezone.localtime(self.created_at, PARIS):%Y}-{self.pk:06d}"

    @property
    def responder_id(self) -> int:
        """The member who accepts or declines: the annonce's author."""
        return self.listing.author_id

    def is_party(self, user) -> bool:
        return user.pk in (self.provider_id, self.receiver_id)

    def other_party(self, user):
        return self.receiver if user.pk == self.provider_id else self.provider

    @property
    def first_day(self) -> dt.date:
        return timezone.localtime(self.start, PARIS).date()

    @property
    def last_day(self) -> dt.date:
        """The last day of a period of days (its return day); the day of a slot or a trip."""
        if self.unit == ExchangeUnit.DAYS:
            return (timezone.localtime(self.end, PARIS) - dt.timedelta(days=1)).date()
        return timezone.localtime(self.end, PARIS).date()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.start


class TripSeats(models.Model):
    """The seats of a trip (a covoiturage annonce) and how many are accepted. The counter is
    written by the exchange services under a row lock; the database refuses more than the trip has."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="trip_seats", primary_key=True)
    total = models.PositiveSmallIntegerField(_("places du trajet"))
    taken = models.PositiveSmallIntegerField(_("places acceptées"), default=0)

    class Meta:
        verbose_name = _("places d'un trajet")
        verbose_name_plural = _("places des trajets")
        constraints = [models.CheckConstraint(condition=Q(taken__lte=F("total")), name="trip_seats_not_exceeded")]

    def __str__(self):
        return f"{self.listing_id}: {self.taken}/{self.total}"

    @property
    def left(self) -> int:
        return max(self.total - self.taken, 0)


class BlockedPeriod(models.Model):
    """Days an annonce's author keeps for themselves: no request can cover them."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="blocked_periods", verbose_name=_("annonce")
    )
    first_day = models.DateField(_("du"))
    last_day = models.DateField(_("au"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dates bloquées")
        verbose_name_plural = _("dates bloquées")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="blocked_period_in_order")
        ]

    def __str__(self):
        return f"{self.listing_id}: {self.first_day} → {self.last_day}"


class Review(models.Model):
    """What one side says of the other after a completed exchange. Hidden from everyone but its
    author until both have written or REVIEW_REVEAL_AFTER has passed since completion; then
    final (see selectors.review_is_revealed)."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("échange"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_written", verbose_name=_("auteur")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_received", verbose_name=_("pour")
    )
    rating = models.PositiveSmallIntegerField(_("note"))
    text = models.CharField(_("commentaire"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    hidden = models.BooleanField(_("masqué par la modération"), default=False)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "author"], name="one_review_per_side"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
            models.CheckConstraint(condition=~Q(author=F("subject")), name="review_not_of_oneself"),
        ]

    def __str__(self):
        return f"{self.rating}/5 · {self.exchange}"


class ReviewReport(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports", verbose_name=_("avis"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("signalé par")
    )
    text = models.CharField(_("motif"), max_length=500)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=[("open", _("À traiter")), ("actioned", _("Avis masqué")), ("dismissed", _("Classé sans suite"))],
        default="open",
    )
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
        verbose_name = _("signalement d'avis")
        verbose_name_plural = _("signalements d'avis")
        ordering = ["status", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="one_review_report_per_member")]

    def __str__(self):
        return f"{self.review} · {self.text[:40]}"


class CalendarFeed(models.Model):
    """The secret address of a member's exchanges as an iCalendar feed; rotating the token revokes
    the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda privé des échanges")
        verbose_name_plural = _("agendas privés des échanges")

    def __str__(self):
        return str(self.user)
