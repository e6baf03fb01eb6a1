"""The order of search results (nearest first around a place, most relevant with words, else the
newest), typo tolerance through the lexicon (« typed → found »), NFC input, and the API's side:
the place it used, 400 for a place it cannot find, positions in PATCH."""

import unicodedata
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from listings import lexicon
from listings.models import SearchWord

from .factories import ListingFactory

pytestmark = pytest.mark.django_db
LIST = reverse("listings:list")
API = "/api/v1/listings/"
LYON_3 = (45.76, 4.85)
VILLEURBANNE = (45.77, 4.88)  # about 3 km from Lyon 3e
VENISSIEUX = (45.70, 4.89)  # about 7 km
NEAREST_FIRST = ["Perceuse près", "Perceuse moyen", "Perceuse loin"]


def titles(response):
    return [listing.title for listing in response.context["listings"]]


@pytest.fixture
def around_lyon():
    """Three annonces around Lyon 3e: the farthest is the newest, the nearest the oldest."""
    now = timezone.now()
    for title, (lat, lng), days in [
        ("Perceuse près", LYON_3, 3),
        ("Perceuse moyen", VILLEURBANNE, 2),
        ("Perceuse loin", VENISSIEUX, 1),
    ]:
        ListingFactory(title=title, lat=lat, lng=lng, published_at=now - timedelta(days=days))


# --- order -----------------------------------------------------------------------------------------
def test_a_place_orders_nearest_first_even_with_words(verified_client, around_lyon):
    for params in ({"near": "69003"}, {"near": "Lyon 3e"}, {"near": "69003", "q": "perceuse"}):
        response = verified_client.get(LIST, params)
        assert titles(response) == ["Perceuse près", "Perceuse moyen", "Perceuse loin"], params
        assert '<option value="distance" selected>' in response.content.decode()


def test_near_me_orders_nearest_first(verified_client, around_lyon):
    response = verified_client.get(LIST, {"lat": LYON_3[0], "lng": LYON_3[1], "q": "perceuse"})
    assert titles(response) == ["Perceuse près", "Perceuse moyen", "Perceuse loin"]


def test_the_sort_chosen_wins_over_the_default(verified_client, around_lyon):
    response = verified_client.get(LIST, {"near": "69003", "sort": "date"})
    assert titles(response) == ["Perceuse loin", "Perceuse moyen", "Perceuse près"]


def test_no_place_no_words_newest_first(verified_client, around_lyon):
    assert titles(verified_client.get(LIST)) == ["Perceuse loin", "Perceuse moyen", "Perceuse près"]


@pytest.mark.postgres
def test_words_without_place_most_relevant_first_then_newest(verified_client):
    now = timezone.now()
    ListingFactory(title="Tondeuse", description="Électrique.", published_at=now - timedelta(days=5))
    ListingFactory(title="Outils de jardin", description="Râteau, tondeuse, sécateur.", published_at=now)
    ListingFactory(title="Tondeuse thermique", description="Essence.", published_at=now - timedelta(days=1))
    response = verified_client.get(LIST, {"q": "tondeuse"})
    # The two titles with the word first (the newer of the two first), then the description.
    assert titles(response) == ["Tondeuse thermique", "Tondeuse", "Outils de jardin"]


# --- words -----------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.parametrize(
    "title, typed",
    [
        # bench vocabulary (bench/generate.py SEARCHES, bench/vocabulary.py) and demo titles
        ("Perceuse à percussion", "perseuse"),  # a letter changed
        ("Perceuse à percussion", "perceuze"),
        ("Perceuse à percussion", "percuese"),  # two letters swapped
        ("Cours de guitare", "guitarre"),  # a letter added
        ("Cours de guitare", "cours guitarre"),
        ("Poussette citadine", "pousette"),  # a letter missing
        ("Tondeuse électrique", "tondeuze"),
        ("Voiture familiale", "voitrue"),
        ("Garage fermé", "garrage"),
        ("Canapé trois places", "canpé"),
        ("Aide au déménagement", "demenagment"),
        ("Aide au jardinage", "jardinnage"),
        ("Maison au bord de la mer", "maisson mer"),
        ("Garde de chat", "garde chatt"),
    ],
)
def test_a_one_letter_typo_finds_the_word(verified_client, title, typed):
    ListingFactory(title=title, description="Bon état.")
    ListingFactory(title="Autre chose sans rapport", description="Rien à voir.")
    response = verified_client.get(LIST, {"q": typed})
    assert titles(response) == [title], typed


