from django.db.models import Prefetch

from .models import OpeningException, Partner, Venue


def venue_current() -> Venue | None:
    """The venue with its hours, upcoming exceptions and rooms prefetched (one per site)."""
    from django.utils import timezone

    today = timezone.localdate()
    return (
        Venue.objects.prefetch_related(
            "hours",
            "rooms",
            Prefetch("exceptions", queryset=OpeningException.objects.filter(date__gte=today).order_by("date")),
        )
        .order_by("pk")
        .first()
    )


def partners_public():
    return Partner.objects.filter(is_active=True).order_by("name")
