"""Every page an English visitor or member sees is English (issue 13, « English for real »).

The pages are rendered in English over the demo's venue, rooms, partners and event types and the
migrated categories, with events and annonces written in English, and must show no French: neither
a msgid of the catalogue nor the French of a text written in both languages (tests/french_text.py
holds the rule). A text with no English falls back to French on the page, and the admin says so."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from club.translation_admin import MISSING_HELP, english_missing_q
from events.demo import seed_event_types
from events.models import EventType
from events.tests.factories import EventFactory
from exchanges.tests.factories import ExchangeFactory, loan_listing, trip_listing
from listings.models import Category
from listings.tests.factories import ensure_categories
from tests.french_text import catalogue_french, french_on_page
from venue.demo import seed_venue
from venue.models import OpeningException, Partner, Room, Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_site():
    """The demo venue and event types, the categories, two events written in both languages."""
    ensure_categories()
    venue = seed_venue()
    types = seed_event_types()
    rooms = {room.name_fr: room for room in Room.objects.all()}
    start = (timezone.now() + dt.timedelta(days=5)).replace(hour=17, minute=0, second=0, microsecond=0)
    debate = EventFactory(
        type=types["debat"],
        title="Image likée : nouveau moyen d'exister ?",
        title_en="Liked pictures: a new way to exist?",
        summary="Nos images en ligne disent-elles qui nous sommes ?",
        summary_en="Do our pictures online say who we are?",
        description="Un débat ouvert avec une sociologue et un photographe.",
        description_en="An open debate with a sociologist and a photographer.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        room=rooms["Salle Agora"],
        speakers="Anne Martin\nPaul Durand",
    )
    debate.partners.set(Partner.objects.filter(slug="repair-cafe-paris-11"))
    EventFactory(
        type=types["exposition"],
        title="Objets réparés, objets aimés",
        title_en="Mended things, loved things",
        summary="Cent objets du quotidien réparés par leurs propriétaires.",
        summary_en="A hundred everyday things mended by their owners.",
        starts_at=start - dt.timedelta(days=10),
        ends_at=start + dt.timedelta(days=30),
        booking_mode="free",
        capacity=0,
        room=rooms["La Grande Halle"],
    )
    return {"venue": venue, "debate": debate}


@pytest.fixture
def member_data(english_site, verified_member):
    """An annonce with category fields by another member, and an exchange the member asked for."""
    ride = trip_listing(title="Paris → Lyon by car", description="Leaving from Bastille, two bags max.")
    loan = loan_listing(title="Cordless drill", description="With two batteries and a case of bits.")
    exchange = ExchangeFactory(listing=loan, initiator=verified_member, receiver=verified_member)
    # Names as members write them (the factories' « Membre 12 » reads as French on an English page).
    for user, name in ((ride.author, "Camille R."), (loan.author, "Hugo L."), (verified_member, "Inès B.")):
        user.profile.display_name = name
        user.profile.save(update_fields=["display_name"])
    return {"ride": ride, "loan": loan, "exchange": exchange}


def assert_english(client, url, *, says=()):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert '<html lang="en">' in content, url
    found = french_on_page(content)
    assert not found, f"French on {url}: {found}"
    for text in says:
        assert text in html.unescape(content), f"{text!r} missing on {url}"
    return content


def test_the_rule_knows_french_from_the_catalogue_and_the_content(english_site):
    """The detector itself: it must catch French, or every test below would pass on French pages."""
    assert "Prochainement au Club" in catalogue_french()
    assert "Description" not in catalogue_french()  # the same word in English
    assert french_on_page("<p>Prochainement au Club</p>") == ["Prochainement au Club"]
    assert french_on_page('<button lang="fr">Français</button>') == []
    assert "Salle Agora" in french_on_page("<td>Salle Agora</td>")
    assert "Exposition" in french_on_page("<span>Exposition</span>")
    assert french_on_page("<p>Agora Room, Exhibition</p>") == []


@pytest.mark.parametrize(
    "name, says",
    [
        ("venue:home", ["Coming soon at Le Club"]),
        ("venue:place", ["The Great Hall", "ground floor", "Metro: Bastille", "hearing loop", "Christmas"]),
        ("venue:partners", ["Handy volunteers fix toasters"]),
        ("venue:legal", []),
        ("venue:privacy", []),
        ("events:agenda", ["Liked pictures: a new way to exist?", "Exhibition"]),
        ("account_login", []),
    ],
)
def test_public_pages_in_english(client, english_site, name, says):
    assert_english(client, "/en" + reverse(name), says=says)


def test_event_page_in_english(client, english_site):
    event = english_site["debate"]
    assert_english(
        client,
        f"/en/agenda/{event.slug}/",
        says=["Book my place", "Liked pictures: a new way to exist?", "Agora Room", "Debate", "sociologist"],
    )


def member_urls(data, member):
    return [
        ("/en/annonces/", ["Paris → Lyon by car", "Free car sharing"]),
        (f"/en/annonces/{data['ride'].pk}/", ["Free car sharing", "Departure"]),
        ("/en/annonces/nouvelle/", ["Lending things", "Shared parking"]),
        ("/en/annonces/nouvelle/covoiturage-gratuit/", ["Free car sharing", "Departure"]),
        ("/en/echanges/", ["Cordless drill"]),
        (f"/en/echanges/{data['exchange'].pk}/", ["Your home insurance covers"]),
        (f"/en/echanges/demander/{data['ride'].pk}/", ["The driver's car insurance covers"]),
        ("/en/compte/", []),
        ("/en/compte/profil/", []),
        (f"/en/compte/membres/{data['loan'].author.pk}/", []),
    ]


def test_member_pages_in_english(client, verified_member, member_data):
    client.force_login(verified_member)
    for url, says in member_urls(member_data, verified_member):
        assert_english(client, url, says=says)


def test_a_text_without_english_falls_back_to_french_on_the_page(client, english_site):
    """The English page shows the French where staff wrote no English (nothing is blank)."""
    talk = EventType.objects.get(slug="conference")
    talk.name_en = talk.plural_en = ""
    talk.save()
    event = EventFactory(type=talk, title="Conférence en français", summary="Donnée en français.")
    content = client.get(f"/en/agenda/{event.slug}/").content.decode()
    assert "Conférence en français" in content and "Conférence" in content
    content = client.get(f"/agenda/{event.slug}/").content.decode()
    assert '<html lang="fr">' in content and "Conférence en français" in content


def test_the_admin_marks_the_missing_english(staff_client, english_site):
    talk = EventType.objects.get(slug="conference")
    talk.name_en = ""
    talk.save()
    changelist = reverse("admin:events_eventtype_changelist")
    missing = staff_client.get(changelist, {"anglais": "manquante"}).content.decode()
    assert f'href="{reverse("admin:events_eventtype_change", args=[talk.pk])}' in missing
    assert reverse("admin:events_eventtype_change", args=[EventType.objects.get(slug="debat").pk]) not in missing
    form = staff_client.get(reverse("admin:events_eventtype_change", args=[talk.pk])).content.decode()
    assert 'name="name_fr"' in form and 'name="name_en"' in form
    assert str(MISSING_HELP) in form
    complete = staff_client.get(reverse("admin:events_eventtype_change", args=[EventType.objects.get(slug="debat").pk]))
    assert str(MISSING_HELP) not in complete.content.decode()


def test_staff_write_english_beside_french_in_the_admin(staff_client, english_site):
    room = Room.objects.get(name_fr="L'Atelier")
    url = reverse("admin:venue_room_change", args=[room.pk])
    data = {
        "venue": room.venue_id,
        "name_fr": "L'Atelier",
        "name_en": "The Making Room",
        "capacity": 30,
        "floor_fr": room.floor_fr,
        "floor_en": room.floor_en,
        "description_fr": room.description_fr,
        "description_en": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    room.refresh_from_db()
    assert (room.name_fr, room.name_en) == ("L'Atelier", "The Making Room") and not room.description_en
    assert Room.objects.filter(english_missing_q(Room), pk=room.pk).exists()


def test_the_demo_and_the_migrations_leave_no_english_missing(english_site):
    for model in (Venue, Room, OpeningException, Partner, EventType, Category):
        missing = list(model.objects.filter(english_missing_q(model)))
        assert not missing, f"{model.__name__} without English: {missing}"


@pytest.mark.parametrize(
    "headers, query, expected",
    [
        ({}, {}, "fr"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, {}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, {}, "fr"),
        ({}, {"lang": "en"}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"lang": "fr"}, "fr"),
    ],
)
def test_the_api_answers_in_the_language_asked_for(client, english_site, headers, query, expected):
    categories = client.get("/api/v1/categories/", query, **headers)
    assert categories["Content-Language"] == expected
    names = {c["slug"]: c["name"] for c in categories.json()}
    assert names["pret-objets"] == {"fr": "Prêt d'objets entre particuliers", "en": "Lending things"}[expected]
    ride = next(c for c in categories.json() if c["slug"] == "covoiturage-gratuit")
    assert {f["name"]: f["label"] for f in ride["fields"]}["ride_from"] == {"fr": "Départ", "en": "Departure"}[expected]
    venue = client.get("/api/v1/venue/", query, **headers).json()
    assert {r["name"] for r in venue["rooms"]} >= {{"fr": "Salle Agora", "en": "Agora Room"}[expected]}
    assert venue["access"].startswith({"fr": "Métro", "en": "Metro"}[expected])
    events = client.get("/api/v1/events/", query, **headers).json()["results"]
    titles = {e["title"]: e["type_name"] for e in events}
    assert (
        titles
        == {
            "fr": {"Image likée : nouveau moyen d'exister ?": "Débat", "Objets réparés, objets aimés": "Exposition"},
            "en": {"Liked pictures: a new way to exist?": "Debate", "Mended things, loved things": "Exhibition"},
        }[expected]
    )


def test_an_e_mail_sent_in_english_carries_the_english_cover(english_site, mailoutbox):
    """The cover text is read when the e-mail is rendered, in the recipient's language."""
    from club.mail import send_templated_mail
    from exchanges.tasks import _context

    exchange = ExchangeFactory(status="accepted")
    context = _context(exchange, exchange.receiver)
    send_templated_mail(template="emails/exchange_accepted", to=["a@example.org"], context=context, language="en")
    send_templated_mail(template="emails/exchange_accepted", to=["b@example.org"], context=context, language="fr")
    english, french = mailoutbox
    assert "Your home insurance covers" in english.body and "Votre contrat" not in english.body
    assert "Votre contrat multirisque habitation couvre" in french.body
