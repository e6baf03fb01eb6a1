"""Turning what a member asks for (dates, a slot, seats on a trip) into the [start, end) an exchange
stores, with the errors a person can act on. No database writes here."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from listings.categories import schema_for
from listings.models import ExchangeUnit, Listing

from .errors import ExchangeError
from .models import PARIS, day_start

# How far ahead an exchange may be asked for.
MAX_DAYS_AHEAD = 366
MAX_PERIOD_DAYS = 90


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime
    seats: int = 1


def trip_departure(listing: Listing) -> dt.datetime | None:
    value = (listing.details or {}).get("departure_at")
    try:
        return timezone.localtime(dt.datetime.fromisoformat(value), PARIS) if value else None
    except (TypeError, ValueError):
        return None


def trip_total_seats(listing: Listing) -> int:
    try:
        return max(int((listing.details or {}).get("seats") or 0), 0)
    except (TypeError, ValueError):
        return 0


def _as_date(value, field):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, PARIS).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    raise ExchangeError(_("Indiquez une date."), field=field)


def _as_moment(value, field):
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=PARIS)
    raise ExchangeError(_("Indiquez une date et une heure."), field=field)


def period_for(*, listing: Listing, start=None, end=None, seats: int = 1, now=None) -> Period:
    """The period asked for on `listing`, checked against the calendar and the annonce's own
    dates. Raises ExchangeError with the field to blame."""
    now = now or timezone.now()
    today = timezone.localtime(now, PARIS).date()
    unit = listing.category.exchange_unit
    if unit == ExchangeUnit.SEATS:
        departure = trip_departure(listing)
        if departure is None or departure <= now:
            raise ExchangeError(_("Ce trajet est déjà parti."), field="seats")
        total = trip_total_seats(listing)
        if not isinstance(seats, int) or not 1 <= seats <= max(total, 1):
            raise ExchangeError(_("Choisissez de 1 à %(max)s places.") % {"max": max(total, 1)}, field="seats")
        return Period(start=departure, end=departure, seats=seats)
    if unit == ExchangeUnit.DAYS:
        first, last = _as_date(start, "start"), _as_date(end if end is not None else start, "end")
        if first < today:
            raise ExchangeError(_("Cette date est passée."), field="start")
        if last < first:
            raise ExchangeError(_("La fin doit être le même jour que le début ou après."), field="end")
        if (last - first).days + 1 > MAX_PERIOD_DAYS:
            raise ExchangeError(_("Une période dure au plus %(days)s jours.") % {"days": MAX_PERIOD_DAYS}, field="end")
        if (first - today).days > MAX_DAYS_AHEAD:
            raise ExchangeError(_("Demandez au plus un an à l'avance."), field="start")
        if listing.available_from and first < listing.available_from:
            raise ExchangeError(
                _("Disponible à partir du %(day)s.") % {"day": listing.available_from.strftime("%d/%m/%Y")},
                field="start",
            )
        if listing.available_until and last > listing.available_until:
            raise ExchangeError(
                _("Disponible jusqu'au %(day)s.") % {"day": listing.available_until.strftime("%d/%m/%Y")},
                field="end",
            )
        return Period(start=day_start(first), end=day_start(last + dt.timedelta(days=1)))
    if unit == ExchangeUnit.SLOT:
        begins, ends = _as_moment(start, "start"), _as_moment(end, "end")
        if begins <= now:
            raise ExchangeError(_("Ce créneau est passé."), field="start")
        if ends <= begins:
            raise ExchangeError(_("La fin du créneau doit suivre son début."), field="end")
        if timezone.localtime(begins, PARIS).date() != timezone.localtime(ends, PARIS).date():
            raise ExchangeError(_("Un créneau tient dans une journée."), field="end")
        if (timezone.localtime(begins, PARIS).date() - today).days > MAX_DAYS_AHEAD:
            raise ExchangeError(_("Demandez au plus un an à l'avance."), field="start")
        return Period(start=begins, end=ends)
    raise ExchangeError(_("Cette annonce ne se demande pas en échange : écrivez à son auteur."), field="listing")


def unit_of(listing: Listing) -> str:
    return listing.category.exchange_unit


def is_trip(listing: Listing) -> bool:
    return unit_of(listing) == ExchangeUnit.SEATS and schema_for(listing.category.schema).key == "ride"
