import pytest

from events import services
from events.models import Booking, BookingStatus
from events.tests.factories import EventFactory
from members.privacy import account_delete, account_export

pytestmark = pytest.mark.django_db


def test_bookings_are_exported_and_erased_with_the_account(member):
    event = EventFactory(title="Atelier compost", capacity=1)
    mine = services.booking_create(
        event=event, name="Claire", email=member.email, seats=1, accessibility_needs="Fauteuil"
    )
    waiting = services.booking_create(event=event, name="Bob", email="bob@example.org", seats=1)
    exported = account_export(user=member)["bookings"]
    assert [(b["event"], b["accessibility_needs"]) for b in exported] == [("Atelier compost", "Fauteuil")]

    account_delete(user=member)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED and mine.name == "—" and mine.accessibility_needs == ""
    assert member.email not in Booking.objects.values_list("email", flat=True)
    assert waiting.status == BookingStatus.CONFIRMED  # the freed seat went to the waiting list


def test_bookings_are_anonymised_twelve_months_after_the_event():
    import datetime as dt

    from django.utils import timezone

    event = EventFactory(capacity=5)
    old = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=2, accessibility_needs="x")
    next_year = EventFactory(starts_at=timezone.now() + dt.timedelta(days=200))
    recent = services.booking_create(event=next_year, name="Bob", email="bob@example.org", seats=1)
    later = event.ends_at + dt.timedelta(days=366)
    assert services.bookings_anonymise_old(now=later) == 1
    assert services.bookings_anonymise_old(now=later) == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.accessibility_needs, old.seats) == ("—", "", 2) and "ana" not in old.email
    assert recent.name == "Bob"
    assert timezone.now() < later


def test_the_retention_period_is_a_setting(settings):
    import datetime as dt

    settings.BOOKING_RETENTION_DAYS = 30
    event = EventFactory(capacity=5)
    booking = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=1)
    assert services.bookings_anonymise_old(now=event.ends_at + dt.timedelta(days=29)) == 0
    assert services.bookings_anonymise_old(now=event.ends_at + dt.timedelta(days=31)) == 1
    booking.refresh_from_db()
    assert booking.name == "—" and "ana" not in booking.email


def test_the_beat_task_anonymises_and_is_scheduled(settings):
    import datetime as dt

    from django.utils import timezone

    from events.tasks import anonymise_old_bookings

    assert settings.BOOKING_RETENTION_DAYS == 365  # what the privacy notice promises
    assert settings.CELERY_BEAT_SCHEDULE["events-anonymise-bookings"]["task"] == "events.tasks.anonymise_old_bookings"
    event = EventFactory(capacity=5, starts_at=timezone.now() - dt.timedelta(days=400))
    Booking.objects.create(event=event, name="Ana", email="ana@example.org", seats=1, status=BookingStatus.CONFIRMED)
    assert anonymise_old_bookings() == 1
    assert not Booking.objects.filter(name="Ana").exists()
