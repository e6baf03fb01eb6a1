"""The annonce's availability calendar, the author's blocked days and the private calendar feed, as
members meet them."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from exchanges import calendar, services
from exchanges.models import BlockedPeriod, ExchangeStatus, day_start
from exchanges.tests.factories import ExchangeFactory, help_listing, in_days, loan_listing, trip_listing
from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(listing, user) -> str:
    response = client_of(user).get(listing.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, state: str) -> list[str]:
    """The text of the calendar's day cells in `state`."""
    return [
        htmllib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(rf'<td class="day day-{state}[^"]*"[^>]*>(.*?)</td>', html, flags=re.S)
    ]


def accepted(listing, first, last, receiver=None):
    return ExchangeFactory(
        listing=listing,
        initiator=receiver or VerifiedMemberFactory(display_name="Bérénice Discrète"),
        start=day_start(in_days(first)),
        end=day_start(in_days(last + 1)),
        status=ExchangeStatus.ACCEPTED,
    )


def test_a_loan_shows_three_months_with_taken_and_blocked_days_never_who():
    listing = loan_listing()
    accepted(listing, 10, 12)
    services.blocked_period_add(listing=listing, by=listing.author, first_day=in_days(20), last_day=in_days(21))
    html = page_of(listing, VerifiedMemberFactory())
    assert html.count('<table class="month">') == 3
    assert len(re.findall(r"<caption>\w+ \d{4}</caption>", html)) == 3
    assert html.count('<th scope="col">') == 3 * 7
    taken, blocked = cells(html, "taken"), cells(html, "blocked")
    assert len(taken) == 3 and all(text.endswith(": pris") for text in taken)
    assert len(blocked) == 2 and all(text.endswith(": bloqué") for text in blocked)
    assert all(": libre" in text or "(aujourd'hui)" in text for text in cells(html, "free"))
    assert "Bérénice" not in html
    assert "Légende du calendrier" in html
    # Visitors get no form to block days.
    assert "Bloquer ces jours" not in html


def test_the_days_before_today_and_outside_the_annonce_are_not_offered():
    listing = loan_listing(available_until=in_days(15))
    html = page_of(listing, VerifiedMemberFactory())
    # Today's month may start today: "passé" cells are those before it.
    assert len(cells(html, "past")) == timezone.localdate().day - 1
    assert all(text.endswith("hors des dates de l'annonce") for text in cells(html, "unavailable"))
    assert cells(html, "unavailable")


def test_a_trip_shows_its_departure_and_seats_left():
    trip = trip_listing(seats=3)
    services.exchange_accept(
        exchange=services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Bonjour"),
        by=trip.author,
    )
    html = page_of(trip, VerifiedMemberFactory())
    assert "2 places restantes sur 3" in html and "Départ le" in html
    assert '<table class="month">' not in html


def test_a_full_trip_says_so():
    trip = trip_listing(seats=1)
    services.exchange_accept(
        exchange=services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Bonjour"),
        by=trip.author,
    )
    assert "Complet : la place est prise." in page_of(trip, VerifiedMemberFactory())


def test_a_help_annonce_lists_its_taken_slots():
    listing = help_listing()
    start = timezone.make_aware(dt.datetime.combine(in_days(3), dt.time(14, 0)))
    ExchangeFactory(listing=listing, unit="slot", start=start, end=start + dt.timedelta(hours=2), status="accepted")
    html = page_of(listing, VerifiedMemberFactory())
    assert "de 14:00 à 16:00" in html


def test_annonces_without_exchange_or_requests_have_no_calendar():
    plain = ListingFactory()  # services-entraide: contact by message only
    wanted = loan_listing(kind="request")
    for listing in (plain, wanted):
        assert 'id="disponibilites"' not in page_of(listing, VerifiedMemberFactory())


