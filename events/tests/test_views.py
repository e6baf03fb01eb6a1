"""What a visitor sees and can do: the agenda, an event page, booking, cancelling, calendars."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Booking, BookingStatus, EventStatus
from events.tests.factories import EventFactory, EventTypeFactory, ExhibitionFactory
from events.tokens import booking_token
from venue.tests.factories import PartnerFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db


def in_days(days, hour=19):
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def booking_data(**overrides):
    return {"name": "Ana Lopez", "email": "ana@example.org", "seats": "2", "consent": "on"} | overrides


# --- Agenda ----------------------------------------------------------------------------------


def test_agenda_lists_upcoming_published_events_only(client):
    upcoming = EventFactory(title="Débat à venir")
    EventFactory(title="Brouillon secret", status=EventStatus.DRAFT)
    EventFactory(title="Débat passé", starts_at=timezone.now() - dt.timedelta(days=3))
    running = ExhibitionFactory(title="Expo en cours", starts_at=timezone.now() - dt.timedelta(days=3))
    page = client.get(reverse("events:agenda")).content.decode()
    assert upcoming.title in page and running.title in page
    assert "Brouillon secret" not in page and "Débat passé" not in page
    archive = client.get(reverse("events:archive")).content.decode()
    assert "Débat passé" in archive and upcoming.title not in archive


def test_agenda_filters_by_type_and_period(client):
    EventFactory(title="Débat ce soir", starts_at=in_days(0, hour=23) if timezone.localtime().hour < 22 else in_days(1))
    far = EventFactory(title="Débat lointain", starts_at=in_days(70))
    workshop = EventFactory(title="Atelier couture", type=EventTypeFactory(slug="atelier"), starts_at=in_days(1))
    page = client.get(reverse("events:agenda"), {"type": "atelier"}).content.decode()
    assert workshop.title in page and "Débat ce soir" not in page
    page = client.get(reverse("events:agenda"), {"type": "debat", "period": "month"}).content.decode()
    assert far.title not in page
    page = client.get(reverse("events:agenda"), {"date_from": in_days(60).date().isoformat()}).content.decode()
    assert far.title in page and workshop.title not in page


def test_an_exhibition_running_for_weeks_is_in_this_weekend(client):
    expo = ExhibitionFactory(starts_at=timezone.now() - dt.timedelta(days=10))
    page = client.get(reverse("events:agenda"), {"period": "weekend"}).content.decode()
    assert expo.title in page


def test_agenda_shows_places_left(client):
    full = EventFactory(title="Complet ici", capacity=2)
    services.booking_create(event=full, name="A", email="a@example.org", seats=2)
    few = EventFactory(title="Presque plein", capacity=5)
    services.booking_create(event=few, name="B", email="b@example.org", seats=2)
    ExhibitionFactory(title="Expo libre")
    page = client.get(reverse("events:agenda")).content.decode()
    assert "Complet" in page
    assert "Plus que 3 places" in page
    assert "Entrée libre" in page


def test_agenda_is_paginated_and_htmx_gets_only_the_results(client, django_assert_max_num_queries):
    for n in range(15):
        EventFactory(starts_at=in_days(n + 1))
    with django_assert_max_num_queries(8):
        first = client.get(reverse("events:agenda"))
    assert first.context["page_obj"].paginator.num_pages == 2
    assert "Page 1 sur 2" in first.content.decode()
    fragment = client.get(
        reverse("events:agenda"), {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="agenda-results"
    )
    html = fragment.content.decode()
    assert "<html" not in html and 'id="agenda-count" class="results-line" role="status" hx-swap-oob="true"' in html
    assert len(re.findall(r'<article class="event-card', html)) == 3


def test_a_bad_date_in_the_filters_does_not_break_the_agenda(client):
    event = EventFactory()
    response = client.get(reverse("events:agenda"), {"date_from": "pas-une-date"})
    assert response.status_code == 200
    assert event.title in response.content.decode()


# --- Event page ------------------------------------------------------------------------------


def test_event_page_has_open_graph_twitter_and_json_ld(client):
    VenueFactory()
    partner = PartnerFactory(name="La Ruche")
    event = EventFactory(title="Image likée : nouveau moyen d'exister ?", speakers="Clémence Aubry\nMarc Olivier")
    event.partners.add(partner)
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Image likée : nouveau moyen d&#x27;exister ?">' in html
    assert 'property="og:image" content="http' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["location"]["address"]["addressLocality"] == "Paris"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert [p["name"] for p in data["performer"]] == ["Clémence Aubry", "Marc Olivier"]
    assert "La Ruche" in html
    assert reverse("events:ics", args=[event.slug]) in html


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    event = EventFactory(title="</script><script>alert(1)</script>")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html


def test_draft_event_page_is_not_found(client):
    assert client.get(EventFactory(status=EventStatus.DRAFT).get_absolute_url()).status_code == 404


def test_cancelled_event_page_says_so_and_takes_no_booking(client):
    html = client.get(EventFactory(status=EventStatus.CANCELLED).get_absolute_url()).content.decode()
    assert "Cet évènement est annulé" in html
    assert 'name="seats"' not in html


def test_exhibition_page_needs_no_booking(client):
    html = client.get(ExhibitionFactory().get_absolute_url()).content.decode()
    assert "Pas besoin de réserver" in html and 'name="seats"' not in html


# --- Booking ---------------------------------------------------------------------------------


def test_visitor_books_and_gets_the_confirmation_email(client, django_capture_on_commit_callbacks):
    VenueFactory()
    event = EventFactory(room=RoomFactory(name="Salle Agora"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), booking_data())
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED and booking.seats == 2
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "C'est réservé" in page and "vos 2 places sont confirmées" in page

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == f"Réservation confirmée : {event.title}"
    assert "Salle Agora" in message.body and "2 places au nom de Ana Lopez" in message.body
    files = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    ics, _ = files[f"{event.slug}.ics"]
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == event.starts_at
    png, mimetype = files["billet-qr.png"]
    assert mimetype == "image/png" and png.startswith(b"\x89PNG")
    cancel_url = reverse("events:booking_cancel", args=[booking_token(booking)])
    assert cancel_url in message.body


def test_full_event_puts_the_visitor_on_the_waiting_list(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.booking_create(event=event, name="A", email="a@example.org", seats=1)
    assert "Rejoindre la liste d'attente" in client.get(event.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), booking_data(seats="1", join_waiting_list="True"))
    assert Booking.objects.get(email="ana@example.org").status == BookingStatus.WAITING
    assert "liste d'attente" in client.get(response["Location"]).content.decode()
    assert mail.outbox[-1].subject.startswith("Liste d'attente")
    assert mail.outbox[-1].attachments == []


def test_second_booking_with_the_same_email_says_how_to_change_it(client):
    event = EventFactory()
    client.post(event.get_absolute_url(), booking_data())
    response = client.post(event.get_absolute_url(), booking_data(email="ANA@example.org", seats="1"))
    assert response.status_code == 200
    assert "Vous avez déjà réservé" in response.content.decode()
    assert Booking.objects.count() == 1


def test_booking_needs_consent_and_books_nothing_without_it(client):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), booking_data(consent=""))
    assert "Votre accord est nécessaire" in response.content.decode()
    assert not Booking.objects.exists()


def test_honeypot_books_nothing(client):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), booking_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_bookings_are_rate_limited_per_ip(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "book": "3/h/ip"}
    events = [EventFactory() for _ in range(4)]
    codes = [
        client.post(e.get_absolute_url(), booking_data(email=f"p{i}@example.org")).status_code
        for i, e in enumerate(events)
    ]
    assert codes == [302, 302, 302, 429]
    assert Booking.objects.count() == 3


def test_bookings_are_rate_limited_per_email(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "book_email": "2/h/key"}
    events = [EventFactory() for _ in range(3)]
    codes = [
        client.post(e.get_absolute_url(), booking_data(), REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i, e in enumerate(events)
    ]
    assert codes == [302, 302, 429]
    assert "Trop de réservations" in client.post(events[2].get_absolute_url(), booking_data()).content.decode()


def test_htmx_booking_redirects_the_browser_or_returns_the_form(client):
    event = EventFactory()
    invalid = client.post(event.get_absolute_url(), booking_data(name=""), HTTP_HX_REQUEST="true")
    assert 'id="booking"' in invalid.content.decode() and "<html" not in invalid.content.decode()
    ok = client.post(event.get_absolute_url(), booking_data(), HTTP_HX_REQUEST="true")
    assert ok["HX-Redirect"].startswith("/agenda/reservation/")


def test_member_finds_the_form_prefilled_and_their_bookings(member_client, member):
    member.profile.display_name = "Claire M."
    member.profile.save()
    event = EventFactory(title="Atelier compost")
    html = member_client.get(event.get_absolute_url()).content.decode()
    assert f'value="{member.email}"' in html and 'value="Claire M."' in html
    member_client.post(event.get_absolute_url(), booking_data(email=member.email))
    assert Booking.objects.get().user == member
    page = member_client.get(reverse("events:my_bookings")).content.decode()
    assert "Atelier compost" in page and "Confirmée" in page


def test_my_bookings_needs_an_account(client):
    response = client.get(reverse("events:my_bookings"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


# --- Cancellation link -----------------------------------------------------------------------


def test_cancellation_link_asks_then_cancels_then_refuses_reuse(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    booking = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=2)
    waiting = services.booking_create(event=event, name="Bob", email="bob@example.org", seats=1)
    url = reverse("events:booking_cancel", args=[booking_token(booking)])

    assert "Oui, annuler ma réservation" in client.get(url).content.decode()  # a GET changes nothing
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert waiting.status == BookingStatus.CONFIRMED  # promoted in the same transaction

    # The same link, used again, cancels nothing, not even a new booking by the same person.
    again = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=1)
    reused = client.post(url)
    assert reused.status_code == 410
    assert "déjà annulée" in reused.content.decode()
    again.refresh_from_db()
    assert again.status == BookingStatus.CONFIRMED


def test_tampered_cancellation_link_is_refused(client):
    booking = services.booking_create(event=EventFactory(), name="Ana", email="ana@example.org", seats=1)
    other = services.booking_create(event=EventFactory(), name="Bob", email="bob@example.org", seats=1)
    token = booking_token(booking)
    forged = f"{other.pk}:{token.split(':', 1)[1]}"
    for bad in (forged, token[:-1] + ("A" if token[-1] != "A" else "B"), str(other.pk)):
        assert client.post(reverse("events:booking_cancel", args=[bad])).status_code == 404
    other.refresh_from_db()
    assert other.status == BookingStatus.CONFIRMED


# --- Calendars -------------------------------------------------------------------------------


def test_event_ics_parses_back(client):
    VenueFactory()
    event = EventFactory(title="Débat du jeudi")
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Débat du jeudi"
    assert vevent.decoded("dtstart") == event.starts_at and vevent.decoded("dtend") == event.ends_at
    assert "Paris" in str(vevent["location"])
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")


def test_agenda_feed_lists_upcoming_events(client):
    upcoming = EventFactory(title="Bientôt")
    cancelled = EventFactory(title="Annulé", status=EventStatus.CANCELLED)
    EventFactory(title="Passé", starts_at=timezone.now() - dt.timedelta(days=2))
    EventFactory(title="Brouillon", status=EventStatus.DRAFT)
    response = client.get("/agenda.ics")
    calendar = Calendar.from_ical(response.content)
    events = {str(v["summary"]): str(v["status"]) for v in calendar.walk("VEVENT")}
    assert events == {upcoming.title: "CONFIRMED", cancelled.title: "CANCELLED"}


def test_event_image_is_shown_as_thumbnails_and_shared_in_the_card(client):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1500), "#0b5563").save(buffer, format="JPEG")
    event = EventFactory()
    event.image.save("affiche.jpg", ContentFile(buffer.getvalue()))
    agenda = client.get(reverse("events:agenda")).content.decode()
    assert re.search(r'<img src="/media/events/affiche[^"]*640x360[^"]*" width="640" height="360"', agenda)
    page = client.get(event.get_absolute_url()).content.decode()
    assert re.search(r'property="og:image" content="http[^"]*/media/events/affiche[^"]*1200x630', page)


def test_free_entry_page_says_whether_the_venue_is_open_now(client):
    from venue.tests.factories import OpeningHoursFactory

    venue = VenueFactory()
    for weekday in range(7):
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(0), closes=dt.time(23, 59))
    html = client.get(ExhibitionFactory().get_absolute_url()).content.decode()
    assert "Ouvert maintenant" in html or "Fermé actuellement" in html  # 23:59–00:00 is closed


def test_event_and_home_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    VenueFactory()
    partners = [PartnerFactory() for _ in range(4)]
    events = [EventFactory(starts_at=in_days(n + 1)) for n in range(5)]
    for event in events:
        event.partners.set(partners)
    with django_assert_max_num_queries(10):
        client.get(events[0].get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get(reverse("venue:home"))


def test_page_says_when_bookings_open(client):
    opens = timezone.now() + dt.timedelta(days=2)
    html = client.get(EventFactory(booking_opens_at=opens).get_absolute_url()).content.decode()
    assert "Réservations bientôt ouvertes" in html and 'name="seats"' not in html
    html = client.get(
        EventFactory(booking_closes_at=timezone.now() - dt.timedelta(hours=1)).get_absolute_url()
    ).content.decode()
    assert "Réservations closes" in html and 'name="seats"' not in html


def test_member_who_booked_sees_their_booking_instead_of_the_form(member_client, member):
    event = EventFactory()
    services.booking_create(event=event, name="Claire", email=member.email.upper(), seats=2)
    html = member_client.get(event.get_absolute_url()).content.decode()
    assert "Vous avez réservé" in html and "2 places au nom de Claire" in html
    assert 'name="seats"' not in html


def test_someone_who_lost_the_email_can_have_it_sent_again(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    client.post(event.get_absolute_url(), booking_data())
    again = client.post(event.get_absolute_url(), booking_data()).content.decode()
    assert "Renvoyer l&#x27;e-mail de ma réservation" in again or "Renvoyer l'e-mail de ma réservation" in again
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:booking_resend", args=[event.slug]), {"email": "ANA@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ana@example.org"] and message.subject.startswith("Réservation confirmée")
    # An address that did not book gets the same answer and no e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:booking_resend", args=[event.slug]), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1


def test_a_booking_name_that_ends_with_a_full_stop_gets_no_second_one(member_client, member):
    event = EventFactory()
    services.booking_create(event=event, name="Claire M.", email=member.email, seats=1)
    html = member_client.get(event.get_absolute_url()).content.decode()
    assert "1 place au nom de Claire M." in html
    assert "Claire M.." not in html
