"""The annonces API: the wall (401/403), other people's and hidden annonces (404), the site's
validation (400, nothing saved) and rate limits (429)."""

import pytest
from rest_framework.test import APIClient

from listings import services
from listings.models import Listing, Status
from listings.photos import prepare_photo
from listings.tests.factories import ListingFactory, image_bytes, upload
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

LISTINGS = "/api/v1/listings/"


def client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def detail(listing) -> str:
    return f"{LISTINGS}{listing.pk}/"


NEW = {
    "category": "services-entraide",
    "kind": "offer",
    "title": "Aide au déménagement",
    "description": "Deux bras et un diable.",
    "postcode": "75011",
}


# --- The wall ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [LISTINGS, f"{LISTINGS}mine/", "/api/v1/favourites/", "/api/v1/conversations/", "{detail}", "{detail}photos/"],
)
def test_anonymous_gets_401_and_unverified_403(url):
    listing = ListingFactory()
    url = url.format(detail=detail(listing))
    assert client_for().get(url).status_code == 401
    assert client_for(UserFactory()).get(url).status_code == 403
    assert client_for().post(url, {}).status_code == 401
    assert client_for(UserFactory()).post(url, {}).status_code == 403


def test_categories_are_public_names_without_counts():
    ListingFactory()
    response = client_for().get("/api/v1/categories/")
    assert response.status_code == 200
    ride = next(c for c in response.json() if c["slug"] == "covoiturage-gratuit")
    assert {f["name"] for f in ride["fields"]} >= {"ride_from", "ride_to", "seats"}
    assert not any("count" in key for item in response.json() for key in item)


# --- Reading -------------------------------------------------------------------------------------
def test_search_uses_the_site_filters(verified_member):
    ListingFactory(title="Perceuse à percussion")
    ListingFactory(title="Poussette pliante", postcode="69001", city="Lyon", lat=45.767, lng=4.834)
    api = client_for(verified_member)
    titles = [item["title"] for item in api.get(LISTINGS, {"q": "perceuse"}).json()["results"]]
    assert titles == ["Perceuse à percussion"]
    near = api.get(LISTINGS, {"near": "69001", "radius": "5"}).json()["results"]
    assert [item["title"] for item in near] == ["Poussette pliante"]
    assert near[0]["distance_km"] is not None
    response = api.get(LISTINGS, {"radius": "7", "available_on": "pas-une-date"})
    assert response.status_code == 400
    assert set(response.json()) == {"radius", "available_on"}


def test_hidden_annonce_is_404_to_others_but_not_to_its_author_or_staff(verified_member):
    listing = ListingFactory(title="Annonce signalée")
    services.listing_hide(listing=listing, by=StaffFactory())
    assert client_for(verified_member).get(detail(listing)).status_code == 404
    assert client_for(verified_member).post(f"{detail(listing)}favourite/").status_code == 404
    assert client_for(verified_member).post(f"{detail(listing)}contact/", {"body": "Bonjour"}).status_code == 404
    results = client_for(verified_member).get(LISTINGS).json()["results"]
    assert "Annonce signalée" not in [item["title"] for item in results]
    assert client_for(listing.author).get(detail(listing)).json()["status"] == "hidden"
    change = client_for(listing.author).patch(detail(listing), {"title": "Corrigée"}, format="json")
    assert change.status_code == 400 and "non_field_errors" in change.json()
    assert client_for(StaffFactory()).get(detail(listing)).status_code == 200


def test_wrong_ids_are_404():
    api = client_for(VerifiedMemberFactory())
    assert api.get(f"{LISTINGS}999999/").status_code == 404
    assert api.get("/api/v1/conversations/999999/").status_code == 404


def test_photos_are_urls_of_the_walled_view(verified_member):
    listing = ListingFactory()
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = client_for(verified_member).get(detail(listing)).json()["photos"][0]
    assert photo["large"] == f"http://testserver/api/v1/photos/{photo['id']}/large/"
    assert "/media/" not in str(photo)
    response = client_for(verified_member).get(photo["card"])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client_for(UserFactory()).get(photo["card"]).status_code == 403
    assert client_for().get(photo["card"]).status_code == 401
    services.listing_hide(listing=listing, by=StaffFactory())
    assert client_for(verified_member).get(photo["card"]).status_code == 404
    assert client_for(listing.author).get(photo["card"]).status_code == 200


