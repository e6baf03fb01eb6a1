"""The place resolver (geo.resolve_place) on real names of the postcode table, and what uses it:
the search page (« Vouliez-vous dire »), the autocomplete endpoint, the annonce form, the profile."""

import unicodedata

import pytest
from django.urls import reverse

from listings import geo
from members.forms import ProfileForm

from .factories import ListingFactory

LIST = reverse("listings:list")
PLACES = reverse("listings:places")


def resolved(text):
    place = geo.resolve_place(text).place
    return place and (place.insee, place.postcode)


# --- the resolver (no database) --------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, insee, postcode",
    [
        # a name means the commune of exactly that name, not one whose name contains it
        ("Paris", "75056", ""),  # the whole city, not Cormeilles-en-Parisis
        ("paris", "75056", ""),
        ("Lyon", "69123", ""),
        ("MARSEILLE", "13055", ""),
        ("Cormeilles-en-Parisis", "95176", "95240"),
        # arrondissements
        ("Paris 11", "75111", "75011"),
        ("Paris 11e", "75111", "75011"),
        ("paris 11ème", "75111", "75011"),
        ("75011", "75111", "75011"),
        ("Lyon 1er", "69381", "69001"),
        ("Marseille 3eme", "13203", "13003"),
        # homonyms: the most populous, or the one of the département / postcode given
        ("Saint-Denis", "97411", "97400"),  # Réunion (153,000) before Seine-Saint-Denis (113,000)
        ("Saint-Denis (93)", "93066", "93200"),
        ("93200 Saint-Denis", "93066", "93200"),
        ("Saint-Pierre (972)", "97225", "97250"),
        # overseas and Corsica
        ("Fort-de-France", "97209", "97200"),
        ("Pointe-à-Pitre", "97120", "97110"),
        ("pointe a pitre", "97120", "97110"),
        ("Cayenne", "97302", "97300"),
        ("Mamoudzou", "97611", "97600"),
        ("97400", "97411", "97400"),
        ("Ajaccio", "2A004", "20000"),
        ("Bastia", "2B033", "20200"),
        # accents, hyphens, case, « St »/« Ste », article
        ("st etienne", "42218", "42000"),
        ("SAINT-ETIENNE", "42218", "42000"),
        ("Saint Étienne", "42218", "42000"),
        ("St-Malo", "35288", "35400"),
        ("Ste Maxime", "83115", "83120"),
        ("havre", "76351", "76600"),
        ("Le Havre", "76351", "76600"),
    ],
)
def test_resolver_on_real_names(typed, insee, postcode):
    assert resolved(typed) == (insee, postcode)


def test_decomposed_input_is_composed_first():
    nfd = unicodedata.normalize("NFD", "Saint-Étienne")
    assert nfd != "Saint-Étienne"
    assert resolved(nfd) == ("42218", "42000")


def test_homonyms_are_offered_with_their_department():
    resolution = geo.resolve_place("Saint-Denis")
    departments = [place.department for place in resolution.others]
    assert "93" in departments and "974" not in departments
    assert {place.name for place in resolution.others} == {"Saint-Denis"}
    assert geo.resolve_place("Saint-Denis (93)").others == ()


def test_departments_of_corsica_and_overseas():
    assert geo.resolve_place("Ajaccio").place.department == "2A"
    assert geo.resolve_place("Bastia").place.department == "2B"
    assert geo.resolve_place("Mamoudzou").place.department == "976"
    assert geo.resolve_place("Paris").place.label == "Paris (75)"


@pytest.mark.parametrize("typed", ["Pariss", "Nullepartville", "Paris 21", "00000", "2A", ""])
def test_unknown_places_resolve_to_nothing(typed):
    assert geo.resolve_place(typed).place is None


def test_a_place_that_only_starts_like_a_name_is_a_suggestion_not_a_choice():
    resolution = geo.resolve_place("Bordea")
    assert resolution.place is None
    assert resolution.suggestions[0].name == "Bordeaux"


# --- the search page -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_search_page_offers_the_other_communes_of_that_name(verified_client):
    ListingFactory(title="Près du Stade de France", postcode="93200", lat=48.94, lng=2.36)
    page = verified_client.get(LIST, {"near": "Saint-Denis"}).content.decode()
    assert "Vouliez-vous dire" in page
    assert "Saint-Denis (93)" in page
    assert "près de Saint-Denis (97400)" not in page
    assert "Près du Stade de France" not in page  # Saint-Denis means Réunion's, 9,000 km away
    page = verified_client.get(LIST, {"near": "93200 Saint-Denis"}).content.decode()
    assert "Près du Stade de France" in page
    assert "Vouliez-vous dire" not in page


@pytest.mark.django_db
def test_paris_means_the_whole_city(verified_client):
    ListingFactory(title="Dans le 11e")  # the factory's point is in Paris 11e
    ListingFactory(title="À Cormeilles", postcode="95240", lat=48.97, lng=2.20)
    response = verified_client.get(LIST, {"near": "Paris", "radius": 5})
    assert [item.title for item in response.context["listings"]] == ["Dans le 11e"]
    assert "à moins de 5 km de Paris (75)" in response.content.decode()


@pytest.mark.django_db
def test_unknown_place_shows_the_message_and_no_results(verified_client, listing):
    response = verified_client.get(LIST, {"near": "Pariss"})
    page = response.content.decode()
    assert "Lieu introuvable : « Pariss »" in page
    assert list(response.context["listings"]) == []
    assert listing.title not in page


# --- the autocomplete endpoint ---------------------------------------------------------------------
@pytest.mark.django_db
def test_autocomplete_is_public_json_without_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(PLACES, {"q": "paris"})
    assert response.status_code == 200
    places = response.json()["places"]
    assert places[0]["name"] == "Paris" and places[0]["value"] == "Paris"
    assert places[1]["value"] == "75001 Paris 1er Arrondissement"
    assert len(places) <= 8


@pytest.mark.django_db
def test_autocomplete_values_resolve_back_to_the_place_offered(client):
    for place in client.get(PLACES, {"q": "saint-denis"}).json()["places"]:
        chosen = geo.resolve_place(place["value"]).place
        assert (chosen.name, chosen.postcode) == (place["name"], place["postcode"])


@pytest.mark.django_db
def test_autocomplete_for_postcode_fields_and_short_input(client):
    places = client.get(PLACES, {"q": "lyon", "postcodes": "1"}).json()["places"]
    assert places and all(place["postcode"] for place in places)
    assert client.get(PLACES, {"q": "p"}).json() == {"places": []}
    assert client.get(PLACES, {"q": "974"}).json()["places"][0]["postcode"].startswith("974")


# --- the same resolver in the forms ----------------------------------------------------------------
@pytest.mark.django_db
def test_profile_takes_a_postcode_or_a_town_name(member):
    form = ProfileForm({"display_name": "Claire D.", "postcode": "St-Malo", "city": ""}, instance=member.profile)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["postcode"], form.cleaned_data["city"]) == ("35400", "Saint-Malo")
    form = ProfileForm({"display_name": "Claire D.", "postcode": "00000", "city": ""}, instance=member.profile)
    assert not form.is_valid() and "postcode" in form.errors
    form = ProfileForm({"display_name": "Claire D.", "postcode": "20000", "city": ""}, instance=member.profile)
    assert form.is_valid() and form.cleaned_data["city"] == "Ajaccio"
