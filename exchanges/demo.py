"""Demo exchanges for `manage.py seed_demo`, after the members, annonces and the venue: every state
between the demo members (membre@club.example on both sides), reviews revealed and not yet, a
reported review, blocked days on a loan, a full trip and a taken slot.

Rows are written through the models, with the invariants the services keep (no two holding
exchanges of an annonce overlap, a trip's counter matches its accepted seats), so that seeding
sends no e-mail. Idempotent: each scenario is keyed by (annonce, member who asked); blocked days
and the trip's counter are only written once."""

import datetime as dt

from django.utils import timezone

from listings.models import ExchangeUnit, Kind, Listing, Status
from members.models import User

from .models import BlockedPeriod, Exchange, ExchangeStatus, HandoverPlace, Review, ReviewReport, TripSeats, day_start
from .periods import trip_departure, trip_total_seats

MAIN = "membre@club.example"
OTHERS = [
    "karim@membres.club.example",
    "sophie@membres.club.example",
    "julien@membres.club.example",
    "amandine@membres.club.example",
    "marc@membres.club.example",
    "elodie@membres.club.example",
]


def _offers(author, unit, *, slug=None):
    offers = Listing.objects.filter(
        author=author, kind=Kind.OFFER, status=Status.PUBLISHED, category__exchange_unit=unit
    ).select_related("category")
    if slug:
        offers = offers.filter(category__slug=slug)
    return offers.order_by("id")


def _loan_of(author):
    """The author's first lending annonce (or any annonce by days), open all year for the demo."""
    listing = (
        _offers(author, ExchangeUnit.DAYS, slug="pret-objets").first() or _offers(author, ExchangeUnit.DAYS).first()
    )
    if listing is not None and (listing.available_from or listing.available_until):
        Listing.objects.filter(pk=listing.pk).update(available_from=None, available_until=None)
    return listing


def _club_handover(before: dt.datetime) -> dt.datetime | None:
    """A moment the venue is open in the few days before `before` (its hours say when)."""
    from venue.selectors import venue_current

    venue = venue_current()
    if venue is None:
        return None
    for days in range(1, 6):
        for hour in (11, 15, 18):
            moment = timezone.make_aware(dt.datetime.combine((before - dt.timedelta(days=days)).date(), dt.time(hour)))
            if moment > timezone.now() and venue.opening_status(moment).is_open:
                return moment
    return None


def _exchange(listing, initiator, status, first=None, last=None, *, now, **fields):
    """One exchange of `listing` asked by `initiator`, unless it exists. `first`/`last` are days
    from today (a period of days); for slots and trips pass start/end in `fields`."""
    existing = Exchange.objects.filter(listing=listing, initiator=initiator).first()
    if existing is not None:
        return existing
    offer = listing.kind == Kind.OFFER
    unit = listing.category.exchange_unit
    today = timezone.localdate()
    if unit == ExchangeUnit.DAYS:
        fields.setdefault("start", day_start(today + dt.timedelta(days=first)))
        fields.setdefault("end", day_start(today + dt.timedelta(days=(last if last is not None else first) + 1)))
    created = fields.pop("created_at", None) or min(now, fields["start"]) - dt.timedelta(days=3)
    moments = {"created_at": created}
    if status in (ExchangeStatus.ACCEPTED, ExchangeStatus.COMPLETED, ExchangeStatus.CANCELLED):
        moments["accepted_at"] = created + dt.timedelta(hours=5)
    if status in (ExchangeStatus.DECLINED, ExchangeStatus.WITHDRAWN, ExchangeStatus.EXPIRED, ExchangeStatus.CANCELLED):
        moments["closed_at"] = min(now, created + dt.timedelta(days=1))
    return Exchange.objects.create(
        listing=listing,
        initiator=initiator,
        provider=listing.author if offer else initiator,
        receiver=initiator if offer else listing.author,
        unit=unit,
        status=status,
        **moments,
        **fields,
    )


def _completed(listing, initiator, first, last, *, completed_days_ago, now):
    exchange = _exchange(
        listing,
        initiator,
        ExchangeStatus.COMPLETED,
        first,
        last,
        now=now,
        handover_place=HandoverPlace.OTHER,
        handover_note="Au pied de l'immeuble, côté boulangerie",
    )
    if exchange.completed_at is None:
        exchange.completed_at = now - dt.timedelta(days=completed_days_ago)
        exchange.completed_by = exchange.receiver
        exchange.save(update_fields=["completed_at", "completed_by"])
    return exchange


def _review(exchange, author, rating, text, *, days_after_completion):
    review, _created = Review.objects.get_or_create(
        exchange=exchange,
        author=author,
        defaults={
            "subject": exchange.other_party(author),
            "rating": rating,
            "text": text,
            "created_at": exchange.completed_at + dt.timedelta(days=days_after_completion),
        },
    )
    return review


