"""The booking e-mails say what is true about the seats."""

import pytest
from django.core import mail

from events import services
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def book(event, email, seats):
    return services.booking_create(event=event, name=email.split("@")[0], email=email, seats=seats)


def test_the_waiting_list_e_mail_says_how_many_seats_are_left_when_fewer_than_asked(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=5, max_seats_per_booking=4)
    with django_capture_on_commit_callbacks(execute=True):
        book(event, "ana@example.org", 3)
        waiting = book(event, "bob@example.org", 4)
    assert waiting.status == "waiting"
    message = mail.outbox[-1]
    assert message.to == ["bob@example.org"]
    assert "complet" not in message.body.lower()
    assert "Il ne reste que 2 places, moins que les 4 demandées" in message.body
    assert "Il ne reste que 2 places" in message.alternatives[0][0]


def test_the_waiting_list_e_mail_says_full_when_no_seat_is_left(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        book(event, "ana@example.org", 2)
        book(event, "bob@example.org", 1)
    assert "L'évènement est complet pour le moment" in mail.outbox[-1].body
