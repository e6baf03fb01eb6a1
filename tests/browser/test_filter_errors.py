"""A search or agenda criterion the page cannot use is said next to its field, on a full page and
after an htmx search, and goes away once corrected."""

import pytest

from events.tests.factories import EventFactory
from listings.tests.factories import ListingFactory, ensure_categories
from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unknown_place_is_said_under_the_place_field(page, login, shoot, check_accessibility):
    ensure_categories()
    ListingFactory(title="Perceuse Bosch")
    login(VerifiedMemberFactory())
    page.goto("/annonces/?near=Nullepartville&available_on=2026-13-45")
    place = page.get_by_label("Autour de")
    assert place.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_near_error").inner_text().startswith("Lieu introuvable : « Nullepartville ».")
    assert page.get_by_text("Cette recherche ne peut pas être faite").is_visible()
    assert page.locator(".listing-card").count() == 0
    check_accessibility(page)
    shoot("search-bad-place")
    # Corrected with htmx: the results come back and the message goes away.
    place.fill("75011")
    page.get_by_label("Disponible le").fill("")
    page.get_by_role("button", name="Rechercher").click()
    page.locator(".listing-card").first.wait_for()
    wait_until(page, "document.getElementById('id_near_error').textContent.trim() === ''")
    assert place.get_attribute("aria-invalid") is None
    # A new unknown place, still with htmx: the slot next to the field fills again.
    place.fill("Zzzyxville")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("Cette recherche ne peut pas être faite").wait_for()
    assert page.locator("#id_near_error").is_visible()
    # The field's own attributes are set by the same swap, a moment after the message shows.
    wait_until(page, "document.getElementById('id_near').getAttribute('aria-invalid') === 'true'")
    assert "id_near_error" in place.get_attribute("aria-describedby")
    check_accessibility(page)
    shoot("search-bad-place-htmx")


def test_a_bad_agenda_date_is_said_under_its_field(page, shoot, check_accessibility):
    EventFactory(title="Débat sur le vélo")
    page.goto("/agenda/?date_from=pas-une-date&type=inconnu")
    assert page.get_by_label("Du").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_date_from_error").inner_text() == "Saisissez une date valide."
    assert "Sélectionnez un choix valide" in page.locator("#id_type_error").inner_text()
    assert page.get_by_text("Débat sur le vélo").is_visible()  # the usable criteria still apply
    check_accessibility(page)
    shoot("agenda-bad-date")
    page.goto("/agenda/")  # and without errors: the fields and the button stay level
    boxes = [page.get_by_label(name).bounding_box() for name in ("Type", "Quand", "Du")]
    button = page.get_by_role("button", name="Filtrer").bounding_box()
    if page.viewport_size["width"] >= 768:
        assert len({round(box["y"]) for box in boxes}) == 1 and abs(button["y"] - boxes[0]["y"]) < 6
    shoot("agenda-filters")
