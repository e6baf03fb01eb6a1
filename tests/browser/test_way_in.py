"""The way in, as a newcomer sees it: « Annonces » leads an anonymous visitor to the page that explains
them, then to sign-up and login in the club's words; a member's photos are previewed before upload.
axe on every page; screenshots at phone and desktop widths in /work/shots/wayin/ (or SHOTS_DIR)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from listings.models import Listing
from listings.tests.factories import ensure_categories
from members.tests.factories import VerifiedMemberFactory

from . import axe
from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SHOTS_DIR", "/work/shots/wayin"))


@pytest.fixture
def snap(page, viewport_name):
    def take(name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{viewport_name}.png"), full_page=True)

    return take


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_nav_link(page, name):
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name=name).click()


def test_from_annonces_to_sign_up_and_login(page, snap, check_accessibility):
    ensure_categories()
    page.goto("/")
    open_nav_link(page, "Annonces")
    page.wait_for_url("**/annonces/decouvrir/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les annonces du Club : on partage entre sociétaires")
    expect(page.get_by_role("heading", name="Qui peut nous rejoindre ?")).to_be_visible()
    expect(page.get_by_text("Covoiturage gratuit", exact=False).first).to_be_visible()
    check_accessibility(page)
    assert no_horizontal_scroll(page)
    snap("discover")

    page.get_by_role("link", name="Créer mon compte").first.click()
    page.wait_for_url("**/comptes/signup/**")
    expect(page.get_by_text("Ayez votre numéro de sociétaire sous la main")).to_be_visible()
    expect(page.get_by_text("merci de vous", exact=False)).to_have_count(0)
    check_accessibility(page)
    assert no_horizontal_scroll(page)
    snap("signup")

    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    page.wait_for_url("**/comptes/login/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bon retour au Club")
    expect(page.get_by_text("au préalable", exact=False)).to_have_count(0)
    # « Mot de passe oublié ? » sits right under the password field, before « Se souvenir de moi ».
    password = page.get_by_label("Mot de passe", exact=True).bounding_box()
    forgot = page.get_by_role("link", name="Mot de passe oublié ?").bounding_box()
    remember = page.get_by_role("checkbox").bounding_box()
    assert password["y"] + password["height"] <= forgot["y"] < remember["y"]
    assert forgot["y"] - (password["y"] + password["height"]) < 24
    check_accessibility(page)
    snap("login")

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.wait_for_url("**/comptes/password/reset/")
    check_accessibility(page)
    snap("password-reset")
    page.get_by_label("Courriel").fill("personne@example.org")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_url("**/comptes/password/reset/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regardez vos e-mails")
    check_accessibility(page)
    snap("password-reset-done")


def test_sign_up_until_the_e_mail_is_sent(page, snap, check_accessibility):
    page.goto("/comptes/signup/")
    page.get_by_label("Courriel").fill("nouvelle@example.org")
    page.get_by_label("Mot de passe", exact=True).fill("a-Strong-password-42")
    page.get_by_label("Mot de passe (confirmation)").fill("a-Strong-password-42")
    page.get_by_label("Nom affiché").fill("Claire M.")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/comptes/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plus qu'à confirmer votre adresse e-mail")
    expect(page.get_by_text("Ensuite : votre numéro de sociétaire")).to_be_visible()
    check_accessibility(page)
    snap("verification-sent")


def test_the_messages_list_passes_axe(page, login, snap):
    member = VerifiedMemberFactory()
    login(member)
    page.wait_for_url("**/compte/")
    messages = page.locator("ul.messages li")
    expect(messages.first).to_be_visible()
    results = axe.run(page, rules=["list", "listitem", "aria-allowed-role"])
    assert results["violations"] == [], axe.describe(results["violations"])


def test_chosen_photos_are_previewed_and_can_be_taken_out(page, login, snap, photo_file, tmp_path, check_accessibility):
    ensure_categories()
    second = tmp_path / "echelle.jpg"
    second.write_bytes(photo_file.read_bytes())
    login(VerifiedMemberFactory(display_name="Claire M."))
    page.wait_for_url("**/compte/")
    page.goto("/annonces/nouvelle/pret-objets/")
    page.get_by_label("Je propose").check()
    page.get_by_label("Titre").fill("Perceuse à percussion")
    page.get_by_label("Description").fill("Avec ses forets.")
    page.get_by_label("Code postal").fill("75011")
    page.get_by_label("Photos").set_input_files([str(photo_file), str(second)])

    previews = page.locator(".photo-preview img")
    expect(previews).to_have_count(2)
    expect(page.get_by_role("img", name="Aperçu de perceuse.jpg")).to_be_visible()
    wait_until(
        page,
        "[...document.querySelectorAll('.photo-preview img')].every((img) => img.complete && img.naturalWidth > 0)",
    )
    expect(page.get_by_role("status").filter(has_text="2 photos choisies.")).to_have_count(1)
    check_accessibility(page)
    assert no_horizontal_scroll(page)
    snap("photo-preview")

    page.get_by_role("button", name="Retirer (photo perceuse.jpg)").click()
    expect(previews).to_have_count(1)
    expect(page.get_by_role("img", name="Aperçu de echelle.jpg")).to_be_visible()
    expect(page.get_by_text("Photo perceuse.jpg retirée.")).to_be_attached()
    assert page.evaluate("document.querySelector('input[type=file]').files.length") == 1
    # Focus stays with the photos, on the remaining one's button.
    assert page.evaluate("document.activeElement.textContent").startswith("Retirer")

    page.get_by_role("button", name="Publier l'annonce").click()
    page.wait_for_url("**/annonces/*/")
    listing = Listing.objects.get(title="Perceuse à percussion")
    assert listing.photos.count() == 1


def test_a_moderated_annonce_as_its_author_and_others_see_it(page, login, snap, check_accessibility):
    from listings import services
    from listings.tests.factories import ListingFactory
    from members.tests.factories import StaffFactory

    ensure_categories()
    author = VerifiedMemberFactory(display_name="Claire M.")
    listing = ListingFactory(author=author, title="Perceuse à percussion")
    for reason in ("prohibited", "prohibited", "scam"):
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason=reason)
    services.reports_decide(reports=listing.reports.all(), by=StaffFactory(), hide=True)

    login(author)
    page.wait_for_url("**/compte/")
    page.goto(listing.get_absolute_url())
    expect(page.get_by_text("Notre équipe de modération a masqué votre annonce")).to_be_visible()
    expect(page.get_by_text("Motif : Arnaque ou tentative de fraude ; Objet ou service interdit")).to_be_visible()
    check_accessibility(page)
    snap("moderated-author")

    page.context.clear_cookies()
    login(VerifiedMemberFactory())
    page.wait_for_url("**/compte/")
    page.goto(listing.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette annonce n'est plus en ligne")
    check_accessibility(page)
    snap("listing-gone")


def test_the_admin_under_the_clubs_name(page, login, snap):
    from members.tests.factories import StaffFactory

    login(StaffFactory())
    page.wait_for_url("**/compte/")
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_have_text("Le Club · administration")
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith("/static/img/favicon.svg")
    snap("admin")
