"""One rule for when an event may take place: while the venue is open (venue.selectors)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from venue.models import OpeningException
from venue.selectors import venue_is_open, venue_opening_problem
from venue.services import opening_exceptional_open

from .factories import OpeningHoursFactory, VenueFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
# December 2026: Monday 7, Tuesday 8, Thursday 10, Sunday 13, Monday 14.


def at(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def venue():
    """Closed on Mondays, 10:00–19:00 from Tuesday to Sunday, until 22:00 on Thursdays."""
    venue = VenueFactory()
    for weekday in range(1, 7):
        OpeningHoursFactory(venue=venue, weekday=weekday, closes=dt.time(22 if weekday == 3 else 19))
    return venue


def test_an_event_within_the_hours_of_its_day_fits(venue):
    assert venue_is_open(at(8, 14), at(8, 17))
    assert venue_is_open(at(8, 10), at(8, 19))  # the whole opening
    assert venue_is_open(at(10, 19, 30), at(10, 21, 30))  # Thursday's late opening


def test_a_closed_day_is_refused_and_named(venue):
    assert not venue_is_open(at(7, 14), at(7, 16))
    assert venue_opening_problem(at(7, 14), at(7, 16)) == "Le Club est fermé le lundi 7 décembre 2026."


def test_an_event_past_closing_time_is_refused_with_the_hours_of_that_day(venue):
    assert not venue_is_open(at(8, 18), at(8, 20))
    assert venue_opening_problem(at(8, 18), at(8, 20)) == (
        "Horaires du mardi 8 décembre 2026 : de 10:00 à 19:00. L'évènement (18:00–20:00) n'y tient pas."
    )
    assert not venue_is_open(at(8, 9), at(8, 11))  # before opening


def test_an_exception_replaces_the_weekly_hours_of_its_day(venue):
    OpeningException.objects.create(venue=venue, date=dt.date(2026, 12, 8), closed=True, reason="Travaux")
    assert not venue_is_open(at(8, 14), at(8, 16))
    OpeningException.objects.create(
        venue=venue, date=dt.date(2026, 12, 7), closed=False, opens=dt.time(14), closes=dt.time(18)
    )
    assert venue_is_open(at(7, 14), at(7, 18))  # a Monday opened for once
    assert not venue_is_open(at(7, 13), at(7, 15))


def test_an_exhibition_over_weeks_opens_and_closes_with_the_venue(venue):
    assert venue_is_open(at(8, 10), at(13, 19))  # Tuesday to Sunday, the closed Monday in between is fine
    assert venue_is_open(at(1, 10), at(20, 19))
    assert not venue_is_open(at(8, 10), at(14, 19))  # ends on a Monday
    assert venue_opening_problem(at(8, 10), at(14, 19)) == "Le Club est fermé le lundi 14 décembre 2026."
    assert "ne peut pas finir à 20:00" in venue_opening_problem(at(8, 10), at(13, 20))
    assert not venue_is_open(at(8, 8), at(13, 19))  # starts before opening
    assert "ne peut pas commencer à 08:00" in venue_opening_problem(at(8, 8), at(13, 19))


def test_without_a_venue_there_is_nothing_to_check():
    assert venue_is_open(at(7, 3), at(7, 4))


def test_an_exceptional_opening_covers_the_usual_hours_and_the_event(venue):
    exception = opening_exceptional_open(
        venue=venue, day=dt.date(2026, 12, 8), opens=dt.time(18), closes=dt.time(21, 30), why="Concert"
    )
    assert (exception.closed, exception.opens, exception.closes) == (False, dt.time(10), dt.time(21, 30))
    assert exception.reason == "Ouverture exceptionnelle : Concert"
    assert venue_is_open(at(8, 18), at(8, 21, 30)) and venue_is_open(at(8, 11), at(8, 12))


def test_an_exceptional_opening_on_a_holiday_keeps_its_name(venue):
    OpeningException.objects.create(venue=venue, date=dt.date(2026, 12, 25), closed=True, reason="Noël")
    exception = opening_exceptional_open(
        venue=venue, day=dt.date(2026, 12, 25), opens=dt.time(15), closes=dt.time(18), why="Goûter solidaire"
    )
    assert (exception.closed, exception.opens, exception.closes) == (False, dt.time(15), dt.time(18))
    assert exception.reason == "Noël · Ouverture exceptionnelle : Goûter solidaire"
    assert OpeningException.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=PARIS), tick=False)
def test_the_venue_page_lists_an_exceptional_opening(client, venue):
    opening_exceptional_open(
        venue=venue, day=dt.date(2026, 12, 7), opens=dt.time(18), closes=dt.time(21), why="Nuit des idées"
    )
    page = client.get(reverse("venue:place")).content.decode()
    assert "lundi 7 décembre" in page
    assert "18:00–21:00 (Ouverture exceptionnelle : Nuit des idées)" in page
