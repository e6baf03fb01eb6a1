"""Search at scale (issue 18): the radius and nearest-first order read from an index give the
same annonces in the same order as the haversine over every annonce, the count stops early and
every page stays reachable, cached cards and the annonce's cached main column show every change
at the next request and never one member's own parts to another, and the wall still cuts a
lapsed member at once with sessions in the cache."""

import math
import random
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from listings import geo, selectors, services, views
from listings.models import Listing, Status
from listings.photos import prepare_photo
from members.membership import membership_lapse
from members.tests.factories import VerifiedMemberFactory

from .factories import ListingFactory, upload

pytestmark = pytest.mark.django_db
LIST = reverse("listings:list")

# (lat, lng) of search centres: overseas, Corsica, mainland, and both sides of the antimeridian.
CENTRES = {
    "Saint-Denis (Réunion)": (-20.88, 55.45),
    "Pointe-à-Pitre (Guadeloupe)": (16.24, -61.53),
    "Ajaccio (Corse)": (41.92, 8.74),
    "Bastia (Corse)": (42.70, 9.45),
    "Paris 11e": (48.86, 2.38),
    "Wallis, près de l'antiméridien": (-13.28, 179.9),
}


def destination(lat, lng, distance_km, bearing_deg):
    d, b = distance_km / geo.EARTH_RADIUS_KM, math.radians(bearing_deg)
    phi1, lmb1 = math.radians(lat), math.radians(lng)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(b))
    lmb2 = lmb1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2))
    lng2 = (math.degrees(lmb2) + 540) % 360 - 180  # back into [-180, 180)
    return round(math.degrees(phi2), 4), round(lng2, 4)


def _spread(author, centre, n, rng):
    """n annonces around `centre`, 0 to 60 km in every direction, some sharing a point (as annonces
    on a postcode's point do), with different publication dates."""
    now = timezone.now()
    points = [destination(*centre, rng.uniform(0, 60), rng.uniform(0, 360)) for _ in range(n)]
    points += [points[0]] * 3 + [centre] * 2  # ties: same point, newest first then highest id
    for i, (lat, lng) in enumerate(points):
        ListingFactory(
            author=author, lat=lat, lng=lng, published_at=now - timedelta(hours=rng.randrange(500), minutes=i)
        )


def _expected(centre, radius_km):
    """The rule, from the definition: every published annonce within the radius by the haversine
    formula, nearest first, then the newest, then the highest id."""
    rows = []
    for listing in Listing.objects.filter(status=Status.PUBLISHED):
        distance = geo.haversine_km(centre[0], centre[1], listing.lat, listing.lng)
        if distance <= radius_km:
            rows.append((distance, -listing.published_at.timestamp(), -listing.pk))
    return [-pk for _, _, pk in sorted(rows)]


def _ids(response) -> list[int]:
    return [listing.pk for listing in response.context["listings"]]


@pytest.mark.parametrize("nearest_from", [0, 10_000])  # read nearest-first from the index, or sorted whole
def test_radius_and_nearest_first_are_the_haversine_over_every_annonce(verified_client, monkeypatch, nearest_from):
    monkeypatch.setattr(selectors, "NEAREST_FROM", nearest_from)
    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    rng = random.Random(18)
    author = VerifiedMemberFactory()
    for centre in CENTRES.values():
        _spread(author, centre, 14, rng)
    for name, centre in CENTRES.items():
        for radius in (5, 25, 50):
            expected = _expected(centre, radius)
            shown, number = [], 1
            while True:
                response = verified_client.get(
                    LIST, {"lat": centre[0], "lng": centre[1], "radius": radius, "page": number}
                )
                shown += _ids(response)
                if not response.context["page"].has_next():
                    break
                number += 1
            assert shown == expected, (name, radius)
            assert response.context["page"].paginator.count == len(expected), (name, radius)


@pytest.mark.parametrize("nearest_from", [0, 10_000])
def test_many_annonces_on_one_point_come_newest_first_on_every_page(verified_client, monkeypatch, nearest_from):
    """A postcode's point holds thousands of annonces at the bench's scale: the pages must still
    give them newest first, each once, and then the farther ones."""
    monkeypatch.setattr(selectors, "NEAREST_FROM", nearest_from)
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    now, centre = timezone.now(), CENTRES["Paris 11e"]
    ages = random.Random(7).sample(range(1000), 17)  # published in no particular order of creation
    on_centre = [ListingFactory(lat=centre[0], lng=centre[1], published_at=now - timedelta(hours=h)) for h in ages]
    farther = ListingFactory(lat=centre[0] + 0.01, lng=centre[1], published_at=now)  # about 1 km, the newest
    expected = [listing.pk for listing in sorted(on_centre, key=lambda listing: listing.published_at, reverse=True)]
    expected.append(farther.pk)
    shown, number = [], 1
    while True:
        response = verified_client.get(LIST, {"lat": centre[0], "lng": centre[1], "radius": 5, "page": number})
        shown += _ids(response)
        if not response.context["page"].has_next():
            break
        number += 1
    assert shown == expected


def test_the_antimeridian_does_not_hide_annonces_on_its_other_side(verified_client):
    west = ListingFactory(title="De l'autre côté", lat=-13.28, lng=-179.95)  # about 10 km away
    ListingFactory(title="Bien trop loin", lat=-13.28, lng=-178.0)
    response = verified_client.get(LIST, {"lat": -13.28, "lng": 179.95, "radius": 25})
    assert _ids(response) == [west.pk]
    assert "à 11 km" in response.content.decode()