def seed_exchanges() -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[MAIN, *OTHERS]).select_related("profile")}
    main = users.get(MAIN)
    others = [users[email] for email in OTHERS if email in users]
    if main is None or len(others) < 5:
        return
    karim, sophie, julien, amandine, marc = others[:5]
    now = timezone.now()

    # Claire lends: a request to answer, one accepted (hand-over at the Club), one done and
    # reviewed by both (revealed), one declined because it clashed, one withdrawn; blocked days.
    mine = _loan_of(main)
    if mine is not None:
        _exchange(mine, karim, ExchangeStatus.REQUESTED, 12, 14, now=now, created_at=now - dt.timedelta(hours=20))
        start = day_start(timezone.localdate() + dt.timedelta(days=20))
        club_at = _club_handover(start)
        handover = (
            {"handover_place": HandoverPlace.CLUB, "handover_at": club_at}
            if club_at
            else {"handover_place": HandoverPlace.OTHER, "handover_note": "Devant la médiathèque, à 18 h"}
        )
        _exchange(mine, sophie, ExchangeStatus.ACCEPTED, 20, 23, now=now, **handover)
        _exchange(
            mine,
            amandine,
            ExchangeStatus.DECLINED,
            21,
            22,
            now=now,
            decline_reason="Ces dates ont été accordées à un autre membre.",
        )
        _exchange(mine, marc, ExchangeStatus.WITHDRAWN, 40, 41, now=now)
        done = _completed(mine, julien, -20, -17, completed_days_ago=16, now=now)
        _review(done, julien, 5, "Perceuse impeccable et conseils en prime. Merci Claire !", days_after_completion=1)
        _review(done, main, 5, "Rendue propre et à l'heure. Un plaisir de prêter à Julien.", days_after_completion=2)
        if not mine.blocked_periods.exists():
            today = timezone.localdate()
            BlockedPeriod.objects.create(
                listing=mine, first_day=today + dt.timedelta(days=30), last_day=today + dt.timedelta(days=33)
            )
            BlockedPeriod.objects.create(
                listing=mine, first_day=today + dt.timedelta(days=45), last_day=today + dt.timedelta(days=45)
            )

    # Claire borrows: an accepted loan, a finished one she reviewed (not yet revealed), a
    # cancellation, an expired request and one waiting for an answer.
    theirs = _loan_of(karim)
    if theirs is not None:
        _exchange(theirs, main, ExchangeStatus.ACCEPTED, 5, 7, now=now)
        done = _completed(theirs, sophie, -10, -8, completed_days_ago=6, now=now)
        _review(done, sophie, 4, "Très bon contact, objet conforme.", days_after_completion=0)
    lent = _loan_of(julien)
    if lent is not None:
        done = _completed(lent, main, -12, -9, completed_days_ago=5, now=now)
        _review(done, main, 4, "Tout s'est bien passé, merci Julien !", days_after_completion=1)
        _exchange(lent, karim, ExchangeStatus.EXPIRED, -2, 1, now=now, created_at=now - dt.timedelta(days=9))
    cancelled_on = _loan_of(sophie)
    if cancelled_on is not None:
        _exchange(
            cancelled_on,
            main,
            ExchangeStatus.CANCELLED,
            15,
            16,
            now=now,
            cancel_reason="Désolée, je pars finalement ce week-end-là.",
            cancelled_by=sophie,
        )
        _exchange(cancelled_on, marc, ExchangeStatus.EXPIRED, 9, 10, now=now, created_at=now - dt.timedelta(days=8))
    waiting = _loan_of(amandine)
    if waiting is not None:
        _exchange(waiting, main, ExchangeStatus.REQUESTED, 25, 26, now=now, created_at=now - dt.timedelta(hours=3))

    # A full trip: every seat accepted, Claire among the passengers.
    _full_trip([marc, *others[5:], karim, sophie], [main, *others], now=now)

    # A slot of help between neighbours, accepted.
    help_offer = _offers(julien, ExchangeUnit.SLOT).first() or _offers(karim, ExchangeUnit.SLOT).first()
    if help_offer is not None and help_offer.author != main:
        start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=6), dt.time(14)))
        _exchange(help_offer, main, ExchangeStatus.ACCEPTED, now=now, start=start, end=start + dt.timedelta(hours=2))

    # One revealed review reported, for the moderation queue.
    reported = Review.objects.filter(exchange__listing=mine, author=julien).first() if mine else None
    if reported is not None:
        ReviewReport.objects.get_or_create(
            review=reported, reporter=amandine, defaults={"text": "Cet avis parle d'un autre échange que celui-ci."}
        )


def _full_trip(drivers, members, *, now) -> None:
    """The first coming trip of one of `drivers` that the other members can fill, filled."""
    for driver in drivers:
        passengers = [member for member in members if member != driver]
        for trip in _offers(driver, ExchangeUnit.SEATS):
            departure, total = trip_departure(trip), trip_total_seats(trip)
            if departure is None or departure < now + dt.timedelta(hours=12) or not 1 <= total <= len(passengers):
                continue
            if not TripSeats.objects.filter(listing=trip).exists():
                for passenger in passengers[:total]:
                    _exchange(trip, passenger, ExchangeStatus.ACCEPTED, now=now, start=departure, end=departure)
                TripSeats.objects.create(listing=trip, total=total, taken=total)
            return
