"""Events at the venue and the bookings for them.

Capacity rule (never overbooked): `Event.seats_confirmed` is the sum of the seats of the event's
confirmed bookings. Only `events.services` changes it, under a row lock on the event, and the
database refuses any value above `capacity` (CheckConstraint), the last guard if code ever forgets."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.Model):
    """Exposition, conférence, débat, atelier, rencontre… editable in the admin."""

    name = models.CharField(_("nom"), max_length=60)
    plural = models.CharField(_("nom au pluriel"), max_length=60, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type d'évènement")
        verbose_name_plural = _("types d'évènements")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")
    CANCELLED = "cancelled", _("annulé")


class BookingMode(models.TextChoices):
    FREE = "free", _("entrée libre, sans réservation")
    REQUIRED = "required", _("sur réservation")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible(self):
        """Published and cancelled events keep their page (people who booked must read it)."""
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def public(self, now=None):
        """Out of their early access (`public_from` empty or passed). The agenda, the home page,
        the feeds and the API lists chain it after published()/visible(): see events.selectors."""
        return self.filter(Q(public_from__isnull=True) | Q(public_from__lte=now or timezone.now()))

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Event(models.Model):
    type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type"))
    title = models.CharField(_("titre"), max_length=160)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=180, unique=True)
    summary = models.CharField(_("résumé"), max_length=280, help_text=_("Une ou deux phrases, montrées dans l'agenda."))
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="events/", blank=True)
    image_alt = models.CharField(_("description de l'image"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"), db_index=True, help_text=_("Une exposition peut durer des semaines."))
    room = models.ForeignKey(
        "venue.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("salle")
    )
    partners = models.ManyToManyField("venue.Partner", blank=True, related_name="events", verbose_name=_("partenaires"))
    speakers = models.TextField(_("intervenants"), blank=True, help_text=_("Une personne par ligne."))
    status = models.CharField(_("statut"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # Early access: until then a published event is shown only to those its rule lets in
    # (events.selectors.event_early_access: the proposer and supporters of the proposal it came from).
    public_from = models.DateTimeField(
        _("public à partir du"),
        null=True,
        blank=True,
        help_text=_(
            "Vide : public dès la publication. Un évènement né d'une proposition est d'abord ouvert à son "
            "proposant et à ses soutiens, jusqu'à cette date."
        ),
    )

    booking_mode = models.CharField(
        _("réservation"), max_length=10, choices=BookingMode.choices, default=BookingMode.REQUIRED
    )
    capacity = models.PositiveIntegerField(_("places"), default=0, help_text=_("Pour les évènements sur réservation."))
    max_seats_per_booking = models.PositiveSmallIntegerField(
        _("places maximum par réservation"), default=4, validators=[MinValueValidator(1)]
    )
    booking_opens_at = models.DateTimeField(
        _("ouverture des réservations"), null=True, blank=True, help_text=_("Vide : dès la publication.")
    )
    booking_closes_at = models.DateTimeField(
        _("clôture des réservations"), null=True, blank=True, help_text=_("Vide : au début de l'évènement.")
    )
    # Maintained by events.services under a row lock on this event; never edited by hand.
    seats_confirmed = models.PositiveIntegerField(_("places confirmées"), default=0, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("évènement")
        verbose_name_plural = _("évènements")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats_confirmed__lte=models.F("capacity")), name="event_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "ends_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    @property
    def needs_booking(self) -> bool:
        return self.booking_mode == BookingMode.REQUIRED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.needs_booking and self.seats_left == 0

    @property
    def is_few_left(self) -> bool:
        return self.needs_booking and 0 < self.seats_left <= 3

    @property
    def is_multi_day(self) -> bool:
        return timezone.localtime(self.starts_at).date() != timezone.localtime(self.ends_at).date()

    @property
    def is_running(self) -> bool:
        """Started and not over yet (an exhibition open for weeks)."""
        return self.starts_at <= timezone.now() < self.ends_at

    @property
    def booking_closes(self):
        return self.booking_closes_at or self.starts_at

    def booking_state(self, now=None) -> str:
        """One of: "none" (no booking), "cancelled", "past", "not_yet", "closed", "open"."""
        now = now or timezone.now()
        if not self.needs_booking:
            return "none"
        if self.is_cancelled:
            return "cancelled"
        if self.ends_at < now:
            return "past"
        if self.booking_opens_at and now < self.booking_opens_at:
            return "not_yet"
        if now >= self.booking_closes:
            return "closed"
        return "open"

    def is_public(self, now=None) -> bool:
        """Out of its early access (see EventQuerySet.public)."""
        return self.public_from is None or self.public_from <= (now or timezone.now())

    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmée")
    WAITING = "waiting", _("liste d'attente")
    CANCELLED = "cancelled", _("annulée")


ACTIVE_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.WAITING]


class Booking(models.Model):
    """One person's booking for some seats. A waiting-list entry is a booking with status
    "waiting": its place in the queue is its `created_at` (then id)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("évènement"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("e-mail"))
    seats = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    accessibility_needs = models.TextField(_("besoins d'accessibilité"), blank=True)
    # The language of the page it was made on: its e-mails are written in it.
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("statut"), max_length=12, choices=BookingStatus.choices)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live booking per e-mail per event (e-mails are stored lower-cased).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="one_active_booking_per_email",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="booking_has_seats"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"), name="only_confirmed_check_in"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} ({self.seats}) – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
