"""Writes with a rule on the venue."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .models import OpeningException, Venue

REASON_MAX = OpeningException._meta.get_field("reason").max_length


@transaction.atomic
def opening_exceptional_open(
    *, venue: Venue, day: dt.date, opens: dt.time, closes: dt.time, why: str
) -> OpeningException:
    """Open the venue on `day` at least from `opens` to `closes`, for an event staff decided to hold
    outside the usual hours: that day's exception (which replaces the weekly hours, and which the
    venue page lists under « Dates particulières ») becomes an opening covering the usual hours of
    the day, an earlier exceptional opening and the new hours. A closure that day (a holiday)
    becomes that opening; its reason is kept in front. Takes a row lock on the day's exception, if any."""
    exception = OpeningException.objects.select_for_update().filter(venue=venue, date=day).first()
    spans = [(opens, closes)]
    if exception is None:
        spans += [(h.opens, h.closes) for h in venue.hours.filter(weekday=day.weekday())]
        exception = OpeningException(venue=venue, date=day)
    elif not exception.closed and exception.opens and exception.closes:
        spans.append((exception.opens, exception.closes))
    exception.closed = False
    exception.opens = min(start for start, _end in spans)
    exception.closes = max(end for _start, end in spans)
    reason = _("Ouverture exceptionnelle : %(why)s") % {"why": why}
    if reason not in exception.reason:
        joined = f"{exception.reason} · {reason}" if exception.reason else reason
        exception.reason = joined if len(joined) <= REASON_MAX else joined[: REASON_MAX - 1] + "…"
    exception.save()
    return exception
