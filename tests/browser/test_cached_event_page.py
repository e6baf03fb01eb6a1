"""Booking from an event page served by the public pages' cache (club/page_cache.py): the page
holds no CSRF token, the form is loaded into it with the visitor's own token (htmx), and without
JavaScript the page links to the form as a page of its own. Phone and desktop, axe, screenshots."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, BookingStatus
from events.tests.factories import EventFactory, EventTypeFactory
from venue.tests.factories import OpeningHoursFactory, RoomFactory, VenueFactory

from .conftest import VIEWPORTS, fill_booking_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def debate():
    venue = VenueFactory()
    for weekday in range(7):
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(0), closes=dt.time(23, 59))
    return EventFactory(
        title="Image likée : nouveau moyen d'exister ?",
        summary="Likes, stories et filtres : nos images en ligne disent-elles qui nous sommes ?",
        type=EventTypeFactory(slug="debat", name="Débat"),
        starts_at=(timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0),
        room=RoomFactory(venue=venue, name="Salle Agora", capacity=120),
        capacity=40,
    )


def test_booking_from_the_cached_event_page(page, shoot, debate, check_accessibility):
    first = page.goto(debate.get_absolute_url())
    assert first.headers["x-page-cache"] == "miss"
    cached = page.reload()
    assert cached.headers["x-page-cache"] == "hit"
    assert cached.headers["cache-control"].startswith("public, max-age=")
    assert "csrfmiddlewaretoken" not in cached.text()
    # The form, with this visitor's token, comes in place of the link.
    expect(page.get_by_label("Nom et prénom")).to_be_visible()
    assert page.locator('#booking input[name="csrfmiddlewaretoken"]').count() == 1
    assert page.get_by_text("40 places libres").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(page)
    shoot("pagecache-event")

    fill_booking_form(page, name="Jeanne Martin", email="jeanne@example.org", seats="2")
    page.get_by_role("button", name="Réserver", exact=True).click()
    page.wait_for_url("**/agenda/reservation/**")
    assert page.get_by_text("Jeanne Martin, vos 2 places sont confirmées.").is_visible()
    assert Booking.objects.get(email="jeanne@example.org").status == BookingStatus.CONFIRMED

    # The very next visit to the page shows the seats taken.
    again = page.goto(debate.get_absolute_url())
    assert again.headers["x-page-cache"] == "miss"
    assert page.get_by_text("38 places libres").first.is_visible()


def test_booking_without_javascript_from_the_cached_event_page(browser, live_server, viewport_name, debate):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport_name], locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(debate.get_absolute_url())
        assert page.reload().headers["x-page-cache"] == "hit"
        page.screenshot(path=_shot("pagecache-event-nojs", viewport_name), full_page=True)
        page.locator("#booking").get_by_role("link", name="Réserver").click()
        page.wait_for_url("**/reserver/")
        assert page.get_by_role("heading", level=1).inner_text() == debate.title
        page.screenshot(path=_shot("pagecache-booking-form-nojs", viewport_name), full_page=True)
        fill_booking_form(page, name="Paul Durand", email="paul@example.org")
        page.get_by_role("button", name="Réserver", exact=True).click()
        page.wait_for_url("**/agenda/reservation/**")
        assert page.get_by_text("Paul Durand, votre place est confirmée.").is_visible()
        assert Booking.objects.get(email="paul@example.org").status == BookingStatus.CONFIRMED
    finally:
        context.close()


def _shot(name, viewport_name) -> str:
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return str(SCREENSHOTS / f"{name}-{viewport_name}.png")
