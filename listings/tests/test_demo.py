import pytest

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
