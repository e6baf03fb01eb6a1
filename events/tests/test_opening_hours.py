"""Events fall within the venue's opening hours: the admin refuses others unless staff mark an
exceptional opening, which the venue page then shows; the demo programme obeys the same rule."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from events.demo import seed_events
from events.models import Event
from events.tests.factories import EventFactory, EventTypeFactory
from events.tests.test_admin import _change_form_data
from venue.demo import seed_venue
from venue.models import OpeningException
from venue.selectors import venue_is_open
from venue.tests.factories import OpeningHoursFactory, VenueFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=PARIS)  # a Tuesday; Monday 7 December is closed


@pytest.fixture
def venue(settings):
    settings.TIME_ZONE = "Europe/Paris"
    venue = VenueFactory()
    for weekday in range(1, 7):
        OpeningHoursFactory(venue=venue, weekday=weekday, closes=dt.time(19))
    return venue


def _add_form(day: str, starts: str, ends: str, **extra):
    return {
        "title_fr": "Concert du soir",
        "slug": "concert-du-soir",
        "type": EventTypeFactory().pk,
        "status": "published",
        "summary_fr": "Un concert.",
        "description_fr": "",
        "speakers": "",
        "starts_at_0": day,
        "starts_at_1": starts,
        "ends_at_0": day,
        "ends_at_1": ends,
        "booking_mode": "free",
        "capacity": 0,
        "max_seats_per_booking": 4,
        "bookings-TOTAL_FORMS": 0,
        "bookings-INITIAL_FORMS": 0,
        "bookings-MIN_NUM_FORMS": 0,
        "bookings-MAX_NUM_FORMS": 1000,
    } | extra


@time_machine.travel(NOW, tick=False)
def test_the_admin_refuses_an_event_on_a_closed_day(staff_client, venue):
    response = staff_client.post(reverse("admin:events_event_add"), _add_form("07/12/2026", "18:00:00", "20:00:00"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le Club est fermé le lundi 7 décembre 2026." in page
    assert "cochez « Ouverture exceptionnelle »" in page
    assert not Event.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_admin_refuses_an_event_past_closing_time_naming_the_hours(staff_client, venue):
    response = staff_client.post(reverse("admin:events_event_add"), _add_form("08/12/2026", "18:00:00", "20:00:00"))
    assert "Horaires du mardi 8 décembre 2026 : de 10:00 à 19:00." in response.content.decode()
    assert not Event.objects.exists()
    response = staff_client.post(reverse("admin:events_event_add"), _add_form("08/12/2026", "17:00:00", "19:00:00"))
    assert response.status_code == 302
    assert not OpeningException.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_exceptional_opening_lets_it_through_and_the_venue_page_shows_it(staff_client, client, venue):
    data = _add_form("07/12/2026", "18:00:00", "21:00:00", exceptional_opening="on")
    response = staff_client.post(reverse("admin:events_event_add"), data, follow=True)
    assert "Ouverture exceptionnelle le lundi 7 décembre 2026, de 18:00 à 21:00" in response.content.decode()
    event = Event.objects.get()
    assert venue_is_open(event.starts_at, event.ends_at)
    page = client.get(reverse("venue:place")).content.decode()
    assert "18:00–21:00 (Ouverture exceptionnelle : Concert du soir)" in page


@time_machine.travel(NOW, tick=False)
def test_an_exceptional_opening_is_for_one_day_only(staff_client, venue):
    data = _add_form("08/12/2026", "10:00:00", "19:00:00", ends_at_0="14/12/2026", exceptional_opening="on")
    response = staff_client.post(reverse("admin:events_event_add"), data)
    assert "vaut pour un seul jour" in response.content.decode()
    assert not Event.objects.exists() and not OpeningException.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_editing_an_event_without_moving_it_is_not_refused_when_the_hours_changed(staff_client, venue):
    event = EventFactory(
        starts_at=dt.datetime(2026, 12, 8, 17, tzinfo=PARIS), ends_at=dt.datetime(2026, 12, 8, 18, 30, tzinfo=PARIS)
    )
    venue.hours.filter(weekday=1).update(closes=dt.time(18))

    response = staff_client.post(
        reverse("admin:events_event_change", args=[event.pk]), _change_form_data(event, title="Nouveau titre")
    )
    assert response.status_code == 302
    moved = _change_form_data(event, starts_at_1="17:30:00", ends_at_1="18:45:00")
    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]), moved)
    assert "Horaires du mardi 8 décembre 2026 : de 10:00 à 18:00." in response.content.decode()


@pytest.mark.parametrize("today", [dt.date(2026, 12, 7), dt.date(2027, 3, 25), dt.date(2027, 6, 12)])
def test_every_demo_event_is_within_the_opening_hours(settings, today):
    settings.TIME_ZONE = "Europe/Paris"
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=PARIS), tick=False):
        seed_venue()
        assert seed_events() > 20
    outside = [e.title for e in Event.objects.all() if not venue_is_open(e.starts_at, e.ends_at)]
    assert not outside
