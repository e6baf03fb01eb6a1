"""The place: « ouvert maintenant » from weekly hours and exceptions (Europe/Paris), public pages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.tests.factories import EventFactory
from venue.models import OpeningException
from venue.selectors import venue_current
from venue.tests.factories import OpeningHoursFactory, PartnerFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def venue():
    venue = VenueFactory()
    for weekday in range(1, 7):  # Tuesday to Sunday, 10:00–19:00; Monday closed
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(10), closes=dt.time(19))
    return venue


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def status_at(when):
    return venue_current().opening_status(when)


def test_open_during_the_hours_of_the_day(venue):
    # 2026-12-01 is a Tuesday.
    status = status_at(paris(2026, 12, 1, 15, 30))
    assert status.is_open and status.until == paris(2026, 12, 1, 19, 0)


def test_closed_on_monday_opens_on_tuesday(venue):
    status = status_at(paris(2026, 11, 30, 11, 0))
    assert not status.is_open and status.next_open == paris(2026, 12, 1, 10, 0)


def test_closing_time_is_exclusive_and_hours_are_read_in_paris(venue):
    assert not status_at(paris(2026, 12, 1, 19, 0)).is_open
    # 09:30 UTC in winter is 10:30 in Paris.
    assert status_at(dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)).is_open


# venue_current() prefetches the exceptions from today on: these tests are set on 1 December 2026
# so that their 24 and 25 December exceptions are still to come, whatever the real date.
@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=PARIS), tick=False)
def test_an_exception_closes_a_usual_day(venue):
    OpeningException.objects.create(venue=venue, date=dt.date(2026, 12, 25), closed=True, reason="Noël")
    status = status_at(paris(2026, 12, 25, 12, 0))
    assert not status.is_open and status.reason == "Noël"
    assert status.next_open == paris(2026, 12, 26, 10, 0)


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=PARIS), tick=False)
def test_an_exception_with_special_hours(venue):
    OpeningException.objects.create(
        venue=venue, date=dt.date(2026, 12, 24), closed=False, opens=dt.time(10), closes=dt.time(16)
    )
    assert status_at(paris(2026, 12, 24, 15, 0)).is_open
    assert not status_at(paris(2026, 12, 24, 17, 0)).is_open


def test_place_page_shows_map_hours_access_and_open_now(client, venue, settings):
    RoomFactory(venue=venue, name="Salle Agora", capacity=120)
    html = client.get(reverse("venue:place")).content.decode()
    assert "data-venue-map" in html and 'data-lat="48.85480"' in html
    assert "42 rue de la Roquette" in html and "Métro Bastille" in html and "Plain-pied" in html
    assert "Salle Agora" in html and "120 personnes" in html
    assert "Lundi" in html and "fermé" in html
    now_open = venue_current().opening_status(timezone.now()).is_open
    assert ("Ouvert maintenant" if now_open else "Fermé actuellement") in html


def test_partners_page(client):
    PartnerFactory(name="La Ruche de Belleville", description="Circuit court.")
    PartnerFactory(name="Caché", is_active=False)
    html = client.get(reverse("venue:partners")).content.decode()
    assert "La Ruche de Belleville" in html and "Circuit court." in html and "Caché" not in html


def test_home_page_shows_the_next_events(client, venue):
    soon = EventFactory(title="Débat de demain", starts_at=timezone.now() + dt.timedelta(days=1))
    html = client.get(reverse("venue:home")).content.decode()
    assert "Prochainement au Club" in html and soon.title in html


def test_seed_demo_data_is_idempotent():
    from events.demo import seed_events
    from events.models import Event
    from venue.demo import seed_venue

    seed_venue()
    assert seed_events() > 25
    counts = Event.objects.count()
    seed_venue()
    assert seed_events() == 0
    assert Event.objects.count() == counts
    upcoming = Event.objects.filter(starts_at__gte=timezone.now())
    assert upcoming.count() >= 28
    assert any(e.is_full for e in upcoming) and any(e.is_few_left for e in upcoming)
    assert upcoming.filter(booking_mode="free").exists()
    assert Event.objects.filter(title="Image likée : nouveau moyen d'exister ?").exists()


def test_closed_now_says_when_it_opens_in_words(venue):
    assert status_at(paris(2026, 12, 1, 8, 0)).next_open_when == "today"
    assert status_at(paris(2026, 12, 1, 20, 0)).next_open_when == "tomorrow"
    assert status_at(paris(2026, 11, 29, 20, 0)).next_open_when == "later"  # Sunday night, closed Monday


def test_the_venue_is_read_once_then_forgotten_whenever_it_changes(venue, django_assert_num_queries):
    hours = len(venue_current().hours.all())
    with django_assert_num_queries(0):
        assert venue_current().pk == venue.pk
    venue.name = "La Halle"
    venue.save()
    assert venue_current().name == "La Halle"
    venue.hours.first().delete()
    assert len(venue_current().hours.all()) == hours - 1
