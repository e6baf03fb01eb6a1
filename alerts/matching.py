"""Which alerts one published annonce matches: the worker side of the alerts.

One SQL query narrows the active alerts to the candidates, with the indexed pre-filters derived
from each alert's query string when it was saved (category, kind, free only, the bounding box of
its place and radius); the exact distance is then checked on those few rows. The criteria SQL
does not decide (text, dates, category fields) are checked by the search page's own FilterSet
run on this one annonce, once per distinct set of such criteria among the candidates (many alerts
share « vélo »). So the FilterSet stays the one home of what a criterion means, and no alert's
search is ever run over all annonces."""

import re

from django.db.models import IntegerField, Q, QuerySet, Value
from django.http import QueryDict

from listings import geo
from listings.filters import ListingFilter, _normalise
from listings.models import Listing

from .models import Frequency, SavedSearch


def _verified_owners() -> Q:
    """The login wall's rule (members.User.is_verified_member) as a filter on the alert's owner."""
    return Q(user__is_active=True) & (Q(user__is_staff=True) | Q(user__profile__verification_status="verified"))


def alert_candidates(listing: Listing) -> QuerySet:
    """Active alerts of verified members other than the author whose pre-filters let `listing`
    through: one query, on the partial indexes of SavedSearch."""
    candidates = (
        SavedSearch.objects.filter(active=True)
        .filter(_verified_owners())
        .exclude(user_id=listing.author_id)
        .filter(Q(category__isnull=True) | Q(category_id=listing.category_id))
        .filter(kind__in=["", listing.kind])
        .filter(
            Q(min_lat__isnull=True)
            | Q(min_lat__lte=listing.lat, max_lat__gte=listing.lat, min_lng__lte=listing.lng, max_lng__gte=listing.lng)
        )
    )
    if not listing.is_free:
        candidates = candidates.filter(free_only=False)
    # Plain rows, not model instances: at 100 000 alerts there may be thousands of candidates.
    return candidates.order_by().values_list(
        "id", "user_id", "frequency", "center_lat", "center_lng", "radius_km", "check_query", "created_at", named=True
    )


def _within_radius(alert, listing: Listing) -> bool:
    if alert.center_lat is None:
        return True
    distance = geo.haversine_km(alert.center_lat, alert.center_lng, listing.lat, listing.lng)
    return distance <= alert.radius_km


# pg_trgm's default pg_trgm.word_similarity_threshold, under which the FilterSet's typo branch
# (title__trigram_word_similar) never matches; the pre-check below stays a little under it.
WORD_SIMILARITY_THRESHOLD = 0.6
PRECHECK_MARGIN = 0.1


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of a text: each word padded with two spaces before and one after."""
    grams = set()
    for word in re.findall(r"[^\W_]+", text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


class TextPrecheck:
    """A necessary condition, computed once per annonce, for the FilterSet's text filter to accept
    it: cheap enough to rule out most of the candidates' texts before the FilterSet decides.
    Never stricter than the FilterSet (tests/test_matching proves it on PostgreSQL):
    - full text: a word typed must match a word of the annonce, and a French stem keeps the first
      two letters of its word (suffixes go from the R1 region onwards, which starts later);
    - a single word may instead be a typo of a title word: pg_trgm's word similarity is at most
      the share of the typed word's trigrams found in the title."""

    def __init__(self, listing: Listing):
        words = re.findall(r"[^\W_]+", _normalise(f"{listing.title} {listing.description}"))
        self.starts = {word[:2] for word in words}
        self.title_trigrams = _trigrams(_normalise(listing.title))

    def may_accept(self, check_query: str) -> bool:
        text = QueryDict(check_query).get("q", "")
        words = [_normalise(word) for word in re.findall(r"[^\W_]+", text)[:8]]
        if not words:
            return True
        # Any one word (the others might be stop words, which the full-text search drops).
        if any(len(word) < 2 or word[:2] in self.starts for word in words):
            return True
        typed = _normalise(text)
        if len(typed.split()) != 1:
            return False
        grams = _trigrams(typed)
        shared = len(grams & self.title_trigrams) / len(grams) if grams else 1
        return shared >= WORD_SIMILARITY_THRESHOLD - PRECHECK_MARGIN


def filterset_verdicts(check_queries, listing: Listing) -> set[str]:
    """Which of these criteria (query strings) the search page's FilterSet accepts `listing` for.
    Each FilterSet is built on this one annonce, and all of them are asked in one SQL query (a
    UNION ALL of their querysets): one round trip, however many distinct texts there are."""
    precheck = TextPrecheck(listing)
    queries = sorted(query for query in check_queries if precheck.may_accept(query))
    base = Listing.objects.filter(pk=listing.pk)
    parts = []
    for index, query in enumerate(queries):
        filterset = ListingFilter(QueryDict(query), queryset=base)
        if filterset.is_valid():
            parts.append(filterset.qs.order_by().values_list(Value(index, output_field=IntegerField()), flat=True))
    if not parts:
        return set()
    accepted = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {queries[index] for index in accepted}


def alerts_matching(listing: Listing) -> list:
    """The alerts `listing` matches (rows with id, user_id, frequency…), immediate ones first, then
    oldest first (so that when several of a member's alerts match, the one that sends soonest is
    the one recorded)."""
    candidates = [alert for alert in alert_candidates(listing) if _within_radius(alert, listing)]
    accepted = filterset_verdicts({alert.check_query for alert in candidates if alert.check_query}, listing)
    matched = [alert for alert in candidates if not alert.check_query or alert.check_query in accepted]
    matched.sort(key=lambda alert: (alert.frequency != Frequency.IMMEDIATE, alert.created_at, alert.id))
    return matched
