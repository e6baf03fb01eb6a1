import pytest
from django.db.models import F, Q, Sum
from django.utils import timezone

from exchanges.demo import seed_exchanges
from exchanges.models import BlockedPeriod, Exchange, ExchangeStatus, Review, ReviewReport, TripSeats
from exchanges.reviews import reviews_are_revealed
from listings.demo import seed_listings
from members.demo import seed_members
from members.models import User
from venue.demo import seed_venue

pytestmark = pytest.mark.django_db


def seed():
    seed_members()
    seed_listings()
    seed_venue()
    seed_exchanges()


def counts():
    return (
        Exchange.objects.count(),
        Review.objects.count(),
        ReviewReport.objects.count(),
        BlockedPeriod.objects.count(),
        TripSeats.objects.count(),
    )


def test_demo_exchanges_cover_every_state_and_are_idempotent():
    seed()
    assert set(Exchange.objects.values_list("status", flat=True)) == set(ExchangeStatus.values)
    claire = User.objects.get(email="membre@club.example")
    hers = Exchange.objects.filter(Q(provider=claire) | Q(receiver=claire))
    assert set(hers.filter(provider=claire).values_list("status", flat=True)) >= {"requested", "accepted", "completed"}
    assert set(hers.filter(receiver=claire).values_list("status", flat=True)) >= {"requested", "accepted", "completed"}
    # Reviews, revealed (both wrote) and not yet (one side, completed less than 14 days ago).
    completed = Exchange.objects.filter(status=ExchangeStatus.COMPLETED).prefetch_related("reviews")
    revealed = {reviews_are_revealed(e, list(e.reviews.all())) for e in completed if e.reviews.all()}
    assert revealed == {True, False}
    assert ReviewReport.objects.filter(status="open").exists()
    # Blocked days on a loan, and a full trip whose counter matches its accepted seats.
    assert BlockedPeriod.objects.filter(listing__category__slug="pret-objets", last_day__gte=timezone.localdate())
    [trip] = TripSeats.objects.all()
    accepted = Exchange.objects.filter(listing_id=trip.pk, status=ExchangeStatus.ACCEPTED).aggregate(n=Sum("seats"))
    assert trip.taken == trip.total == accepted["n"] and trip.left == 0
    # The accepted loan is handed over at the Club, when it is open.
    club = Exchange.objects.filter(handover_place="club").select_related("listing").first()
    assert club is None or club.handover_at < club.start
    assert not Exchange.objects.filter(provider=F("receiver")).exists()
    before = counts()
    seed()
    assert counts() == before


def test_the_command_seeds_the_exchanges_too(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert Exchange.objects.filter(receiver__email="membre@club.example").exists()
