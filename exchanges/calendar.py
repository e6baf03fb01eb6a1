"""The secret iCalendar feed of a member's exchanges: its token (rotating it revokes the old
address) and the feed itself."""

import secrets

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import HOLDING, CalendarFeed, Exchange, ExchangeStatus


def feed_token(*, user) -> str:
    """The member's feed token, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed.token


def feed_rotate(*, user) -> str:
    """A new secret address; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    return token


def feed_owner(token: str):
    """The member whose feed `token` opens, or None (unknown, revoked, or no longer verified)."""
    feed = CalendarFeed.objects.select_related("user__profile").filter(token=token).first()
    if feed is None or not feed.user.is_verified_member:
        return None
    return feed.user


def feed_calendar(user) -> bytes:
    """The member's accepted and completed exchanges (and pending requests), as iCalendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Le Club//Echanges//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(settings.CLUB_NAME))
    rows = Exchange.objects.filter(
        Q(provider=user) | Q(receiver=user), status__in=(*HOLDING, ExchangeStatus.REQUESTED)
    ).select_related("listing", "provider__profile", "receiver__profile")
    for exchange in rows:
        event = Event()
        event.add("uid", f"exchange-{exchange.pk}@{settings.SITE_URL.split('//')[-1]}")
        other = exchange.other_party(user).profile.public_name
        event.add("summary", f"{exchange.listing.title} · {other}")
        if exchange.unit == "days":
            event.add("dtstart", exchange.first_day)
            event.add("dtend", timezone.localtime(exchange.end).date())
        else:
            event.add("dtstart", exchange.start)
            event.add("dtend", exchange.end if exchange.end > exchange.start else exchange.start)
        event.add("dtstamp", exchange.updated_at)
        event.add("status", "TENTATIVE" if exchange.status == ExchangeStatus.REQUESTED else "CONFIRMED")
        event.add("url", settings.SITE_URL + reverse("exchanges:detail", args=[exchange.pk]))
        event.add("description", f"{exchange.number} · {exchange.get_status_display()}")
        calendar.add_component(event)
    return calendar.to_ical()
