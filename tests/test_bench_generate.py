"""bench/generate.py at a tiny scale, into the test database: the rows it COPYs must be what the
services would have written (search vectors, lexicon, counters, opening hours), or the figures
measured on them would not be the site's. PostgreSQL only (COPY, full-text search)."""

import os
import random
from unittest import mock

import pytest
from django.db.models import Q, Sum

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

COUNTS = {"members": 40, "listings": 400, "events": 40, "bookings": 600, "alerts": 30}


@pytest.fixture
def generate():
    # The script sets defaults for its own runs (settings, database URL): none may leak here.
    with mock.patch.dict(os.environ):
        from bench import generate
    return generate


@pytest.fixture
def generated(generate):
    generate.generate(COUNTS, random.Random(7))
    return generate


def test_every_part_has_its_count_and_bookings_never_exceed_the_seats(generated):
    from alerts.models import SavedSearch
    from events.models import Booking, BookingMode, BookingStatus, Event
    from listings.models import Listing
    from members.models import User

    assert User.objects.count() == COUNTS["members"]
    assert all(user.is_verified_member for user in User.objects.select_related("profile"))
    assert Listing.objects.count() == COUNTS["listings"]
    assert Event.objects.count() == COUNTS["events"]
    assert Booking.objects.count() == COUNTS["bookings"]
    assert SavedSearch.objects.count() == COUNTS["alerts"]
    events = Event.objects.filter(booking_mode=BookingMode.REQUIRED).annotate(
        confirmed=Sum("bookings__seats", filter=Q(bookings__status=BookingStatus.CONFIRMED), default=0)
    )
    assert events and all(e.seats_confirmed == e.confirmed <= e.capacity for e in events)
    assert Booking.objects.filter(status=BookingStatus.WAITING).exists()  # more wanted than seats


def test_every_event_is_inside_the_opening_hours(generated):
    from events.models import Event
    from venue.models import Venue
    from venue.selectors import venue_is_open

    venue = Venue.objects.prefetch_related("hours", "exceptions").get()
    assert all(venue_is_open(e.starts_at, e.ends_at, venue=venue) for e in Event.objects.all())


def test_a_generated_annonce_is_found_as_one_made_by_the_service(generated):
    from listings import services
    from listings.filters import ListingFilter
    from listings.models import Listing, SearchWord, Status
    from listings.selectors import listings_visible_to
    from members.models import User

    member = User.objects.order_by("pk").first()
    generated_one = Listing.objects.filter(status=Status.PUBLISHED).select_related("category").first()
    vector = generated_one.search_vector
    words = set(SearchWord.objects.values_list("word", flat=True))
    services.listing_index_text(listing_id=generated_one.pk)  # what the service would store
    generated_one.refresh_from_db()
    assert generated_one.search_vector == vector
    assert set(SearchWord.objects.values_list("word", flat=True)) == words  # the lexicon had them all
    made = services.listing_create(
        author=member,
        category=generated_one.category,
        kind=generated_one.kind,
        title=generated_one.title,
        description=generated_one.description,
        postcode=generated_one.postcode,
        city=generated_one.city,
        details=generated_one.details,
        available_from=generated_one.available_from,
        available_until=generated_one.available_until,
    )
    assert made.pk > generated_one.pk  # the id sequence was moved past the COPY's ids
    made.refresh_from_db()
    assert made.search_vector == generated_one.search_vector
    for query in [generated_one.title, generated_one.title.split()[0]]:
        found = ListingFilter({"q": query}, queryset=listings_visible_to(member)).qs.values_list("pk", flat=True)
        assert {generated_one.pk, made.pk} <= set(found), query


def test_the_same_seed_gives_the_same_annonces(generate):
    rows = list(generate.listing_rows(50, 1, [1, 2, 3], random.Random(3)))
    again = list(generate.listing_rows(50, 1, [1, 2, 3], random.Random(3)))
    # created_at and updated_at come from the clock, like the annonce's own dates.
    assert [row[:15] for row in rows] == [row[:15] for row in again]
