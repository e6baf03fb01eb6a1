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


def _inside(point, ring) -> bool:
    """Ray casting: is (lng, lat) inside the ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize(
    ("place", "point"),
    [
        ("Paris", (2.35, 48.86)),
        ("Ajaccio", (8.80, 41.95)),
        ("Guadeloupe", (-61.7, 16.15)),
        ("Martinique", (-61.0, 14.65)),
        ("Guyane", (-53.0, 4.0)),
        ("La Réunion", (55.5, -21.1)),
        ("Mayotte", (45.15, -12.8)),
    ],
)
def test_the_outline_of_france_covers_metropolitan_and_overseas_departements(place, point):
    land = next(
        f for f in json.loads((GEO / "france.geojson").read_text())["features"] if f["properties"]["kind"] == "land"
    )
    polygons = land["geometry"]["coordinates"]
    assert any(_inside(point, polygon[0]) for polygon in polygons), place
