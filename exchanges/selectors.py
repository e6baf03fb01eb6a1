"""Reads with a rule: who sees which exchange, an annonce's availability, a member's record."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from listings.models import ExchangeUnit, Listing

from .models import HOLDING, OPEN, PARIS, BlockedPeriod, Exchange, ExchangeStatus, Review, TripSeats
from .periods import trip_departure, trip_total_seats
from .reviews import reviews_are_revealed


def _with_related(queryset: QuerySet[Exchange]) -> QuerySet[Exchange]:
    return queryset.select_related(
        "listing__category", "listing__author__profile", "provider__profile", "receiver__profile", "initiator"
    ).prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("author__profile")))


def access_exchange(user, pk) -> Exchange:
    """An exchange `user` is a party to; 404 for anybody else (never 403: ids reveal nothing)."""
    if not getattr(user, "is_verified_member", False):
        raise Http404
    exchange = _with_related(Exchange.objects.filter(Q(provider=user) | Q(receiver=user))).filter(pk=pk).first()
    if exchange is None:
        raise Http404
    return exchange


def exchanges_of(user, *, role: str | None = None, status: str | None = None) -> QuerySet[Exchange]:
    """« Mes échanges »: as provider ("provider"), as receiver ("receiver") or both; open ones first
    by start, then the others newest first."""
    mine = Q(provider=user) | Q(receiver=user)
    if role == "provider":
        mine = Q(provider=user)
    elif role == "receiver":
        mine = Q(receiver=user)
    queryset = Exchange.objects.filter(mine)
    if status:
        queryset = queryset.filter(status=status)
    return _with_related(queryset).order_by("-start", "-id")


def exchange_status_counts(user) -> dict[str, int]:
    rows = (
        Exchange.objects.filter(Q(provider=user) | Q(receiver=user)).values("status").annotate(n=Count("id")).order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def requests_awaiting(user) -> int:
    """How many requests wait for `user`'s answer (on their annonces)."""
    return Exchange.objects.filter(listing__author=user, status=ExchangeStatus.REQUESTED).count()


def completed_key(user_id: int, token: str) -> str:
    return f"completed:{user_id}:{token}"


def completed_count(user_id: int, *, token: str | None = None, found: dict | None = None) -> int:
    """How many exchanges the member completed, on either side (the author card of an annonce's
    page): from the cache under the member's exchanges version (exchanges/versions.py, moved by
    every save or delete of one of their exchanges), else one count. `token`: that version, when
    the caller read it already; `found`: what the caller read from the cache already (the key
    missing from it: not cached)."""
    from django.core.cache import cache

    from club import versions

    from .versions import member_name

    token = token or versions.current(member_name(user_id))[member_name(user_id)]
    key = completed_key(user_id, token)
    count = found.get(key) if found is not None else cache.get(key)
    if count is None:
        count = Exchange.objects.filter(
            Q(provider_id=user_id) | Q(receiver_id=user_id), status=ExchangeStatus.COMPLETED
        ).count()
        cache.set(key, count, versions.TIMEOUT)
    return count


def pending_requests_for(listing: Listing) -> QuerySet[Exchange]:
    return _with_related(Exchange.objects.filter(listing=listing, status__in=OPEN)).order_by("start")


# --- Availability -------------------------------------------------------------------------------
@dataclass
class Span:
    first_day: dt.date
    last_day: dt.date
    kind: str  # "taken" | "blocked"
    pk: int | None = None  # blocked periods: for the author's « débloquer »


@dataclass
class Availability:
    unit: str
    today: dt.date
    until: dt.date
    spans: list[Span] = field(default_factory=list)
    # Trips
    departure: dt.datetime | None = None
    seats_total: int = 0
    seats_left: int = 0

    def state_of(self, day: dt.date) -> str:
        """ "past", "blocked", "taken", "unavailable" (outside the annonce's dates) or "free"."""
        if day < self.today:
            return "past"
        for span in self.spans:
            if span.first_day <= day <= span.last_day:
                return span.kind
        return "free"


def listing_availability(listing: Listing, *, months: int = 3, today: dt.date | None = None) -> Availability:
    """What the annonce's calendar shows for the coming `months`: the days taken by accepted
    exchanges and the days its author blocked (never who took them); for a trip, its seats left.
    Two queries."""
    today = today or timezone.localdate()
    until = (today.replace(day=1) + dt.timedelta(days=32 * months)).replace(day=1) - dt.timedelta(days=1)
    unit = listing.category.exchange_unit
    availability = Availability(unit=unit, today=today, until=until)
    if unit == ExchangeUnit.SEATS:
        trip = TripSeats.objects.filter(listing=listing).first()
        availability.departure = trip_departure(listing)
        availability.seats_total = trip.total if trip else trip_total_seats(listing)
        availability.seats_left = trip.left if trip else availability.seats_total
        return availability
    start = dt.datetime.combine(today, dt.time(0), tzinfo=PARIS)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    held = Exchange.objects.filter(listing=listing, status__in=HOLDING, start__lt=end, end__gt=start)
    for exchange in held.only("start", "end", "unit").order_by("start"):
        availability.spans.append(Span(exchange.first_day, exchange.last_day, "taken"))
    blocked = BlockedPeriod.objects.filter(listing=listing, last_day__gte=today, first_day__lte=until)
    for period in blocked:
        availability.spans.append(Span(period.first_day, period.last_day, "blocked", period.pk))
    availability.spans.sort(key=lambda span: span.first_day)
    return availability


