"""The booking rules: confirmed or waiting, promotion in order, windows, doubles, reminders,
notices to attendees, check-in tokens."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import services
from events.models import Booking, BookingStatus, Event, EventStatus
from events.services import BookingError
from events.tests.factories import EventFactory, ExhibitionFactory
from events.tokens import checkin_token

pytestmark = pytest.mark.django_db


def book(event, email, seats=1, **kwargs):
    return services.booking_create(event=event, name=email.split("@")[0], email=email, seats=seats, **kwargs)


def seats_confirmed(event):
    event.refresh_from_db()
    total = sum(b.seats for b in event.bookings.filter(status=BookingStatus.CONFIRMED))
    assert event.seats_confirmed == total  # the stored counter always equals the sum
    return total


def test_booking_is_confirmed_while_seats_are_free():
    event = EventFactory(capacity=5)
    booking = book(event, "ana@example.org", seats=3)
    assert booking.status == BookingStatus.CONFIRMED
    assert seats_confirmed(event) == 3


def test_booking_goes_to_the_waiting_list_when_the_seats_do_not_fit():
    event = EventFactory(capacity=5)
    book(event, "ana@example.org", seats=4)
    waiting = book(event, "bob@example.org", seats=2)
    assert waiting.status == BookingStatus.WAITING
    assert seats_confirmed(event) == 4


def test_without_waiting_list_a_booking_that_does_not_fit_is_refused():
    event = EventFactory(capacity=5)
    book(event, "ana@example.org", seats=4)
    with pytest.raises(BookingError) as error:
        book(event, "bob@example.org", seats=2, join_waiting_list=False)
    assert error.value.code == "not_enough"
    assert not Booking.objects.filter(email="bob@example.org").exists()


def test_cancelling_promotes_waiting_entries_that_fit_in_order():
    event = EventFactory(capacity=6)
    first = book(event, "first@example.org", seats=4)
    book(event, "second@example.org", seats=2)  # full now
    big = book(event, "big@example.org", seats=4)  # waits first, but 4 will not fit in 3
    small = book(event, "small@example.org", seats=2)
    smaller = book(event, "smaller@example.org", seats=1)
    last = book(event, "last@example.org", seats=1)
    assert {b.status for b in (big, small, smaller, last)} == {BookingStatus.WAITING}

    # 4 seats are freed: "big" (4) fits and comes first, then nothing else fits.
    services.booking_cancel(booking=first)
    statuses = {b.email: b.status for b in Booking.objects.filter(event=event)}
    assert statuses["big@example.org"] == BookingStatus.CONFIRMED
    assert statuses["small@example.org"] == BookingStatus.WAITING
    assert seats_confirmed(event) == 6

    # 2 freed: "small" (2) is next in line and fits; "smaller" and "last" keep waiting.
    services.booking_cancel(booking=Booking.objects.get(email="second@example.org"))
    statuses = {b.email: b.status for b in Booking.objects.filter(event=event)}
    assert statuses["small@example.org"] == BookingStatus.CONFIRMED
    assert statuses["smaller@example.org"] == BookingStatus.WAITING
    assert seats_confirmed(event) == 6


def test_promotion_skips_an_entry_too_large_and_takes_a_later_one_that_fits():
    event = EventFactory(capacity=4)
    holder = book(event, "holder@example.org", seats=2)
    book(event, "other@example.org", seats=2)
    too_large = book(event, "large@example.org", seats=3)
    fits = book(event, "fits@example.org", seats=2)
    services.booking_cancel(booking=holder)
    too_large.refresh_from_db()
    fits.refresh_from_db()
    assert too_large.status == BookingStatus.WAITING
    assert fits.status == BookingStatus.CONFIRMED
    assert seats_confirmed(event) == 4


def test_promoted_person_is_emailed_with_a_ticket(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    holder = book(event, "holder@example.org", seats=2)
    book(event, "waiting@example.org", seats=1)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert "place s'est libérée" in by_recipient["waiting@example.org"].subject
    assert {a[0] for a in by_recipient["waiting@example.org"].attachments} == {f"{event.slug}.ics", "billet-qr.png"}
    assert "annulée" in by_recipient["holder@example.org"].subject


def test_cancelling_twice_changes_nothing_the_second_time():
    event = EventFactory(capacity=2)
    booking = book(event, "ana@example.org", seats=2)
    assert services.booking_cancel(booking=booking) is True
    assert services.booking_cancel(booking=booking) is False
    assert seats_confirmed(event) == 0


@pytest.mark.parametrize(
    ("opens", "closes", "open_now"),
    [
        (dt.timedelta(hours=1), None, False),  # opens in an hour
        (None, -dt.timedelta(minutes=1), False),  # closed a minute ago
        (-dt.timedelta(days=1), dt.timedelta(days=1), True),
    ],
)
def test_booking_only_between_opening_and_closing(opens, closes, open_now):
    now = timezone.now()
    event = EventFactory(
        booking_opens_at=now + opens if opens is not None else None,
        booking_closes_at=now + closes if closes is not None else None,
    )
    if open_now:
        assert book(event, "ana@example.org").status == BookingStatus.CONFIRMED
    else:
        with pytest.raises(BookingError) as error:
            book(event, "ana@example.org")
        assert error.value.code == "closed"
        assert not Booking.objects.exists()


def test_booking_closes_when_the_event_starts_by_default():
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(BookingError) as error:
        book(event, "ana@example.org")
    assert error.value.code == "closed"


def test_cancelled_draft_and_free_entry_events_take_no_booking():
    for event in (EventFactory(status=EventStatus.CANCELLED), EventFactory(status=EventStatus.DRAFT)):
        with pytest.raises(BookingError):
            book(event, "ana@example.org")
    with pytest.raises(BookingError) as error:
        book(ExhibitionFactory(), "ana@example.org")
    assert error.value.code == "not_bookable"


def test_one_live_booking_per_email_per_event_whatever_the_case():
    event = EventFactory()
    book(event, "Ana@Example.org")
    with pytest.raises(BookingError) as error:
        book(event, "  ana@example.ORG ")
    assert error.value.code == "duplicate"
    assert "annulez" in str(error.value.message)
    # After cancelling, the same person may book again.
    services.booking_cancel(booking=Booking.objects.get())
    assert book(event, "ana@example.org").status == BookingStatus.CONFIRMED


def test_seats_per_booking_are_limited():
    event = EventFactory(max_seats_per_booking=4)
    with pytest.raises(BookingError) as error:
        book(event, "ana@example.org", seats=5)
    assert error.value.code == "too_many"


def test_the_database_refuses_an_overbooked_counter_as_a_last_guard():
    event = EventFactory(capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_confirmed=4)


def test_the_database_refuses_a_second_live_booking_for_the_same_email():
    event = EventFactory()
    book(event, "ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(event=event, name="Ana", email="ana@example.org", seats=1, status="waiting")


def test_raising_capacity_promotes_the_waiting_list():
    event = EventFactory(capacity=2)
    book(event, "ana@example.org", seats=2)
    waiting = book(event, "bob@example.org", seats=2)
    Event.objects.filter(pk=event.pk).update(capacity=4)
    promoted = services.event_capacity_changed(event=event)
    assert promoted == [waiting]
    assert seats_confirmed(event) == 4


# --- Reminders -------------------------------------------------------------------------------


def test_reminder_is_sent_once_even_when_the_task_runs_twice(mailoutbox, django_capture_on_commit_callbacks):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    event = EventFactory(starts_at=tomorrow.replace(hour=19, minute=0, second=0, microsecond=0))
    later = EventFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    book(event, "ana@example.org")
    book(later, "ana@example.org")
    waiting_event = EventFactory(starts_at=event.starts_at, capacity=1)
    book(waiting_event, "first@example.org")
    book(waiting_event, "waiting@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    reminders = [m for m in mailoutbox if "C'est demain" in m.subject]
    assert sorted(m.to[0] for m in reminders) == ["ana@example.org", "first@example.org"]
    assert event.title in reminders[0].subject or waiting_event.title in reminders[0].subject


def test_reminder_task_is_scheduled(settings):
    assert any(entry["task"] == "events.tasks.send_reminders" for entry in settings.CELERY_BEAT_SCHEDULE.values())


# --- Notices when staff cancel or move an event ---------------------------------------------------


def test_cancelling_an_event_emails_everyone_booked_or_waiting(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    book(event, "booked@example.org")
    book(event, "waiting@example.org")
    gone = book(EventFactory(), "other@example.org")
    services.booking_cancel(booking=book(event, "cancelled@example.org"), notify=False)
    mailoutbox.clear()
    previous = Event.objects.get(pk=event.pk)
    event.status = EventStatus.CANCELLED
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_notify_changes(
            event=event,
            previous_status=previous.status,
            previous_starts_at=previous.starts_at,
            previous_ends_at=previous.ends_at,
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["booked@example.org", "waiting@example.org"]
    assert all(m.subject.startswith("Annulation") for m in mailoutbox)
    assert gone.email not in [m.to[0] for m in mailoutbox]


# At 22:30 in Paris the factory's event (a week later, two hours) is 22:30–00:30, moved to
# 23:30–01:30: an evening that runs past midnight must still show its new hours.
@time_machine.travel(dt.datetime(2026, 12, 1, 22, 30, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
def test_moving_an_event_emails_everyone_with_the_new_time(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory()
    book(event, "ana@example.org")
    mailoutbox.clear()
    previous = Event.objects.get(pk=event.pk)
    event.starts_at += dt.timedelta(hours=1)
    event.ends_at += dt.timedelta(hours=1)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_notify_changes(
            event=event,
            previous_status=previous.status,
            previous_starts_at=previous.starts_at,
            previous_ends_at=previous.ends_at,
        )
    [message] = mailoutbox
    assert "Changement d'horaire" in message.subject
    assert "mardi 8 décembre 2026, 23:30 – 01:30" in message.body


def test_editing_only_the_text_emails_nobody(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory()
    book(event, "ana@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.event_notify_changes(
            event=event,
            previous_status=event.status,
            previous_starts_at=event.starts_at,
            previous_ends_at=event.ends_at,
        )
    assert count == 0
    assert mailoutbox == []


# --- Check-in ---------------------------------------------------------------------------------


def test_a_ticket_checks_in_once_and_only_at_its_event():
    event, other = EventFactory(), EventFactory()
    booking = book(event, "ana@example.org", seats=2)
    token = checkin_token(booking)
    assert services.booking_check_in(event=other, token=token).code == "other_event"
    first = services.booking_check_in(event=event, token=token)
    assert first.ok and first.booking == booking
    again = services.booking_check_in(event=event, token=token)
    assert not again.ok and again.code == "already"


def test_a_forged_or_cancelled_ticket_is_refused():
    event = EventFactory()
    booking = book(event, "ana@example.org")
    token = checkin_token(booking)
    assert services.booking_check_in(event=event, token=token[:-2] + "xx").code == "invalid"
    assert services.booking_check_in(event=event, token=f"{event.pk}.{booking.pk}").code == "invalid"
    services.booking_cancel(booking=booking)
    assert services.booking_check_in(event=event, token=token).code == "not_confirmed"


def test_duplicate_makes_a_draft_copy_without_bookings():
    event = EventFactory(capacity=10)
    book(event, "ana@example.org", seats=2)
    copy = services.event_duplicate(event=event)
    assert copy.pk != event.pk
    assert copy.status == EventStatus.DRAFT
    assert copy.seats_confirmed == 0 and copy.bookings.count() == 0
    assert copy.capacity == 10 and copy.slug != event.slug
    assert services.event_duplicate(event=event).slug not in (event.slug, copy.slug)
