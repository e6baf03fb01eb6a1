import re

import pytest
from django.urls import reverse

from listings.demo import seed_listings
from listings.models import Category, Listing, ListingPhoto, Report
from members.demo import seed_members
from messaging.models import Conversation

pytestmark = pytest.mark.django_db


def test_demo_data_is_varied_and_idempotent():
    seed_members()
    seed_listings()
    counts = (
        Listing.objects.count(),
        ListingPhoto.objects.count(),
        Conversation.objects.count(),
        Report.objects.count(),
    )
    assert counts[0] >= 190 and counts[1] >= 5 and counts[2] >= 2 and counts[3] == 1
    assert set(Listing.objects.values_list("category", flat=True)) == set(Category.objects.values_list("pk", flat=True))
    assert Listing.objects.values("city").distinct().count() >= 10
    seed_members()
    seed_listings()
    assert counts == (
        Listing.objects.count(),
        ListingPhoto.objects.count(),
        Conversation.objects.count(),
        Report.objects.count(),
    )


def test_demo_titles_are_all_distinct_and_no_object_comes_twice_on_a_page(verified_client):
    from listings.demo import TARGET, _texts
    from listings.views import PAGE_SIZE

    seed_members()
    seed_listings()
    titles = list(Listing.objects.values_list("title", flat=True))
    assert len(titles) == TARGET and len(set(titles)) == TARGET
    descriptions = list(Listing.objects.values_list("description", flat=True))
    assert len(set(descriptions)) == TARGET
    # Newest first, as the list shows them: the same thing (say, a drill) never twice on a page.
    texts = _texts(list(Category.objects.values_list("slug", flat=True).order_by("position")))
    newest_first = list(Listing.objects.order_by("-published_at").values_list("title", flat=True))
    assert newest_first == [text["title"] for text in texts]
    for start in range(0, TARGET, PAGE_SIZE):
        objects = [text["object"] for text in texts[start : start + PAGE_SIZE]]
        assert len(set(objects)) == len(objects), start
    # What a member sees on the first two pages: twenty different titles each.
    for page in (1, 2):
        html = verified_client.get(reverse("listings:list"), {"page": page}).content.decode()
        shown = re.findall(r'<h2 class="listing-card-title">([^<]+)</h2>', html)
        assert len(shown) == PAGE_SIZE and len(set(shown)) == PAGE_SIZE


def test_most_demo_annonces_have_a_picture_that_is_served_with_its_thumbnails(verified_client):
    seed_members()
    seed_listings()
    with_photo = Listing.objects.filter(photos__isnull=False).distinct().count()
    assert with_photo >= 0.7 * Listing.objects.count()
    photo = ListingPhoto.objects.select_related("listing").first()
    assert (photo.width, photo.height) == (600, 450)
    for size in ("thumb", "card", "large"):
        response = verified_client.get(reverse("listings:photo", args=[photo.pk, size]))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
