"""Writes about alerts that carry a rule. Views, the API, the admin and the tasks call these.
Keyword-only arguments; e-mails are sent by tasks (alerts.tasks), after commit."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Listing
from listings.selectors import listings_visible_to

from .matching import alerts_matching
from .models import MAX_SAVED_SEARCHES, AlertMatch, Frequency, MatchStatus, SavedSearch
from .query import describe, parse_query


def _apply_query(saved_search: SavedSearch, query: str) -> None:
    parsed = parse_query(query)  # raises ValidationError({"query": …}) as the search page refuses it
    saved_search.query = parsed.query
    for name, value in parsed.prefilters.items():
        setattr(saved_search, name, value)


def _check_frequency(frequency: str) -> None:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Fréquence inconnue.")})


@transaction.atomic
def saved_search_create(
    *, user, query: str, label: str = "", frequency: str = Frequency.DAILY, active: bool = True
) -> SavedSearch:
    """Save a search as it stands on the search page (its query string), for a verified member,
    MAX_SAVED_SEARCHES at most. The label defaults to the search in words. Takes a row lock on
    the member so that two saves at once never pass the cap."""
    if not user.is_verified_member:
        raise PermissionDenied
    _check_frequency(frequency)
    saved_search = SavedSearch(user=user, frequency=frequency, active=active)
    _apply_query(saved_search, query)
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("Vous avez déjà %(n)s alertes : supprimez-en une avant d'en créer une autre.") % {"n": MAX_SAVED_SEARCHES}
        )
    saved_search.label = (label or "").strip()[:80] or describe(saved_search.query)[:80]
    saved_search.save()
    return saved_search


def saved_search_update(*, saved_search: SavedSearch, **fields) -> SavedSearch:
    """Change an alert (the caller checked ownership with access_own_saved_search): its label,
    frequency, on/off, or its query (re-read by the FilterSet, pre-filters derived again)."""
    if "query" in fields:
        _apply_query(saved_search, fields.pop("query"))
    if "frequency" in fields:
        _check_frequency(fields["frequency"])
    if "label" in fields:
        fields["label"] = (fields["label"] or "").strip()[:80] or describe(saved_search.query)[:80]
    for name in ("label", "frequency", "active"):
        if name in fields:
            setattr(saved_search, name, fields[name])
    saved_search.save()
    return saved_search


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    saved_search.delete()


def saved_search_turn_off(*, saved_search_id: int) -> SavedSearch | None:
    """The one-click unsubscribe: the alert stops sending (idempotent); None if it is gone."""
    SavedSearch.objects.filter(pk=saved_search_id).update(active=False, updated_at=timezone.now())
    return SavedSearch.objects.filter(pk=saved_search_id).first()


def saved_search_mark_seen(*, saved_search: SavedSearch) -> None:
    """The member opened the alert as a search: what it found so far is no longer new."""
    SavedSearch.objects.filter(pk=saved_search.pk).update(seen_at=timezone.now())


# --- Matching and sending (worker side) ---------------------------------------------------------
def alerts_match_listing(*, listing_id: int) -> list[int]:
    """Record the alerts a just-published annonce matches, one row per member (the unique
    (member, annonce) constraint: an annonce reaches a member once, whatever their alerts, and a
    second run records nothing more). Only when the annonce is visible in search. Returns the ids
    of the new rows that an immediate alert sends now."""
    listing = listings_visible_to(None).filter(pk=listing_id).first()
    if listing is None:
        return []
    already = set(AlertMatch.objects.filter(listing=listing).values_list("user_id", flat=True))
    rows = []
    for alert in alerts_matching(listing):
        if alert.user_id in already:
            continue
        already.add(alert.user_id)
        rows.append(AlertMatch(saved_search_id=alert.id, user_id=alert.user_id, listing=listing))
    AlertMatch.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run wins quietly
    return list(
        AlertMatch.objects.filter(
            listing=listing, status=MatchStatus.PENDING, saved_search__frequency=Frequency.IMMEDIATE
        ).values_list("pk", flat=True)
    )


def _still_wanted(saved_search: SavedSearch) -> bool:
    return saved_search.active and saved_search.user.is_verified_member


def alert_send_match(*, match_id: int, send: Callable[[SavedSearch, list[Listing]], None]) -> bool:
    """Send one immediate alert's annonce: lock its row (skip_locked: another run is on it), check
    it is still pending, the alert still on, its member still verified and the annonce still
    visible, `send(saved_search, [listing])`, then record it sent in the same transaction. A send
    that fails records nothing (the retry sends); a recorded one is never sent again."""
    with transaction.atomic():
        match = (
            AlertMatch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("saved_search__user__profile")
            .filter(pk=match_id, status=MatchStatus.PENDING)
            .first()
        )
        if match is None:
            return False
        saved_search = match.saved_search
        listing = listings_visible_to(saved_search.user).filter(pk=match.listing_id).first()
        if listing is None or listing.author_id == saved_search.user_id or not _still_wanted(saved_search):
            AlertMatch.objects.filter(pk=match.pk).update(status=MatchStatus.DROPPED)
            return False
        send(saved_search, [listing])
        AlertMatch.objects.filter(pk=match.pk).update(status=MatchStatus.SENT, sent_at=timezone.now())
    return True


def digests_due() -> list[int]:
    """The active daily alerts with annonces waiting to be sent."""
    return list(
        SavedSearch.objects.filter(active=True, frequency=Frequency.DAILY, matches__status=MatchStatus.PENDING)
        .values_list("pk", flat=True)
        .distinct()
    )


def digest_send(*, saved_search_id: int, send: Callable[[SavedSearch, list[Listing]], None]) -> int:
    """One daily alert's digest: lock its pending rows (skip_locked), keep the annonces still
    visible, `send(saved_search, listings)` once, then record them sent (the others dropped), all
    in one transaction. Nothing is sent for an alert turned off or a member no longer verified.
    Returns how many annonces were sent."""
    with transaction.atomic():
        saved_search = SavedSearch.objects.select_related("user__profile").filter(pk=saved_search_id).first()
        if saved_search is None:
            return 0
        matches = list(
            AlertMatch.objects.select_for_update(skip_locked=True)
            .filter(saved_search=saved_search, status=MatchStatus.PENDING)
            .order_by("created_at", "pk")
        )
        if not matches:
            return 0
        listings = []
        if _still_wanted(saved_search):
            visible = listings_visible_to(saved_search.user).exclude(author=saved_search.user)
            listings = list(visible.filter(pk__in=[m.listing_id for m in matches]).order_by("-published_at", "-id"))
        sent_ids = {listing.pk for listing in listings}
        if listings:
            send(saved_search, listings)
        now = timezone.now()
        AlertMatch.objects.filter(pk__in=[m.pk for m in matches if m.listing_id in sent_ids]).update(
            status=MatchStatus.SENT, sent_at=now
        )
        AlertMatch.objects.filter(pk__in=[m.pk for m in matches if m.listing_id not in sent_ids]).update(
            status=MatchStatus.DROPPED
        )
    return len(listings)
