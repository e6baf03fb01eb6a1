"""The places autocomplete (static/js/places.js, WAI-ARIA 1.2 combobox) on the search page's
« Autour de », the annonce form and the profile: keyboard, what a screen reader is told, touch on
a phone, axe clean with the list open; and the « Vouliez-vous dire » and « Essayez avec » lines."""

import shutil
from pathlib import Path

import pytest

from listings.tests.factories import ListingFactory, ensure_categories
from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import open_search_filters, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/places")


@pytest.fixture
def shot(shoot):
    """As `shoot`, and a copy in /work/shots/places/ for the review."""

    def take(name):
        path = shoot(name)
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
        return path

    return take


def open_list(page, field, text):
    field.click()
    field.press_sequentially(text, delay=40)
    page.locator("[role=listbox]:visible [role=option]").first.wait_for()


def test_search_place_combobox_by_keyboard(page, login, shot, check_accessibility, viewport_name):
    ensure_categories()
    ListingFactory(title="Perceuse Bosch", postcode="93200", lat=48.94, lng=2.36)
    login(VerifiedMemberFactory())
    page.goto("/annonces/")
    open_search_filters(page)  # folded behind « Filtres (n) » on a phone
    field = page.get_by_role("combobox", name="Autour de")
    assert field.get_attribute("aria-expanded") == "false"
    open_list(page, field, "saint-den")
    assert field.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + field.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.get_by_role("option")
    # The list may first show the places of a shorter prefix (« sain ») typed on a busy machine.
    first_option = f"document.querySelector('#{listbox.get_attribute('id')} [role=option]').innerText"
    wait_until(page, f"{first_option}.startsWith('Saint-Denis')")
    wait_until(page, "document.querySelector('.combobox [role=status]').textContent.includes('lieux proposés')")
    field.press("ArrowDown")
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert active == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    check_accessibility(page)  # with the list open
    shot("places-combobox-open")
    field.press("Enter")  # chooses, does not submit
    assert field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "93200 Saint-Denis"
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("à moins de 25 km de Saint-Denis (93200)").wait_for()
    assert page.get_by_text("Perceuse Bosch").is_visible()
    # Escape closes the list, then empties the field.
    field.fill("")
    open_list(page, field, "lyo")
    field.press("Escape")
    assert listbox.is_hidden()
    field.press("Escape")
    assert field.input_value() == ""


def test_homonyms_line(page, login, check_accessibility):
    ensure_categories()
    ListingFactory(title="Perceuse à percussion", postcode="97400", lat=-20.88, lng=55.45)
    login(VerifiedMemberFactory())
    page.goto("/annonces/?near=Saint-Denis&q=perceuse")
    open_search_filters(page)  # on a phone the sort folds with the filters behind « Filtres (n) »
    line = page.locator(".did-you-mean").first
    assert "Vouliez-vous dire" in line.inner_text() and "Saint-Denis (93)" in line.inner_text()
    assert page.get_by_text("Perceuse à percussion").is_visible()
    # The sort is in sight, nearest first, without unfolding « Plus de critères ».
    sort = page.get_by_label("Trier par")
    assert sort.is_visible() and sort.input_value() == "distance"
    check_accessibility(page)
    page.get_by_role("link", name="Saint-Denis (93)").click()
    page.get_by_text("à moins de 25 km de Saint-Denis (93200)").wait_for()


@pytest.mark.postgres  # typos are forgiven with pg_trgm; SQLite searches as typed
def test_homonyms_and_typos_lines(page, login, shot, check_accessibility):
    ensure_categories()
    ListingFactory(title="Perceuse à percussion", postcode="97400", lat=-20.88, lng=55.45)
    login(VerifiedMemberFactory())
    page.goto("/annonces/?near=Saint-Denis&q=perseuse")
    open_search_filters(page)
    assert "Vouliez-vous dire" in page.locator(".did-you-mean").first.inner_text()
    assert page.get_by_text("Perceuse à percussion").is_visible()
    assert page.get_by_role("link", name="« perceuse »").is_visible()
    check_accessibility(page)
    shot("places-did-you-mean")


def test_annonce_form_and_profile_fill_postcode_and_city(page, login, shot, check_accessibility, viewport_name):
    ensure_categories()
    login(VerifiedMemberFactory())
    page.goto("/annonces/nouvelle/pret-objets/")
    field = page.get_by_role("combobox", name="Code postal")
    open_list(page, field, "ajacc")
    check_accessibility(page)
    shot("places-annonce-form-open")
    if viewport_name == "phone":
        page.get_by_role("option").first.click()  # a tap: the field keeps the focus
    else:
        field.press("ArrowDown")
        field.press("Enter")
    assert field.input_value() == "20000"
    assert page.get_by_label("Ville").input_value() == "Ajaccio"
    page.goto("/compte/profil/")
    field = page.get_by_role("combobox", name="Code postal")
    field.fill("")
    open_list(page, field, "st mal")
    check_accessibility(page)
    shot("places-profile-open")
    page.get_by_role("option", name="Saint-Malo").first.click()
    assert field.input_value() == "35400"
    assert page.get_by_label("Ville").input_value() == "Saint-Malo"
