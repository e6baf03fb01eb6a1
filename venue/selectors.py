from django.core.cache import cache
from django.db.models import Prefetch

from .models import OpeningException, Partner, Venue

CACHE_KEY = "venue:current"
CACHE_SECONDS = 300  # a safety net only: every save or delete through the ORM clears it (apps.py)


def venue_current() -> Venue | None:
    """The venue with its hours, upcoming exceptions and rooms prefetched (one per site).

    Every public page shows it, and it changes a few times a year: it is kept in the cache (Redis,
    shared by the web processes) for five minutes and for today's date only, and forgotten
    whenever the venue, its hours, its exceptions or its rooms are saved or deleted (venue.apps),
    so pages never show stale hours."""
    from django.utils import timezone

    today = timezone.localdate()
    cached = cache.get(CACHE_KEY)
    if cached is not None and cached[0] == today:
        return cached[1]
    venue = (
        Venue.objects.prefetch_related(
            "hours",
            "rooms",
            Prefetch("exceptions", queryset=OpeningException.objects.filter(date__gte=today).order_by("date")),
        )
        .order_by("pk")
        .first()
    )
    cache.set(CACHE_KEY, (today, venue), CACHE_SECONDS)
    return venue


def venue_forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def partners_public():
    return Partner.objects.filter(is_active=True).order_by("name")
