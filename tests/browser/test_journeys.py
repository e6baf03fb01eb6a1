"""The journeys of issue #7 that the venue and listings journeys do not already walk (journey 1,
the visitor who books and cancels, is tests/browser/test_venue_journey.py):

2. a person signs up, confirms the e-mail, verifies as a sociétaire, posts an annonce with a photo
   and finds it in « mes annonces »;
3. another verified member finds it by text and « près de chez moi » (a position granted to the
   browser), writes, and the author reads the message in the inbox;
4. an anonymous visitor opens an annonce link, logs in with an unverified account and lands on the
   verification page;
5. staff log into the admin, hide a reported annonce from the moderation queue, and check a booked
   visitor in at the door.

Screenshots at phone and desktop widths in tests/screenshots/."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from events import services as event_services
from events.models import Booking
from events.tests.factories import EventFactory
from listings import services as listing_services
from listings.models import Listing, Report, ReportReason, ReportStatus, Status
from listings.tests.factories import ListingFactory, ensure_categories
from members.tests.factories import PASSWORD, RosterEntryFactory, UserFactory, VerifiedMemberFactory
from tests.browser.conftest import open_search_filters, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PARIS_12 = {"latitude": 48.8412, "longitude": 2.3876}  # Gare de Lyon, about 2 km from the annonce


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def load_images(page):
    """Full-page screenshots show images below the fold too: load the lazy ones first."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    wait_until(page, "[...document.images].every((img) => img.complete)")


def link_in(message, pattern):
    return urlsplit(re.search(pattern, message.body).group(0)).path


def test_2_sign_up_confirm_verify_post_and_find_it_in_my_annonces(page, shoot, photo_file):
    ensure_categories()
    entry = RosterEntryFactory(number="S7654321", last_name="Lefèvre", postcode="75011")
    mail.outbox.clear()

    page.goto("/comptes/signup/")
    page.get_by_label("Nom affiché").fill("Hélène L.")
    page.get_by_label("Courriel").fill("helene@example.org")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)", exact=True).fill(PASSWORD)
    shoot("journey-signup")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/comptes/confirm-email/")
    assert page.get_by_role("heading", level=1).is_visible()
    shoot("journey-signup-sent")

    [message] = [m for m in mail.outbox if m.to == ["helene@example.org"]]
    page.goto(link_in(message, r"https?://\S+/comptes/confirm-email/\S+/"))
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)

    page.goto("/compte/verification/")
    page.get_by_label("Numéro de sociétaire").fill(entry.number)
    page.get_by_label("Nom de famille").fill("lefevre")  # accents and capitals do not matter
    page.get_by_label("Code postal").fill(entry.postcode)
    shoot("journey-verification")
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url("**/annonces/")
    assert page.get_by_text("Bienvenue au Club !").is_visible()

    page.get_by_role("link", name="Déposer une annonce").click()
    page.get_by_role("link", name="Prêt d'objets entre particuliers").click()
    page.get_by_label("Je propose").check()
    page.get_by_label("Titre").fill("Perceuse à percussion")
    page.get_by_label("Description").fill("Avec un coffret de forets.")
    page.get_by_label("Code postal").fill("75011")
    page.get_by_label("Photos").set_input_files(str(photo_file))
    page.get_by_role("button", name="Publier l'annonce").click()
    page.wait_for_url("**/annonces/*/")
    assert page.get_by_text("Votre annonce est publiée pour 60 jours.").is_visible()

    page.goto("/annonces/mes-annonces/")
    mine = page.locator(".my-listing", has_text="Perceuse à percussion")
    expect(mine).to_have_count(1)
    assert "Publiée" in mine.inner_text()
    assert mine.locator("img").get_attribute("src").startswith("/annonces/photos/")
    load_images(page)
    shoot("journey-my-annonces")
    assert no_horizontal_scroll(page)