def test_the_count_stops_early_and_every_page_stays_reachable(verified_client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 4)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [ListingFactory(lat=48.86, lng=2.38 + i * 0.001) for i in range(7)]  # nearest first: in order
    first = verified_client.get(LIST, {"lat": 48.86, "lng": 2.38})
    page = first.content.decode()
    assert re.search(r"plus de <strong>4</strong> annonces", page)
    assert "Page 1</p>" in page and "sur" not in re.search(r'pagination-summary muted">([^<]*)', page).group(1)
    assert 'rel="next"' in page
    shown, number = _ids(first), 1
    response = first
    while response.context["page"].has_next():
        number += 1
        response = verified_client.get(LIST, {"lat": 48.86, "lng": 2.38, "page": number})
        shown += _ids(response)
    assert shown == [listing.pk for listing in made]  # every annonce once, in order, on 4 pages
    assert number == 4
    last = response.content.decode()
    assert re.search(r"<strong>7</strong> annonces", last) and "plus de" not in last
    assert "Page 4 sur 4" in last


def test_a_small_result_is_counted_exactly(verified_client):
    ListingFactory.create_batch(3)
    page = verified_client.get(LIST, {"near": "75011"}).content.decode()
    assert re.search(r"<strong>3</strong> annonces", page) and "plus de" not in page


def _card(page: str, title: str) -> str:
    """The result card (its <li>) that shows `title`."""
    for card in re.findall(r'<li class="listing-card card">.*?</li>', page, flags=re.S):
        if title in card:
            return card
    return ""


def test_an_edit_a_new_photo_and_a_hide_show_at_the_next_search(verified_client):
    listing = ListingFactory(title="Perceuse à prêter", price=None)
    assert _card(verified_client.get(LIST).content.decode(), "Perceuse à prêter")  # now in the cache
    services.listing_update(listing=Listing.objects.get(pk=listing.pk), title="Perceuse Bosch à prêter", price=12)
    page = verified_client.get(LIST).content.decode()
    card = _card(page, "Perceuse Bosch à prêter")
    assert card and "12 €" in card and "Gratuit" not in card
    assert "Perceuse à prêter" not in page

    assert "listing-card-illustration" in card
    services.photos_add(listing=Listing.objects.get(pk=listing.pk), photos=[prepare_photo(upload())])
    card = _card(verified_client.get(LIST).content.decode(), "Perceuse Bosch à prêter")
    photo = Listing.objects.get(pk=listing.pk).photos.get()
    assert reverse("listings:photo", args=[photo.pk, "card"]) in card

    services.listing_hide(listing=Listing.objects.get(pk=listing.pk))
    assert "Perceuse Bosch" not in verified_client.get(LIST).content.decode()


def test_a_language_change_shows_at_the_next_request(verified_client):
    ListingFactory(title="Tente familiale")
    assert "Je propose" in _card(verified_client.get(LIST).content.decode(), "Tente familiale")
    card = _card(verified_client.get("/en" + LIST).content.decode(), "Tente familiale")
    assert "I&#x27;m offering" in card or "I'm offering" in card
    assert "Je propose" not in card


def test_nobody_sees_another_members_favourite_or_distance_on_a_cached_card(verified_member):
    listing = ListingFactory(title="Vélo enfant", lat=48.86, lng=2.38)
    services.favourite_toggle(user=verified_member, listing=listing)
    fan, other = Client(), Client()
    fan.force_login(verified_member)
    other.force_login(VerifiedMemberFactory())
    mine = _card(fan.get(LIST, {"lat": 48.86, "lng": 2.38}).content.decode(), "Vélo enfant")
    assert "♥" in mine and "à moins de 1 km" in mine
    theirs = _card(other.get(LIST).content.decode(), "Vélo enfant")  # the same cached card, no search point
    assert theirs and "♥" not in theirs and "favori" not in theirs and "km" not in theirs
    # …and the fan's page, asked again, is still theirs.
    assert "♥" in _card(fan.get(LIST).content.decode(), "Vélo enfant")


def test_the_annonce_page_shows_an_edit_at_once_and_its_author_parts_to_the_author_only(client_for):
    listing = ListingFactory(title="Canapé trois places", description="Bon état")
    url = reverse("listings:detail", args=[listing.pk])
    author = Client()
    author.force_login(listing.author)
    reader = client_for(VerifiedMemberFactory())
    assert "Modifier" in author.get(url).content.decode()  # the author's page fills the cache
    page = reader.get(url).content.decode()
    assert "Canapé trois places" in page and "Modifier" not in page and "Contacter" in page
    services.listing_update(
        listing=Listing.objects.get(pk=listing.pk), title="Canapé deux places", description="Très bon état"
    )
    page = reader.get(url).content.decode()
    assert "Canapé deux places" in page and "Très bon état" in page and "Canapé trois places" not in page
    services.listing_hide(listing=Listing.objects.get(pk=listing.pk))
    assert reader.get(url).status_code == 404


def test_a_lapsed_member_is_cut_off_at_the_next_request_with_sessions_in_the_cache(verified_client, verified_member):
    ListingFactory()
    assert verified_client.get(LIST).status_code == 200
    membership_lapse(profile_id=verified_member.profile.pk)
    response = verified_client.get(LIST)
    assert response.status_code == 302 and reverse("members:verification") in response["Location"]
