import datetime as dt
import re

from django.core.cache import cache
from django.db.models import F, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import PARIS, OpeningException, Partner, PartnerOffer, Venue

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


# --- Is the venue open for an event? ------------------------------------------------------------
# One rule, used by the event admin (events.services.event_schedule_check), the demo programme and
# the tests: an event takes place while the venue is open.


def _venue_with_days(days) -> Venue | None:
    """The venue with its weekly hours and the exceptions of `days` (not only the upcoming ones:
    the rule also judges a past event being corrected)."""
    return (
        Venue.objects.prefetch_related(
            "hours", Prefetch("exceptions", queryset=OpeningException.objects.filter(date__in=list(days)))
        )
        .order_by("pk")
        .first()
    )


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, PARIS)


def venue_is_open(start: dt.datetime, end: dt.datetime, *, venue: Venue | None = None) -> bool:
    """True when an event from `start` to `end` fits the venue's opening hours (Europe/Paris):
    - within one day, the whole event lies inside one opening slot of that day (the weekly hours,
      or that day's exception, which replaces them: a closure, special hours, an exceptional
      opening);
    - over several days (an exhibition), it opens during an opening slot of its first day and
      ends during one of its last day; in between it simply runs while the venue is open.
    With no venue configured there is nothing to check against: True."""
    return not venue_opening_problem(start, end, venue=venue)


def venue_opening_problem(start: dt.datetime, end: dt.datetime, *, venue: Venue | None = None) -> str:
    """ "" when venue_is_open(start, end), else a French sentence saying why, naming the hours of
    the day concerned (for the error shown by the event form)."""
    first, last = _local(start), _local(end)
    venue = venue or _venue_with_days({first.date(), last.date()})
    if venue is None:
        return ""
    if first.date() == last.date():
        slots, _reason, _exception = venue.opening_for(first.date())
        if any(opens <= first.time() and last.time() <= closes for opens, closes in slots):
            return ""
        detail = _("L'évènement (%(from)s–%(to)s) n'y tient pas.") % _times(first, last)
        return _problem(venue, first.date(), slots, detail)
    slots, _reason, _exception = venue.opening_for(first.date())
    if not any(opens <= first.time() < closes for opens, closes in slots):
        return _problem(venue, first.date(), slots, _("L'évènement ne peut pas commencer à %(at)s.") % _at(first))
    slots, _reason, _exception = venue.opening_for(last.date())
    if not any(opens < last.time() <= closes for opens, closes in slots):
        return _problem(venue, last.date(), slots, _("L'évènement ne peut pas finir à %(at)s.") % _at(last))
    return ""


def _times(first, last) -> dict:
    return {"from": first.strftime("%H:%M"), "to": last.strftime("%H:%M")}


def _at(moment) -> dict:
    return {"at": moment.strftime("%H:%M")}


def _problem(venue: Venue, day: dt.date, slots, detail: str) -> str:
    when = formats.date_format(day, "l j F Y")
    if not slots:
        return _("%(venue)s est fermé le %(day)s.") % {"venue": venue.name, "day": when}
    hours = _(" et ").join(
        _("de %(opens)s à %(closes)s") % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
        for opens, closes in slots
    )
    return _("Horaires du %(day)s : %(hours)s. %(detail)s") % {"day": when, "hours": hours, "detail": detail}
