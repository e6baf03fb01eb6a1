"""The availability calendar of an annonce and the author's blocked days, a trip's seats and the
account page's private feed, at phone and desktop widths, with the keyboard, axe-checked."""

import pytest

from exchanges import services
from exchanges.models import BlockedPeriod, ExchangeStatus, day_start
from exchanges.tests.factories import ExchangeFactory, in_days, loan_listing, trip_listing
from listings.tests.factories import ensure_categories
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_author_sees_the_calendar_and_blocks_days(page, login, shoot, check_accessibility):
    ensure_categories()
    author = VerifiedMemberFactory(display_name="Claire M.")
    listing = loan_listing(author=author, title="Perceuse à percussion")
    ExchangeFactory(
        listing=listing, start=day_start(in_days(4)), end=day_start(in_days(7)), status=ExchangeStatus.ACCEPTED
    )
    services.blocked_period_add(listing=listing, by=author, first_day=in_days(12), last_day=in_days(13))

    login(author)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto(listing.get_absolute_url())
    calendar = page.get_by_role("region", name="Disponibilités")
    assert calendar.locator("table.month").count() == 3
    assert calendar.locator("td.day-taken").count() == 3
    assert calendar.locator("td.day-blocked").count() == 2
    shoot("exchanges-calendar-author")
    check_accessibility(page)
    assert no_horizontal_scroll(page)

    # With the keyboard: end before start is refused next to the field.
    page.get_by_label("Du", exact=True).fill(in_days(20).isoformat())
    page.get_by_label("Au (inclus)").fill(in_days(18).isoformat())
    page.get_by_label("Au (inclus)").press("Enter")
    page.wait_for_url("**/disponibilites/")
    error = page.locator(".field.has-error .errorlist")
    assert error.inner_text() == "La fin doit être le même jour que le début ou après."
    assert page.evaluate("document.activeElement.id") == "id_block-last_day"
    shoot("exchanges-calendar-block-error")
    check_accessibility(page)

    page.get_by_label("Au (inclus)").fill(in_days(22).isoformat())
    page.get_by_role("button", name="Bloquer ces jours").click()
    page.wait_for_url(f"**{listing.get_absolute_url()}#disponibilites")
    assert page.get_by_text("Ces jours sont bloqués").is_visible()
    assert BlockedPeriod.objects.filter(listing=listing).count() == 2

    # Over the accepted exchange: refused, and it says why.
    page.get_by_label("Du", exact=True).fill(in_days(5).isoformat())
    page.get_by_label("Au (inclus)").fill(in_days(5).isoformat())
    page.get_by_role("button", name="Bloquer ces jours").click()
    assert "Un échange accepté occupe déjà" in page.locator(".field.has-error .errorlist").inner_text()
    page.go_back()

    page.goto(listing.get_absolute_url())
    unblock = page.get_by_role("button", name="Débloquer", exact=False).first
    unblock.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{listing.get_absolute_url()}#disponibilites")
    assert BlockedPeriod.objects.filter(listing=listing).count() == 1


def test_a_visitor_sees_the_calendar_and_a_trip_its_seats(page, login, shoot, check_accessibility):
    ensure_categories()
    listing = loan_listing(title="Tente quatre places")
    ExchangeFactory(
        listing=listing, start=day_start(in_days(2)), end=day_start(in_days(5)), status=ExchangeStatus.ACCEPTED
    )
    services.blocked_period_add(listing=listing, by=listing.author, first_day=in_days(9), last_day=in_days(11))
    trip = trip_listing(seats=3, title="Paris → Lyon, samedi")
    services.exchange_accept(
        exchange=services.exchange_request(listing=trip, initiator=VerifiedMemberFactory(), seats=1, message="Bonjour"),
        by=trip.author,
    )
    visitor = VerifiedMemberFactory()
    login(visitor)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto(listing.get_absolute_url())
    assert page.get_by_role("table").first.locator("caption").is_visible()
    assert page.get_by_role("button", name="Bloquer ces jours").count() == 0
    shoot("exchanges-calendar-visitor")
    check_accessibility(page)
    assert no_horizontal_scroll(page)
    page.goto(trip.get_absolute_url())
    assert page.get_by_text("2 places restantes sur 3").is_visible()
    shoot("exchanges-trip-seats")
    check_accessibility(page)


def test_the_account_page_gives_the_private_feed(page, login, shoot, check_accessibility):
    member = VerifiedMemberFactory()
    login(member)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto("/compte/")
    address = page.get_by_label("Adresse de votre agenda")
    old = address.input_value()
    assert "/echanges/agenda/" in old and old.endswith(".ics")
    shoot("exchanges-feed-account")
    check_accessibility(page)
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Changer l'adresse").click()
    page.wait_for_url("**/compte/")
    assert page.get_by_text("l'ancienne ne fonctionne plus").is_visible()
    assert page.get_by_label("Adresse de votre agenda").input_value() != old
