"""The way in: the public page that explains the annonces, where « Annonces » sends anonymous visitors."""

import re

import pytest
from django.urls import reverse

from listings.models import Status

from .factories import ListingFactory, category, ensure_categories

pytestmark = pytest.mark.django_db

DISCOVER = reverse("listings:discover")


def _text(response) -> str:
    """The page without its CSRF tokens (they change at each request)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_anonymous_visitor_of_annonces_lands_on_the_page_that_explains_them(client):
    response = client.get(reverse("listings:list") + "?q=perceuse")
    assert response.status_code == 302
    assert response["Location"] == DISCOVER + "?next=%2Fannonces%2F%3Fq%3Dperceuse"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Qui peut nous rejoindre\u00a0?" in html and "numéro de sociétaire" in html
    assert "Comment ça marche" in html
    # Sign-up and login come back to the search the visitor asked for.
    assert 'href="/comptes/signup/?next=/annonces/%3Fq%3Dperceuse"' in html
    assert 'href="/comptes/login/?next=/annonces/%3Fq%3Dperceuse"' in html


def test_the_kinds_of_sharing_are_the_active_categories(client):
    ensure_categories()
    lending = category("covoiturage-gratuit")
    parking = category("parking-partage")
    parking.is_active = False
    parking.save()
    html = client.get(DISCOVER).content.decode()
    assert lending.name in html and "Services collaboratifs" in html
    assert parking.name not in html


def test_the_page_shows_no_annonce_and_no_count_whatever_is_published(client):
    ensure_categories()
    before = _text(client.get(DISCOVER))
    listings = [
        ListingFactory(title="Perceuse à prêter", category=category("pret-objets")),
        ListingFactory(title="Trajet Paris Lyon", category=category("covoiturage-gratuit")),
        ListingFactory(title="Maison en Bretagne", category=category("echange-maisons")),
        ListingFactory(title="Brouillon secret", status=Status.DRAFT),
    ]
    listings[0].author.profile.display_name = "Claire M."
    listings[0].author.profile.save()
    after = _text(client.get(DISCOVER))
    # Not one byte depends on the annonces: no title, author, place or count can show.
    assert after == before
    for listing in listings:
        assert listing.title not in after
    assert "Claire M." not in after


def test_a_logged_in_person_not_yet_verified_is_offered_the_verification(client, member):
    client.force_login(member)
    html = client.get(DISCOVER).content.decode()
    assert reverse("members:verification") in html
    assert reverse("account_signup") + "?" not in html


def test_the_wall_stays_for_unverified_accounts(client, member):
    client.force_login(member)
    response = client.get(reverse("listings:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("members:verification"))


def test_a_verified_member_goes_straight_to_the_annonces(client, verified_member):
    client.force_login(verified_member)
    assert client.get(reverse("listings:list")).status_code == 200
    assert 'href="/annonces/"' in client.get(DISCOVER).content.decode()


def test_next_to_another_site_is_ignored(client):
    html = client.get(DISCOVER + "?next=https://evil.example/").content.decode()
    assert "signup/?next=https" not in html and "login/?next=https" not in html
    assert 'href="/comptes/login/?next=/annonces/"' in html
