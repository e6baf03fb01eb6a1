"""Reads with a rule: what the agenda shows, what one page needs, in a fixed number of queries.

Early access, in one place: a published event whose `public_from` is still ahead is left out of
the agenda, the home page, the feeds and the API lists (EventQuerySet.public), and its page (and
booking) is open only to those event_early_access lets in. Everything reads it through here: the
reveal depends on the clock and these queries only."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from venue.models import Partner

from .models import ACTIVE_STATUSES, Booking, BookingStatus, Event, EventType


def _with_relations(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("type", "room").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.filter(is_active=True))
    )


def agenda(*, filters=None, now=None) -> QuerySet[Event]:
    """Upcoming published events (running ones included: an exhibition open for weeks), soonest
    first, narrowed by an EventFilter when given."""
    queryset = Event.objects.published().public(now).upcoming(now)
    if filters is not None:
        queryset = filters.filter_queryset(queryset)
    return _with_relations(queryset).order_by("starts_at", "pk")


def agenda_archive(*, filters=None, now=None) -> QuerySet[Event]:
    """Past published events, latest first."""
    queryset = Event.objects.published().public(now).past(now)
    if filters is not None:
        queryset = filters.filter_queryset(queryset)
    return _with_relations(queryset).order_by("-starts_at", "-pk")


def agenda_next(*, limit: int = 3, now=None) -> list[Event]:
    """For the home page: the next events that have not started yet, then running ones."""
    now = now or timezone.now()
    return list(
        _with_relations(Event.objects.published().public(now).filter(starts_at__gte=now)).order_by("starts_at")[:limit]
    )


def agenda_feed(*, now=None) -> QuerySet[Event]:
    """The .ics feed: upcoming published and cancelled events (so calendars drop cancelled ones)."""
    return Event.objects.visible().public(now).upcoming(now).select_related("room").order_by("starts_at")


def agenda_public_count(*, now=None) -> int:
    """How many upcoming events the agenda shows (the API's ETag: it changes when one is revealed)."""
    return Event.objects.published().public(now).upcoming(now).count()


def event_early_access(*, event: Event, user) -> bool:
    """Who may open an event before it is public: staff, and the proposer and supporters (logged
    in) of the member's proposal it was made from (community.models.Proposal)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    from community.models import Proposal

    return Proposal.objects.filter(event_id=event.pk).filter(Q(proposer=user) | Q(supports__user=user)).exists()


def event_open_to(*, event: Event, user, now=None) -> bool:
    """Whether `user` (maybe anonymous) may see and book `event` now: public, or in early access."""
    return event.is_public(now) or event_early_access(event=event, user=user)


def event_visible(*, slug: str) -> Event | None:
    """A published or cancelled event with its relations, whoever asks: check event_open_to."""
    return _with_relations(Event.objects.visible().filter(slug=slug)).first()


def event_for_page(*, slug: str, user=None, now=None) -> Event | None:
    """A published or cancelled event's page; during its early access, only for those let in
    (anyone else: None, a 404)."""
    event = event_visible(slug=slug)
    if event is None or not event_open_to(event=event, user=user, now=now):
        return None
    return event


def event_types_in_use() -> QuerySet[EventType]:
    return EventType.objects.order_by("position", "name")


def booking_for_mail(booking_id: int) -> Booking | None:
    return Booking.objects.select_related("event", "event__room", "event__type").filter(pk=booking_id).first()


def bookings_of(*, user) -> QuerySet[Booking]:
    """A member's bookings: made while logged in, or with their account's e-mail address."""
    return (
        Booking.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("event", "event__type", "event__room")
        .order_by("-event__starts_at")
    )


def booking_active_of(*, user, event: Event) -> Booking | None:
    """A logged-in member's live booking for `event` (made logged in or with their e-mail)."""
    if not user.is_authenticated:
        return None
    return (
        event.bookings.filter(Q(user=user) | Q(email__iexact=user.email), status__in=ACTIVE_STATUSES)
        .order_by("pk")
        .first()
    )


def checkin_bookings(*, event: Event, query: str = "") -> QuerySet[Booking]:
    queryset = event.bookings.filter(status=BookingStatus.CONFIRMED)
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return queryset.order_by("name", "pk")


def checkin_counts(*, event: Event) -> dict:
    """Bookings and seats expected and arrived, for the door."""
    confirmed = Q(status=BookingStatus.CONFIRMED)
    arrived = confirmed & Q(checked_in_at__isnull=False)
    counts = event.bookings.aggregate(
        bookings=Count("pk", filter=confirmed),
        arrived_bookings=Count("pk", filter=arrived),
        expected_seats=Sum("seats", filter=confirmed),
        arrived_seats=Sum("seats", filter=arrived),
    )
    return {key: value or 0 for key, value in counts.items()}


def events_for_admin(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """The admin list: waiting counts annotated, one query for the whole page."""
    return queryset.select_related("type", "room").annotate(
        waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        waiting_seats=Sum("bookings__seats", filter=Q(bookings__status=BookingStatus.WAITING)),
    )
