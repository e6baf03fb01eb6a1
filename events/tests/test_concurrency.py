"""Never overbooked: many people book the last seats at the same moment (PostgreSQL row locks)."""

import random
import threading

import pytest
from django.db import connection

from events import services
from events.models import Booking, BookingStatus, Event
from events.tests.factories import EventFactory

THREADS = 60
CAPACITY = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_people_booking_at_once_never_overbook():
    event = EventFactory(capacity=CAPACITY, max_seats_per_booking=4)
    barrier = threading.Barrier(THREADS)
    answers, errors = [], []
    rng = random.Random(4)
    wanted = [rng.randint(1, 4) for _ in range(THREADS)]

    def attempt(n):
        try:
            barrier.wait()
            booking = services.booking_create(
                event=event, name=f"Personne {n}", email=f"person{n}@example.org", seats=wanted[n]
            )
            answers.append(booking.status)
        except Exception as error:  # every request must be answered
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(answers) == THREADS
    confirmed = Booking.objects.filter(event=event, status=BookingStatus.CONFIRMED)
    total = sum(confirmed.values_list("seats", flat=True))
    assert total <= CAPACITY
    assert Event.objects.get(pk=event.pk).seats_confirmed == total
    emails = list(confirmed.values_list("email", flat=True))
    assert len(emails) == len(set(emails))  # nobody confirmed twice
    assert Booking.objects.filter(event=event).count() == THREADS
    # With 60 people asking for about 150 seats, the room is full and the rest wait.
    assert answers.count(BookingStatus.WAITING) > 0
    assert total > CAPACITY - 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_person_booking_twice_at_once_gets_one_booking():
    event = EventFactory(capacity=CAPACITY)
    barrier = threading.Barrier(10)
    outcomes, errors = [], []

    def attempt():
        try:
            barrier.wait()
            services.booking_create(event=event, name="Ana", email="ana@example.org", seats=2)
            outcomes.append("booked")
        except services.BookingError as error:
            outcomes.append(error.code)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["booked"] + ["duplicate"] * 9
    assert Event.objects.get(pk=event.pk).seats_confirmed == 2