def access_blocked_period(user, listing: Listing, pk) -> BlockedPeriod:
    period = BlockedPeriod.objects.filter(pk=pk, listing=listing, listing__author=user).first()
    if period is None:
        raise Http404
    return period


def blocked_periods_ahead(listing: Listing, *, today: dt.date | None = None) -> QuerySet[BlockedPeriod]:
    """The author's blocked periods that have not ended, first first: what they may unblock."""
    return BlockedPeriod.objects.filter(listing=listing, last_day__gte=today or timezone.localdate()).order_by(
        "first_day"
    )


def taken_slots(listing: Listing, *, weeks: int = 4, now=None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The accepted slots of a slot annonce in the coming `weeks`, as (start, end), earliest
    first; never who took them."""
    now = now or timezone.now()
    rows = Exchange.objects.filter(
        listing=listing, status__in=HOLDING, end__gt=now, start__lt=now + dt.timedelta(weeks=weeks)
    ).order_by("start")
    return [
        (timezone.localtime(start, PARIS), timezone.localtime(end, PARIS))
        for start, end in rows.values_list("start", "end")
    ]


# --- A member's record ---------------------------------------------------------------------------
@dataclass
class MemberRecord:
    member: object
    member_since: dt.datetime
    completed_as_provider: int
    completed_as_receiver: int
    reviews: list[Review]
    average_rating: float | None


def member_record(member, *, now=None) -> MemberRecord:
    """What a member's profile page shows other verified members: verified, member since, exchanges
    completed on each side, the revealed reviews they received (not hidden by moderation)."""
    now = now or timezone.now()
    counts = Exchange.objects.filter(status=ExchangeStatus.COMPLETED).aggregate(
        provider=Count("id", filter=Q(provider=member)), receiver=Count("id", filter=Q(receiver=member))
    )
    received = (
        Review.objects.filter(subject=member, hidden=False)
        .select_related("author__profile", "exchange__listing__category")
        .prefetch_related("exchange__reviews")
        .order_by("-created_at")[:50]
    )
    revealed = [r for r in received if reviews_are_revealed(r.exchange, list(r.exchange.reviews.all()), now=now)]
    average = Review.objects.filter(pk__in=[r.pk for r in revealed]).aggregate(avg=Avg("rating"))["avg"]
    profile = member.profile
    return MemberRecord(
        member=member,
        member_since=profile.verification_decided_at or profile.created_at,
        completed_as_provider=counts["provider"],
        completed_as_receiver=counts["receiver"],
        reviews=revealed,
        average_rating=round(average, 1) if average is not None else None,
    )


def visible_reviews_of(exchange: Exchange, user, *, now=None) -> list[Review]:
    """The reviews of an exchange `user` may read on its page: their own always, the other's
    once revealed (and not hidden)."""
    reviews = list(exchange.reviews.all())
    revealed = reviews_are_revealed(exchange, reviews, now=now)
    return [r for r in reviews if r.author_id == user.pk or (revealed and not r.hidden)]


def exchange_thread(exchange: Exchange):
    """The conversation of the exchange (its annonce and initiator) and its messages, oldest
    first; (None, []) before anyone wrote."""
    from messaging import selectors as messaging
    from messaging.models import Conversation

    conversation = Conversation.objects.filter(listing=exchange.listing, starter=exchange.initiator).first()
    if conversation is None:
        return None, []
    return conversation, list(messaging.messages_of(conversation))


def exchange_actions(exchange: Exchange, user, *, now=None) -> list[str]:
    """What `user` may do now on an exchange they are part of, by the services' own rules: the
    page shows these buttons and the API lists them (the services check again)."""
    now = now or timezone.now()
    status, is_author = exchange.status, user.pk == exchange.listing.author_id
    allowed = []
    if status == ExchangeStatus.REQUESTED:
        if is_author and exchange.start > now:
            allowed.append("accept")
        if is_author:
            allowed.append("decline")
        if user.pk == exchange.initiator_id:
            allowed.append("withdraw")
    if status == ExchangeStatus.ACCEPTED:
        allowed += ["cancel", "handover"]
        if exchange.has_started(now):
            allowed.append("complete")
    allowed.append("message")
    if status == ExchangeStatus.COMPLETED and not reviews_are_revealed(exchange, list(exchange.reviews.all()), now=now):
        allowed.append("review")
    return allowed
