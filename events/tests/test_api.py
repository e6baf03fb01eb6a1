"""The agenda, bookings and venue through the API: public reads with caching, the site's booking
rules and limits, a member's own bookings only."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Booking, BookingStatus, EventStatus
from events.tests.factories import EventFactory, EventTypeFactory
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory
from venue.tests.factories import OpeningHoursFactory, PartnerFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
BOOKINGS = "/api/v1/bookings/"


def client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def booking(to_event, **overrides) -> dict:
    return {"event": to_event.slug, "name": "Ana Lopez", "email": "ana@example.org", "seats": 2, "consent": True} | (
        overrides
    )


# --- Agenda --------------------------------------------------------------------------------------
def test_agenda_is_public_and_filtered_like_the_page():
    EventFactory(title="Débat public").partners.add(PartnerFactory(name="Repair café"))
    EventFactory(title="Atelier couture", type=EventTypeFactory(slug="atelier"))
    EventFactory(title="Brouillon", status=EventStatus.DRAFT)
    response = client_for().get(EVENTS)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert [e["title"] for e in response.json()["results"]] == ["Débat public", "Atelier couture"]
    assert response.json()["results"][0]["partners"] == ["Repair café"]
    only = client_for().get(EVENTS, {"type": "atelier"}).json()["results"]
    assert [e["title"] for e in only] == ["Atelier couture"]
    bad = client_for().get(EVENTS, {"period": "jamais", "date_from": "hier"})
    assert bad.status_code == 400 and set(bad.json()) == {"period", "date_from"}


def test_a_conditional_get_gives_304_until_something_changes():
    event = EventFactory()
    api = client_for()
    first = api.get(EVENTS)
    etag = first["ETag"]
    assert api.get(EVENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    api.post(BOOKINGS, booking(event), format="json")  # seats change: the list changes
    again = api.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["results"][0]["seats_left"] == 18


def test_event_detail_by_slug():
    event = EventFactory(title="Débat sur la ville")
    assert client_for().get(f"{EVENTS}{event.slug}/").json()["title"] == "Débat sur la ville"
    draft = EventFactory(status=EventStatus.DRAFT)
    assert client_for().get(f"{EVENTS}{draft.slug}/").status_code == 404
    assert client_for().get(f"{EVENTS}nope/").status_code == 404


def test_venue_is_public():
    venue = VenueFactory()
    RoomFactory(venue=venue, name="Grande salle")
    OpeningHoursFactory(venue=venue, weekday=0)
    body = client_for().get("/api/v1/venue/").json()
    assert body["name"] == "Le Club"
    assert [r["name"] for r in body["rooms"]] == ["Grande salle"]
    assert body["hours"][0]["slots"] == [{"opens": "10:00", "closes": "19:00"}]
    assert isinstance(body["open_now"]["is_open"], bool)


# --- Bookings ------------------------------------------------------------------------------------
def test_anyone_can_book_with_the_site_rules(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3)
    api = client_for()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(BOOKINGS, booking(event), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert response.json()["url"].startswith("http://testserver/agenda/reservation/")
    assert len(mail.outbox) == 1
    duplicate = api.post(BOOKINGS, booking(event), format="json")
    assert duplicate.status_code == 400 and "non_field_errors" in duplicate.json()
    waiting = api.post(BOOKINGS, booking(event, email="bob@example.org", seats=2), format="json")
    assert waiting.json()["status"] == "waiting"


def test_bad_booking_input_is_400_per_field_and_books_nothing():
    event = EventFactory()
    api = client_for()
    response = api.post(BOOKINGS, booking(event, email="pas-un-email", seats=99, consent=False), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "seats", "consent"}
    assert api.post(BOOKINGS, booking(event, event="nope"), format="json").json() == {
        "event": ["Cet évènement n'existe pas."]
    }
    past = EventFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    assert api.post(BOOKINGS, booking(past), format="json").status_code == 400
    assert not Booking.objects.exists()


def test_bookings_are_rate_limited_per_email():
    api = client_for()
    events = [EventFactory() for _ in range(6)]
    for event in events[:5]:
        assert api.post(BOOKINGS, booking(event), format="json").status_code == 201
    assert api.post(BOOKINGS, booking(events[5]), format="json").status_code == 429
    assert Booking.objects.count() == 5


def test_a_member_books_lists_and_cancels_their_own():
    member = UserFactory()
    event = EventFactory()
    api = client_for(member)
    created = api.post(BOOKINGS, {"event": event.slug, "seats": 1, "consent": True}, format="json").json()
    assert created["email"] == member.email
    assert [b["id"] for b in api.get(BOOKINGS).json()["results"]] == [created["id"]]
    for other in (client_for(VerifiedMemberFactory()), client_for(StaffFactory())):
        assert other.get(BOOKINGS).json()["results"] == []
        assert other.post(f"{BOOKINGS}{created['id']}/cancel/").status_code == 404
    assert client_for().get(BOOKINGS).status_code == 401
    assert client_for().post(f"{BOOKINGS}{created['id']}/cancel/").status_code == 401
    cancelled = api.post(f"{BOOKINGS}{created['id']}/cancel/")
    assert cancelled.json()["status"] == BookingStatus.CANCELLED
    assert api.post(f"{BOOKINGS}{created['id']}/cancel/").status_code == 400
    event.refresh_from_db()
    assert event.seats_confirmed == 0