# --- Writing one's own ---------------------------------------------------------------------------
def test_create_with_bad_input_is_400_per_field_and_saves_nothing(verified_member):
    api = client_for(verified_member)
    response = api.post(LISTINGS, {**NEW, "title": "", "postcode": "00000"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "postcode"}
    response = api.post(LISTINGS, {**NEW, "category": "nope", "price": "abc"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"category", "price"}
    lodging = {**NEW, "category": "hebergements-vacances", "details": {"sleeps": "beaucoup"}}
    response = api.post(LISTINGS, lodging, format="json")
    assert response.status_code == 400
    assert {"sleeps", "available_from"} <= set(response.json())
    assert not Listing.objects.exists()


def test_create_update_act_and_delete_ones_own(verified_member):
    api = client_for(verified_member)
    response = api.post(LISTINGS, NEW, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "published" and created["city"] and created["is_mine"]
    url = f"{LISTINGS}{created['id']}/"
    response = api.patch(url, {"title": "Aide au déménagement, samedi"}, format="json")
    assert response.json()["title"] == "Aide au déménagement, samedi"
    assert response.json()["postcode"] == "75011"
    assert api.post(f"{url}status/", {"action": "pause"}, format="json").json()["status"] == "paused"
    response = api.post(f"{url}status/", {"action": "pause"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert api.delete(url).status_code == 204
    assert not Listing.objects.exists()


def test_others_annonces_cannot_be_changed_and_answer_404(verified_member):
    listing = ListingFactory(title="Pas à toi")
    for api in (client_for(verified_member), client_for(StaffFactory())):
        assert api.patch(detail(listing), {"title": "Volée"}, format="json").status_code == 404
        assert api.delete(detail(listing)).status_code == 404
        assert api.post(f"{detail(listing)}status/", {"action": "close"}, format="json").status_code == 404
        assert api.post(f"{detail(listing)}photos/", {"photos": [upload()]}, format="multipart").status_code == 404
    listing.refresh_from_db()
    assert listing.title == "Pas à toi" and listing.status == Status.PUBLISHED


def test_photo_upload_has_the_site_validation(verified_member):
    listing = ListingFactory(author=verified_member)
    api = client_for(verified_member)
    nothing = api.post(f"{detail(listing)}photos/", {}, format="multipart")
    assert nothing.status_code == 400 and list(nothing.json()) == ["photos"]
    fake = upload(name="photo.jpg", content=b"<?php echo 1; ?>")
    response = api.post(f"{detail(listing)}photos/", {"photos": [fake]}, format="multipart")
    assert response.status_code == 400
    assert "photo.jpg" in response.json()["photos"][0]
    response = api.post(
        f"{detail(listing)}photos/", {"photos": [upload(content=image_bytes("PNG"), name="a.png")]}, format="multipart"
    )
    assert response.status_code == 201
    photo_id = response.json()[0]["id"]
    assert api.delete(f"{detail(listing)}photos/{photo_id}/").status_code == 204
    assert api.delete(f"{detail(listing)}photos/{photo_id}/").status_code == 404
    assert not listing.photos.exists()


def test_listing_posts_are_rate_limited(verified_member):
    api = client_for(verified_member)
    for _ in range(10):
        assert api.post(LISTINGS, NEW, format="json").status_code == 201
    response = api.post(LISTINGS, NEW, format="json")
    assert response.status_code == 429
    assert Listing.objects.count() == 10


# --- Report, favourites --------------------------------------------------------------------------
def test_report_once_and_never_ones_own(verified_member):
    listing = ListingFactory()
    api = client_for(verified_member)
    assert api.post(f"{detail(listing)}report/", {"reason": "nope"}, format="json").status_code == 400
    assert api.post(f"{detail(listing)}report/", {"reason": "scam"}, format="json").status_code == 201
    again = api.post(f"{detail(listing)}report/", {"reason": "scam"}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    own = client_for(listing.author).post(f"{detail(listing)}report/", {"reason": "scam"}, format="json")
    assert own.status_code == 404


def test_favourite_toggle_and_list(verified_member):
    listing = ListingFactory(title="Tente 4 places")
    api = client_for(verified_member)
    assert api.post(f"{detail(listing)}favourite/").json() == {"is_favourite": True}
    assert [item["title"] for item in api.get("/api/v1/favourites/").json()["results"]] == ["Tente 4 places"]
    assert api.post(f"{detail(listing)}favourite/").json() == {"is_favourite": False}
    assert api.get("/api/v1/favourites/").json()["results"] == []
