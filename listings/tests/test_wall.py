"""The login wall on every annonce URL: anonymous visitors go to the login page, unverified
accounts to the verification page, and neither learns anything (no title, count or photo)."""

import pytest
from django.urls import reverse

from listings import services
from listings.models import ListingPhoto
from messaging import services as messaging_services

from .factories import ListingFactory, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(verified_member):
    from listings.photos import prepare_photo

    listing = ListingFactory(title="Perceuse secrète")
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = ListingPhoto.objects.get(listing=listing)
    message = messaging_services.conversation_start(listing=listing, sender=verified_member, body="Bonjour")
    return [
        ("get", reverse("listings:list")),
        ("get", reverse("listings:list") + "?q=perceuse&near=75011&radius=10"),
        ("get", reverse("listings:choose_category")),
        ("get", reverse("listings:create", args=["pret-objets"])),
        ("post", reverse("listings:create", args=["pret-objets"])),
        ("get", reverse("listings:mine")),
        ("get", reverse("listings:favourites")),
        ("get", reverse("listings:detail", args=[listing.pk])),
        ("get", reverse("listings:edit", args=[listing.pk])),
        ("post", reverse("listings:edit", args=[listing.pk])),
        ("get", reverse("listings:delete", args=[listing.pk])),
        ("post", reverse("listings:delete", args=[listing.pk])),
        ("post", reverse("listings:favourite", args=[listing.pk])),
        ("get", reverse("listings:report", args=[listing.pk])),
        ("post", reverse("listings:report", args=[listing.pk])),
        ("post", reverse("listings:contact", args=[listing.pk])),
        ("post", reverse("listings:action", args=[listing.pk, "pause"])),
        ("get", reverse("listings:photo", args=[photo.pk, "large"])),
        ("get", reverse("listings:photo", args=[photo.pk, "thumb"])),
        ("get", reverse("conversations:inbox")),
        ("get", reverse("conversations:thread", args=[message.conversation_id])),
        ("post", reverse("conversations:thread", args=[message.conversation_id])),
    ]


def test_every_annonce_url_sends_anonymous_visitors_to_login(client, urls):
    """…or, for the search page that « Annonces » opens, to the page that explains the annonces."""
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        expected = "listings:discover" if url.split("?")[0] == reverse("listings:list") else "account_login"
        assert response.url.startswith(reverse(expected)), url
        assert b"Perceuse" not in response.content
        assert "annonce" not in response.content.decode().lower()


def test_every_annonce_url_sends_unverified_members_to_verification(member_client, urls):
    for method, url in urls:
        response = getattr(member_client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("members:verification")), url


def test_search_results_fragment_and_counts_are_behind_the_wall(client, member_client, urls):
    """The htmx fragment carries the count and the titles: it is walled like the page."""
    for c in (client, member_client):
        response = c.get(reverse("listings:list") + "?q=perceuse", HTTP_HX_REQUEST="true")
        assert response.status_code == 302
        assert b"1 annonce" not in response.content


def test_photo_files_are_not_under_a_public_url(verified_client, settings):
    listing = ListingFactory()
    from listings.photos import prepare_photo

    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = listing.photos.get()
    assert photo.image.name.startswith("private/")
    page = verified_client.get(listing.get_absolute_url()).content.decode()
    assert settings.MEDIA_URL not in page
    assert photo.image.name not in page
