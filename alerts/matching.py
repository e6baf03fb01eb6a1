"""Which alerts one published annonce matches: the worker side of the alerts.

One SQL query narrows the active alerts to the candidates, with the indexed pre-filters derived
from each alert's query string when it was saved (category, kind, free only, the bounding box of
its place and radius); the exact distance is then checked on those few rows. The criteria SQL
does not decide (text, dates, category fields) are checked by the search page's own FilterSet
run on this one annonce, once per distinct set of such criteria among the candidates (many alerts
share « vélo »). So the FilterSet stays the one home of what a criterion means, and no alert's
search is ever run over all annonces."""

from django.db.models import Q, QuerySet
from django.http import QueryDict

from listings import geo
from listings.filters import ListingFilter
from listings.models import Listing

from .models import Frequency, SavedSearch


def _verified_owners() -> Q:
    """The login wall's rule (members.User.is_verified_member) as a filter on the alert's owner."""
    return Q(user__is_active=True) & (Q(user__is_staff=True) | Q(user__profile__verification_status="verified"))


def alert_candidates(listing: Listing) -> QuerySet[SavedSearch]:
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
    return candidates.only(
        "pk", "user_id", "frequency", "center_lat", "center_lng", "radius_km", "check_query", "created_at"
    )


def _within_radius(alert: SavedSearch, listing: Listing) -> bool:
    if alert.center_lat is None:
        return True
    distance = geo.haversine_km(alert.center_lat, alert.center_lng, listing.lat, listing.lng)
    return distance <= alert.radius_km


def filterset_accepts(check_query: str, listing: Listing) -> bool:
    """Whether the search page's FilterSet, given these criteria, would list `listing`."""
    filterset = ListingFilter(QueryDict(check_query), queryset=Listing.objects.filter(pk=listing.pk))
    return filterset.is_valid() and filterset.qs.exists()


def alerts_matching(listing: Listing) -> list[SavedSearch]:
    """The alerts `listing` matches, immediate ones first, then oldest first (so that when several
    of a member's alerts match, the one that sends soonest is the one recorded)."""
    candidates = [alert for alert in alert_candidates(listing) if _within_radius(alert, listing)]
    verdicts = {
        query: filterset_accepts(query, listing) for query in {a.check_query for a in candidates if a.check_query}
    }
    matched = [alert for alert in candidates if not alert.check_query or verdicts[alert.check_query]]
    matched.sort(key=lambda alert: (alert.frequency != Frequency.IMMEDIATE, alert.created_at, alert.pk))
    return matched
