"""A verified member posts an annonce with a photo; another finds it by text and radius and
writes; the author reads the message in the inbox. Screenshots at phone and desktop widths."""

import pytest

from listings.tests.factories import ensure_categories
from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import open_search_filters, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def snap(page, shoot):
    """Screenshot once every image on the page has loaded (photos come through a view)."""

    def take(name):
        # Full-page screenshots show images below the fold too: load the lazy ones first.
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
        wait_until(page, "[...document.images].every((img) => img.complete)")
        return shoot(name)

    return take


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_post_find_contact_and_read(page, login, snap, photo_file):
    ensure_categories()  # a previous transactional test may have flushed the data migration's rows
    author = VerifiedMemberFactory(display_name="Claire M.")
    searcher = VerifiedMemberFactory(display_name="Karim B.")

    # 1. The author posts an annonce with a photo.
    login(author)
    page.goto("/annonces/")
    page.get_by_role("link", name="Déposer une annonce").click()
    snap("listings-choose-category")
    page.get_by_role("link", name="Prêt d'objets entre particuliers").click()
    page.get_by_label("Je propose").check()
    page.get_by_label("Titre").fill("Perceuse à percussion Bosch")
    page.get_by_label("Description").fill("Avec un coffret de forets béton et bois.\nÀ rendre sous une semaine.")
    page.get_by_label("Disponible à partir du").fill("2026-12-01")
    page.get_by_label("Code postal").fill("75011")
    page.get_by_label("Photos").set_input_files(str(photo_file))
    snap("listings-form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Publier l'annonce").click()
    page.wait_for_url("**/annonces/*/")
    assert page.get_by_role("heading", name="Perceuse à percussion Bosch").is_visible()
    assert page.get_by_text("Votre annonce est publiée pour 60 jours.").is_visible()
    photo = page.locator(".gallery img").first
    photo.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", photo.element_handle())
    snap("listings-detail-author")
    assert no_horizontal_scroll(page)
    page.context.clear_cookies()

    # 2. Another member finds it by text and radius (75012 is about 3 km away), then writes.
    login(searcher)
    page.goto("/annonces/")
    open_search_filters(page)
    page.get_by_label("Mots-clés").fill("perceuse")
    page.get_by_label("Autour de").fill("75012")
    page.get_by_label("Rayon").select_option("5")  # htmx refreshes the results at once
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/annonces/?*q=perceuse*")
    card = page.locator(".listing-card", has_text="Perceuse à percussion Bosch")
    card.wait_for()
    assert page.locator(".result-count").inner_text().startswith("1 annonce")
    assert "km" in card.locator(".distance").inner_text()
    page.locator(".map-results .leaflet-interactive").first.wait_for()  # the marker is drawn
    snap("listings-search")
    assert no_horizontal_scroll(page)
    # Too small a radius around Lyon: nothing, and the page says so.
    page.get_by_label("Autour de").fill("69003")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("Aucune annonce ne correspond").wait_for()
    page.go_back()
    page.locator(".listing-card", has_text="Perceuse à percussion Bosch").wait_for()
    page.locator(".listing-card", has_text="Perceuse à percussion Bosch").click()
    page.wait_for_url("**/annonces/*/")
    assert page.get_by_text("sociétaire vérifié").is_visible()
    snap("listings-detail")
    page.get_by_label("Écrire à Claire M.").fill("Bonjour, je pourrais l'emprunter samedi ?")
    page.get_by_role("button", name="Contacter").click()
    page.wait_for_url("**/messages/*/")
    assert page.get_by_text("Bonjour, je pourrais l'emprunter samedi ?").is_visible()
    snap("listings-thread-sent")
    page.context.clear_cookies()

    # 3. The author reads it in the inbox.
    login(author)
    page.goto("/messages/")
    item = page.locator(".inbox-item", has_text="Karim B.")
    assert "1 non lu" in item.inner_text()
    snap("listings-inbox")
    assert no_horizontal_scroll(page)
    item.get_by_role("link").click()
    page.wait_for_url("**/messages/*/")
    assert page.get_by_text("Bonjour, je pourrais l'emprunter samedi ?").is_visible()
    page.get_by_label("Votre message").fill("Avec plaisir, samedi 10 h ?")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Avec plaisir, samedi 10 h ?").wait_for()
    snap("listings-thread-reply")
    page.goto("/annonces/mes-annonces/")
    snap("listings-mine")
    assert no_horizontal_scroll(page)
