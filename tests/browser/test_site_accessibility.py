"""The whole site in a real browser, at phone and desktop widths: axe-core (WCAG 2.1 A/AA) on the
venue's public pages, the annonces pages, the booking confirmation and the check-in page; a booking
made with the keyboard alone; the language of French and English pages; and what the public pages
load (nothing from outside, no render-blocking script, images sized and lazy). Every page is also
photographed in tests/screenshots/ to be looked at."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events import services as event_services
from events.tests.factories import EventFactory, EventTypeFactory
from events.tokens import booking_token
from listings import services as listing_services
from listings.photos import prepare_photo
from listings.tests.factories import ListingFactory, ensure_categories, image_bytes, upload
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services
from tests.browser.conftest import wait_until
from venue.tests.factories import OpeningHoursFactory, PartnerFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def load_images(page):
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    wait_until(page, "[...document.images].every((img) => img.complete)")


def serve_media(page):
    """In production the web server serves the public images (event pictures, partner logos); the
    test server runs with DEBUG off and does not, so the browser gets them from MEDIA_ROOT here."""

    def fulfil(route):
        path = settings.MEDIA_ROOT / route.request.url.split("/media/", 1)[1]
        route.fulfill(status=200, body=path.read_bytes(), content_type="image/jpeg")

    page.route("**/media/**", fulfil)


@pytest.fixture
def venue_with_programme():
    venue = VenueFactory(access="Métro : Bastille (lignes 1, 5, 8).", accessibility="De plain-pied.")
    for weekday in range(7):
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(9), closes=dt.time(20))
    room = RoomFactory(venue=venue, name="Salle Agora", capacity=120)
    picture = SimpleUploadedFile("affiche.jpg", image_bytes(size=(1200, 675)), content_type="image/jpeg")
    event = EventFactory(
        title="Image likée : nouveau moyen d'exister ?",
        type=EventTypeFactory(slug="debat", name="Débat"),
        room=room,
        capacity=40,
        image=picture,
        image_alt="Un téléphone qui affiche des cœurs",
    )
    logo = SimpleUploadedFile("ruche.jpg", image_bytes(size=(300, 300)), content_type="image/jpeg")
    event.partners.add(PartnerFactory(name="La Ruche de Belleville", logo=logo))
    for n in range(4):
        EventFactory(
            title=f"Atelier de réparation n° {n + 1}",
            type=EventTypeFactory(slug="atelier", name="Atelier"),
            starts_at=timezone.now() + dt.timedelta(days=3 + n),
            image=SimpleUploadedFile(f"atelier{n}.jpg", image_bytes(size=(800, 450)), content_type="image/jpeg"),
        )
    return event


def test_venue_pages_have_no_serious_violation(page, shoot, check_accessibility, venue_with_programme):
    event = venue_with_programme
    booking = event_services.booking_create(event=event, name="Jeanne Martin", email="jeanne@example.org", seats=2)
    serve_media(page)
    pages = {
        "a11y-home": "/",
        "a11y-agenda": "/agenda/",
        "a11y-agenda-empty": "/agenda/?type=atelier&period=today",
        "a11y-event": event.get_absolute_url(),
        "a11y-venue": "/lieu/",
        "a11y-partners": "/partenaires/",
        "a11y-booking": f"/agenda/reservation/{booking_token(booking)}/",
        "a11y-signup": "/comptes/signup/",
    }
    for name, path in pages.items():
        page.goto(path)
        load_images(page)
        shoot(name)
        check_accessibility(page)
        assert no_horizontal_scroll(page), f"horizontal scrolling on {path}"


@pytest.fixture
def annonces():
    """A member with an annonce of their own, another member's annonce with a photo, and a
    conversation about it."""
    ensure_categories()
    me = VerifiedMemberFactory(display_name="Karim B.")
    other = VerifiedMemberFactory(display_name="Claire M.")
    listing = ListingFactory(author=other, title="Perceuse à percussion", description="Avec un coffret de forets.")
    listing_services.photos_add(listing=listing, photos=[prepare_photo(upload(content=image_bytes(size=(900, 600))))])
    ListingFactory(author=me, title="Tente quatre places")
    message = messaging_services.conversation_start(listing=listing, sender=me, body="Bonjour, libre samedi ?")
    messaging_services.message_send(conversation=message.conversation, sender=other, body="Oui, à 10 h ?")
    return me, listing, message.conversation


def test_annonces_pages_have_no_serious_violation(page, login, shoot, check_accessibility, annonces):
    me, listing, conversation = annonces
    login(me)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    pages = {
        "a11y-annonces": "/annonces/",
        "a11y-annonces-none": "/annonces/?q=introuvable",
        "a11y-annonce": listing.get_absolute_url(),
        "a11y-annonce-new": "/annonces/nouvelle/pret-objets/",
        "a11y-inbox": "/messages/",
        "a11y-thread": conversation.get_absolute_url(),
        "a11y-mine": "/annonces/mes-annonces/",
        "a11y-favourites-empty": "/annonces/favoris/",
        "a11y-my-bookings-empty": "/agenda/mes-reservations/",
        "a11y-account": "/compte/",
    }
    for name, path in pages.items():
        page.goto(path)
        load_images(page)
        shoot(name)
        check_accessibility(page)
        assert no_horizontal_scroll(page), f"horizontal scrolling on {path}"

    # The annonce form sent empty says what is wrong, accessibly.
    page.goto("/annonces/nouvelle/pret-objets/")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier l'annonce").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert page.locator(".errorlist").first.is_visible()
    shoot("a11y-annonce-new-errors")
    check_accessibility(page)
    assert no_horizontal_scroll(page)


def test_check_in_page_has_no_serious_violation(page, login, shoot, check_accessibility, staff, venue_with_programme):
    event = venue_with_programme
    event_services.booking_create(event=event, name="Ana Lopez", email="ana@example.org", seats=2)
    login(staff)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto(f"{event.get_absolute_url()}accueil/")
    shoot("a11y-checkin")
    check_accessibility(page)
    assert no_horizontal_scroll(page)


def focused(page):
    return page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el.id || el.name || el.textContent.trim().slice(0, 40); })()"
    )


def tab_to(page, target_id, key="Tab", limit=60):
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement.id") == target_id:
            return
    raise AssertionError(f"{target_id} never got the focus with {key}; last: {focused(page)}")


def test_the_keyboard_alone_books_two_seats(page, shoot, venue_with_programme):
    event = venue_with_programme
    page.goto(event.get_absolute_url())
    tab_to(page, "id_name")
    page.keyboard.type("Jeanne Martin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("jeanne@example.org")
    tab_to(page, "id_seats")
    page.keyboard.type("2")  # typing on a closed <select> picks the option that starts so
    assert page.evaluate("document.activeElement.value") == "2"
    tab_to(page, "id_consent")
    assert page.evaluate("document.activeElement.checked") is False
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    page.keyboard.press("Shift+Tab")  # back to the waiting-list box, left as it was, and on again
    assert page.evaluate("document.activeElement.id") == "id_join_waiting_list"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Tab")  # the privacy policy's link, in the consent's label
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Réserver"
    shoot("keyboard-booking-submit-focused")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/reservation/**")
    assert page.get_by_role("heading", name="C'est réservé !").is_visible()
    assert page.get_by_text("Jeanne Martin, vos 2 places sont confirmées.").is_visible()
    shoot("keyboard-booking-confirmed")


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/agenda/", "fr"), ("/en/agenda/", "en"), ("/lieu/", "fr"), ("/en/lieu/", "en"), ("/en/partenaires/", "en")],
)
def test_language_of_agenda_and_venue_pages(page, venue_with_programme, path, lang):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    # The switcher names each language in itself, marked up in that language.
    assert page.get_by_role("button", name="English").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Français").get_attribute("lang") == "fr"
    if lang == "en":
        page.goto(venue_with_programme.get_absolute_url().replace("/agenda/", "/en/agenda/", 1))
        assert page.locator("html").get_attribute("lang") == "en"


# A script without defer or async stops the page from rendering until it has run: none in <head>,
# and in <body> only after everything else.
BLOCKING_SCRIPTS = """(() => {
  const all = [...document.querySelectorAll('*')];
  const blocking = (s) => s.src && !s.defer && !s.async && s.type !== 'module';
  return [...document.querySelectorAll('script[src]')].filter(blocking).filter((s) =>
    document.head.contains(s) || all.slice(all.indexOf(s) + 1).some((el) => el.tagName !== 'SCRIPT')
  ).map((s) => s.src);
})()"""
# Every image says its size (no layout shift when it arrives) and waits until it is near the
# screen, except two that are always above the fold: the header's wordmark (an SVG on every page)
# and an event's own picture at the top of its page, the largest thing painted there, which lazy
# loading would only delay. Leaflet's marker icons are drawn by the map script, sized by its CSS.
IMAGES = """[...document.images]
  .filter((img) => !img.closest('.leaflet-container'))
  .map((img) => ({src: img.getAttribute('src'), width: img.getAttribute('width'),
                  height: img.getAttribute('height'), loading: img.getAttribute('loading'),
                  aboveTheFold: !!img.closest('.site-header') || img.classList.contains('event-image')}))"""


def test_public_pages_load_nothing_from_outside_and_nothing_that_blocks(page, live_server, venue_with_programme):
    serve_media(page)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["/", "/agenda/", venue_with_programme.get_absolute_url(), "/lieu/", "/partenaires/"]:
        page.goto(path)
        assert page.evaluate(BLOCKING_SCRIPTS) == [], f"render-blocking script on {path}"
        images = page.evaluate(IMAGES)
        assert images, path
        for image in images:
            assert image["width"] and image["height"], f"{image['src']} on {path} has no size"
            if not image["aboveTheFold"]:
                assert image["loading"] == "lazy", f"{image['src']} on {path} is not lazy"
    # The page fixture fails on any request outside the site; say it here too.
    assert requests and all(url.startswith(live_server.url) for url in requests)
