"""Every write on events and bookings that has a rule. Views, admin and tasks call these.

Locking order, everywhere: the event row first (`select_for_update`), then its bookings. On
PostgreSQL this serialises every change of an event's seats; SQLite has no row locks but takes a
database-wide write lock, so the same code is correct there with one writer at a time."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from club.queue import enqueue_after_commit

from .models import ACTIVE_STATUSES, Booking, BookingStatus, Event, EventStatus
from .tokens import checkin_ids_from_token


class BookingError(Exception):
    """A booking that the rules refuse. `code` says which rule, `message` is for the person."""

    def __init__(self, code: str, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def normalize_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def booking_create(
    *,
    event: Event,
    name: str,
    email: str,
    seats: int,
    accessibility_needs: str = "",
    user=None,
    join_waiting_list: bool = True,
    language: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Book `seats` for one person: confirmed when they fit, otherwise on the waiting list.

    Takes a row lock on the event (select_for_update) inside a transaction, then checks that
    bookings are open, that this e-mail has no live booking and that the seats fit, then writes
    the booking and the event's `seats_confirmed` counter. The e-mail is sent after commit.
    With `join_waiting_list=False`, seats that do not fit raise instead of queueing. `language`
    (the request's) is the one its e-mails are written in; the site's when unknown.
    During the event's early access (events.selectors.event_open_to) only those let in may book.
    Raises BookingError("not_public" | "closed" | "not_bookable" | "too_many" | "duplicate" | "not_enough")."""
    from .selectors import event_open_to

    now = now or timezone.now()
    email = normalize_email(email)
    event = _locked_event(event)
    if not event_open_to(event=event, user=user, now=now):
        raise BookingError("not_public", _("Cet évènement n'est pas encore ouvert au public."))
    state = event.booking_state(now)
    if state != "open" or event.status != EventStatus.PUBLISHED:
        if state == "not_yet":
            raise BookingError("closed", _("Les réservations ne sont pas encore ouvertes."))
        if state == "none":
            raise BookingError("not_bookable", _("Cet évènement est en entrée libre, sans réservation."))
        raise BookingError("closed", _("Les réservations sont closes pour cet évènement."))
    if not 1 <= seats <= event.max_seats_per_booking:
        raise BookingError(
            "too_many",
            _("Vous pouvez réserver de 1 à %(max)s places.") % {"max": event.max_seats_per_booking},
        )
    if Booking.objects.filter(event=event, email=email, status__in=ACTIVE_STATUSES).exists():
        raise BookingError(
            "duplicate",
            _(
                "Vous avez déjà réservé pour cet évènement avec cette adresse e-mail. Pour changer le "
                "nombre de places, annulez votre réservation avec le lien reçu par e-mail, puis réservez à nouveau."
            ),
        )
    fits = event.seats_confirmed + seats <= event.capacity
    if not fits and not join_waiting_list:
        raise BookingError(
            "not_enough",
            _("Il ne reste que %(left)s place(s). Choisissez moins de places ou rejoignez la liste d'attente.")
            % {"left": event.seats_left},
        )
    booking = Booking(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email,
        seats=seats,
        accessibility_needs=accessibility_needs.strip(),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        status=BookingStatus.CONFIRMED if fits else BookingStatus.WAITING,
        created_at=now,
        confirmed_at=now if fits else None,
    )
    try:
        with transaction.atomic():  # a savepoint, so the lock and the transaction survive
            booking.save()
    except IntegrityError as error:  # the partial unique index, the last guard against doubles
        raise BookingError("duplicate", _("Vous avez déjà réservé pour cet évènement.")) from error
    if fits:
        event.seats_confirmed += seats
        event.save(update_fields=["seats_confirmed", "updated_at"])
    from .tasks import send_booking_mail

    enqueue_after_commit(send_booking_mail, booking.pk, "confirmed" if fits else "waiting")
    return booking


def _promote_waiting(event: Event, now: dt.datetime) -> list[Booking]:
    """Confirm waiting entries that fit, in the order they joined; an entry too large for the
    seats left is skipped, a later smaller one may pass. Call with the event row locked."""
    promoted = []
    waiting = (
        Booking.objects.select_for_update()
        .filter(event=event, status=BookingStatus.WAITING)
        .order_by("created_at", "pk")
    )
    for entry in waiting:
        if event.seats_left == 0:
            break
        if entry.seats <= event.seats_left:
            entry.status = BookingStatus.CONFIRMED
            entry.confirmed_at = now
            entry.save(update_fields=["status", "confirmed_at"])
            event.seats_confirmed += entry.seats
            promoted.append(entry)
    if promoted:
        event.save(update_fields=["seats_confirmed", "updated_at"])
        from .tasks import send_booking_mail

        for entry in promoted:
            enqueue_after_commit(send_booking_mail, entry.pk, "promoted")
    return promoted


