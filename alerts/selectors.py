"""Reads about alerts that carry a rule."""

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from .models import SavedSearch


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    """A member's alerts, each with `new_count`: the annonces it found since it was last opened
    as a search (one query)."""
    new = Q(matches__created_at__gt=F("seen_at")) | Q(seen_at__isnull=True, matches__isnull=False)
    return (
        SavedSearch.objects.filter(user=user)
        .select_related("category")
        .annotate(new_count=Count("matches", filter=new, distinct=True))
        .order_by("-created_at", "-id")
    )


def access_own_saved_search(user, pk) -> SavedSearch:
    """The alert `pk` if it is `user`'s, else 404 (for staff too: alerts are private)."""
    saved_search = SavedSearch.objects.filter(pk=pk, user=user).first()
    if saved_search is None:
        raise Http404
    return saved_search
