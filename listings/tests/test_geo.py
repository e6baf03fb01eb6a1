"""Tests for listings.geo (no database: run with `-p no:django` if needed)."""

import math

import pytest

from listings.geo import (
    EARTH_RADIUS_KM,
    Place,
    approximate,
    bounding_box,
    haversine_km,
    place_for_postcode,
    places_for_postcode,
    search_places,
)

PARIS = (48.8566, 2.3522)  # Hôtel de Ville
LYON = (45.7640, 4.8357)  # Place Bellecour area


def destination(lat, lng, distance_km, bearing_deg):
    """Point at `distance_km` from (lat, lng) along a bearing (spherical Earth)."""
    d, b = distance_km / EARTH_RADIUS_KM, math.radians(bearing_deg)
    phi1, lmb1 = math.radians(lat), math.radians(lng)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(b))
    lmb2 = lmb1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(phi1),
        math.cos(d) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lmb2)


@pytest.mark.parametrize(
    "postcode, name, lat, lng",
    [
        ("75011", "Paris 11e Arrondissement", 48.86, 2.38),
        (
            "75001",
            "Paris 1er Arrondissement",
            48.86,
            2.34,
        ),  # boundary centroid fallback
        ("69001", "Lyon 1er Arrondissement", 45.77, 4.83),
        ("13001", "Marseille 1er Arrondissement", 43.30, 5.38),
        ("44000", "Nantes", 47.22, -1.55),
        ("33000", "Bordeaux", 44.84, -0.58),
        ("59000", "Lille", 50.63, 3.07),
    ],
)
def test_big_city_postcodes(postcode, name, lat, lng):
    place = place_for_postcode(postcode)
    assert isinstance(place, Place)
    assert (place.postcode, place.name) == (postcode, name)
    assert haversine_km(place.lat, place.lng, lat, lng) < 2


def test_insee_code_and_spaces_in_postcode():
    assert place_for_postcode("75 011").insee == "75111"
    assert place_for_postcode(" 44000 ").insee == "44109"


def test_shared_postcode_lists_all_communes_most_populous_first():
    names = [p.name for p in places_for_postcode("29170")]
    assert names == ["Fouesnant", "Saint-Évarzec", "Pleuven"]


@pytest.mark.parametrize("city", ["Saint-Évarzec", "saint evarzec", "SAINT-EVARZEC", "Saint Évarzec "])
def test_city_filter_picks_matching_commune(city):
    place = place_for_postcode("29170", city)
    assert (place.name, place.insee) == ("Saint-Évarzec", "29247")


def test_city_filter_ignores_article_and_falls_back_to_most_populous():
    assert place_for_postcode("29217", "Conquet").name == "Le Conquet"
    assert place_for_postcode("29217", "le conquet").name == "Le Conquet"
    assert place_for_postcode("29170", "Quimper").name == "Fouesnant"
    assert place_for_postcode("29170", "").name == "Fouesnant"


@pytest.mark.parametrize("postcode", ["00000", "abcde", "", "7501", "750111", "75 0"])
def test_unknown_or_malformed_postcode(postcode):
    assert places_for_postcode(postcode) == []
    assert place_for_postcode(postcode) is None
    assert place_for_postcode(postcode, "Paris") is None


def test_places_for_postcode_returns_a_fresh_list():
    places_for_postcode("29170").clear()
    assert len(places_for_postcode("29170")) == 3


def test_search_by_postcode_prefix():
    results = search_places("750", limit=3)
    assert [p.postcode for p in results] == ["75001", "75002", "75003"]
    assert [p.name for p in search_places("29170")] == [
        "Fouesnant",
        "Saint-Évarzec",
        "Pleuven",
    ]


def test_search_by_name_prefix():
    assert search_places("nantes", limit=1)[0].name == "Nantes"
    # One suggestion per commune (Bordeaux has several postcodes), homonyms most populous first.
    bordeaux = search_places("Bordeaux", limit=50)
    assert [p.name for p in bordeaux if p.name == "Bordeaux"] == ["Bordeaux"]
    assert bordeaux[0].postcode == "33000"
    lyon = search_places("lyon", limit=10)
    assert (lyon[0].name, lyon[0].postcode) == ("Lyon", "")  # the whole city first
    assert sorted(p.postcode for p in lyon[1:]) == [f"6900{i}" for i in range(1, 10)]
    assert search_places("st evarzec")[0].name == "Saint-Évarzec"  # « St » is « Saint »
    assert search_places("saint-évarz")[0].name == "Saint-Évarzec"
    assert search_places("trinite")[0].name == "La Trinité"


def test_search_limits_and_empty_input():
    assert len(search_places("saint", limit=7)) == 7
    assert search_places("saint", limit=0) == []
    assert search_places("") == []
    assert search_places(" - ") == []
    assert search_places("zzzzzz") == []


def test_haversine():
    assert haversine_km(*PARIS, *PARIS) == 0
    assert haversine_km(*PARIS, *LYON) == pytest.approx(392, abs=5)
    assert haversine_km(*PARIS, *LYON) == pytest.approx(haversine_km(*LYON, *PARIS))


def test_radius_filter_with_haversine():
    point = destination(*PARIS, 8, 60)
    assert haversine_km(*PARIS, *point) == pytest.approx(8, abs=0.01)
    assert haversine_km(*PARIS, *point) <= 10
    assert not haversine_km(*PARIS, *point) <= 5


def test_approximate_rounds_to_two_decimals():
    assert approximate(48.858512, 2.379487) == (48.86, 2.38)
    assert approximate(43.29695, -1.55384) == (43.3, -1.55)
    lat, lng = approximate(45.76401, 4.83571)
    assert (lat, lng) == (45.76, 4.84)
    assert haversine_km(45.76401, 4.83571, lat, lng) < 1
    for value in approximate(47.218637, -1.553621):
        assert value == round(value, 2)


@pytest.mark.parametrize("center", [PARIS, LYON, (50.63, 3.07), (43.30, 5.38), (41.92, 8.74)])
@pytest.mark.parametrize("radius_km", [1, 10, 50])
def test_bounding_box_contains_the_circle(center, radius_km):
    min_lat, max_lat, min_lng, max_lng = bounding_box(*center, radius_km)
    assert min_lat < center[0] < max_lat and min_lng < center[1] < max_lng
    for bearing in range(0, 360, 5):
        lat, lng = destination(*center, radius_km, bearing)
        assert min_lat - 1e-9 <= lat <= max_lat + 1e-9
        assert min_lng - 1e-9 <= lng <= max_lng + 1e-9
    # and it is not wildly bigger than the circle
    assert haversine_km(min_lat, center[1], max_lat, center[1]) == pytest.approx(2 * radius_km, rel=1e-6)


def test_bounding_box_near_a_pole_spans_all_longitudes():
    assert bounding_box(89.99, 0, 50)[2:] == (-180.0, 180.0)
