"""The pages: posting with photos, owner-only actions, who sees what, favourites and reports."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from listings import services
from listings.models import Listing, ListingPhoto, Report, Status
from listings.photos import prepare_photo
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services

from .factories import ListingFactory, category, image_bytes, upload

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": "offer",
        "title": "Perceuse à percussion",
        "description": "Bosch.\nAvec coffret.",
        "postcode": "75011",
        "city": "",
    }
    return {**data, **overrides}


def test_post_an_annonce_with_photos(verified_client, verified_member):
    response = verified_client.post(
        reverse("listings:create", args=["vide-grenier"]),
        form_data(price="25", photos=[upload("a.jpg"), upload("b.png", image_bytes("PNG"), "image/png")]),
    )
    listing = Listing.objects.get()
    assert response.status_code == 302 and response.url == listing.get_absolute_url()
    assert (listing.author, listing.status, listing.city) == (
        verified_member,
        Status.PUBLISHED,
        "Paris 11e Arrondissement",
    )
    assert listing.photos.count() == 2
    page = verified_client.get(listing.get_absolute_url()).content.decode()
    assert "Bosch.<br>Avec coffret." in page  # line breaks kept
    assert "sociétaire vérifié" in page
    for photo in listing.photos.all():
        assert reverse("listings:photo", args=[photo.pk, "large"]) in page
        response = verified_client.get(reverse("listings:photo", args=[photo.pk, "card"]))
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content)[:2] in (b"\xff\xd8", b"\x89P")


def test_description_is_plain_text_never_html(verified_client, verified_member):
    listing = ListingFactory(author=verified_member, description="<b>gras</b> <script>x()</script>")
    page = verified_client.get(listing.get_absolute_url()).content.decode()
    assert "<b>gras</b>" not in page and "&lt;b&gt;gras&lt;/b&gt;" in page


def test_a_refused_file_is_explained_next_to_the_field_and_the_form_is_kept(verified_client):
    response = verified_client.post(
        reverse("listings:create", args=["vide-grenier"]),
        form_data(title="Ma belle table", price="40", photos=[upload("table.jpg", b"not an image")]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "« table.jpg » n&#x27;est pas une photo JPEG, PNG ou WebP." in page
    assert 'value="Ma belle table"' in page and 'value="40"' in page
    assert not Listing.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == ["photos"]


def test_free_category_form_has_no_price_field(verified_client):
    page = verified_client.get(reverse("listings:create", args=["pret-objets"])).content.decode()
    assert 'name="price"' not in page
    assert "Service gratuit" in page
    verified_client.post(
        reverse("listings:create", args=["pret-objets"]), form_data(price="10", available_from="2026-12-01")
    )
    assert Listing.objects.get().price is None


def test_category_fields_are_asked_and_shown(verified_client):
    url = reverse("listings:create", args=["covoiturage-gratuit"])
    page = verified_client.get(url).content.decode()
    for label in ["Départ", "Arrivée", "Date et heure de départ", "Places"]:
        assert label in page
    response = verified_client.post(
        url, form_data(ride_from="Montreuil", ride_to="Bercy", departure_at="2026-12-03T07:45", seats="3")
    )
    assert response.status_code == 302, response.context["form"].errors
    listing = Listing.objects.get()
    assert listing.details["seats"] == 3 and listing.details["ride_from"] == "Montreuil"
    detail = verified_client.get(listing.get_absolute_url()).content.decode()
    assert "Montreuil" in detail and "3 décembre 2026, 07:45" in detail


def test_missing_category_field_is_an_error(verified_client):
    response = verified_client.post(reverse("listings:create", args=["covoiturage-gratuit"]), form_data())
    assert response.status_code == 400
    assert {"ride_from", "ride_to", "departure_at", "seats"} <= set(response.context["form"].errors)


def test_geolocation_point_is_rounded_and_named(verified_client):
    verified_client.post(
        reverse("listings:create", args=["services-entraide"]), form_data(postcode="", lat="45.764043", lng="4.835659")
    )
    listing = Listing.objects.get()
    assert (listing.lat, listing.lng) == (45.76, 4.84)
    assert listing.postcode.startswith("690")


def test_save_as_draft(verified_client):
    verified_client.post(reverse("listings:create", args=["services-entraide"]), form_data(draft="1"))
    assert Listing.objects.get().status == Status.DRAFT


def test_posting_is_rate_limited(verified_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "listing_post": "1/h/user"}
    url = reverse("listings:create", args=["services-entraide"])
    verified_client.post(url, form_data())
    response = verified_client.post(url, form_data(title="Deuxième"))
    assert response.status_code == 429
    assert Listing.objects.count() == 1


# --- Owner-only ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, method, args",
    [
        ("listings:edit", "get", []),
        ("listings:edit", "post", []),
        ("listings:delete", "get", []),
        ("listings:delete", "post", []),
        ("listings:action", "post", ["pause"]),
        ("listings:action", "post", ["close"]),
        ("listings:action", "post", ["renew"]),
    ],
)
def test_only_the_author_can_change_an_annonce(client_for, listing, staff, name, method, args):
    for outsider in (VerifiedMemberFactory(), staff):
        response = getattr(client_for(outsider), method)(
            reverse(name, args=[listing.pk, *args]), form_data(title="Piraté")
        )
        assert response.status_code == 404
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and listing.title != "Piraté"


def test_author_pauses_resumes_closes_renews_and_deletes(client_for, listing, django_capture_on_commit_callbacks):
    client = client_for(listing.author)
    act = lambda action: client.post(reverse("listings:action", args=[listing.pk, action]))  # noqa: E731
    act("pause")
    listing.refresh_from_db()
    assert listing.status == Status.PAUSED
    act("resume")
    act("close")
    listing.refresh_from_db()
    assert listing.status == Status.CLOSED
    act("renew")
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    page = client.get(reverse("listings:mine")).content.decode()
    assert listing.title in page and "Mettre en pause" in page
    assert "Prolonger de 60 jours" not in page  # fresh: nothing to renew yet
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = listing.photos.get()
    assert client.get(reverse("listings:photo", args=[photo.pk, "thumb"])).status_code == 200
    folder = Path(photo.image.path).parent
    assert len(list(folder.iterdir())) == 2  # the photo and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("listings:delete", args=[listing.pk]))
    assert not Listing.objects.exists()
    assert list(folder.iterdir()) == []  # files go too


def test_author_edits_and_removes_a_photo(client_for, listing):
    services.photos_add(listing=listing, photos=[prepare_photo(upload()), prepare_photo(upload())])
    first = listing.photos.first()
    client = client_for(listing.author)
    response = client.post(
        reverse("listings:edit", args=[listing.pk]), form_data(title="Nouveau titre", remove_photos=[first.pk])
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Nouveau titre"
    assert list(listing.photos.all()) != [] and first.pk not in listing.photos.values_list("pk", flat=True)


def test_no_more_than_six_photos(client_for, listing):
    services.photos_add(listing=listing, photos=[prepare_photo(upload()) for _ in range(5)])
    response = client_for(listing.author).post(
        reverse("listings:edit", args=[listing.pk]), form_data(photos=[upload(), upload()])
    )
    assert response.status_code == 400
    assert "6 photos au plus" in response.content.decode()
    assert ListingPhoto.objects.count() == 5


# --- Who sees what ------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [Status.HIDDEN, Status.DRAFT, Status.PAUSED, Status.EXPIRED])
def test_non_published_annonces_are_404_for_others_but_not_for_author_and_staff(client_for, staff, status):
    listing = ListingFactory(status=status)
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo_url = reverse("listings:photo", args=[listing.photos.get().pk, "large"])
    outsider = client_for(VerifiedMemberFactory())
    assert outsider.get(listing.get_absolute_url()).status_code == 404
    assert outsider.get(photo_url).status_code == 404
    for insider in (listing.author, staff):
        client = client_for(insider)
        assert client.get(listing.get_absolute_url()).status_code == 200
        assert client.get(photo_url).status_code == 200


def test_the_author_sees_a_hidden_annonce_with_an_explanation(client_for):
    listing = ListingFactory(status=Status.HIDDEN)
    page = client_for(listing.author).get(listing.get_absolute_url()).content.decode()
    assert "Notre équipe de modération a masqué votre annonce" in page


def test_favourites(client_for, listing, other_member):
    client = client_for(other_member)
    response = client.post(reverse("listings:favourite", args=[listing.pk]), HTTP_HX_REQUEST="true")
    assert "Dans mes favoris" in response.content.decode()
    assert listing.title in client.get(reverse("listings:favourites")).content.decode()
    client.post(reverse("listings:favourite", args=[listing.pk]))
    assert listing.title not in client.get(reverse("listings:favourites")).content.decode()


def test_report_from_the_page_once(client_for, listing, other_member):
    client = client_for(other_member)
    url = reverse("listings:report", args=[listing.pk])
    assert "Arnaque" in client.get(url).content.decode()
    assert client.post(url, {"reason": "scam", "text": "Demande un virement"}).status_code == 302
    assert client.get(url).status_code == 302  # already reported: back to the annonce
    client.post(url, {"reason": "other"})
    assert Report.objects.count() == 1
    assert "Vous avez signalé cette annonce" in client.get(listing.get_absolute_url()).content.decode()


def test_author_cannot_report_or_contact_themselves(client_for, listing):
    client = client_for(listing.author)
    assert client.get(reverse("listings:report", args=[listing.pk])).status_code == 404
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Contacter" not in page and "Signaler" not in page


def test_hidden_annonce_has_no_contact_form_and_refuses_messages(client_for, other_member, staff):
    listing = ListingFactory(status=Status.HIDDEN)
    response = client_for(other_member).post(reverse("listings:contact", args=[listing.pk]), {"body": "Bonjour"})
    assert response.status_code == 404
    page = client_for(staff).get(listing.get_absolute_url()).content.decode()
    assert 'name="body"' not in page


def test_my_annonces_warns_about_expiry(client_for):
    listing = ListingFactory(expires_at=timezone.now() + timedelta(days=2))
    page = client_for(listing.author).get(reverse("listings:mine")).content.decode()
    assert "expire le" in page and "Prolonger de 60 jours" in page


def test_categories_have_english_names(verified_client):
    page = verified_client.get("/en/annonces/nouvelle/").content.decode()
    assert "Free car sharing" in page and "Lending things" in page
    assert "Covoiturage gratuit" in verified_client.get("/annonces/nouvelle/").content.decode()


def test_photo_view_can_hand_over_to_nginx(verified_client, listing, settings):
    settings.LISTINGS_PHOTO_ACCEL_PREFIX = "/protected-media/"
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = listing.photos.get()
    response = verified_client.get(reverse("listings:photo", args=[photo.pk, "large"]))
    assert response["X-Accel-Redirect"].startswith("/protected-media/private/listings/")


def test_edit_form_shows_the_stored_departure_time(client_for):
    listing = ListingFactory(
        category=category("covoiturage-gratuit"),
        details={"ride_from": "Lille", "ride_to": "Roubaix", "departure_at": "2026-12-03T07:45:00+01:00", "seats": 2},
    )
    page = client_for(listing.author).get(reverse("listings:edit", args=[listing.pk])).content.decode()
    assert 'value="2026-12-03T07:45"' in page
    assert 'value="Lille"' in page


def test_my_annonces_by_status(client_for, verified_member):
    ListingFactory(author=verified_member, title="En ligne")
    ListingFactory(author=verified_member, title="Mon brouillon", status=Status.DRAFT)
    client = client_for(verified_member)
    page = client.get(reverse("listings:mine"), {"statut": "draft"}).content.decode()
    assert "Mon brouillon" in page and "En ligne" not in page
    assert 'aria-current="page">Brouillon' in page


def test_detail_says_favourite_report_and_conversation_in_the_same_queries(verified_client, verified_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listing = ListingFactory()
    url = reverse("listings:detail", args=[listing.pk])
    assert verified_client.get(url).status_code == 200  # what every member sees alike is now cached
    with CaptureQueriesContext(connection) as before:
        assert verified_client.get(url).status_code == 200
    services.favourite_toggle(user=verified_member, listing=listing)
    message = messaging_services.conversation_start(listing=listing, sender=verified_member, body="Bonjour")
    Report.objects.create(listing=listing, reporter=verified_member, reason="other")
    with CaptureQueriesContext(connection) as after:
        response = verified_client.get(url)
    assert response.context["is_favourite"] is True
    assert response.context["already_reported"] is True
    assert reverse("conversations:thread", args=[message.conversation_id]) in response.content.decode()
    # The member's account (with its profile), the annonce with what it says about the member.
    assert len(after) == len(before) == 2, [query["sql"] for query in after.captured_queries]


def _error_of(html: str, field: str) -> str:
    """The errors Django renders next to a field (its <ul id="id_<field>_error">)."""
    import re

    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, flags=re.S)
    return found.group(1) if found else ""


def test_a_negative_price_is_said_under_the_price_field(client_for, listing):
    client = client_for(listing.author)
    created = client.post(reverse("listings:create", args=["services-entraide"]), form_data(price="-5"))
    edited = client.post(reverse("listings:edit", args=[listing.pk]), form_data(price="-0.01"))
    for response in (created, edited):
        assert response.status_code == 400
        html = response.content.decode()
        assert "Le prix ne peut pas être négatif" in _error_of(html, "price")
        assert "listing_price_not_negative" not in html
    listing.refresh_from_db()
    assert listing.price != -0.01 and Listing.objects.count() == 1


def test_removing_photos_that_are_not_the_annonces_names_them_and_removes_nothing(client_for, listing):
    services.photos_add(listing=listing, photos=[prepare_photo(upload())])
    mine = listing.photos.get()
    theirs = ListingFactory()
    services.photos_add(listing=theirs, photos=[prepare_photo(upload()), prepare_photo(upload())])
    foreign = sorted(theirs.photos.values_list("pk", flat=True))
    response = client_for(listing.author).post(
        reverse("listings:edit", args=[listing.pk]),
        form_data(title="Changé", remove_photos=[mine.pk, *foreign, 999999]),
    )
    assert response.status_code == 400
    error = _error_of(response.content.decode(), "remove_photos")
    assert f"Les photos n° {foreign[0]}, {foreign[1]}, 999999 ne sont pas des photos de cette annonce" in error
    assert ListingPhoto.objects.count() == 3
    listing.refresh_from_db()
    assert listing.title != "Changé"


def test_the_service_refuses_to_remove_photos_of_another_annonce(listing):
    from django.core.exceptions import ValidationError

    other = ListingFactory()
    services.photos_add(listing=other, photos=[prepare_photo(upload())])
    with pytest.raises(ValidationError) as refused:
        services.listing_update(listing=listing, title="Changé", remove_photo_ids=[other.photos.get().pk])
    assert "n'est pas une photo de cette annonce" in refused.value.message_dict["remove_photos"][0]
    assert other.photos.count() == 1
