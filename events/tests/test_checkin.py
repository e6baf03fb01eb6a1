"""The door: staff only, a ticket once and only for its event, search by name, counts."""

import pytest
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Booking
from events.tests.factories import EventFactory
from events.tokens import checkin_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Débat du soir", capacity=10)
    services.booking_create(event=event, name="Ana Lopez", email="ana@example.org", seats=2)
    services.booking_create(event=event, name="Bruno Petit", email="bruno@example.org", seats=1)
    return event


def test_check_in_page_is_for_staff_only(member_client, event):
    url = reverse("events:checkin", args=[event.slug])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/comptes/login/" in anonymous["Location"]
    assert member_client.get(url).status_code == 404
    assert member_client.post(url, {"booking": Booking.objects.first().pk}).status_code == 404
    assert not Booking.objects.filter(checked_in_at__isnull=False).exists()


def test_staff_scan_a_ticket_once(staff_client, event):
    url = reverse("events:checkin", args=[event.slug])
    token = checkin_token(Booking.objects.get(email="ana@example.org"))
    first = staff_client.post(url, {"token": token}, follow=True).content.decode()
    assert "Arrivée enregistrée" in first and "Ana Lopez (2)" in first
    assert "2 / 3" in first  # seats arrived / expected
    second = staff_client.post(url, {"token": token}, follow=True).content.decode()
    assert "déjà été utilisé" in second


def test_a_ticket_for_another_event_is_refused_at_the_door(staff_client, event):
    other = EventFactory()
    booking = services.booking_create(event=other, name="Chloé", email="chloe@example.org", seats=1)
    html = staff_client.post(
        reverse("events:checkin", args=[event.slug]), {"token": checkin_token(booking)}, follow=True
    ).content.decode()
    assert "pour un autre évènement" in html
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_staff_search_by_name_and_mark_attended_with_htmx(staff_client, event):
    url = reverse("events:checkin", args=[event.slug])
    found = staff_client.get(url, {"q": "bru"}).content.decode()
    assert "Bruno Petit" in found and "Ana Lopez" not in found
    bruno = Booking.objects.get(email="bruno@example.org")
    fragment = staff_client.post(url, {"booking": bruno.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Arrivé·e à" in fragment and "1 / 3" in fragment
    staff_client.post(url, {"undo": bruno.pk})
    bruno.refresh_from_db()
    assert bruno.checked_in_at is None


def test_nonsense_from_the_door_form_is_a_404_not_an_error(staff_client, event):
    url = reverse("events:checkin", args=[event.slug])
    assert staff_client.post(url, {"undo": "abc"}).status_code == 404
    assert staff_client.post(url, {"booking": "abc"}).status_code == 404
    other = services.booking_create(event=EventFactory(), name="Chloé", email="chloe@example.org", seats=1)
    assert staff_client.post(url, {"undo": other.pk}).status_code == 404


def test_door_staff_read_the_accessibility_needs(staff_client):
    event = EventFactory()
    services.booking_create(event=event, name="Ana", email="a@example.org", seats=1, accessibility_needs="Fauteuil")
    html = staff_client.get(reverse("events:checkin", args=[event.slug])).content.decode()
    assert "Fauteuil" in html
