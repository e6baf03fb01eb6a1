import re

from django.core.cache import cache
from django.db.models import F, Prefetch

from .models import OpeningException, Partner, PartnerOffer, Venue

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


def partners_with_feeds():
    """The active partners that have a feed to read."""
    return Partner.objects.filter(is_active=True).exclude(feed_url="").order_by("pk")


def partner_offers_visible():
    """The offers members may see: those of active partners, newest first, with their partner."""
    return (
        PartnerOffer.objects.filter(partner__is_active=True)
        .select_related("partner")
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


def partner_offer_kinds() -> list[tuple[str, str]]:
    """(kind, label) of the kinds of offer seen in the feeds, for the filter's choices."""
    rows = (
        PartnerOffer.objects.filter(partner__is_active=True)
        .exclude(kind="")
        .values_list("kind", "kind_label")
        .order_by("kind")
        .distinct()
    )
    kinds = {}
    for kind, label in rows:
        kinds.setdefault(kind, label)
    return sorted(kinds.items(), key=lambda pair: pair[1].lower())


def partners_with_offers():
    return Partner.objects.filter(is_active=True, offers__isnull=False).distinct().order_by("name")


def partner_offers_matching(text: str, *, limit: int = 3):
    """At most `limit` offers whose title or summary match every word of `text` (accents and case
    ignored on PostgreSQL; a word-by-word icontains elsewhere), for the annonce search page."""
    from .filters import offers_matching_text

    text = (text or "").strip()
    if not re.search(r"[^\W_]", text):  # nothing but punctuation: no text to match, no block
        return PartnerOffer.objects.none()
    return offers_matching_text(partner_offers_visible(), text)[:limit]