@transaction.atomic
def booking_cancel(*, booking: Booking, notify: bool = True, now: dt.datetime | None = None) -> bool:
    """Cancel a booking or waiting-list entry; free its seats and promote the waiting entries
    that now fit, in order, in the same transaction. Locks the event row, then the booking.
    Returns False when the booking was already cancelled (a reused link changes nothing)."""
    now = now or timezone.now()
    event = _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        return False
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.checked_in_at = None
    booking.save(update_fields=["status", "cancelled_at", "checked_in_at"])
    if was_confirmed:
        event.seats_confirmed -= booking.seats
        event.save(update_fields=["seats_confirmed", "updated_at"])
        if event.status == EventStatus.PUBLISHED and event.ends_at > now:
            _promote_waiting(event, now)
    if notify:
        from .tasks import send_booking_mail

        enqueue_after_commit(send_booking_mail, booking.pk, "cancelled")
    return True


@transaction.atomic
def event_publish(*, event: Event, now: dt.datetime | None = None) -> Event:
    """Publish a draft (or cancelled) event: every publication goes through here (the admin's form
    and its « Publier » action). An event made from a member's proposal whose supporters were never
    told gets an early access: `public_from` is set settings.PROPOSAL_EARLY_ACCESS_HOURS ahead
    (unless staff set one already) and the proposer and supporters are e-mailed after commit
    (community.proposals.proposal_event_published, once only). Publishing an event already
    published changes nothing. Takes a row lock on the event."""
    from community.proposals import proposal_event_published

    now = now or timezone.now()
    event = _locked_event(event)
    if event.status == EventStatus.PUBLISHED:
        return event
    event.status = EventStatus.PUBLISHED
    fields = ["status", "updated_at"]
    early_until = now + dt.timedelta(hours=settings.PROPOSAL_EARLY_ACCESS_HOURS)
    if proposal_event_published(event=event, now=now) and event.public_from is None:
        event.public_from = early_until
        fields.append("public_from")
    event.save(update_fields=fields)
    return event


@transaction.atomic
def event_capacity_changed(*, event: Event, now: dt.datetime | None = None) -> list[Booking]:
    """After staff raised the capacity, promote waiting entries that now fit. Locks the event."""
    event = _locked_event(event)
    if event.status != EventStatus.PUBLISHED:
        return []
    return _promote_waiting(event, now or timezone.now())


@transaction.atomic
def event_notify_changes(
    *, event: Event, previous_status: str, previous_starts_at: dt.datetime, previous_ends_at: dt.datetime
) -> int:
    """Tell everyone booked or waiting that staff cancelled the event or changed its time.
    Call after saving the event. Returns how many people are e-mailed (after commit)."""
    from .tasks import send_booking_mail

    if event.status == EventStatus.CANCELLED and previous_status != EventStatus.CANCELLED:
        kind = "event_cancelled"
    elif event.status == EventStatus.PUBLISHED and (
        event.starts_at != previous_starts_at or event.ends_at != previous_ends_at
    ):
        kind = "event_rescheduled"
    else:
        return 0
    ids = list(event.bookings.filter(status__in=ACTIVE_STATUSES).values_list("pk", flat=True))
    for booking_id in ids:
        enqueue_after_commit(send_booking_mail, booking_id, kind)
    return len(ids)


@dataclass(frozen=True)
class CheckInResult:
    ok: bool
    code: str  # "ok", "invalid", "other_event", "not_confirmed", "already"
    booking: Booking | None = None


@transaction.atomic
def booking_check_in(*, event: Event, token: str | None = None, booking_id: int | None = None) -> CheckInResult:
    """Mark a booking as attended, from a QR token or (search by name) a booking id. A token is
    valid only for its event and only once. Locks the booking row."""
    if token is not None:
        ids = checkin_ids_from_token(token)
        if ids is None:
            return CheckInResult(False, "invalid")
        event_id, booking_id = ids
        if event_id != event.pk:
            return CheckInResult(False, "other_event")
    booking = Booking.objects.select_for_update().filter(pk=booking_id, event=event).first()
    if booking is None:
        return CheckInResult(False, "other_event" if token else "invalid")
    if booking.status != BookingStatus.CONFIRMED:
        return CheckInResult(False, "not_confirmed", booking)
    if booking.checked_in_at is not None:
        return CheckInResult(False, "already", booking)
    booking.checked_in_at = timezone.now()
    booking.save(update_fields=["checked_in_at"])
    return CheckInResult(True, "ok", booking)