@pytest.mark.postgres
def test_a_corrected_word_is_offered_as_try_with(verified_client):
    ListingFactory(title="Perceuse à percussion")
    page = verified_client.get(LIST, {"q": "perseuse", "near": "75011"}).content.decode()
    assert "Essayez avec" in page and "« perceuse »" in page
    assert "near=75011" in page.split("Essayez avec")[1].split("</p>")[0]  # the other criteria stay
    page = verified_client.get(LIST, {"q": "perceuse"}).content.decode()
    assert "Essayez avec" not in page  # nothing to correct


@pytest.mark.postgres
def test_short_words_and_known_words_are_not_corrected():
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in ("velo", "vela", "perceuse", "perceuses")])
    assert lexicon.corrections(["vele", "perceuses", "perceuse"]) == {}
    assert lexicon.corrections(["perceusse"]) in ({"perceusse": "perceuse"}, {"perceusse": "perceuses"})
    assert lexicon.corrections(["xyzxyzxyz"]) == {}
    # The last word may be unfinished: a known word starting with it is not a typo.
    SearchWord.objects.create(word="tondeuse")
    assert lexicon.corrections(["tondeu"]) == {}
    assert lexicon.corrections(["tondeu", "perceuse"]) == {}


def test_one_edit_apart():
    assert lexicon.one_edit_apart("perseuse", "perceuse")
    assert lexicon.one_edit_apart("percuese", "perceuse")
    assert lexicon.one_edit_apart("guitarre", "guitare")
    assert lexicon.one_edit_apart("pousette", "poussette")
    assert not lexicon.one_edit_apart("perceuse", "perceuse")
    assert not lexicon.one_edit_apart("pcereuse", "perceuse")  # two changes
    assert not lexicon.one_edit_apart("tondeuse", "tondeuses!!")


@pytest.mark.postgres
def test_the_lexicon_learns_the_words_of_new_annonces():
    ListingFactory(title="Débroussailleuse", description="Prêtée avec son fil.")
    assert SearchWord.objects.filter(word="debroussailleuse").exists()
    assert SearchWord.objects.filter(word="pretee").exists()


def test_decomposed_text_is_composed_before_searching(verified_client):
    ListingFactory(title="Vélo électrique")
    ListingFactory(title="Autre chose")
    nfd = unicodedata.normalize("NFD", "vélo")
    assert nfd != "vélo"
    response = verified_client.get(LIST, {"q": nfd, "near": unicodedata.normalize("NFD", "Paris 11e")})
    assert titles(response) == ["Vélo électrique"]
    assert response.context["filter"].form.cleaned_data["q"] == "vélo"


# --- the API ---------------------------------------------------------------------------------------
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_says_which_place_it_used(verified_member, around_lyon):
    response = api(verified_member).get(API, {"near": "Saint-Denis"})
    assert response.status_code == 200
    search = response.json()["search"]
    assert search["place"]["insee"] == "97411" and search["place"]["department"] == "974"
    assert "93" in [other["department"] for other in search["other_places"]]
    assert search["sort"] == "distance"
    response = api(verified_member).get(API, {"near": "Lyon 3e", "q": "perceuse"})
    assert [item["title"] for item in response.json()["results"]] == NEAREST_FIRST


def test_api_near_that_cannot_be_resolved_is_400_with_the_reason(verified_member, listing):
    response = api(verified_member).get(API, {"near": "Pariss"})
    assert response.status_code == 400
    assert "Lieu introuvable" in response.json()["near"][0]


@time_machine.travel("2026-06-01 10:00 +0200")
def test_api_patch_with_a_position_is_honoured_rounded(verified_member):
    listing = ListingFactory(author=verified_member)  # in Paris 11e
    response = api(verified_member).patch(f"{API}{listing.pk}/", {"lat": 45.764321, "lng": 4.835678}, format="json")
    assert response.status_code == 200, response.json()
    listing.refresh_from_db()
    assert (listing.lat, listing.lng) == (45.76, 4.84)  # rounded to about 1 km, like any position
    assert listing.postcode.startswith("69")  # the commune nearest the position, not the old postcode


@pytest.mark.parametrize(
    "body, field",
    [({"lat": 45.76}, "lat"), ({"lat": 45.76, "lng": 4.84, "postcode": "75011"}, "postcode")],
)
def test_api_patch_with_a_position_it_cannot_use_is_refused(verified_member, body, field):
    listing = ListingFactory(author=verified_member)
    response = api(verified_member).patch(f"{API}{listing.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    listing.refresh_from_db()
    assert listing.postcode == "75011"


def test_api_creates_an_annonce_from_a_town_name(verified_member):
    body = {"category": "services-entraide", "kind": "offer", "title": "Aide", "description": "Oui."}
    body["postcode"] = "Ajaccio"
    response = api(verified_member).post(API, body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["postcode"], response.json()["city"]) == ("20000", "Ajaccio")
