"""The maps fetch nothing from elsewhere by default and ship their own outlines; page numbers;
the « Filtres (n) » count of the annonces search."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from club.templatetags.pagination import page_numbers
from listings.tests.factories import ListingFactory, ensure_categories

GEO = Path(settings.BASE_DIR) / "static" / "geo"


@pytest.mark.parametrize(
    ("number", "count", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (5, 20, [1, None, 4, 5, 6, None, 20]),
        (1, 20, [1, 2, None, 20]),
        (20, 20, [1, None, 19, 20]),
        (3, 20, [1, 2, 3, 4, None, 20]),  # a gap of one page shows that page
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_numbers(number, count, expected):
    assert page_numbers(number, count) == expected


def test_no_tile_server_by_default_and_the_outlines_are_shipped():
    from club.settings import base

    if "MAP_TILES_URL" not in os.environ:
        assert base.MAP_TILES_URL == "" and base.LEAFLET_CONFIG["TILES"] == []
    # Fetched from the site itself: 'self' is enough, nothing else is allowed.
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] == ["'self'"]
    total = 0
    for name in ("france.geojson", "neighbours.geojson", "arrondissements.geojson"):
        data = json.loads((GEO / name).read_text())
        assert data["type"] == "FeatureCollection" and data["features"]
        total += (GEO / name).stat().st_size
    assert total < 500_000  # a few hundred KB at most
    kinds = {f["properties"]["kind"] for f in json.loads((GEO / "france.geojson").read_text())["features"]}
    assert kinds == {"land", "borders"}
    assert "Licence Ouverte" in (GEO / "LICENCE.md").read_text()


@pytest.mark.django_db
def test_the_maps_name_their_outline_files(verified_client):
    ensure_categories()
    listing = ListingFactory()
    for url in (reverse("listings:list"), listing.get_absolute_url()):
        html = verified_client.get(url).content.decode()
        assert 'data-geo-france="/static/geo/france.geojson"' in html
        assert "Contours : IGN et INSEE" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 0),
        ("?radius=10", 0),  # a radius alone narrows nothing
        ("?q=perceuse&near=75011&radius=10", 2),
        ("?lat=48.86&lng=2.38&near=", 1),  # a position counts once, as a place
        ("?q=perceuse&kind=offer&free=on", 3),
    ],
)
def test_filters_button_counts_the_criteria_in_use(verified_client, query, count):
    ensure_categories()
    html = verified_client.get(reverse("listings:list") + query).content.decode()
    assert f"Filtres ({count})" in html