def test_3_a_member_near_me_finds_the_annonce_and_writes_the_author_reads(page, login, shoot):
    ensure_categories()
    author = VerifiedMemberFactory(display_name="Claire M.")
    ListingFactory(author=author, title="Tente quatre places", description="Montée en cinq minutes.")
    ListingFactory(title="Tente pour Lyon", postcode="69003", city="Lyon 3e", lat=45.76, lng=4.85)
    ListingFactory(title="Tondeuse à gazon")
    searcher = VerifiedMemberFactory(display_name="Karim B.")
    # The browser knows where the member is, and the member allows the site to ask.
    page.context.set_geolocation(PARIS_12)
    page.context.grant_permissions(["geolocation"])

    login(searcher)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto("/annonces/")
    open_search_filters(page)
    page.get_by_label("Mots-clés").fill("tente")
    page.get_by_role("button", name="Me géolocaliser").click()  # fills the position, then searches
    page.wait_for_url(re.compile(r"q=tente.*lat=48\.84.*lng=2\.39"))
    card = page.locator(".listing-card", has_text="Tente quatre places")
    card.wait_for()
    expect(page.locator(".listing-card")).to_have_count(1)  # neither the tent in Lyon nor the mower
    assert "km" in card.locator(".distance").inner_text()
    expect(page.get_by_text("Position trouvée (à 1 km près)")).to_be_visible()
    page.locator(".map-results .leaflet-interactive").first.wait_for()
    load_images(page)
    shoot("journey-near-me")
    assert no_horizontal_scroll(page)

    card.get_by_role("link").first.click()
    page.wait_for_url("**/annonces/*/")
    assert page.get_by_role("heading", name="Tente quatre places").is_visible()
    page.get_by_label("Écrire à Claire M.").fill("Bonjour, elle est libre le week-end prochain ?")
    page.get_by_role("button", name="Contacter").click()
    page.wait_for_url("**/messages/*/")
    assert page.get_by_text("Bonjour, elle est libre le week-end prochain ?").is_visible()
    page.context.clear_cookies()

    login(author)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    page.goto("/messages/")
    item = page.locator(".inbox-item", has_text="Karim B.")
    assert "1 non lu" in item.inner_text()
    assert "Tente quatre places" in item.inner_text()
    shoot("journey-author-inbox")
    item.get_by_role("link").click()
    page.wait_for_url("**/messages/*/")
    assert page.get_by_text("Bonjour, elle est libre le week-end prochain ?").is_visible()
    shoot("journey-author-thread")
    page.goto("/messages/")
    assert "non lu" not in page.locator(".inbox-item", has_text="Karim B.").inner_text()


def test_4_an_annonce_link_leads_an_unverified_member_through_login_to_verification(page, shoot):
    ensure_categories()
    listing = ListingFactory(title="Vélo cargo à prêter")
    unverified = UserFactory()

    page.goto(listing.get_absolute_url())
    page.wait_for_url("**/comptes/login/**")
    assert page.get_by_role("heading", name="Bon retour au Club").is_visible()
    assert "Vélo cargo" not in page.content(), "nothing of the annonce shows before the wall"
    shoot("journey-wall-login")
    page.get_by_label("Courriel").fill(unverified.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/compte/verification/**")
    assert page.get_by_role("heading", name="Vérifier ma qualité de sociétaire").is_visible()
    assert "Vélo cargo" not in page.content()
    shoot("journey-wall-verification")
    assert no_horizontal_scroll(page)


def test_5_staff_hide_a_reported_annonce_and_check_a_visitor_in(page, shoot, staff, viewport_name):
    ensure_categories()
    listing = ListingFactory(title="Montre de luxe à prix cassé")
    ListingFactory(title="Livres pour enfants")
    for reason in (ReportReason.SCAM, ReportReason.PROHIBITED):
        listing_services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason=reason)
    event = EventFactory(title="Atelier couture", capacity=20)
    event_services.booking_create(event=event, name="Ana Lopez", email="ana@example.org", seats=2)
    event_services.booking_create(event=event, name="Paul Durand", email="paul@example.org", seats=1)
    mail.outbox.clear()

    page.goto("/admin/")
    page.wait_for_url("**/comptes/login/**")  # the admin's login is the site's, rate-limited
    page.get_by_label("Courriel").fill(staff.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/")

    page.goto("/admin/listings/report/?status__exact=open")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    filters = page.locator("#changelist-filter")  # the report's status and the annonce's, told apart
    assert filters.get_by_text("Par statut de l'annonce").count() == 1
    shoot("journey-moderation-queue")
    for row in rows.all():
        row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("hide_listing")
    page.locator("button[name=index]").click()
    expect(page.get_by_text("2 signalements traités.")).to_be_visible()
    listing.refresh_from_db()
    assert listing.status == Status.HIDDEN
    assert not Report.objects.filter(status=ReportStatus.OPEN).exists()
    assert [m.to for m in mail.outbox] == [[listing.author.email]]  # the author is told, once
    shoot("journey-moderation-done")

    page.goto(f"{event.get_absolute_url()}accueil/")
    counts = page.locator(".checkin-counts")
    assert "0 / 3" in counts.inner_text()
    page.get_by_label("Chercher un nom").fill("lopez")
    expect(page.get_by_text("Paul Durand", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Arrivé·e : Ana Lopez").click()
    page.get_by_text("Arrivée enregistrée").wait_for()
    expect(counts).to_contain_text("2 / 3")
    assert Booking.objects.get(email="ana@example.org").checked_in_at is not None
    assert Booking.objects.get(email="paul@example.org").checked_in_at is None
    assert no_horizontal_scroll(page)
    shoot("journey-checkin")

    # The annonce left search for members.
    assert not Listing.objects.filter(pk=listing.pk, status=Status.PUBLISHED).exists()
