"""The secret iCalendar feed of a member's exchanges: its token (rotating it revokes the old
address) and the feed itself."""

import datetime as dt
import secrets

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import HOLDING, PARIS, CalendarFeed, Exchange, ExchangeStatus, HandoverPlace

# Exchanges that ended longer ago than this drop out of the feed (calendar apps keep what they had).
FEED_HISTORY = dt.timedelta(days=180)


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


def feed_calendar(user, *, now=None) -> bytes:
    """The member's accepted and completed exchanges, and their pending requests (TENTATIVE), as
    iCalendar: a period of days as whole days, a slot with its times, a trip at its departure (no
    end: RFC 5545 wants DTEND after DTSTART). What ended over FEED_HISTORY ago is left out."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Le Club//Echanges//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(club)s : mes échanges") % {"club": settings.CLUB_NAME})
    rows = (
        Exchange.objects.filter(
            Q(provider=user) | Q(receiver=user),
            status__in=(*HOLDING, ExchangeStatus.REQUESTED),
            end__gte=now - FEED_HISTORY,
        )
        .select_related("listing", "provider__profile", "receiver__profile")
        .order_by("start", "pk")
    )
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    for exchange in rows:
        event = Event()
        event.add("uid", f"exchange-{exchange.pk}@{host}")
        other = exchange.other_party(user).profile.public_name
        event.add("summary", f"{exchange.listing.title} · {other}")
        if exchange.unit == "days":
            event.add("dtstart", exchange.first_day)
            event.add("dtend", timezone.localtime(exchange.end, PARIS).date())
        else:
            event.add("dtstart", timezone.localtime(exchange.start, PARIS))
            if exchange.end > exchange.start:
                event.add("dtend", timezone.localtime(exchange.end, PARIS))
        event.add("dtstamp", exchange.updated_at)
        event.add("status", "TENTATIVE" if exchange.status == ExchangeStatus.REQUESTED else "CONFIRMED")
        event.add("url", settings.SITE_URL + reverse("exchanges:detail", args=[exchange.pk]))
        lines = [f"{exchange.number} · {exchange.get_status_display()}"]
        if exchange.handover_place or exchange.handover_at:
            where = exchange.get_handover_place_display()
            when = (
                timezone.localtime(exchange.handover_at, PARIS).strftime("%d/%m/%Y %H:%M")
                if exchange.handover_at
                else ""
            )
            lines.append(" ".join(filter(None, [_("Remise :"), where, when, exchange.handover_note])))
            if exchange.handover_place == HandoverPlace.CLUB:
                event.add("location", str(settings.CLUB_NAME))
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
