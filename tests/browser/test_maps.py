"""The maps without a tile server (MAP_TILES_URL empty, the default): France, its départements and
its neighbours drawn from the site's own files, dense markers in counted clusters, nothing fetched
from elsewhere (the page fixture fails on any request that leaves the site). Screenshots of the
annonces map, the detail map and the venue map at phone and desktop widths in /work/shots/maps/
(or tests/screenshots/ when that folder does not exist): look at them."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from listings.tests.factories import ListingFactory, ensure_categories
from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import SCREENSHOTS, wait_until
from venue.tests.factories import VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/maps") if Path("/work/shots/maps").is_dir() else SCREENSHOTS

# Where the annonces are, already rounded to 2 decimals as the site stores them: a dense cluster
# in Paris, some big cities, Corsica and overseas.
PARIS = [(round(48.85 + (i % 5) * 0.01, 2), round(2.33 + (i // 5) * 0.01, 2)) for i in range(14)]
CITIES = [
    (45.76, 4.84, "69003", "Lyon"),
    (43.3, 5.37, "13001", "Marseille"),
    (47.22, -1.55, "44000", "Nantes"),
    (48.58, 7.75, "67000", "Strasbourg"),
    (43.6, 1.44, "31000", "Toulouse"),
    (44.84, -0.58, "33000", "Bordeaux"),
    (50.63, 3.06, "59000", "Lille"),
    (48.11, -1.68, "35000", "Rennes"),
    (41.92, 8.74, "20000", "Ajaccio"),
]


def shoot(page, name, viewport_name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{viewport_name}.png"), full_page=False)


def outlines_drawn(page, selector):
    """The France outline and the borders of the départements are drawn inside `selector`."""
    wait_until(page, f"document.querySelectorAll('{selector} .leaflet-geo-france-pane path').length >= 2")


@pytest.fixture
def annonces():
    ensure_categories()
    listings = [ListingFactory(title=f"Perceuse {i}", lat=lat, lng=lng) for i, (lat, lng) in enumerate(PARIS)]
    for lat, lng, postcode, city in CITIES:
        listings.append(ListingFactory(title=f"Vélo à {city}", lat=lat, lng=lng, postcode=postcode, city=city))
    return listings


def test_annonces_map_draws_france_and_clusters_paris(page, login, viewport_name, annonces, check_accessibility):
    login(VerifiedMemberFactory())
    page.goto(reverse("listings:list"))
    outlines_drawn(page, ".map-results")
    # The fourteen annonces of Paris gather into clusters that say how many they are.
    page.locator(".map-results .map-cluster").first.wait_for()
    counts = [int(text) for text in page.locator(".map-results .map-cluster span").all_inner_texts()]
    assert sum(counts) >= 10 and len(counts) < 14
    # The base map is under the markers: its panes sit below Leaflet's overlay pane.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.leaflet-geo-france-pane')).zIndex"
        " < getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex"
    )
    page.locator(".map-results").scroll_into_view_if_needed()
    shoot(page, "annonces-map", viewport_name)
    check_accessibility(page)


def test_marker_coordinates_stay_rounded_to_about_1_km(page, login, annonces):
    login(VerifiedMemberFactory())
    page.goto(reverse("listings:list"))
    markers = json.loads(page.locator(".map-results").get_attribute("data-markers"))
    assert len(markers) == 20
    for marker in markers:
        for value in (marker["lat"], marker["lng"]):
            assert round(value, 2) == value, marker
    # Exactly the stored (rounded) points, nothing finer added on the way.
    stored = {(listing.lat, listing.lng) for listing in annonces}
    assert {(m["lat"], m["lng"]) for m in markers} <= stored


def test_arrondissements_appear_when_zoomed_in(page, login, annonces):
    login(VerifiedMemberFactory())
    page.goto(reverse("listings:list") + "?near=75011&radius=5")
    # Only the annonces of Paris: the map zooms in far enough for the arrondissements.
    outlines_drawn(page, ".map-results")
    wait_until(page, "document.querySelectorAll('.map-results .leaflet-geo-arrondissements-pane path').length >= 1")


def test_detail_map(page, login, viewport_name, annonces, check_accessibility):
    login(VerifiedMemberFactory())
    listing = annonces[0]
    page.goto(listing.get_absolute_url())
    outlines_drawn(page, ".map-small")
    page.locator(".map-small").scroll_into_view_if_needed()
    shoot(page, "detail-map", viewport_name)
    check_accessibility(page)


def test_venue_map_without_tiles(page, viewport_name, check_accessibility):
    VenueFactory()
    page.goto(reverse("venue:place"))
    outlines_drawn(page, ".venue-map")
    # The address and its link stay under the map.
    assert page.locator(".venue-map .map-fallback.below-map").is_visible()
    page.locator(".venue-map").scroll_into_view_if_needed()
    shoot(page, "venue-map", viewport_name)
    check_accessibility(page)