def test_the_author_blocks_and_unblocks_days_from_the_page():
    listing = loan_listing()
    author = client_of(listing.author)
    html = author.get(listing.get_absolute_url()).content.decode()
    assert "Bloquer ces jours" in html and "Aucun jour bloqué." in html
    url = reverse("exchange_calendar:availability", args=[listing.pk])
    response = author.post(url, {"block-first_day": in_days(5), "block-last_day": in_days(7)})
    assert response.status_code == 302 and response["Location"].endswith("#disponibilites")
    period = BlockedPeriod.objects.get(listing=listing)
    html = author.get(listing.get_absolute_url()).content.decode()
    assert len(cells(html, "blocked")) == 3
    assert reverse("exchange_calendar:unblock", args=[listing.pk, period.pk]) in html
    response = author.post(reverse("exchange_calendar:unblock", args=[listing.pk, period.pk]))
    assert response.status_code == 302
    assert not BlockedPeriod.objects.exists()
    assert "Ces jours sont de nouveau libres." in author.get(listing.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        (7, 5, "last_day", "La fin doit être le même jour que le début ou après."),
        (-2, 1, "first_day", "Cette date est passée."),
        ("", 3, "first_day", "Ce champ est obligatoire."),
        ("pas une date", 3, "first_day", "Saisissez une date valide."),
    ],
    ids=["end before start", "in the past", "missing", "not a date"],
)
def test_bad_days_are_an_error_next_to_the_field(first, last, field, message):
    listing = loan_listing()
    first = in_days(first) if isinstance(first, int) else first
    response = client_of(listing.author).post(
        reverse("exchange_calendar:availability", args=[listing.pk]),
        {"block-first_day": first, "block-last_day": in_days(last)},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field] == [message]
    html = response.content.decode()
    assert f'id="id_block-{field}"' in html and 'aria-invalid="true"' in html
    assert '<table class="month">' in html  # the calendar is shown with the errors
    assert not BlockedPeriod.objects.exists()


def test_blocking_over_an_accepted_exchange_says_so():
    listing = loan_listing()
    accepted(listing, 10, 12)
    response = client_of(listing.author).post(
        reverse("exchange_calendar:availability", args=[listing.pk]),
        {"block-first_day": in_days(11), "block-last_day": in_days(14)},
    )
    assert response.status_code == 400
    [error] = response.context["form"].errors["first_day"]
    assert "Un échange accepté occupe déjà" in error and "Ces dates sont déjà prises" in error
    assert not BlockedPeriod.objects.exists()


def test_only_the_author_may_block_or_unblock():
    listing = loan_listing()
    period = services.blocked_period_add(listing=listing, by=listing.author, first_day=in_days(3), last_day=in_days(4))
    other = client_of(VerifiedMemberFactory())
    block = reverse("exchange_calendar:availability", args=[listing.pk])
    unblock = reverse("exchange_calendar:unblock", args=[listing.pk, period.pk])
    assert other.get(block).status_code == 404
    assert other.post(block, {"block-first_day": in_days(5), "block-last_day": in_days(6)}).status_code == 404
    assert other.post(unblock).status_code == 404
    # Someone else's period through one's own annonce is 404 too.
    mine = loan_listing(author=VerifiedMemberFactory())
    assert (
        client_of(mine.author).post(reverse("exchange_calendar:unblock", args=[mine.pk, period.pk])).status_code == 404
    )
    assert BlockedPeriod.objects.filter(pk=period.pk).exists()
    assert BlockedPeriod.objects.count() == 1
    # An annonce that is not reserved by days has no calendar to block.
    trip = trip_listing()
    assert client_of(trip.author).get(reverse("exchange_calendar:availability", args=[trip.pk])).status_code == 404


