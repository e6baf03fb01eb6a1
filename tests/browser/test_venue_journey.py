"""A visitor finds an event, books two seats without an account, then cancels from the e-mail;
staff check people in at the door. Screenshots at phone and desktop widths (tests/screenshots/)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Booking, BookingStatus
from events.tests.factories import EventFactory, EventTypeFactory, ExhibitionFactory
from venue.tests.factories import OpeningHoursFactory, PartnerFactory, RoomFactory, VenueFactory

from .conftest import fill_booking_form

pytestmark = pytest.mark.django_db(transaction=True)


def soon_this_month():
    """A start time later today that stays in this month (the filter is « ce mois-ci »)."""
    now = timezone.localtime()
    start = (now + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return start if start.month == now.month else now.replace(second=0, microsecond=0)


@pytest.fixture
def programme():
    venue = VenueFactory(
        access="Métro : Bastille (lignes 1, 5, 8).\nBus : 61, 69, 76.",
        accessibility="Tout le lieu est de plain-pied ; boucle magnétique en salle Agora.",
    )
    for weekday in range(7):
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(0), closes=dt.time(23, 59))
    agora = RoomFactory(venue=venue, name="Salle Agora", capacity=120)
    debate = EventFactory(
        title="Image likée : nouveau moyen d'exister ?",
        summary="Likes, stories et filtres : nos images en ligne disent-elles qui nous sommes ?",
        description="Un débat ouvert avec une sociologue et un photographe.",
        type=EventTypeFactory(slug="debat", name="Débat"),
        starts_at=soon_this_month(),
        room=agora,
        capacity=40,
        speakers="Clémence Aubry, sociologue\nMarc Olivier, photographe",
    )
    debate.partners.add(PartnerFactory(name="La Ruche de Belleville"))
    services.booking_create(event=debate, name="Déjà inscrite", email="deja@example.org", seats=3)
    EventFactory(
        title="Atelier : réparer son vélo",
        type=EventTypeFactory(slug="atelier", name="Atelier"),
        starts_at=soon_this_month(),
        capacity=12,
    )
    EventFactory(
        title="Débat dans trois mois", type=EventTypeFactory(slug="debat"), starts_at=timezone.now() + dt.timedelta(90)
    )
    ExhibitionFactory(
        title="Objets réparés, objets aimés",
        type=EventTypeFactory(slug="exposition", name="Exposition"),
        starts_at=timezone.now() - dt.timedelta(days=2),
    )
    mail.outbox.clear()
    return debate


def test_visitor_filters_books_two_seats_and_cancels_from_the_email(page, shoot, programme, viewport_name):
    page.goto("/")
    if viewport_name == "phone":  # the navigation is folded behind the « Menu » button
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Agenda").click()
    page.wait_for_url("**/agenda/")
    assert page.get_by_role("heading", level=1).inner_text() == "Agenda du lieu"
    shoot("agenda")

    page.get_by_label("Type").select_option(label="Débat")
    page.get_by_label("Quand").select_option(label="Ce mois-ci")
    results = page.locator("#agenda-results")
    expect(page.locator("#agenda-count .results-count")).to_have_text("1 évènement")
    expect(page).to_have_url(re.compile(r"type=debat.*period=month"))  # htmx kept the address shareable
    assert "Image likée" in results.inner_text()
    assert "Atelier : réparer son vélo" not in results.inner_text()
    assert "Débat dans trois mois" not in results.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot("agenda-filtered")

    results.get_by_role("link", name="Image likée : nouveau moyen d'exister ?").click()
    page.wait_for_url(f"**{programme.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Image likée : nouveau moyen d'exister ?"
    assert page.get_by_text("37 places libres").first.is_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    shoot("event")

    fill_booking_form(page, name="Jeanne Martin", email="jeanne@example.org", seats="2")
    page.get_by_role("button", name="Réserver", exact=True).click()
    page.wait_for_url("**/agenda/reservation/**")
    assert page.get_by_role("heading", name="C'est réservé !").is_visible()
    assert page.get_by_text("Jeanne Martin, vos 2 places sont confirmées.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot("booking-confirmed")

    booking = Booking.objects.get(email="jeanne@example.org")
    assert booking.status == BookingStatus.CONFIRMED and booking.seats == 2
    [message] = [m for m in mail.outbox if m.to == ["jeanne@example.org"]]
    assert message.subject == "Réservation confirmée : Image likée : nouveau moyen d'exister ?"
    cancel_link = re.search(r"https?://\S+/annuler/", message.body).group(0)

    page.goto(urlsplit(cancel_link).path)
    assert page.get_by_role("heading", name="Annuler ma réservation").is_visible()
    shoot("booking-cancel")
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    page.wait_for_url(f"**{programme.get_absolute_url()}")
    assert page.get_by_text("Votre réservation est annulée").is_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    page.goto(urlsplit(cancel_link).path)  # the link does not work twice
    assert page.get_by_role("heading", name="Cette réservation est déjà annulée").is_visible()


def test_staff_check_in_at_the_door(page, shoot, programme, staff, login):
    services.booking_create(
        event=programme, name="Ana Lopez", email="ana@example.org", seats=2, accessibility_needs="Fauteuil roulant"
    )
    login(staff)
    page.goto(f"{programme.get_absolute_url()}accueil/")
    assert page.get_by_role("heading", name=programme.title).is_visible()
    assert page.get_by_role("button", name="Scanner un billet").is_visible()
    shoot("checkin")
    page.get_by_label("Chercher un nom").fill("ana")
    expect(page.get_by_text("Déjà inscrite", exact=True)).to_be_hidden()  # the list narrows as staff type
    page.get_by_role("button", name="Arrivé·e : Ana Lopez").click()
    page.get_by_text("Arrivée enregistrée").wait_for()
    assert page.locator(".checkin-counts").inner_text().count("2 / 5") == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot("checkin-after")


def test_venue_pages(page, shoot, programme):
    page.goto("/lieu/")
    assert page.get_by_text("Ouvert maintenant").is_visible()
    assert page.get_by_role("heading", name="Comment venir").is_visible()
    shoot("place")
    page.goto("/partenaires/")
    assert page.get_by_role("heading", name="La Ruche de Belleville").is_visible()
    shoot("partners")
    page.goto("/")
    assert page.get_by_role("heading", name="Prochainement au Club").is_visible()
    assert page.get_by_role("link", name="Image likée : nouveau moyen d'exister ?").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot("home-events")
