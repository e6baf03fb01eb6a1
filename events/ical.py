"""iCalendar files (RFC 5545) with the `icalendar` package: one event, or the agenda feed."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Le Club//Agenda du lieu//FR"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _vevent(event, venue) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.summary}\n\n{settings.SITE_URL}{event.get_absolute_url()}")
    vevent.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    vevent.add("last-modified", event.updated_at)
    # Calendars replace an event they already hold when SEQUENCE grows (new time, cancellation).
    vevent.add("sequence", int(event.updated_at.timestamp()) - 1_700_000_000)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if venue is not None:
        place = f"{venue.name}, {venue.address}"
        if event.room:
            place = f"{event.room.name} – {place}"
        vevent.add("location", place)
        vevent.add("geo", (float(venue.latitude), float(venue.longitude)))
    return vevent


def event_ics(event, venue) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, venue))
    return calendar.to_ical()


def agenda_ics(events, venue, name: str) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, venue))
    return calendar.to_ical()