@transaction.atomic
def booking_check_in_undo(*, booking: Booking) -> None:
    """Undo a mistaken check-in (the door staff tapped the wrong name)."""
    Booking.objects.select_for_update().filter(pk=booking.pk).update(checked_in_at=None)


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each confirmed attendee of tomorrow's events (Europe/Paris) once. Each booking is
    claimed under a row lock (skip_locked, so two runs never wait on each other) and marked
    `reminder_sent_at` in the same transaction: running the task twice sends nothing twice."""
    from .tasks import send_booking_mail

    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    sent = 0
    candidates = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    ).values_list("pk", flat=True)
    for booking_id in list(candidates):
        with transaction.atomic():
            claimed = (
                Booking.objects.select_for_update(skip_locked=True)
                .filter(pk=booking_id, reminder_sent_at__isnull=True, status=BookingStatus.CONFIRMED)
                .first()
            )
            if claimed is None:
                continue
            claimed.reminder_sent_at = now
            claimed.save(update_fields=["reminder_sent_at"])
            enqueue_after_commit(send_booking_mail, claimed.pk, "reminder")
            sent += 1
    return sent


@transaction.atomic
def event_duplicate(*, event: Event) -> Event:
    """A draft copy of `event` (same texts, room, partners, booking settings), with no bookings."""
    from django.utils.text import slugify

    copy = Event.objects.get(pk=event.pk)
    partners = list(event.partners.all())
    copy.pk = None
    copy._state.adding = True
    for language, _name in settings.LANGUAGES:  # the title in each language it is written in
        title = getattr(event, f"title_{language}")
        if title:
            with translation.override(language):
                setattr(copy, f"title_{language}", _("%(title)s (copie)") % {"title": title})
    base = slugify(f"{event.slug}-copie")[:170]
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy.slug = slug
    copy.status = EventStatus.DRAFT
    copy.seats_confirmed = 0
    copy.save()
    copy.partners.set(partners)
    return copy


def bookings_anonymise_old(*, now: dt.datetime | None = None) -> int:
    """Anonymise the bookings (name, e-mail, accessibility needs, account link) of events that
    ended more than settings.BOOKING_RETENTION_DAYS ago (twelve months), as the privacy notice
    says. Seats and statuses stay, for the club's statistics. Idempotent: already anonymised rows are skipped."""
    now = now or timezone.now()
    retention = dt.timedelta(days=settings.BOOKING_RETENTION_DAYS)
    old = Booking.objects.filter(event__ends_at__lt=now - retention).exclude(email__endswith="@invalid.example")
    count = 0
    for booking_id in list(old.values_list("pk", flat=True)):
        Booking.objects.filter(pk=booking_id).update(
            user=None, name="—", email=f"anonyme-{booking_id}@invalid.example", accessibility_needs=""
        )
        count += 1
    return count


def booking_mail_resend(*, event: Event, email: str) -> None:
    """Send the booking e-mail again to `email` if it holds a live booking for `event`. Callers
    answer the same whatever happened, so that nobody learns who booked."""
    from .tasks import send_booking_mail

    booking = event.bookings.filter(email=normalize_email(email), status__in=ACTIVE_STATUSES).first()
    if booking is not None:
        with transaction.atomic():
            enqueue_after_commit(send_booking_mail, booking.pk, booking.status)


# --- When an event may take place -------------------------------------------------------------


def event_schedule_check(*, starts_at: dt.datetime, ends_at: dt.datetime, exceptional_opening: bool = False) -> None:
    """The rule: an event takes place while the venue is open (venue.selectors.venue_is_open, the
    weekly hours and that day's exception). Staff may hold one outside the hours by marking an
    exceptional opening (event_open_exceptionally then opens the venue for it): that covers one day,
    so an event over several days must still start and end within the hours.
    Raises ValidationError({"starts_at": why}) naming the hours of the day concerned."""
    from django.core.exceptions import ValidationError

    from venue.selectors import venue_opening_problem

    problem = venue_opening_problem(starts_at, ends_at)
    if not problem:
        return
    one_day = timezone.localtime(starts_at).date() == timezone.localtime(ends_at).date()
    if exceptional_opening and one_day:
        return
    if exceptional_opening:
        hint = _(
            "Une ouverture exceptionnelle vaut pour un seul jour : un évènement sur plusieurs jours doit "
            "commencer et finir pendant les heures d'ouverture."
        )
    else:
        hint = _("Pour le tenir quand même, cochez « Ouverture exceptionnelle » : la page du lieu l'annoncera.")
    raise ValidationError({"starts_at": f"{problem} {hint}"})


def event_open_exceptionally(*, event: Event):
    """Open the venue exceptionally for `event` on its day (venue.services.opening_exceptional_open,
    which the venue page then lists). Returns the day's OpeningException, or None when nothing had
    to open: no venue, the event already fits the hours, or it spans several days
    (event_schedule_check refuses those unless they fit)."""
    from venue.models import PARIS, Venue
    from venue.selectors import venue_is_open
    from venue.services import opening_exceptional_open

    if venue_is_open(event.starts_at, event.ends_at):
        return None
    venue = Venue.objects.order_by("pk").first()
    first, last = timezone.localtime(event.starts_at, PARIS), timezone.localtime(event.ends_at, PARIS)
    if venue is None or first.date() != last.date():
        return None
    return opening_exceptional_open(
        venue=venue, day=first.date(), opens=first.time(), closes=last.time(), why=event.title
    )