# --- The private feed ----------------------------------------------------------------------------
def test_the_feed_lists_the_members_exchanges_by_its_secret_address():
    listing = loan_listing(title="Tente 4 places & sardines")
    member = listing.author
    mine = accepted(listing, 10, 12, receiver=VerifiedMemberFactory(display_name="Zoé K."))
    ExchangeFactory(listing=listing, status=ExchangeStatus.DECLINED)  # not in the feed
    url = reverse("exchange_calendar:feed", args=[calendar.feed_token(user=member)])
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Tente 4 places & sardines · Zoé K."]
    [event] = events
    assert event.decoded("dtstart") == in_days(10) and event.decoded("dtend") == in_days(13)
    assert str(event["status"]) == "CONFIRMED" and mine.number in str(event["description"])


def test_a_trip_in_the_feed_has_its_departure_and_no_end():
    trip = trip_listing(seats=2)
    passenger = VerifiedMemberFactory()
    services.exchange_request(listing=trip, initiator=passenger, seats=1, message="Bonjour")
    [event] = Calendar.from_ical(calendar.feed_calendar(passenger)).walk("VEVENT")
    assert "dtend" not in event and str(event["status"]) == "TENTATIVE"


def test_unknown_revoked_or_unverified_feeds_are_404():
    member = VerifiedMemberFactory()
    old = calendar.feed_token(user=member)
    assert Client().get(reverse("exchange_calendar:feed", args=["not-a-token"])).status_code == 404
    new = calendar.feed_rotate(user=member)
    assert new != old
    assert Client().get(reverse("exchange_calendar:feed", args=[old])).status_code == 404
    assert Client().get(reverse("exchange_calendar:feed", args=[new])).status_code == 200
    member.profile.verification_status = "rejected"
    member.profile.save()
    assert Client().get(reverse("exchange_calendar:feed", args=[new])).status_code == 404


def test_the_account_page_gives_the_address_and_changes_it():
    member = VerifiedMemberFactory()
    client = client_of(member)
    html = client.get(reverse("members:account")).content.decode()
    token = calendar.feed_token(user=member)
    assert "Agenda de mes échanges" in html and f"/echanges/agenda/{token}.ics" in html
    assert f"webcal://127.0.0.1:8000/echanges/agenda/{token}.ics" in html
    response = client.post(reverse("exchange_calendar:feed_rotate"))
    assert response.status_code == 302 and response["Location"] == reverse("members:account")
    html = client.get(reverse("members:account")).content.decode()
    assert token not in html and calendar.feed_token(user=member) in html
    assert "l&#x27;ancienne ne fonctionne plus" in html
    assert client.get(reverse("exchange_calendar:feed_rotate")).status_code == 405


def test_people_who_are_not_verified_get_no_feed_section(member_client):
    html = member_client.get(reverse("members:account")).content.decode()
    assert "Agenda de mes échanges" not in html
    assert member_client.post(reverse("exchange_calendar:feed_rotate")).status_code == 302  # to verification


def test_the_calendar_a_member_sees_shows_a_new_taken_or_blocked_day_at_the_next_request():
    """The calendar visitors see is read from the cache (templatetags/exchange_calendar.py): its key
    is what it shows, so an accepted exchange, a blocked day or an unblocked one shows at once."""
    listing = loan_listing()
    reader = client_of(VerifiedMemberFactory())
    url = listing.get_absolute_url()
    assert cells(reader.get(url).content.decode(), "taken") == []
    accepted(listing, 10, 12)
    assert len(cells(reader.get(url).content.decode(), "taken")) == 3
    period = services.blocked_period_add(
        listing=listing, by=listing.author, first_day=in_days(20), last_day=in_days(21)
    )
    assert len(cells(reader.get(url).content.decode(), "blocked")) == 2
    services.blocked_period_remove(period=period, by=listing.author)
    html = reader.get(url).content.decode()
    assert cells(html, "blocked") == [] and len(cells(html, "taken")) == 3
    # The author still gets their own form and « débloquer » buttons, never the visitors' copy.
    assert "Bloquer ces jours" in client_of(listing.author).get(url).content.decode()
    assert "Bloquer ces jours" not in html
