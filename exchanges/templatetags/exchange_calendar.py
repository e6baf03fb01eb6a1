"""The availability calendar on an annonce's page (availability_html, from
exchanges.pages.listing_page_parts) and the private feed's section of the account page (an
inclusion tag)."""

import calendar as pycalendar
import datetime as dt
import hashlib
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from club import versions
from listings.models import ExchangeUnit, Kind

from .. import selectors
from ..calendar import feed_token

register = template.Library()

STATE_LABELS = {
    "free": lambda: _("libre"),
    "taken": lambda: _("pris"),
    "blocked": lambda: _("bloqué"),
    "past": lambda: _("passé"),
    "unavailable": lambda: _("hors des dates de l'annonce"),
}


@dataclass
class Day:
    day: dt.date
    state: str
    label: str
    is_today: bool


@dataclass
class Month:
    first: dt.date
    weeks: list[list[Day | None]]


def _state(availability, listing, day: dt.date) -> str:
    state = availability.state_of(day)
    if state == "free" and (
        (listing.available_from and day < listing.available_from)
        or (listing.available_until and day > listing.available_until)
    ):
        return "unavailable"
    return state


def month_grids(availability, listing) -> list[Month]:
    """The months from today's to `availability.until`, Monday first, as weeks of days (None
    outside the month)."""
    labels = {state: label() for state, label in STATE_LABELS.items()}
    months = []
    first = availability.today.replace(day=1)
    while first <= availability.until:
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
            weeks.append(
                [
                    Day(day, state := _state(availability, listing, day), labels[state], day == availability.today)
                    if day.month == first.month
                    else None
                    for day in week
                ]
            )
        months.append(Month(first=first, weeks=weeks))
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def weekday_names() -> list[tuple[str, str]]:
    """(short, full) names, Monday first, in the active language."""
    monday = dt.date(2024, 1, 1)  # a Monday
    return [
        (
            formats.date_format(monday + dt.timedelta(days=n), "D"),
            formats.date_format(monday + dt.timedelta(days=n), "l"),
        )
        for n in range(7)
    ]


def availability_context(listing, user, *, form=None, availability=None) -> dict:
    """What templates/exchanges/_availability.html needs; `show` is False when the annonce has no
    calendar (not exchangeable, or a request: « je cherche »)."""
    unit = listing.category.exchange_unit
    if not unit or listing.kind != Kind.OFFER:
        return {"show": False}
    availability = availability or selectors.listing_availability(listing)
    is_author = user.is_authenticated and user.pk == listing.author_id
    context = {"show": True, "listing": listing, "unit": unit, "availability": availability, "is_author": is_author}
    if unit == ExchangeUnit.DAYS:
        context["months"] = month_grids(availability, listing)
        context["weekdays"] = weekday_names()
        if is_author:
            from ..calendar_views import BlockForm

            context["form"] = form or BlockForm(prefix="block")
            context["blocked"] = selectors.blocked_periods_ahead(listing, today=availability.today)
    elif unit == ExchangeUnit.SLOT:
        context["slots"] = selectors.taken_slots(listing)
    return context


AVAILABILITY_TEMPLATE = "exchanges/_availability.html"


def availability_html(request, listing, *, token: str | None = None, found: dict | None = None) -> str:
    """The calendar of an exchangeable offer's coming months (taken and blocked days, never who
    took them), its seats left for a trip; the author also gets the form to block days and a
    « débloquer » button per blocked period.

    Everyone but the author sees the same days calendar: it is rendered once and read from the
    cache after (about ninety cells through the template engine, and two queries, otherwise), under
    availability_key. `token`: the annonce's exchanges version, when the caller read it already;
    `found`: what the caller read from the cache already (the key missing from it: not cached)."""
    user = request.user
    unit = listing.category.exchange_unit
    if not unit or listing.kind != Kind.OFFER:
        return ""  # no calendar (availability_context's `show`)
    key = availability_key(request, listing, token=token)
    if key is None:
        data = {**availability_context(listing, user), "request": request}
        # With the request: the author's form to block days gets the member's CSRF token.
        return render_to_string(AVAILABILITY_TEMPLATE, data, request=request)
    html = found.get(key) if found is not None else cache.get(key)
    if html is None:
        availability = selectors.listing_availability(listing, today=timezone.localdate())
        data = availability_context(listing, user, availability=availability)
        html = render_to_string(AVAILABILITY_TEMPLATE, {**data, "request": request})
        cache.set(key, html, 60 * 60 * 24)
    return mark_safe(html)  # noqa: S308 (our template, autoescaped)


def availability_key(request, listing, *, token: str | None = None) -> str | None:
    """The cache key of the days calendar the member of `request` sees, None when theirs is not
    the shared one (the author's, a trip's, slots). It holds the annonce's exchanges version
    (exchanges/versions.py: moved by every save or delete of one of its exchanges or blocked
    periods), the annonce's dates, today, the language, the time zone and the version of the
    template and static files."""
    unit = listing.category.exchange_unit
    if unit != ExchangeUnit.DAYS or listing.kind != Kind.OFFER or request.user.pk == listing.author_id:
        return None
    from ..versions import listing_name

    token = token or versions.current(listing_name(listing.pk))[listing_name(listing.pk)]
    shown = repr(
        (
            listing.pk,
            token,
            listing.available_from,
            listing.available_until,
            timezone.localdate(),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            versions.code_version(AVAILABILITY_TEMPLATE, static=("css/availability.css",)),
        )
    )
    return "calendar:" + hashlib.blake2s(shown.encode(), digest_size=12).hexdigest()


def feed_url(user) -> str:
    """The absolute secret address of `user`'s feed, in the default language (one address for
    the calendar app, whatever the page's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("exchange_calendar:feed", args=[feed_token(user=user)])
    return settings.SITE_URL.rstrip("/") + path


@register.inclusion_tag("exchanges/_feed_section.html", takes_context=True)
def exchange_feed_section(context):
    """{% exchange_feed_section %}: the account page's « Agenda de mes échanges » (verified
    members only: the feed answers nobody else). Makes the member's token on first view."""
    request = context["request"]
    user = request.user
    if not getattr(user, "is_verified_member", False):
        return {"show": False}
    url = feed_url(user)
    return {"show": True, "url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1], "request": request}
